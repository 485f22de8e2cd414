// SPDX-License-Identifier: GPL-2.0
/*
 * elfcore/vmcoreinfo.c: walking merged notes, finding VMCOREINFO and
 * reading its keys, on the guest harness's planted notes, on the text of
 * a real Debian 6.1 VMCOREINFO, and on malformed input of every kind.
 */
#include <string.h>
#include "check.h"
#include "rng.h"
#include "elfcore/vmcoreinfo.h"
#include "tests/guest/fake_notes.h"
#include <p2mdump/elf64.h>

/* A real VMCOREINFO (Debian 6.1, from the shared reference outside the tree), shortened. */
static const char real_text[] =
	"OSRELEASE=6.1.0-56-amd64\n"
	"PAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffff89443ffd5000\n"
	"LENGTH(mem_section)=4096\n"
	"SIZE(page)=64\n"
	"OFFSET(page._mapcount)=48\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(phys_base)=94371840\n"
	"SYMBOL(init_top_pgt)=ffffffff84410000\n"
	"NUMBER(pgtable_l5_enabled)=0\n"
	"KERNELOFFSET=1a00000\n"
	"CRASHTIME=1795314036\n";

/* Appends a note; returns its padded size. */
static uint32_t put(uint8_t *p, const char *name, uint32_t namesz,
		    uint32_t type, const void *desc, uint32_t descsz)
{
	struct elf64_nhdr nh = { namesz, descsz, type };
	uint32_t off = sizeof(nh);

	memcpy(p, &nh, sizeof(nh));
	memcpy(p + off, name, namesz);
	off += (namesz + 3) & ~3u;
	memcpy(p + off, desc, descsz);
	return off + ((descsz + 3) & ~3u);
}

/* Notes: two CPUs, then VMCOREINFO with @text (and its NUL). */
static uint32_t build(uint8_t *buf, const char *text)
{
	uint8_t prstatus[FAKE_PRSTATUS_SIZE] = { 0 };
	uint32_t len = 0;

	len += put(buf + len, "CORE", 5, NT_PRSTATUS, prstatus, sizeof(prstatus));
	len += put(buf + len, "CORE", 5, NT_PRSTATUS, prstatus, sizeof(prstatus));
	len += put(buf + len, "VMCOREINFO", 11, 0, text, (uint32_t)strlen(text) + 1);
	return len;
}

static void test_walk(void)
{
	uint8_t buf[8192] = { 0 };
	uint32_t len = build(buf, real_text), off = 0, n = 0;
	struct note_view v;

	while (!note_next(buf, len, &off, &v))
		n++;
	CHECK(n == 3 && off == len, "note_next walks 3 notes to the end (%u)", n);
	CHECK(notes_count(buf, len, NT_PRSTATUS, "CORE") == 2,
	      "notes_count: 2 NT_PRSTATUS CORE notes");
	CHECK(notes_count(buf, len, NT_PRSTATUS, "COR") == 0 &&
	      notes_count(buf, len, NT_PRSTATUS, "CORE1") == 0,
	      "note names compare whole, not as prefixes");
	CHECK(notes_count(buf, len - 1, NT_PRSTATUS, "CORE") == 2 &&
	      notes_count(buf, 400, NT_PRSTATUS, "CORE") == 1,
	      "a note cut short ends the walk, the ones before count");
	memset(buf + len, 0, 12);
	CHECK(notes_count(buf, len + 12, NT_PRSTATUS, "CORE") == 2,
	      "a terminator note ends the walk");
}

