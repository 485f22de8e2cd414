/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/kallsyms: the kernel text's virtual range, _stext to _end, for
 * the kernel text PT_LOAD.  $P2MDUMP_KALLSYMS replaces the path.
 */
#ifndef LOADER_CLI_KALLSYMS_H
#define LOADER_CLI_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

/* Finds the vaddrs of _stext and _end; 0 (*@end = 0 if only _end is
 * missing: kallsyms without data symbols, no CONFIG_KALLSYMS_ALL), or -1
 * with the reason why they are unavailable in @why (nothing printed). */
int kallsyms_text(uint64_t *stext, uint64_t *end, char *why, size_t len);

#endif
