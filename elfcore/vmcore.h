/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed system's elfcorehdr in, the vmcore's layout and headers out.
 * Pure logic (no I/O, no mapping): the capture kernel and the host unit
 * tests run the same code.
 *
 * vmcore layout, as Linux's /proc/vmcore presents it (docs/dump-format.md):
 *
 *   0                 ELF64 header, program headers: one PT_NOTE, then the
 *                     PT_LOADs in elfcorehdr order
 *   notes_offset      the merged notes (page-aligned offset)
 *   loads[i].offset   PT_LOAD i's bytes, each at a page-aligned offset
 *   full_size         end, rounded up to a page
 */
#ifndef ELFCORE_VMCORE_H
#define ELFCORE_VMCORE_H

#include <p2mdump/types.h>
#include "elfcorehdr.h"		/* struct core_note_ref */

#define CORE_MAX_NOTES	257		/* P2MDUMP_MAX_CPUS + VMCOREINFO */
/*
 * PT_LOADs: one per System RAM range (plus the kernel text).  A machine
 * with many RAM ranges (NUMA holes, firmware reservations) has dozens;
 * 1024 is far above any seen and keeps the capture kernel's per-load
 * memory small: the vmcore's ELF headers then take 15 pages, the load
 * table 10 (both from the pool, sized from the loads really present).
 */
#define CORE_MAX_LOADS	1024
/* notes_merge() reads a note buffer up to this many bytes (a Linux
 * per-CPU crash_notes buffer is 368, VMCOREINFO about 4 KiB). */
#define CORE_NOTE_READ_MAX	(16u << 10)

enum core_err {
	CORE_OK = 0,
	CORE_ERR_NOT_ELF64,		/* magic, class, data, version */
	CORE_ERR_NOT_CORE,		/* not ET_CORE / EM_X86_64 */
	CORE_ERR_BAD_PHDRS,		/* phdrs outside the buffer, bad size,
					 * a PT_NOTE wrapping past 2^64 */
	CORE_ERR_TOO_MANY,		/* more than CORE_MAX_NOTES notes */
	CORE_ERR_BAD_LOAD,		/* filesz != memsz, wraps past 2^64,
					 * loads total over 2^62 bytes */
	CORE_ERR_NO_LOADS,
	CORE_ERR_TOO_MANY_LOADS,	/* more than CORE_MAX_LOADS, or than
					 * the caller's room */
};

struct core_load {
	uint64_t maddr, vaddr, size;	/* from the elfcorehdr */
	uint64_t offset;		/* in the vmcore file */
	uint64_t filesz;		/* bytes really in the file (clipping) */
};

/* What to allocate before parsing: counts from the program headers. */
struct core_counts {
	uint32_t nr_notes, nr_loads;
	uint64_t notes_bytes;		/* sum of min(PT_NOTE size,
					 * CORE_NOTE_READ_MAX): the merged
					 * notes are never larger */
};

struct core_desc {
	uint32_t nr_notes, nr_loads;
	uint32_t max_loads;		/* room at loads (the caller's) */
	struct core_note_ref notes[CORE_MAX_NOTES];
	struct core_load *loads;	/* max_loads entries */
	uint64_t headers_size;		/* ELF header + phdrs */
	uint64_t notes_offset, notes_size;	/* merged notes in the file */
	uint64_t full_size;		/* page multiple */
};

const char *core_strerror(enum core_err err);

/* An empty description whose loads go to @room (@max entries). */
void core_desc_init(struct core_desc *d, struct core_load *room, uint32_t max);

/* Checks the ELF and program headers as elfcorehdr_parse() does and
 * counts notes and loads (up to the CORE_MAX_* limits) into @c. */
enum core_err elfcorehdr_count(struct core_counts *c, const void *buf,
			       size_t size);

/*
 * Parses an elfcorehdr (ELF64 ET_CORE EM_X86_64); fills notes and loads
 * (into the room core_desc_init() gave).  On error only the room is left.
 */
enum core_err elfcorehdr_parse(struct core_desc *d, const void *buf,
			       size_t size);

/* Places headers, notes_size bytes of merged notes and every load. */
void vmcore_layout(struct core_desc *d, uint64_t notes_size);

/*
 * Clips the file to @limit bytes (a page multiple): loads that do not fit
 * keep their memsz but get a smaller (possibly 0) filesz, so the headers
 * say exactly what the file holds; notes_size is cut the same way, and
 * that is not undone: after vmcore_layout(), a later call may only lower
 * @limit.  Returns the clipped file size.
 */
uint64_t vmcore_clip(struct core_desc *d, uint64_t limit);

/* Writes the ELF64 header and program headers; returns bytes written or 0
 * if cap < headers_size. */
size_t vmcore_write_headers(const struct core_desc *d, void *buf, size_t cap);

#endif
