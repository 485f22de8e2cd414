/* SPDX-License-Identifier: GPL-2.0 */
/* The machine: serial console and the ways a run ends. */
#ifndef ARCH_I386_MACHINE_H
#define ARCH_I386_MACHINE_H

#include <stdint.h>

void serial_init(void);
void serial_putc(char c);

/* Reports @code on the debug-exit port, then resets.  Never returns. */
void machine_exit(unsigned int code) __attribute__((noreturn));

#endif
