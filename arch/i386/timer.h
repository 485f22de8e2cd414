/* SPDX-License-Identifier: GPL-2.0 */
/* Time: the TSC, calibrated once against the PIT. */
#ifndef ARCH_I386_TIMER_H
#define ARCH_I386_TIMER_H

#include <stdint.h>

/* Measures the TSC rate (50 ms against PIT channel 2). */
void timer_init(void);

uint64_t tsc_khz(void);

/* Microseconds since timer_init(). */
uint64_t now_us(void);

#endif
