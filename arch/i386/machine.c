// SPDX-License-Identifier: GPL-2.0
/* Ending a run: the capture kernel resets, it never hangs. */
#include "machine.h"
#include "cpu.h"

#define DEBUG_EXIT_PORT	0xf4	/* QEMU isa-debug-exit */
#define KBC_CMD		0x64
#define KBC_PULSE_RESET	0xfe
#define PCI_RESET_PORT	0xcf9

void machine_exit(unsigned int code)
{
	static const struct desc_ptr no_idt = { 0, 0 };
	unsigned int spin;

	cli();
	outb(DEBUG_EXIT_PORT, (uint8_t)code);
	/* Still here: real hardware.  Try the usual reset paths in turn. */
	outb(KBC_CMD, KBC_PULSE_RESET);
	for (spin = 0; spin < 1000000; spin++)
		inb(0x80);
	outb(PCI_RESET_PORT, 0x06);
	for (spin = 0; spin < 1000000; spin++)
		inb(0x80);
	/* A triple fault resets any x86. */
	lidt(&no_idt);
	breakpoint();
	for (;;)
		halt();
}
