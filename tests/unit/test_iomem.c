// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the /proc/iomem parser (loader/cli/iomem.c), fed
 * text through fmemopen() and iomem_parse(): the top-level System RAM
 * ranges (sorted, end made exclusive, overlaps refused), the nested
 * "Kernel code" start and "Kernel bss" end, and every malformed line.
 * Refusals print a "p2mdump: ..." line on stderr; that is expected.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "loader/cli/iomem.h"
#include <p2mdump/page.h>

/* Parses @text into @m; iomem_parse()'s return. */
static int parse(const char *text, struct iomem *m)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f) {
		printf("FAIL: fmemopen\n");
		exit(1);
	}
	ret = iomem_parse(m, f, "test-iomem");
	fclose(f);
	return ret;
}

/* True if RAM range @i of @m is [start, end). */
static int ram_is(const struct iomem *m, uint32_t i, uint64_t start,
		  uint64_t end)
{
	return i < m->nr_ram && m->ram[i].start == start &&
	       m->ram[i].end == end;
}

/* A real-looking map: nesting, holes, RAM above 4 GiB. */
static void test_typical(void)
{
	static const char text[] =
		"00000000-00000fff : Reserved\n"
		"00001000-0009fbff : System RAM\n"
		"0009fc00-0009ffff : Reserved\n"
		"000a0000-000bffff : PCI Bus 0000:00\n"
		"00100000-7ffdffff : System RAM\n"
		"  01000000-01e00bd1 : Kernel code\n"
		"  01e00bd2-0240ef3f : Kernel rodata\n"
		"  02600000-0273ffff : Kernel data\n"
		"  02a31000-02bfffff : Kernel bss\n"
		"  7e000000-7effffff : Crash kernel\n"
		"7ffe0000-7fffffff : Reserved\n"
		"fd000000-fdffffff : PCI Bus 0000:00\n"
		"  fd000000-fdffffff : 0000:00:02.0\n"
		"    fd000000-fdffffff : bochs-drm\n"
		"100000000-27fffffff : System RAM\n";
	struct iomem m;

	CHECK(parse(text, &m) == 0 && m.nr_ram == 3,
	      "typical: three System RAM ranges (got %u)", m.nr_ram);
	CHECK(ram_is(&m, 0, 0x1000, 0x9fc00) &&
	      ram_is(&m, 1, 0x100000, 0x7ffe0000) &&
	      ram_is(&m, 2, 0x100000000ull, 0x280000000ull),
	      "typical: ranges in order, end made exclusive, above 4 GiB kept");
	CHECK(m.has_kernel_code && m.kernel_code == 0x1000000,
	      "typical: Kernel code starts at 0x1000000");
	CHECK(m.kernel_bss_end == 0x2c00000,
	      "typical: Kernel bss ends at 0x2c00000 (exclusive)");
	CHECK(!strcmp(m.path, "test-iomem"), "typical: the name is kept");
	iomem_free(&m);
	CHECK(m.ram == NULL && m.nr_ram == 0, "typical: iomem_free() empties");
}

/* What counts: top-level RAM only, the first Kernel code/bss. */
static void test_select(void)
{
	struct iomem m;

	CHECK(parse("3000-3fff : System RAM\n1000-1fff : System RAM\n"
		    "2000-2fff : System RAM\n", &m) == 0 &&
	      m.nr_ram == 3 && ram_is(&m, 0, 0x1000, 0x2000) &&
	      ram_is(&m, 1, 0x2000, 0x3000) && ram_is(&m, 2, 0x3000, 0x4000),
	      "select: unsorted ranges come out sorted; touching is fine");
	iomem_free(&m);
	CHECK(parse("1000-ffff : Reserved\n  2000-2fff : System RAM\n"
		    "10000-1ffff : System RAM\n", &m) == 0 &&
	      m.nr_ram == 1 && ram_is(&m, 0, 0x10000, 0x20000),
	      "select: nested System RAM is not a RAM range");
	iomem_free(&m);
	CHECK(parse("1000-1fff : System RAM\n"
		    "2000-2fff : System RAM \n3000-3fff : system ram\n"
		    "4000-4fff :  System RAM\n5000-5fff : System RAM (x)\n",
		    &m) == 0 && m.nr_ram == 1,
	      "select: the name must be exactly \"System RAM\"");
	iomem_free(&m);
	CHECK(parse("1000-ffff : System RAM\n"
		    "2000-2fff : Kernel code\n"
		    "  3000-3fff : Kernel code\n   4000-4fff : Kernel code\n"
		    "  5000-5fff : Kernel bss\n  6000-6fff : Kernel bss\n",
		    &m) == 0 && m.has_kernel_code && m.kernel_code == 0x3000 &&
	      m.kernel_bss_end == 0x6000,
	      "select: the first nested Kernel code and bss; top-level ones ignored");
	iomem_free(&m);
	CHECK(parse("1000-ffff : System RAM\n", &m) == 0 &&
	      !m.has_kernel_code && m.kernel_code == 0 &&
	      m.kernel_bss_end == 0,
	      "select: no Kernel code or bss: none reported");
	iomem_free(&m);
	CHECK(parse("1000-ffff : System RAM\n  0-fff : Kernel code\n", &m) ==
	      0 && m.has_kernel_code && m.kernel_code == 0,
	      "select: Kernel code at 0 is still found (has_kernel_code)");
	iomem_free(&m);
	CHECK(parse("\n   \n1000-1fff : System RAM\n\n", &m) == 0 &&
	      m.nr_ram == 1, "select: blank lines are skipped");
	iomem_free(&m);
	CHECK(parse("1000-1fff : System RAM", &m) == 0 && m.nr_ram == 1,
	      "select: a last line without a newline");
	iomem_free(&m);
	CHECK(parse("0-0 : System RAM\nABCDEF000-ABCDEFFFF : System RAM\n",
		    &m) == 0 && ram_is(&m, 0, 0, 1) &&
	      ram_is(&m, 1, 0xabcdef000ull, 0xabcdf0000ull),
	      "select: a one-byte range at 0; upper-case hex");
	iomem_free(&m);
	/* Current behaviour, kept: strtoull() takes a 0x the kernel never
	 * writes. */
	CHECK(parse("0x1000-0x1fff : System RAM\n", &m) == 0 &&
	      ram_is(&m, 0, 0x1000, 0x2000),
	      "select: a 0x prefix is accepted");
	iomem_free(&m);
	CHECK(parse("fffffffffffff000-fffffffffffffffe : System RAM\n", &m) ==
	      0 && ram_is(&m, 0, 0xfffffffffffff000ull, UINT64_MAX),
	      "select: the highest range that has an exclusive end");
	iomem_free(&m);
}

