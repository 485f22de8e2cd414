// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for lib/printk.c.  The test provides console_putc()
 * (lib/hooks.h) and captures into a buffer, then compares each output
 * with the expected text byte for byte.  printk.o is built with UBSan
 * trapping (tests/unit/parsers.mk), so signed overflow inside it (the
 * INT_MIN and LLONG_MIN cases) kills the test instead of passing by luck.
 *
 * Conversions the code does not know print the character after the '%'
 * and take no argument; a '%' ending the format prints nothing.  The host
 * is LP64, so the l modifier is exercised at 64 bits here (32 on i386).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "lib/hooks.h"
#include "lib/printk.h"

static char out[512];
static size_t out_len;

/* The console: appends to out[]. */
void console_putc(char c)
{
	if (out_len < sizeof(out) - 1)
		out[out_len++] = c;
	out[out_len] = '\0';
}

/* lib/hooks.h's other hook; printk never calls it. */
void machine_exit(unsigned int code)
{
	printf("FAIL: machine_exit(%u) called\n", code);
	exit(1);
}

/* Runs vprintk() on a fresh buffer. */
static void run(const char *fmt, va_list ap)
{
	out_len = 0;
	out[0] = '\0';
	vprintk(fmt, ap);
}

/* printk() into out[], with format checking. */
static __attribute__((format(printf, 1, 2))) void pk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	run(fmt, ap);
	va_end(ap);
}

/* printk() into out[], for the formats the compiler would refuse. */
static void pk_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	run(fmt, ap);
	va_end(ap);
}

/* Checks out[] holds exactly @want (no more, no less). */
#define EXPECT(want, fmt, ...) do {					\
	pk(fmt, __VA_ARGS__);						\
	CHECK(out_len == strlen(want) && !strcmp(out, want),		\
	      "printk(\"%s\") gives \"%s\" (got \"%s\")", fmt, want, out); \
} while (0)

#define EXPECT_RAW(want, fmt, ...) do {					\
	pk_raw(fmt, __VA_ARGS__);					\
	CHECK(out_len == strlen(want) && !strcmp(out, want),		\
	      "printk(\"%s\") gives \"%s\" (got \"%s\")", fmt, want, out); \
} while (0)

/* Text without conversions, %c and %%. */
static void test_text(void)
{
	EXPECT("plain text", "%s", "plain text");
	pk("no conversions\tat all\n");
	CHECK(!strcmp(out, "no conversions\tat all\n"),
	      "printk: text without conversions passes through");
	EXPECT("A", "%c", 'A');
	EXPECT("[x]", "[%c]", 'x');
	EXPECT("x", "%5c", 'x');	/* a width does not apply to %c */
	pk("%c", 0);
	CHECK(out_len == 1 && out[0] == '\0', "printk: %%c of 0 writes one NUL");
	EXPECT("%", "%%%s", "");
	EXPECT("100%", "%d%%", 100);
	EXPECT("a%b", "a%%b%s", "");
}

/* %s, widths and the - flag. */
static void test_str(void)
{
	EXPECT("abc", "%s", "abc");
	EXPECT("", "%s", "");
	EXPECT("  abc", "%5s", "abc");
	EXPECT("abc  |", "%-5s|", "abc");
	EXPECT("abcdef", "%3s", "abcdef");	/* never cut */
	EXPECT("abcdef", "%-3s", "abcdef");
	EXPECT("          |", "%-10s|", "");
	EXPECT_RAW("  abc", "%05s", "abc");	/* 0 pads numbers only */
	EXPECT("x=1 y=two", "x=%d y=%s", 1, "two");
}

/* %d: signs, extremes, widths and the 0 flag. */
static void test_signed(void)
{
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%d", -42);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("   42", "%5d", 42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("00042", "%05d", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("-42", "%02d", -42);
	EXPECT("12345", "%2d", 12345);
	/* The - flag is for strings only (printk.h): numbers still go right. */
	EXPECT("   42", "%-5d", 42);
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("9223372036854775807", "%ld", LONG_MAX);
	EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT("9223372036854775807", "%lld", LLONG_MAX);
	EXPECT("-1", "%lld", -1ll);
	EXPECT("-1099511627776", "%lld", -(1ll << 40));
	EXPECT("-000000000001", "%013lld", -1ll);
}

/* %u and %x at every size; an int argument is not sign-extended. */
static void test_unsigned(void)
{
	EXPECT("0", "%u", 0u);
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("4294967295", "%u", (unsigned int)-1);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("4294967296", "%llu", 1ull << 32);
	EXPECT("  7", "%3llu", 7ull);
	EXPECT("0", "%x", 0u);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("ffffffff", "%x", (unsigned int)-1);
	EXPECT("0000beef", "%08x", 0xbeefu);
	EXPECT("12345678", "%08x", 0x12345678u);
	EXPECT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
	EXPECT("ffffffffffffffff", "%llx", ~0ull);
	EXPECT("000000012345", "%012llx", 0x12345ull);
	EXPECT("00000001fffff000", "%016lx", 0x1fffff000ul);
	EXPECT("   ff", "%5x", 0xffu);
}

/* %p: "0x" and at least 8 zero-padded hex digits; widths ignored. */
static void test_ptr(void)
{
	EXPECT("0x00001234", "%p", (void *)0x1234);
	EXPECT("0x00000000", "%p", (void *)0);
	EXPECT("0xc0001000", "%p", (void *)0xc0001000ul);
	EXPECT("0xdeadbeefcafe", "%p", (void *)0xdeadbeefcafeul);
	EXPECT("0x00001234", "%20p", (void *)0x1234);
}

/* Several arguments of different sizes stay in step. */
static void test_mixed(void)
{
	EXPECT("1 1099511627776 3", "%d %lld %d", 1, 1ll << 40, 3);
	EXPECT("a=ff b=-5 c=z d=18446744073709551615 e=ok",
	       "a=%x b=%d c=%c d=%llu e=%s", 0xffu, -5, 'z', ULLONG_MAX, "ok");
	EXPECT("dump:  42% 7/10 MiB", "dump: %3llu%% %llu/%llu MiB", 42ull,
	       7ull, 10ull);
	EXPECT("[eth0      ] 00:03.0",
	       "[%-10s] %02x:%02x.%u", "eth0", 0u, 3u, 0u);
}

/* What the code does with what printk.h does not define. */
static void test_unknown(void)
{
	EXPECT_RAW("q5", "%q%d", 5);
	EXPECT_RAW("X|7", "%X|%d", 7);
	EXPECT_RAW("hhd|7", "%hhd|%d", 7);
	EXPECT_RAW("abc", "abc%", 0);
	EXPECT_RAW("abc", "abc%5", 0);
	EXPECT_RAW("abc", "abc%-", 0);
	EXPECT_RAW("abc", "abc%l", 0);
	EXPECT_RAW("abc", "abc%ll", 0);
	EXPECT_RAW("abc", "%lllx", 0xabcull);	/* 3 or more l: long long */
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	test_text();
	test_str();
	test_signed();
	test_unsigned();
	test_ptr();
	test_mixed();
	test_unknown();
	return check_exit();
}
