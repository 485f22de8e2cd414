/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine: the serial console, which CPU this is, and the ways a run
 * ends.  Provides
 * lib/hooks.h: console_putc() (serial.c) and machine_exit() (machine.c).
 */
#ifndef ARCH_I386_MACHINE_H
#define ARCH_I386_MACHINE_H

#include <stdint.h>
#include "lib/hooks.h"

/* COM1 at 115200 8N1; console_putc() works (slowly) even without it. */
void serial_init(void);

/* This CPU's APIC ID (the CPU that panicked: the handoff stays on it). */
uint32_t machine_apic_id(void);

#endif