/* Text that must be refused, each with its own reason. */
static void test_refused(void)
{
	static const struct {
		const char *why, *text;
	} bad[] = {
		{ "empty file", "" },
		{ "only blank lines", "\n  \n" },
		{ "no System RAM", "1000-1fff : Reserved\n" },
		{ "only nested System RAM",
		  "0-ffff : PCI\n  1000-1fff : System RAM\n" },
		{ "all zero (not root)",
		  "00000000-00000000 : System RAM\n"
		  "00000000-00000000 : Reserved\n" },
		{ "overlap", "1000-2fff : System RAM\n2000-3fff : System RAM\n" },
		{ "overlap, unsorted",
		  "2000-3fff : System RAM\n1000-2000 : System RAM\n" },
		{ "same range twice",
		  "1000-1fff : System RAM\n1000-1fff : System RAM\n" },
		{ "end before start", "2000-1fff : System RAM\n" },
		{ "end UINT64_MAX", "f000-ffffffffffffffff : System RAM\n" },
		{ "start over 64 bits",
		  "10000000000000000-10000000000000fff : System RAM\n" },
		{ "end over 64 bits", "1000-10000000000000000 : System RAM\n" },
		{ "no dash", "1000 1fff : System RAM\n" },
		{ "no end", "1000- : System RAM\n" },
		{ "signed end", "1000--1 : System RAM\n" },
		{ "plus end", "1000-+1fff : System RAM\n" },
		{ "no separator", "1000-1fff System RAM\n" },
		{ "colon without blanks", "1000-1fff:System RAM\n" },
		{ "tab instead of blank", "1000-1fff\t: System RAM\n" },
		{ "leading tab", "\t1000-1fff : System RAM\n" },
		{ "not hex", "10g0-1fff : System RAM\n" },
		{ "text", "System RAM\n" },
		{ "a bad line after good ones",
		  "1000-1fff : System RAM\njunk\n2000-2fff : System RAM\n" },
		{ "CR LF line ends", "1000-1fff : System RAM\r\n" },
	};
	struct iomem m;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = parse(bad[i].text, &m);

		CHECK(ret == -1 && m.ram == NULL && m.nr_ram == 0,
		      "refused: %s", bad[i].why);
	}
}

/* Many ranges: the array grows past its first allocation. */
static void test_many(void)
{
	static char text[300 * 48];
	struct iomem m;
	size_t off = 0;
	unsigned int i, bad = 0;

	for (i = 0; i < 300; i++) {
		uint64_t start = ((uint64_t)(299 - i) << 20) + 0x1000;

		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"%llx-%llx : System RAM\n",
					(unsigned long long)start,
					(unsigned long long)start + PAGE_SIZE - 1);
	}
	CHECK(parse(text, &m) == 0 && m.nr_ram == 300,
	      "many: 300 ranges (got %u)", m.nr_ram);
	for (i = 0; i < m.nr_ram; i++)
		bad += !ram_is(&m, i, ((uint64_t)i << 20) + 0x1000,
			       ((uint64_t)i << 20) + 0x2000);
	CHECK(m.nr_ram == 300 && bad == 0, "many: all sorted and right");
	iomem_free(&m);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	test_typical();
	test_select();
	test_refused();
	test_many();
	return check_exit();
}
