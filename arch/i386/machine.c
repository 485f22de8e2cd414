// SPDX-License-Identifier: GPL-2.0
/* Which CPU this is; ending a run: the capture kernel resets, it never hangs. */
#include "machine.h"
#include "cpu.h"

#define DEBUG_EXIT_PORT	0xf4	/* QEMU isa-debug-exit */
#define KBC_CMD		0x64
#define KBC_PULSE_RESET	0xfe
#define PCI_RESET_PORT	0xcf9

/*
 * The x2APIC ID (CPUID leaf 0xB, 32 bits) where the CPU has that leaf,
 * else the initial APIC ID (leaf 1, EBX[31:24]).  Both are what the CPU
 * was born with, whatever the crashed kernel did to its local APIC.
 */
uint32_t machine_apic_id(void)
{
	uint32_t a, b, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 0xb) {
		cpuid(0xb, 0, &a, &b, &c, &d);
		if (b)			/* EBX 0: leaf 0xB not implemented */
			return d;
	}
	cpuid(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

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
