/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot CPU's local APIC, as the crashed kernel left it, used for one
 * thing: sending INIT and STARTUP IPIs to the helper CPUs (docs/design.md,
 * "Helper CPUs").  xAPIC through its MMIO page (mapped uncached by
 * ioremap()), or x2APIC through MSRs when IA32_APIC_BASE says so; the mode
 * is never changed.  A software-disabled APIC (SVR bit 8 clear, as Linux's
 * lapic_shutdown() leaves it) is software-enabled with every LVT still
 * masked; a globally disabled one (IA32_APIC_BASE bit 11 clear) is left
 * alone and no IPI is sent.
 */
#ifndef ARCH_I386_APIC_H
#define ARCH_I386_APIC_H

#include <stdint.h>

enum apic_mode {
	APIC_NONE,		/* no APIC, or globally disabled: no IPIs */
	APIC_XAPIC,
	APIC_X2APIC,
};

struct apic_state {
	enum apic_mode mode;
	uint64_t base_msr;	/* IA32_APIC_BASE as found */
	int is_bsp;		/* its BSP flag (bit 8): this CPU is the BSP */
	int sw_enabled;		/* 1: we set SVR bit 8, it was clear */
};

/* Finds and readies the APIC; fills @st.  0, or -1 (APIC_NONE). */
int apic_init(struct apic_state *st);

/* "xAPIC", "x2APIC" or "none". */
const char *apic_mode_name(enum apic_mode mode);

/* The largest APIC ID an IPI can name in this mode. */
uint32_t apic_max_id(void);

/* INIT (assert, edge) to @apic_id: 0 sent, -1 it stayed pending. */
int apic_send_init(uint32_t apic_id);

/* STARTUP with @vector (the start page's frame number, < 0xA0). */
int apic_send_startup(uint32_t apic_id, uint8_t vector);

#endif
