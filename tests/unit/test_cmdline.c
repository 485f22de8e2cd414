// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for capture/cmdline.c: the capture kernel's option
 * lookup.  Words are separated by ' ' only (the loader refuses control
 * characters in --append, so a tab never arrives; here it is part of a
 * word).  Covers absent keys, keys that are prefixes or suffixes of
 * others, bare words against name=VALUE, empty values, first and last
 * words, repeated keys, numbers in both bases and over 32 bits, the
 * 64-bit hex nonce, a line as long as start_info allows, and the
 * comma-separated lists of cpus_apic=.
 */
#include <stdint.h>
#include <string.h>
#include <p2mdump/start_info.h>
#include "check.h"
#include "capture/cmdline.h"

/* True if cmdline_str(@name) is @want up to the next blank or the end. */
static int str_is(const char *name, const char *want)
{
	const char *s = cmdline_str(name);
	size_t n = strlen(want);

	if (!s)
		return 0;
	return !strncmp(s, want, n) && (s[n] == ' ' || s[n] == '\0');
}

/* cmdline_u32(@name): its return, and the value (@dflt if untouched). */
static int u32_of(const char *name, uint32_t dflt, uint32_t *v)
{
	*v = dflt;
	return cmdline_u32(name, v);
}

/* Before cmdline_init(), and with an empty or blank line: nothing. */
static void test_empty(void)
{
	uint32_t v;

	CHECK(!cmdline_flag("nobatch") && !cmdline_str("disk") &&
	      u32_of("fault_at", 7, &v) == -1 && v == 7,
	      "empty: before cmdline_init() every option is absent");
	cmdline_init("");
	CHECK(!cmdline_flag("nobatch") && !cmdline_str("disk"),
	      "empty: \"\" has no options");
	cmdline_init("    ");
	CHECK(!cmdline_flag("nobatch") && !cmdline_str("disk") &&
	      u32_of("fault_at", 7, &v) == -1 && v == 7,
	      "empty: a blank line has no options");
}

/* Bare words, and where a name matches only as a whole word. */
static void test_flag(void)
{
	cmdline_init("nobatch");
	CHECK(cmdline_flag("nobatch"), "flag: the only word");
	CHECK(!cmdline_str("nobatch"), "flag: a bare word has no value");
	CHECK(!cmdline_flag("nobat") && !cmdline_flag("nobatchx") &&
	      !cmdline_flag("batch") && !cmdline_flag("n"),
	      "flag: a prefix, a longer name or a suffix is not the word");
	cmdline_init("nobatchx xnobatch");
	CHECK(!cmdline_flag("nobatch"),
	      "flag: words the name is a prefix or suffix of do not count");
	cmdline_init("a=1 b nobatch");
	CHECK(cmdline_flag("nobatch") && cmdline_flag("b") &&
	      !cmdline_flag("a"), "flag: the last word; name=VALUE is no flag");
	cmdline_init("nobatch=1");
	CHECK(!cmdline_flag("nobatch"), "flag: nobatch=1 is not the flag");
	cmdline_init("nobatch=1 nobatch");
	CHECK(cmdline_flag("nobatch"),
	      "flag: a bare word after name=VALUE is found");
	cmdline_init("x=nobatch");
	CHECK(!cmdline_flag("nobatch"), "flag: a value is not a word");
	cmdline_init("   nobatch   ");
	CHECK(cmdline_flag("nobatch"), "flag: leading and trailing blanks");
	cmdline_init("a\tnobatch");
	CHECK(!cmdline_flag("nobatch") && cmdline_flag("a\tnobatch"),
	      "flag: a tab is not a separator");
}

