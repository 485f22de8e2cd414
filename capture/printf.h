/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk for the capture kernel: %c %s %d %u %x %p %%, the l/ll length
 * modifiers, a field width, and the 0 and - (strings only) flags.  Output goes to the serial port.
 */
#ifndef CAPTURE_PRINTF_H
#define CAPTURE_PRINTF_H

#include <stdarg.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* Prints "p2mdump: BUG: ..." and ends the run with EXIT_BUG. */
void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#define BUG_ON(cond) do {						\
	if (cond)							\
		panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
} while (0)

#endif
