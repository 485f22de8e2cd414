/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two things lib/ needs from the machine.  arch/i386 provides them for
 * the capture kernel and the guest harness; a host test can provide its own.
 */
#ifndef LIB_HOOKS_H
#define LIB_HOOKS_H

/* Writes one character to the console ('\n' as the console needs it). */
void console_putc(char c);

/* Reports @code (include/p2mdump/exit_codes.h), then resets.  Never returns. */
void machine_exit(unsigned int code) __attribute__((noreturn));

#endif