/* name=VALUE: where VALUE starts and ends. */
static void test_str(void)
{
	static const char line[] = "a=1 disk=00:04.0 b";
	const char *s;

	cmdline_init(line);
	s = cmdline_str("disk");
	CHECK(s == line + 9, "str: points into the line, just past '='");
	CHECK(str_is("disk", "00:04.0"), "str: VALUE ends at the blank");
	CHECK(str_is("a", "1"), "str: the first word");
	CHECK(!cmdline_str("b") && !cmdline_str("c"),
	      "str: a bare word or an absent name has no value");
	CHECK(!cmdline_str("dis") && !cmdline_str("disk=") &&
	      !cmdline_str("isk"), "str: only the whole name matches");
	cmdline_init("x disk=00:03.0");
	CHECK(str_is("disk", "00:03.0"), "str: the last word, to the end");
	cmdline_init("disk= x");
	s = cmdline_str("disk");
	CHECK(s && *s == ' ', "str: an empty value, then a blank");
	cmdline_init("x disk=");
	s = cmdline_str("disk");
	CHECK(s && *s == '\0', "str: an empty value at the end");
	cmdline_init("disk=a=b");
	CHECK(str_is("disk", "a=b"), "str: '=' inside VALUE is kept");
	cmdline_init("disk=1 disk=2");
	CHECK(str_is("disk", "1"), "str: a repeated name: the first wins");
	cmdline_init("disk disk=00:04.0");
	CHECK(str_is("disk", "00:04.0"),
	      "str: a bare word does not hide the later name=VALUE");
	cmdline_init("diskx=1 xdisk=2 disk=3");
	CHECK(str_is("disk", "3"), "str: longer names and suffixes skipped");
	cmdline_init("  disk=5  ");
	CHECK(str_is("disk", "5"), "str: surrounded by blanks");
}

/* One cmdline_u32() case: @val on the line, expected return and value. */
static void u32_case(const char *val, int want_ret, uint32_t want)
{
	char line[64];
	uint32_t v;
	int ret;

	snprintf(line, sizeof(line), "x fault_at=%s y", val);
	cmdline_init(line);
	ret = u32_of("fault_at", 0xdead, &v);
	CHECK(ret == want_ret && v == (want_ret ? 0xdead : want),
	      "u32: \"%s\" gives %d, %#x (got %d, %#x)", val, want_ret, want,
	      ret, v);
}

/* Numbers: decimal, 0x hex, limits, junk. */
static void test_u32(void)
{
	uint32_t v;

	u32_case("0", 0, 0);
	u32_case("42", 0, 42);
	u32_case("007", 0, 7);			/* decimal, not octal */
	u32_case("4294967295", 0, UINT32_MAX);
	u32_case("0x0", 0, 0);
	u32_case("0x1f", 0, 0x1f);
	u32_case("0xAbC", 0, 0xabc);
	u32_case("0xffffffff", 0, UINT32_MAX);
	u32_case("0x00000000ffffffff", 0, UINT32_MAX);
	u32_case("4294967296", -1, 0);		/* over 32 bits */
	u32_case("4294967396", -1, 0);
	u32_case("99999999999999999999", -1, 0);
	u32_case("0x100000000", -1, 0);
	u32_case("-1", -1, 0);
	u32_case("+1", -1, 0);
	u32_case("12a", -1, 0);
	u32_case("a", -1, 0);			/* hex digit without 0x */
	u32_case("0X10", -1, 0);		/* only a lowercase 0x */
	u32_case("0xg", -1, 0);
	u32_case("1.5", -1, 0);
	/* Current behaviour, kept: an empty number reads as 0. */
	u32_case("", 0, 0);
	u32_case("0x", 0, 0);

	cmdline_init("fault_at");
	CHECK(u32_of("fault_at", 5, &v) == -1 && v == 5,
	      "u32: a bare word has no number");
	cmdline_init("fault_at=50");
	CHECK(u32_of("fault_at", 5, &v) == 0 && v == 50,
	      "u32: the only word, to the end of the line");
	CHECK(u32_of("fault", 5, &v) == -1 && v == 5,
	      "u32: a prefix of the name does not match");
}

/* cmdline_hex64("nonce") on "x nonce=@val y": @want_ret, @want. */
static void hex64_case(const char *val, int want_ret, uint64_t want)
{
	char line[64];
	uint64_t v = 0xdead;
	int ret;

	snprintf(line, sizeof(line), "x nonce=%s y", val);
	cmdline_init(line);
	ret = cmdline_hex64("nonce", &v);
	CHECK(ret == want_ret && v == (want_ret ? 0xdead : want),
	      "hex64: \"%s\" gives %d, %#llx (got %d, %#llx)", val, want_ret,
	      (unsigned long long)want, ret, (unsigned long long)v);
}