static void test_find_and_get(void)
{
	uint8_t buf[8192] = { 0 };
	uint32_t len = build(buf, real_text), vlen;
	struct vmcoreinfo vi;
	const char *val;
	uint64_t v;

	CHECK(!vmcoreinfo_find(&vi, buf, len) && vi.len == strlen(real_text) &&
	      !memcmp(buf + vi.offset, real_text, vi.len),
	      "vmcoreinfo_find: text, length without NUL, offset in the notes");
	CHECK(!vmcoreinfo_get(&vi, "OSRELEASE", &val, &vlen) && vlen == 14 &&
	      !memcmp(val, "6.1.0-56-amd64", 14), "OSRELEASE read as text");
	CHECK(!vmcoreinfo_number(&vi, "SYMBOL(mem_section)", &v) &&
	      v == 0xffff89443ffd5000ull, "SYMBOL() read as hex");
	CHECK(!vmcoreinfo_number(&vi, "KERNELOFFSET", &v) && v == 0x1a00000,
	      "KERNELOFFSET read as hex");
	CHECK(!vmcoreinfo_number(&vi, "NUMBER(phys_base)", &v) && v == 94371840,
	      "NUMBER(phys_base) read as decimal");
	CHECK(!vmcoreinfo_number(&vi, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", &v) &&
	      (int64_t)v == -129, "a negative NUMBER() is read two's complement");
	CHECK(!vmcoreinfo_number(&vi, "OFFSET(page._mapcount)", &v) && v == 48 &&
	      !vmcoreinfo_number(&vi, "SIZE(page)", &v) && v == 64 &&
	      !vmcoreinfo_number(&vi, "LENGTH(mem_section)", &v) && v == 4096,
	      "OFFSET(), SIZE(), LENGTH() read as decimal");
	CHECK(!vmcoreinfo_number(&vi, "CRASHTIME", &v) && v == 1795314036,
	      "the last line, CRASHTIME");
	CHECK(vmcoreinfo_number(&vi, "SYMBOL(mem)", &v) &&
	      vmcoreinfo_number(&vi, "SIZE(pag)", &v) &&
	      vmcoreinfo_number(&vi, "PAGE", &v) &&
	      vmcoreinfo_number(&vi, "NUMBER(PG_lru)", &v),
	      "absent keys and key prefixes are absent");
	CHECK(vmcoreinfo_find(&vi, buf, 700), "no VMCOREINFO note: -1");
}

/* VMCOREINFO with one line of @line: its number, or -1 if refused. */
static int number_of(const char *line, const char *key, uint64_t *v)
{
	uint8_t buf[4096] = { 0 };
	struct vmcoreinfo vi;
	uint32_t len = build(buf, line);

	if (vmcoreinfo_find(&vi, buf, len))
		return -2;
	return vmcoreinfo_number(&vi, key, v);
}

static void test_malformed(void)
{
	static const char *const bad[][2] = {
		{ "SIZE(page)=\n", "SIZE(page)" },
		{ "SIZE(page)=6x4\n", "SIZE(page)" },
		{ "SIZE(page)= 64\n", "SIZE(page)" },
		{ "SIZE(page)=-\n", "SIZE(page)" },
		{ "SIZE(page)=18446744073709551616\n", "SIZE(page)" },
		{ "NUMBER(x)=9223372036854775808\n", "NUMBER(x)" },
		{ "NUMBER(x)=-9223372036854775809\n", "NUMBER(x)" },
		{ "SYMBOL(x)=10000000000000000\n", "SYMBOL(x)" },
		{ "SYMBOL(x)=-1\n", "SYMBOL(x)" },
		{ "SYMBOL(x)=ffffg\n", "SYMBOL(x)" },
		{ "SIZE(page)64\n", "SIZE(page)" },
	};
	uint64_t v = 0;
	unsigned int i, refused = 0;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused += number_of(bad[i][0], bad[i][1], &v) == -1;
	CHECK(refused == sizeof(bad) / sizeof(bad[0]),
	      "%u of %zu malformed values refused", refused, sizeof(bad) / sizeof(bad[0]));
	CHECK(!number_of("NUMBER(x)=-9223372036854775808\n", "NUMBER(x)", &v) &&
	      v == 1ull << 63, "INT64_MIN is the lowest NUMBER() taken");
	CHECK(!number_of("SYMBOL(x)=FFFFffff00000000\n", "SYMBOL(x)", &v) &&
	      v == 0xffffffff00000000ull, "hex digits of either case");
	CHECK(!number_of("SIZE(page)=64", "SIZE(page)", &v) && v == 64,
	      "a last line without a newline");
}

/* The harness's planted notes: the capture kernel's real input. */
static void test_harness_notes(void)
{
	static uint8_t merged[FAKE_NOTE_BUFFERS * FAKE_NOTE_BUF_SIZE];
	uint32_t len = (uint32_t)fake_notes_merged(merged, sizeof(merged),
						      FAKE_STD_CPUS);
	struct vmcoreinfo vi;
	const char *val;
	uint32_t vlen;

	CHECK(!vmcoreinfo_find(&vi, merged, len) &&
	      !vmcoreinfo_get(&vi, "OSRELEASE", &val, &vlen) &&
	      vlen == 21 && !memcmp(val, "p2mdump-guest-harness", 21),
	      "the harness's VMCOREINFO is found in its merged notes");
	CHECK(notes_count(merged, len, NT_PRSTATUS, "CORE") >= 1,
	      "the harness's notes hold NT_PRSTATUS notes (%u)",
	      notes_count(merged, len, NT_PRSTATUS, "CORE"));
}

/* Random bytes and random cuts never read past the buffer (valgrind). */
static void test_fuzz(struct rng *r)
{
	uint8_t buf[2048] = { 0 };
	uint32_t len = build(buf, real_text), i, sane = 0;
	struct vmcoreinfo vi;
	uint64_t v;

	for (i = 0; i < 2000; i++) {
		uint8_t copy[2048];
		uint32_t n = 1 + (uint32_t)rng_below(r, len), k;

		memcpy(copy, buf, len);
		for (k = 0; k < 4; k++)
			copy[rng_below(r, n)] = (uint8_t)rng_below(r, 256);
		if (!vmcoreinfo_find(&vi, copy, n))
			sane += vi.offset + vi.len <= n &&
				(vmcoreinfo_number(&vi, "SIZE(page)", &v) || v < ~0ull);
		else
			sane++;
	}
	CHECK(sane == 2000, "2000 corrupted, cut note buffers: every view inside the buffer");
}

int main(void)
{
	struct rng r;

	rng_init(&r, check_seed(7));
	test_walk();
	test_find_and_get();
	test_malformed();
	test_harness_notes();
	test_fuzz(&r);
	return check_exit();
}
