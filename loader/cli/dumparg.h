/* SPDX-License-Identifier: GPL-2.0 */
/* The dump options load and estimate both take: --format, --dump-level. */
#ifndef LOADER_CLI_DUMPARG_H
#define LOADER_CLI_DUMPARG_H

#include <stdbool.h>

/* Parses --format's @arg: *@kdump for "kdump", not for "elf"; 0, or -1
 * after printing why, the message prefixed by @who ("" or "estimate: "). */
int parse_format(const char *who, const char *arg, bool *kdump);

/* Parses --dump-level's @arg, makedumpfile's -d (0 to 31), into *@level;
 * 0, or -1 after printing why, prefixed by @who as above. */
int parse_dump_level(const char *who, const char *arg, unsigned int *level);

#endif