/* The load nonce: 1 to 16 hex digits, both cases, nothing else. */
static void test_hex64(void)
{
	uint64_t v = 3;

	hex64_case("0123456789abcdef", 0, 0x0123456789abcdefull);
	hex64_case("FEDCBA9876543210", 0, 0xfedcba9876543210ull);
	hex64_case("ffffffffffffffff", 0, UINT64_MAX);
	hex64_case("1", 0, 1);
	hex64_case("0000000000000000", 0, 0);
	hex64_case("10000000000000000", -1, 0);	/* 17 digits */
	hex64_case("0x12", -1, 0);
	hex64_case("12g4", -1, 0);
	hex64_case("-1", -1, 0);
	hex64_case("", -1, 0);
	cmdline_init("nonce");
	CHECK(cmdline_hex64("nonce", &v) == -1 && v == 3,
	      "hex64: a bare word has no number");
	cmdline_init("disk=00:05.0");
	CHECK(cmdline_hex64("nonce", &v) == -1 && v == 3,
	      "hex64: absent");
}

/* A line as long as start_info holds, with one long value. */
static void test_long(void)
{
	static char line[CAPTURE_CMDLINE_MAX];
	size_t n = sizeof(line) - 1, vlen;
	const char *s;
	uint32_t v;

	memset(line, 'z', n);
	line[n] = '\0';
	memcpy(line, "nobatch ", 8);
	memcpy(line + 8, "disk=", 5);
	memcpy(line + n - 12, " fault_at=09", 12);
	cmdline_init(line);
	s = cmdline_str("disk");
	vlen = s ? strcspn(s, " ") : 0;
	CHECK(s == line + 13 && vlen == n - 12 - 13,
	      "long: a %zu-byte value is found whole (got %zu)", n - 25, vlen);
	CHECK(cmdline_flag("nobatch") && u32_of("fault_at", 1, &v) == 0 &&
	      v == 9, "long: words on both sides of it are found");
	memset(line, '0', n);
	memcpy(line, "fault_at=", 9);
	line[n - 1] = '7';
	CHECK(u32_of("fault_at", 1, &v) == 0 && v == 7,
	      "long: %zu leading zeros do not overflow", n - 10);
	line[n - 2] = '1';
	CHECK(u32_of("fault_at", 1, &v) == 0 && v == 17,
	      "long: then the last digits count");
	line[20] = '1';
	CHECK(u32_of("fault_at", 1, &v) == -1 && v == 1,
	      "long: a long number that does not fit is refused");
}

/* cmdline_u32_list(): cpus_apic=A,B,... (capture/helpers.c). */
static void test_u32_list(void)
{
	uint32_t ids[4] = { 9, 9, 9, 9 };

	cmdline_init("x cpus_apic=0,1,7 y");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == 3 && ids[0] == 0 &&
	      ids[1] == 1 && ids[2] == 7 && ids[3] == 9,
	      "list: three IDs, up to the blank");
	cmdline_init("cpus_apic=4294967295");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == 1 &&
	      ids[0] == 4294967295u, "list: one ID, the largest, at the end");
	cmdline_init("cpus_apic=0,1,2,3,4");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: more than @max IDs refused");
	cmdline_init("cpus_apic=1,,2");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: an empty item refused");
	cmdline_init("cpus_apic=1,2,");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: a trailing comma refused");
	cmdline_init("cpus_apic=1;2");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: another separator refused");
	cmdline_init("cpus_apic=4294967296");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: an ID over 32 bits refused");
	cmdline_init("cpus_apic= x");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: an empty value refused");
	cmdline_init("cpus_apic");
	CHECK(cmdline_u32_list("cpus_apic", ids, 4) == -1,
	      "list: a bare word is absent");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	test_empty();
	test_flag();
	test_str();
	test_u32();
	test_hex64();
	test_long();
	test_u32_list();
	return check_exit();
}
