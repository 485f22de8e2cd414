/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk for the capture kernel and the guest harness: %c %s %d %u %x %p
 * %%, the l/ll length modifiers, a field width, and the 0 and - (strings
 * only) flags.  Characters go out through console_putc() (lib/hooks.h).
 */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

#endif
