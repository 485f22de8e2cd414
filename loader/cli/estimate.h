/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `p2mdump estimate`: the dump sizes of this machine (dumpsize.h), the dump
 * file size load makes by default (filesize.h), the memory a load holds
 * while armed (heldsize.h) and, with --target, whether that target is
 * big enough.
 */
#ifndef LOADER_CLI_ESTIMATE_H
#define LOADER_CLI_ESTIMATE_H

#define ESTIMATE_ARGS	"[--format kdump|elf] [--dump-level N] [--image FILE] [--target T] [--json]"
#define ESTIMATE_HELP	"print the dump sizes, the default dump file size and the memory held while armed; with --target, whether T is big enough"

/* Runs `p2mdump estimate`; argv[0] is "estimate".  An exit status. */
int cmd_estimate(int argc, char **argv);

#endif
