/* SPDX-License-Identifier: GPL-2.0 */
/* Byte counts on the command line: "N", "NK", "NM", "NG" (powers of 1024). */
#ifndef LOADER_CLI_SIZEARG_H
#define LOADER_CLI_SIZEARG_H

#include <stdint.h>

/* Parses all of @s as a byte count with an optional K, M or G suffix (or
 * KiB, MiB, GiB); 0, or -1 if it is not one, is 0, or overflows. */
int parse_size(const char *s, uint64_t *bytes);

#endif
