/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wall clock: the PC's CMOS real-time clock (ports 0x70/0x71), read
 * once for the dump header's crash_time.  The RTC is taken to keep UTC,
 * as Linux keeps it by default (and QEMU's -rtc base=utc presents it).
 */
#ifndef ARCH_I386_RTC_H
#define ARCH_I386_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC by the RTC; 0 if it cannot be read
 * or holds no valid date. */
uint64_t rtc_utc_seconds(void);

#endif
