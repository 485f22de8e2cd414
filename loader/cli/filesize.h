/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How large a dump file to make (load's default, `p2mdump estimate`).
 * From the elfcorehdr (dumpsize.h): the metadata minimum and the worst
 * case.  The default size:
 *
 *   elf:    the worst case (every RAM page; ELF keeps them all)
 *   kdump:  metadata + 2 x the pages dump level 31 keeps, uncompressed,
 *           + FILESIZE_MARGIN; at most the worst case
 *
 * where the kept pages are estimated from /proc/meminfo
 * ($P2MDUMP_MEMINFO) as RAM - MemFree - (Cached - Shmem) - Buffers -
 * AnonPages: level 31 leaves out free, page-cache and user pages; shmem
 * is counted as kept.  Doubled for what the kernel allocates between load
 * and a panic (LZO compression usually halves what it writes, so this is
 * roomy); never below the metadata.  Pure but for meminfo_read().
 */
#ifndef LOADER_CLI_FILESIZE_H
#define LOADER_CLI_FILESIZE_H

#include <stdbool.h>
#include <stdint.h>
#include "dumpsize.h"

#define FILESIZE_MARGIN	(64ull << 20)	/* bytes added to the kdump estimate */

/* The /proc/meminfo lines the estimate uses, in kB. */
struct meminfo {
	uint64_t mem_free, cached, shmem, buffers, anon;
};

/* The dump at makedumpfile -d @level by @m, uncompressed (kdump: the
 * metadata plus the RAM not left out by @level's bits: 16 MemFree, 2
 * Cached - Shmem, 4 that and Buffers, 8 AnonPages; 1, zero pages, cannot
 * be told from meminfo and counts as kept), at most the worst case; ELF:
 * the worst case. */
uint64_t filesize_expected(const struct dump_size *s, bool kdump,
			   const struct meminfo *m, unsigned int level);

/* Parses /proc/meminfo text @text into @m; 0, or -1 if a line is missing. */
int meminfo_parse(const char *text, struct meminfo *m);

/* Reads $P2MDUMP_MEMINFO (/proc/meminfo) into @m; 0, or -1 printed. */
int meminfo_read(struct meminfo *m);

/* The default dump file size for @s, @kdump or ELF, with @m (kdump). */
uint64_t filesize_default(const struct dump_size *s, bool kdump,
			  const struct meminfo *m);

#endif
