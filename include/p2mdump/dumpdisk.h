/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump disk: what the capture kernel writes and `p2mdump save` reads.
 * docs/dump-format.md draws it.
 *
 *   offset 0      struct dumpdisk_header, zero-padded to 4096 bytes
 *   offset 4096   the ELF64 vmcore, vmcore_size bytes (page multiple)
 *
 * `p2mdump load` writes it DUMP_ARMED (a fresh nonce, no dump yet) before
 * it arms.  The capture kernel writes it DUMP_IN_PROGRESS before any
 * vmcore byte, again about once a second with the bytes written so far
 * (and their digest), and DUMP_COMPLETE (or DUMP_INCOMPLETE, with a
 * reason) after the last one, so a dump cut off by a reset still says so
 * and keeps what it wrote.  `p2mdump save` sets saved_time after a save,
 * and with --clear makes it DUMP_CLEARED.  Every writer sets header_crc
 * (lib/crc32.h dumpdisk_header_crc()).
 *
 * Fixed-width fields, 64-bit ones on 8-byte offsets, little-endian.
 * Version 1 (no nonce, times or CRC) was the first 280 bytes of this.
 */
#ifndef P2MDUMP_DUMPDISK_H
#define P2MDUMP_DUMPDISK_H

#include <p2mdump/types.h>

#define DUMPDISK_MAGIC		"P2MDUMP1"	/* 8 bytes, no NUL */
#define DUMPDISK_VERSION	2
#define DUMPDISK_V1_SIZE	280u		/* version 1's header_size */
#define DUMPDISK_VMCORE_OFFSET	4096ull

enum dump_state {
	DUMP_IN_PROGRESS = 1,	/* started; never finished (reset, hang) */
	DUMP_COMPLETE = 2,	/* every byte of the vmcore is on disk */
	DUMP_INCOMPLETE = 3,	/* stopped early: see reason, detail */
	DUMP_ARMED = 4,		/* load armed this disk; no dump since */
	DUMP_CLEARED = 5,	/* save --clear: saved, then discarded */
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
	/* version 2 */
	uint64_t nonce;			/* load's random number, 0: none given */
	uint64_t load_time;		/* UTC s since 1970: load (ARMED only) */
	uint64_t crash_time;		/* UTC s: the RTC at dump start, 0: unknown */
	uint64_t saved_time;		/* UTC s: first save, 0: never saved */
	uint32_t header_crc;		/* CRC-32 of header_size bytes, this 0 */
	uint32_t pad;			/* 0 */
};

_Static_assert(sizeof(struct dumpdisk_header) == 320,
	       "dumpdisk_header layout changed: bump DUMPDISK_VERSION");
_Static_assert(__builtin_offsetof(struct dumpdisk_header, vmcore_offset) == 24,
	       "64-bit fields need 8-byte offsets");
_Static_assert(__builtin_offsetof(struct dumpdisk_header, nonce) ==
	       DUMPDISK_V1_SIZE, "version 2 extends version 1");
_Static_assert(__builtin_offsetof(struct dumpdisk_header, header_crc) == 312,
	       "64-bit fields need 8-byte offsets");

#endif
