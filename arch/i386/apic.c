// SPDX-License-Identifier: GPL-2.0
/* Local APIC: INIT and STARTUP IPIs, xAPIC or x2APIC.  See apic.h. */
#include "apic.h"
#include "cpu.h"
#include "mmu.h"
#include "timer.h"

#define MSR_APIC_BASE		0x1bu
#define APIC_BASE_BSP		(1u << 8)
#define APIC_BASE_EXTD		(1u << 10)	/* x2APIC mode */
#define APIC_BASE_EN		(1u << 11)	/* globally enabled */
#define APIC_BASE_ADDR		0x000ffffffffff000ull

#define CPUID1_EDX_APIC		(1u << 9)

/* Register offsets in the xAPIC page; x2APIC MSR = 0x800 + (reg >> 4). */
#define APIC_SVR		0x0f0u
#define APIC_ICR_LO		0x300u
#define APIC_ICR_HI		0x310u
#define MSR_X2APIC_BASE		0x800u

#define SVR_ENABLE		(1u << 8)
#define SVR_SPURIOUS_VECTOR	0xffu
#define ICR_INIT		0x00000500u
#define ICR_STARTUP		0x00000600u
#define ICR_PENDING		0x00001000u	/* xAPIC delivery status */
#define ICR_ASSERT		0x00004000u
#define ICR_IDLE_US		1000u		/* SDM: a few us; generous */

static enum apic_mode mode = APIC_NONE;
static volatile uint32_t *mmio;		/* xAPIC page, uncached */

static uint32_t apic_read(uint32_t reg)
{
	if (mode == APIC_X2APIC)
		return (uint32_t)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
	return mmio[reg / 4];
}

static void apic_write(uint32_t reg, uint32_t v)
{
	if (mode == APIC_X2APIC)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), v);
	else
		mmio[reg / 4] = v;
}

int apic_init(struct apic_state *st)
{
	uint32_t a, b, c, d, svr;

	*st = (struct apic_state){ APIC_NONE, 0, 0, 0 };
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_APIC))
		return -1;
	st->base_msr = rdmsr(MSR_APIC_BASE);
	st->is_bsp = !!(st->base_msr & APIC_BASE_BSP);
	if (!(st->base_msr & APIC_BASE_EN))
		return -1;
	if (st->base_msr & APIC_BASE_EXTD) {
		mode = APIC_X2APIC;
	} else {
		mmio = ioremap(st->base_msr & APIC_BASE_ADDR, 4096);
		if (!mmio)
			return -1;
		mode = APIC_XAPIC;
	}
	svr = apic_read(APIC_SVR);
	if (!(svr & SVR_ENABLE)) {
		/* Linux's lapic_shutdown(): the LVTs stay masked. */
		apic_write(APIC_SVR, (svr & ~0xffu) | SVR_ENABLE |
			   SVR_SPURIOUS_VECTOR);
		st->sw_enabled = 1;
	}
	st->mode = mode;
	return 0;
}

const char *apic_mode_name(enum apic_mode m)
{
	return m == APIC_X2APIC ? "x2APIC" : m == APIC_XAPIC ? "xAPIC" : "none";
}

uint32_t apic_max_id(void)
{
	return mode == APIC_X2APIC ? 0xffffffffu : 0xffu;
}

/* xAPIC: waits (bounded) until the last IPI left; 0 idle, -1 not. */
static int icr_wait_idle(void)
{
	uint64_t end = now_us() + ICR_IDLE_US;

	if (mode == APIC_X2APIC)
		return 0;		/* no delivery status in x2APIC */
	while (apic_read(APIC_ICR_LO) & ICR_PENDING)
		if (now_us() > end)
			return -1;
	return 0;
}

static int send_ipi(uint32_t apic_id, uint32_t icr)
{
	if (mode == APIC_NONE || apic_id > apic_max_id() || icr_wait_idle())
		return -1;
	if (mode == APIC_X2APIC) {
		wrmsr(MSR_X2APIC_BASE + (APIC_ICR_LO >> 4),
		      (uint64_t)apic_id << 32 | icr);
		return 0;
	}
	apic_write(APIC_ICR_HI, apic_id << 24);
	apic_write(APIC_ICR_LO, icr);	/* this write sends it */
	return icr_wait_idle();
}

int apic_send_init(uint32_t apic_id)
{
	return send_ipi(apic_id, ICR_INIT | ICR_ASSERT);
}

int apic_send_startup(uint32_t apic_id, uint8_t vector)
{
	return send_ipi(apic_id, ICR_STARTUP | ICR_ASSERT | vector);
}
