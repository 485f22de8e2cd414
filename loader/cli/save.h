/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump save`: copies the vmcore the capture kernel left on a dump disk
 * (include/p2mdump/dumpdisk.h) into a directory, checks its digest and
 * writes dump-info.txt beside it.
 */
#ifndef LOADER_CLI_SAVE_H
#define LOADER_CLI_SAVE_H

/* Exit statuses of the p2mdump command (every subcommand). */
enum {
	P2MDUMP_EXIT_OK = 0,		/* done; save: a complete dump */
	P2MDUMP_EXIT_ERROR = 1,		/* failed: see the message */
	P2MDUMP_EXIT_USAGE = 2,		/* bad command line */
	P2MDUMP_EXIT_INCOMPLETE = 3,	/* save: extracted, but partial */
};

#define SAVE_ARGS	"[--force] DEVICE-OR-IMAGE OUTDIR"
#define SAVE_HELP	"copy the dump on DEVICE-OR-IMAGE to OUTDIR/vmcore"

/* Runs `p2mdump save`; argv[0] is "save".  Returns an exit status. */
int cmd_save(int argc, char **argv);

#endif
