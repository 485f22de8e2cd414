/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump save`: copies the vmcore the capture kernel left on a dump disk
 * (include/p2mdump/dumpdisk.h) into a directory, checks its digest and
 * writes dump-info.txt beside it.
 */
#ifndef LOADER_CLI_SAVE_H
#define LOADER_CLI_SAVE_H

#include "cli.h"		/* P2MDUMP_EXIT_* */

#define SAVE_ARGS	"[--force] [--clear] DEVICE-OR-IMAGE OUTDIR"
#define SAVE_HELP	"copy the dump on DEVICE-OR-IMAGE to OUTDIR/vmcore"

/* Runs `p2mdump save`; argv[0] is "save".  Returns an exit status. */
int cmd_save(int argc, char **argv);

#endif
