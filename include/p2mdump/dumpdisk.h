/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump disk: what the capture kernel writes and `p2mdump save` reads.
 * docs/dump-format.md draws it.
 *
 *   offset 0      struct dumpdisk_header, zero-padded to 4096 bytes
 *   offset 4096   the ELF64 vmcore, vmcore_size bytes (page multiple)
 *
 * The header is written DUMP_IN_PROGRESS before any vmcore byte, again
 * about once a second with the bytes written so far (and their digest),
 * and DUMP_COMPLETE (or DUMP_INCOMPLETE, with a reason) after the last one,
 * so a dump cut off by a reset still says so and keeps what it wrote.
 *
 * Fixed-width fields, 64-bit ones on 8-byte offsets, little-endian.
 */
#ifndef P2MDUMP_DUMPDISK_H
#define P2MDUMP_DUMPDISK_H

#include <p2mdump/types.h>

#define DUMPDISK_MAGIC		"P2MDUMP1"	/* 8 bytes, no NUL */
#define DUMPDISK_VERSION	1
#define DUMPDISK_VMCORE_OFFSET	4096ull

enum dump_state {
	DUMP_IN_PROGRESS = 1,	/* started; never finished (reset, hang) */
	DUMP_COMPLETE = 2,	/* every byte of the vmcore is on disk */
	DUMP_INCOMPLETE = 3,	/* stopped early: see reason, detail */
};

enum dump_reason {
	DUMP_REASON_NONE = 0,
	DUMP_REASON_DISK_FULL = 1,	/* disk smaller than the vmcore */
	DUMP_REASON_EXCEPTION = 2,	/* the capture kernel faulted */
	DUMP_REASON_IO_ERROR = 3,	/* the disk refused a write */
};

struct dumpdisk_header {
	char magic[8];			/* DUMPDISK_MAGIC */
	uint32_t version;		/* DUMPDISK_VERSION */
	uint32_t header_size;		/* sizeof(struct dumpdisk_header) */
	uint32_t state;			/* enum dump_state */
	uint32_t reason;		/* enum dump_reason */
	uint64_t vmcore_offset;		/* DUMPDISK_VMCORE_OFFSET */
	uint64_t vmcore_size;		/* bytes of vmcore on disk, valid */
	uint64_t vmcore_full_size;	/* bytes a complete vmcore has */
	uint64_t disk_size;		/* bytes, as the device reported */
	uint64_t pages_dumped;		/* oldmem pages written from memory */
	uint64_t zero_pages;		/* capture-kernel frames, written as 0 */
	uint64_t digest;		/* csum.h Fletcher-64 of vmcore_size bytes */
	uint64_t elapsed_us;		/* capture kernel start -> final header */
	uint64_t first_write_us;	/* capture kernel start -> first write */
	uint64_t tlb_flushes;		/* MMU counters of the capture kernel */
	uint64_t mmu_batches;
	uint64_t pages_mapped;
	char capture_version[32];	/* NUL-terminated */
	char detail[128];		/* NUL-terminated, why incomplete */
};

_Static_assert(sizeof(struct dumpdisk_header) == 280,
	       "dumpdisk_header layout changed: bump DUMPDISK_VERSION");
_Static_assert(__builtin_offsetof(struct dumpdisk_header, vmcore_offset) == 24,
	       "64-bit fields need 8-byte offsets");

#endif
