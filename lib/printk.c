// SPDX-License-Identifier: GPL-2.0
/* A small printk; see printk.h for what it understands. */
#include <stdint.h>
#include "hooks.h"
#include "printk.h"

/* A negative width pads on the right (the '-' flag). */
static void put_str(const char *s, int width, char pad)
{
	int len = 0, left = width < 0;

	while (s[len])
		len++;
	if (left)
		width = -width;
	for (; !left && width > len; width--)
		console_putc(pad);
	while (*s)
		console_putc(*s++);
	for (; left && width > len; width--)
		console_putc(' ');
}

/* Prints @v in @base, negated if @neg, right-aligned to @width by @pad. */
static void put_num(uint64_t v, unsigned int base, int neg, int width,
		    char pad)
{
	char buf[24];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0' && width > 0) {
		console_putc('-');	/* the sign goes before zero padding */
		width--;
	} else if (neg) {
		buf[--i] = '-';
	}
	put_str(&buf[i], width, pad);
}

/* Fetches the next integer argument at the size the modifiers name. */
static uint64_t get_arg(va_list *ap, int longs, int is_signed, int *neg)
{
	int64_t s;

	*neg = 0;
	if (longs >= 2)
		s = va_arg(*ap, long long);
	else if (longs == 1 && is_signed)
		s = va_arg(*ap, long);
	else if (longs == 1)
		s = (int64_t)va_arg(*ap, unsigned long);
	else if (is_signed)
		s = va_arg(*ap, int);
	else
		s = va_arg(*ap, unsigned int);
	if (is_signed && s < 0) {
		*neg = 1;
		return 0 - (uint64_t)s;	/* -s overflows for INT64_MIN */
	}
	return (uint64_t)s;
}

/* The formatting loop, on a va_list it may take the address of. */
static void format(const char *fmt, va_list *ap)
{
	for (; *fmt; fmt++) {
		int width = 0, longs = 0, neg, left = 0;
		char pad = ' ';
		uint64_t v;

		if (*fmt != '%') {
			console_putc(*fmt);
			continue;
		}
		if (*++fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			console_putc((char)va_arg(*ap, int));
			break;
		case 's':
			put_str(va_arg(*ap, const char *),
				left ? -width : width, ' ');
			break;
		case 'd':
			v = get_arg(ap, longs, 1, &neg);
			put_num(v, 10, neg, width, pad);
			break;
		case 'u':
		case 'x':
			v = get_arg(ap, longs, 0, &neg);
			put_num(v, *fmt == 'u' ? 10 : 16, 0, width, pad);
			break;
		case 'p':
			put_str("0x", 0, ' ');
			put_num((uintptr_t)va_arg(*ap, void *), 16, 0, 8, '0');
			break;
		case '\0':
			return;
		default:
			console_putc(*fmt);
		}
	}
}

/*
 * A va_list parameter is an array on some ABIs (x86_64), where &ap is not
 * a va_list *; a copy is a real va_list, so format() gets one.
 */
void vprintk(const char *fmt, va_list ap)
{
	va_list copy;

	va_copy(copy, ap);
	format(fmt, &copy);
	va_end(copy);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
