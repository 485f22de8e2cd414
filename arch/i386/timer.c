// SPDX-License-Identifier: GPL-2.0
/* TSC calibration against the i8254 PIT, as Linux's pit_calibrate_tsc. */
#include "timer.h"
#include "cpu.h"

#define PIT_HZ		1193182u
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_GATE	0x61		/* bit 0 gate, bit 1 speaker, bit 5 out */
#define CALIBRATE_MS	50u

static uint64_t khz = 1000000;		/* a guess until calibrated */
static uint64_t tsc_start;

void timer_init(void)
{
	uint32_t latch = PIT_HZ / (1000 / CALIBRATE_MS);
	uint64_t t0, t1;
	uint32_t spin;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);
	outb(PIT_MODE, 0xb0);		/* channel 2, lo/hi byte, mode 0 */
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
	t0 = rdtsc();
	/* Bounded: a machine without a PIT keeps the guess. */
	for (spin = 0; spin < 50000000u; spin++)
		if (inb(PIT_GATE) & 0x20)
			break;
	t1 = rdtsc();
	if (spin < 50000000u && t1 > t0)
		khz = (t1 - t0) / CALIBRATE_MS;
	tsc_start = rdtsc();
}

uint64_t tsc_khz(void)
{
	return khz;
}

uint64_t now_us(void)
{
	return (rdtsc() - tsc_start) * 1000 / khz;
}
