/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How large a dump file to make, and `p2mdump estimate [--format F]`,
 * which prints it.  From the elfcorehdr (dumpsize.h): the metadata
 * minimum and the worst case.  The default size:
 *
 *   elf:    the worst case (every RAM page; ELF keeps them all)
 *   kdump:  metadata + 2 x the pages dump level 31 keeps, uncompressed,
 *           + ESTIMATE_MARGIN; at most the worst case
 *
 * where the kept pages are estimated from /proc/meminfo
 * ($P2MDUMP_MEMINFO) as RAM - MemFree - (Cached - Shmem) - Buffers -
 * AnonPages: level 31 leaves out free, page-cache and user pages; shmem
 * is counted as kept.  Doubled for what the kernel allocates between load
 * and a panic (LZO compression usually halves what it writes, so this is
 * roomy); never below the metadata.
 */
#ifndef LOADER_CLI_ESTIMATE_H
#define LOADER_CLI_ESTIMATE_H

#include <stdbool.h>
#include <stdint.h>
#include "dumpsize.h"

#define ESTIMATE_ARGS	"[--format kdump|elf]"
#define ESTIMATE_HELP	"print the dump sizes for this machine and the default dump file size"
#define ESTIMATE_MARGIN	(64ull << 20)	/* bytes added to the kdump estimate */

/* The /proc/meminfo lines the estimate uses, in kB. */
struct meminfo {
	uint64_t mem_free, cached, shmem, buffers, anon;
};

/* Parses /proc/meminfo text @text into @m; 0, or -1 if a line is missing. */
int meminfo_parse(const char *text, struct meminfo *m);

/* The default dump file size for @s, @kdump or ELF, with @m (kdump). */
uint64_t estimate_default(const struct dump_size *s, bool kdump,
			  const struct meminfo *m);

/* Reads $P2MDUMP_MEMINFO (/proc/meminfo) into @m; 0, or -1 printed. */
int meminfo_read(struct meminfo *m);

/* Runs `p2mdump estimate`; argv[0] is "estimate".  An exit status. */
int cmd_estimate(int argc, char **argv);

#endif
