// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS RTC (MC146818 registers): wait for no update in progress, read
 * the date twice until two reads agree (an update may land between the
 * registers), then decode BCD or binary, 12- or 24-hour.  See rtc.h.
 */
#include "cpu.h"
#include "rtc.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_SEC		0x00
#define RTC_MIN		0x02
#define RTC_HOUR	0x04
#define RTC_DAY		0x07
#define RTC_MON		0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_CENTURY	0x32		/* ACPI's usual century register */
#define REG_A_UIP	0x80		/* update in progress */
#define REG_B_24H	0x02
#define REG_B_BINARY	0x04
#define HOUR_PM		0x80		/* 12-hour mode */
#define UIP_SPINS	1000000u	/* UIP lasts at most ~2 ms */
#define TRIES		5u

/* The date as the registers hold it. */
struct rtc_raw {
	uint8_t sec, min, hour, day, mon, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

/* Reads every date register once no update is in progress; 0 or -1. */
static int read_raw(struct rtc_raw *r)
{
	uint32_t spins = 0;

	while (cmos_read(RTC_REG_A) & REG_A_UIP)
		if (++spins == UIP_SPINS)
			return -1;
	r->sec = cmos_read(RTC_SEC);
	r->min = cmos_read(RTC_MIN);
	r->hour = cmos_read(RTC_HOUR);
	r->day = cmos_read(RTC_DAY);
	r->mon = cmos_read(RTC_MON);
	r->year = cmos_read(RTC_YEAR);
	r->century = cmos_read(RTC_CENTURY);
	return 0;
}

static int same(const struct rtc_raw *a, const struct rtc_raw *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->day == b->day && a->mon == b->mon && a->year == b->year &&
	       a->century == b->century;
}

/* A register's value: binary as it is, else two BCD digits. */
static uint32_t value(uint8_t v, int binary)
{
	return binary ? v : (uint32_t)(v >> 4) * 10 + (v & 15);
}

/* Days from 1970-01-01 to @y-@m-@d, Gregorian, @y >= 1970 (H. Hinnant's
 * days_from_civil, in 32-bit arithmetic: no 64-bit division here). */
static uint32_t days_since_epoch(uint32_t y, uint32_t m, uint32_t d)
{
	uint32_t yoe, doy, doe;

	y -= m <= 2;
	yoe = y % 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (y / 400) * 146097 + doe - 719468;
}

uint64_t rtc_utc_seconds(void)
{
	struct rtc_raw a, b;
	uint32_t i, sec, min, hour, day, mon, year, century;
	uint8_t regb = cmos_read(RTC_REG_B);
	int bin = (regb & REG_B_BINARY) != 0;
	int pm;

	for (i = 0; i < TRIES; i++) {
		if (read_raw(&a) || read_raw(&b))
			return 0;
		if (same(&a, &b))
			break;
	}
	if (i == TRIES)
		return 0;
	pm = !(regb & REG_B_24H) && (a.hour & HOUR_PM);
	sec = value(a.sec, bin);
	min = value(a.min, bin);
	hour = value(a.hour & (uint8_t)~HOUR_PM, bin);
	day = value(a.day, bin);
	mon = value(a.mon, bin);
	year = value(a.year, bin);
	century = value(a.century, bin);
	if (!(regb & REG_B_24H))
		hour = hour % 12 + (pm ? 12 : 0);	/* 12 AM is 0 h */
	if (century < 19 || century > 99)
		century = 20;		/* no century register: assume 20xx */
	year += century * 100;
	if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 ||
	    mon < 1 || mon > 12 || year < 1970)
		return 0;
	return (uint64_t)days_since_epoch(year, mon, day) * 86400 +
	       hour * 3600 + min * 60 + sec;
}
