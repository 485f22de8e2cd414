/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two vmcore writers share (dump.c): the dump target (the disk
 * through its extent map: every write goes through dump.target), its header,
 * the crashed system's description and merged notes, progress and the
 * ways a dump ends.  dump_elf.c writes the ELF vmcore, dump_kdump.c the
 * kdump-compressed one; each sets the hooks below.
 */
#ifndef CAPTURE_DUMP_INT_H
#define CAPTURE_DUMP_INT_H

#include <p2mdump/dumpdisk.h>
#include "elfcore/vmcore.h"
#include "target.h"
#include "blkdev.h"
#include "arch/i386/mmu.h"

struct dump {
	struct core_desc core;		/* the elfcorehdr, parsed */
	struct blkdev disk;		/* the device (diskcheck.h) */
	struct target target;		/* where on it: writes go here */
	struct dumpdisk_header *hdr;	/* one pool page */
	uint8_t *notes;			/* merged notes, notes_size bytes */
	uint32_t notes_size;
	uint8_t *zero_page;
	struct sg_list data;		/* one request's data */
	uint64_t written;		/* vmcore bytes on disk, from offset 0 */
	uint64_t full_size;		/* bytes a complete vmcore has (kdump:
					 * at most, until it is complete) */
	uint64_t pages_dumped, zero_pages;
	uint64_t t_first_write;
	uint64_t nonce;			/* nonce= from load, 0 if none */
	uint64_t crash_time;		/* RTC at dump_run(), UTC s; 0: unknown */
	uint64_t last_progress_us, last_progress_done;
	struct mmu_stats mmu_before;	/* counters when the dump began */
	uint32_t fault_at;		/* percent, 0: off */
	uint32_t chunk_pages;		/* per request: fits the scatter list */
	/* The digest of the vmcore's first `written` bytes. */
	uint64_t (*digest)(void);
	/* Makes what is on disk say it is incomplete (before the header). */
	void (*cut)(void);
};

extern struct dump dump;

/* Writes our buffer at logical byte @off of the dump target; 0 or -1. */
int write_buffer(uint64_t off, const void *buf, uint32_t len);

/* Writes the dump disk header: @state, @reason, @detail and the counts. */
int write_header(uint32_t state, uint32_t reason, const char *detail);

/* At most once a second: progress of @done of @total bytes of memory,
 * and a checkpoint of the header.  Then the fault_at injection. */
void progress(uint64_t done, uint64_t total);

/* The summary line: counts, time, and rates per @mem_bytes of memory. */
void summary(uint64_t mem_bytes);

/* Ends the run: no dump could be written. */
void fail(const char *why) __attribute__((noreturn));

/* Ends the run with the dump marked incomplete (after dump.cut()). */
void end_incomplete(uint32_t reason, const char *detail)
	__attribute__((noreturn));

/* Ends the run with the dump marked complete. */
void end_complete(void) __attribute__((noreturn));

/* The writers: each ends the run. */
void dump_elf(void) __attribute__((noreturn));
void dump_kdump(void) __attribute__((noreturn));

#endif
