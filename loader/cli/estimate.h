/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump estimate [--format kdump|elf]`: the dump sizes of this machine
 * (dumpsize.h) and the dump file size load makes by default (filesize.h).
 */
#ifndef LOADER_CLI_ESTIMATE_H
#define LOADER_CLI_ESTIMATE_H

#define ESTIMATE_ARGS	"[--format kdump|elf]"
#define ESTIMATE_HELP	"print the dump sizes for this machine and the default dump file size"

/* Runs `p2mdump estimate`; argv[0] is "estimate".  An exit status. */
int cmd_estimate(int argc, char **argv);

#endif
