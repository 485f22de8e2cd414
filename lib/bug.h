/* SPDX-License-Identifier: GPL-2.0 */
/* Broken invariants: say where, then end the run with EXIT_BUG. */
#ifndef LIB_BUG_H
#define LIB_BUG_H

/* Prints "p2mdump: BUG: ..." and calls machine_exit(EXIT_BUG). */
void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#define BUG_ON(cond) do {						\
	if (cond)							\
		panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
} while (0)

#endif
