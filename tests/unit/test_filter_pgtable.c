// SPDX-License-Identifier: GPL-2.0
/*
 * filter/x86_pgtable.c and filter/mem_section.c on a fake machine
 * (fake_crashed.h): 4- and 5-level tables with 4 KiB, 2 MiB and 1 GiB
 * leaves, every kind of bad entry, the caches, VMCOREINFO set-up, and
 * random garbage tables that must never make a walk fault or answer
 * outside RAM.
 */
#include <stdio.h>
#include "check.h"
#include "rng.h"
#include "fake_crashed.h"
#include "filter/x86_pgtable.h"
#include "filter/mem_section.h"
#include <p2mdump/page.h>

static struct ram_map ram;

/* A walker over @m's tables. */
static void walker(struct x86_pgtable *pt, struct fake_crashed *m,
		   uint64_t sme, uint32_t phys_bits)
{
	ram_map_init(&ram, m->ranges, 2);
	if (pgt_init(pt, m->root, m->levels, sme, phys_bits, &ram, fm_read, m))
		abort();
}

static const uint64_t va4k = 0xffffc90000123000ull;	/* vmalloc-like */
static const uint64_t va2m = FM_VMEMMAP4;
static const uint64_t va1g = FM_PAGE_OFFSET4;

/* Maps one leaf of each size; the same vaddrs work in 5 levels. */
static void map_three(struct fake_crashed *m)
{
	fm_map(m, va4k, 0x1234000, 4096);
	fm_map(m, va2m, FM_VMEMMAP_MA, 2ull << 20);
	fm_map(m, va1g, 0, 1ull << 30);
}

static void test_translate(uint32_t levels)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma = 0;

	fm_init(&m, levels);
	map_three(&m);
	walker(&pt, &m, 0, 46);
	CHECK(!pgt_translate(&pt, va4k + 0x567, &ma) && ma == 0x1234567,
	      "%u levels: 4 KiB leaf (0x%llx)", levels, (unsigned long long)ma);
	CHECK(!pgt_translate(&pt, va2m + 0x1ff123, &ma) &&
	      ma == FM_VMEMMAP_MA + 0x1ff123,
	      "%u levels: 2 MiB leaf, offset from bits 0..20", levels);
	CHECK(!pgt_translate(&pt, va1g + (50ull << 20) + 8, &ma) &&
	      ma == (50ull << 20) + 8, "%u levels: 1 GiB leaf", levels);
	CHECK(pgt_translate(&pt, va1g + (40ull << 20), &ma) == PGT_OUTSIDE_RAM,
	      "%u levels: a 1 GiB leaf over the hole: outside RAM", levels);
	CHECK(pgt_translate(&pt, va4k + 4096, &ma) == PGT_NOT_PRESENT,
	      "%u levels: the next 4 KiB page is not present", levels);
	CHECK(pgt_translate(&pt, 0x00007f0000000000ull, &ma) == PGT_NOT_PRESENT,
	      "%u levels: a user address is not present", levels);
	fm_free(&m);
}

static void test_canonical(void)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma;

	fm_init(&m, 4);
	map_three(&m);
	walker(&pt, &m, 0, 46);
	CHECK(pgt_translate(&pt, FM_VMEMMAP5, &ma) == PGT_NONCANONICAL &&
	      pt.stats.err[PGT_NONCANONICAL] == 1,
	      "4 levels: a 5-level vmemmap address is non-canonical, counted");
	CHECK(pgt_translate(&pt, 0x0000800000000000ull, &ma) == PGT_NONCANONICAL,
	      "4 levels: bit 47 set, 63..48 clear: non-canonical");
	fm_free(&m);
	fm_init(&m, 5);
	fm_map(&m, FM_VMEMMAP5, FM_VMEMMAP_MA, 2ull << 20);
	walker(&pt, &m, 0, 52);
	CHECK(!pgt_translate(&pt, FM_VMEMMAP5 + 64, &ma) &&
	      ma == FM_VMEMMAP_MA + 64, "5 levels: the 5-level vmemmap translates");
	CHECK(pgt_translate(&pt, 0x0100000000000000ull, &ma) == PGT_NONCANONICAL,
	      "5 levels: bit 56 set, 63..57 clear: non-canonical");
	fm_free(&m);
}

/* Corrupts @va's entry at @level with @f, expects @want, restores it. */
static void bad_entry(struct fake_crashed *m, uint64_t va, uint32_t level,
		      uint64_t (*f)(uint64_t), enum pgt_err want,
		      const char *what)
{
	struct x86_pgtable pt;
	uint64_t slot = fm_entry(m, va, level), old = fm_get64(m, slot), ma;
	enum pgt_err err;

	fm_put64(m, slot, f(old));
	walker(&pt, m, 0, 46);
	err = pgt_translate(&pt, va, &ma);
	CHECK(err == want && pt.stats.err[want] == 1 && pgt_errors(&pt.stats) == 1,
	      "%u levels: %s: %s (got %s)", m->levels, what, pgt_strerror(want),
	      pgt_strerror(err));
	fm_put64(m, slot, old);
	walker(&pt, m, 0, 46);
	CHECK(!pgt_translate(&pt, va, &ma), "%u levels: %s restored: translates",
	      m->levels, what);
}

static uint64_t clear_p(uint64_t e) { return e & ~PTE_P; }
static uint64_t set_ps(uint64_t e) { return e | PTE_PS; }
static uint64_t bit13(uint64_t e) { return e | (1ull << 13); }
static uint64_t bit29(uint64_t e) { return e | (1ull << 29); }
static uint64_t bit50(uint64_t e) { return e | (1ull << 50); }
static uint64_t to_hole(uint64_t e) { return offset_in_page(e) | FM_HOLE_START; }
static uint64_t past_ram(uint64_t e) { return offset_in_page(e) | (1ull << 40); }
static uint64_t ps_at_0(uint64_t e) { (void)e; return PTE_P | PTE_PS; }
static uint64_t keep_sw(uint64_t e) { return e | (0x7full << 52); }

static void test_bad_entries(uint32_t levels)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma;
	uint32_t l;

	fm_init(&m, levels);
	map_three(&m);
	for (l = levels; l >= 2; l--) {
		char what[64];

		snprintf(what, sizeof(what), "level %u table entry not present", l);
		bad_entry(&m, va4k, l, clear_p, PGT_NOT_PRESENT, what);
		snprintf(what, sizeof(what), "level %u table entry into the hole", l);
		bad_entry(&m, va4k, l, to_hole, PGT_OUTSIDE_RAM, what);
		snprintf(what, sizeof(what), "level %u entry past RAM", l);
		bad_entry(&m, va4k, l, past_ram, PGT_OUTSIDE_RAM, what);
		snprintf(what, sizeof(what), "level %u entry, bit 50 (phys_bits 46)", l);
		bad_entry(&m, va4k, l, bit50, PGT_RESERVED, what);
	}
	bad_entry(&m, va4k, levels, set_ps, PGT_RESERVED, "PS in the top table");
	bad_entry(&m, va4k, 4, set_ps, PGT_RESERVED, "PS in a PML4 entry");
	bad_entry(&m, va4k, 4, ps_at_0, PGT_RESERVED, "PS in a PML4 entry, frame 0");
	bad_entry(&m, va4k, 1, clear_p, PGT_NOT_PRESENT, "4 KiB leaf not present");
	bad_entry(&m, va4k, 1, to_hole, PGT_OUTSIDE_RAM, "4 KiB leaf in the hole");
	bad_entry(&m, va2m, 2, bit13, PGT_RESERVED, "2 MiB leaf, bit 13");
	bad_entry(&m, va1g, 3, bit29, PGT_RESERVED, "1 GiB leaf, bit 29");
	bad_entry(&m, va2m, 2, to_hole, PGT_OUTSIDE_RAM, "2 MiB leaf in the hole");

	/* Software bits 52..58 and NX are no reason to refuse. */
	fm_put64(&m, fm_entry(&m, va2m, 2), keep_sw(fm_get64(&m, fm_entry(&m, va2m, 2))));
	walker(&pt, &m, 0, 46);
	CHECK(!pgt_translate(&pt, va2m, &ma) && ma == FM_VMEMMAP_MA,
	      "%u levels: software bits 52..58 and NX are ignored", levels);
	fm_free(&m);
}

static void test_loops(uint32_t levels)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma, slot, pd;

	fm_init(&m, levels);
	map_three(&m);
	/* The PDPT entry for va4k points back at the top table. */
	slot = fm_entry(&m, va4k, 3);
	fm_put64(&m, slot, m.root | PTE_P | PTE_RW);
	walker(&pt, &m, 0, 46);
	CHECK(pgt_translate(&pt, va4k, &ma) == PGT_LOOP,
	      "%u levels: a PDPT entry pointing at the root: loop", levels);
	/* A PD entry pointing at its own PD. */
	fm_free(&m);
	fm_init(&m, levels);
	map_three(&m);
	slot = fm_entry(&m, va4k, 2);
	pd = slot & ~0xfffull;
	fm_put64(&m, slot, pd | PTE_P | PTE_RW);
	walker(&pt, &m, 0, 46);
	CHECK(pgt_translate(&pt, va4k, &ma) == PGT_LOOP,
	      "%u levels: a PD entry pointing at its own table: loop", levels);
	fm_free(&m);
}

static void test_read_fail_and_sme(void)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma, c = 1ull << 47, slot;

	fm_init(&m, 4);
	map_three(&m);
	m.fail_maddr = fm_entry(&m, va2m, 2);
	walker(&pt, &m, 0, 46);
	CHECK(pgt_translate(&pt, va2m, &ma) == PGT_READ && pt.stats.err[PGT_READ] == 1,
	      "a failing read of a PD entry: read failed, counted");
	m.fail_maddr = 0;

	/* Every entry with the C-bit (bit 47) set, as SME leaves them. */
	for (slot = FM_TABLES; slot < m.next_table; slot += 8)
		if (fm_get64(&m, slot) & PTE_P)
			fm_put64(&m, slot, fm_get64(&m, slot) | c);
	walker(&pt, &m, c, 52);
	CHECK(!pgt_translate(&pt, va2m + 5, &ma) && ma == FM_VMEMMAP_MA + 5,
	      "sme_mask bit 47 taken off every entry: translates");
	walker(&pt, &m, 0, 52);
	CHECK(pgt_translate(&pt, va2m, &ma) == PGT_OUTSIDE_RAM,
	      "the same tables without sme_mask: outside RAM");
	walker(&pt, &m, 0, 46);
	CHECK(pgt_translate(&pt, va2m, &ma) == PGT_RESERVED,
	      "the same with 46 physical bits: reserved bits");
	fm_free(&m);
}

static void test_cache(void)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma, reads;
	uint8_t buf[64], want[64];
	uint32_t i;

	fm_init(&m, 5);
	fm_map(&m, va2m, FM_VMEMMAP_MA, 2ull << 20);
	fm_map(&m, va2m + (2ull << 20), FM_VMEMMAP_MA + (4ull << 20), 2ull << 20);
	walker(&pt, &m, 0, 46);
	for (i = 0; i < 512; i++)
		pgt_translate(&pt, va2m + i * 4096ull, &ma);
	CHECK(pt.stats.walks == 1 && pt.stats.leaf_hits == 511 && m.reads == 4,
	      "512 pages of one 2 MiB leaf: 1 walk of 4 reads, 511 cache hits "
	      "(%llu walks, %llu reads)", (unsigned long long)pt.stats.walks,
	      (unsigned long long)m.reads);
	reads = m.reads;
	CHECK(!pgt_translate(&pt, va2m + (2ull << 20), &ma) &&
	      ma == FM_VMEMMAP_MA + (4ull << 20) && m.reads == reads + 1,
	      "the next 2 MiB leaf: one entry read from the cached PD");
	/* pgt_read across two leaves that are not machine-adjacent. */
	for (i = 0; i < 64; i++) {
		m.ram[FM_VMEMMAP_MA + (2ull << 20) - 32 + i] = (uint8_t)i;
		m.ram[FM_VMEMMAP_MA + (4ull << 20) + i] = (uint8_t)(100 + i);
		want[i] = (uint8_t)(i < 32 ? i : 100 + i - 32);
	}
	CHECK(!pgt_read(&pt, va2m + (2ull << 20) - 32, buf, 64) &&
	      !memcmp(buf, want, 64), "pgt_read splits at the page boundary");
	pgt_flush(&pt);
	reads = m.reads;
	pgt_translate(&pt, va2m, &ma);
	CHECK(m.reads == reads + 4, "after pgt_flush: a full walk again");
	fm_free(&m);
}

/* A VMCOREINFO note text made of @lines. */
static void vi_of(struct vmcoreinfo *vi, const char *text)
{
	vi->text = text;
	vi->len = (uint32_t)strlen(text);
	vi->offset = 0;
}

static void test_vmcoreinfo(void)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	struct vmcoreinfo vi;
	char text[512];
	uint64_t phys_base, ma;
	const char *why;

	fm_init(&m, 5);
	map_three(&m);
	ram_map_init(&ram, m.ranges, 2);
	phys_base = m.root - (FM_KTEXT - PGT_START_KERNEL_MAP);
	snprintf(text, sizeof(text), "SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=%llu\n"
		 "NUMBER(pgtable_l5_enabled)=1\nNUMBER(sme_mask)=0\nNUMBER(MAX_PHYSMEM_BITS)=52\n",
		 (unsigned long long)FM_KTEXT, (unsigned long long)phys_base);
	vi_of(&vi, text);
	why = pgt_init_vmcoreinfo(&pt, &vi, &ram, fm_read, &m);
	CHECK(!why && pt.root == m.root && pt.levels == 5,
	      "root = SYMBOL(init_top_pgt) - __START_KERNEL_map + phys_base, 5 levels");
	CHECK(!why && !pgt_translate(&pt, va2m, &ma) && ma == FM_VMEMMAP_MA,
	      "the VMCOREINFO walker translates");
	snprintf(text, sizeof(text), "NUMBER(phys_base)=%llu\nNUMBER(pgtable_l5_enabled)=1\n",
		 (unsigned long long)phys_base);
	CHECK(pgt_init_vmcoreinfo(&pt, &vi, &ram, fm_read, &m) &&
	      !strcmp(pgt_init_vmcoreinfo(&pt, &vi, &ram, fm_read, &m), "SYMBOL(init_top_pgt)"),
	      "no SYMBOL(init_top_pgt): refused, named");
	snprintf(text, sizeof(text), "SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=%llu\n",
		 (unsigned long long)FM_KTEXT, (unsigned long long)phys_base);
	why = pgt_init_vmcoreinfo(&pt, &vi, &ram, fm_read, &m);
	CHECK(why && !strcmp(why, "NUMBER(pgtable_l5_enabled)"),
	      "no NUMBER(pgtable_l5_enabled): refused (never guessed)");
	snprintf(text, sizeof(text), "SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=%llu\n"
		 "NUMBER(pgtable_l5_enabled)=2\n",
		 (unsigned long long)FM_KTEXT, (unsigned long long)phys_base);
	why = pgt_init_vmcoreinfo(&pt, &vi, &ram, fm_read, &m);
	CHECK(why && !strcmp(why, "NUMBER(pgtable_l5_enabled)"), "pgtable_l5_enabled=2: refused");
	snprintf(text, sizeof(text), "SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=%llu\n"
		 "NUMBER(pgtable_l5_enabled)=0\n",
		 (unsigned long long)FM_KTEXT, (unsigned long long)phys_base + (40ull << 20));
	why = pgt_init_vmcoreinfo(&pt, &vi, &ram, fm_read, &m);
	CHECK(why && !strcmp(why, "SYMBOL(init_top_pgt)"), "a root in the hole: refused");
	fm_free(&m);
}

/* Garbage tables: any answer must be in RAM, and nothing may fault. */
static void test_garbage(struct rng *r)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	uint64_t ma, slot, ok = 0, bad_answers = 0, e;
	uint32_t i, round;

	for (round = 0; round < 4; round++) {
		fm_init(&m, 4 + (round & 1));
		map_three(&m);
		for (i = 0; i < 64; i++)
			fm_table(&m);
		for (slot = FM_TABLES; slot < m.next_table; slot += 8) {
			e = rng_next(r);
			switch (rng_below(r, 4)) {
			case 0: e &= 0x00000000ffffffffull; break;	/* low frames */
			case 1: e = (e & 0x3fff000ull) | PTE_P | (e & PTE_PS); break;
			case 2: e = (FM_TABLES + (rng_below(r, 64) << 12)) | PTE_P; break;
			}
			if (rng_below(r, 3))
				fm_put64(&m, slot, e);
		}
		walker(&pt, &m, 0, 46);
		for (i = 0; i < 20000; i++) {
			uint64_t va = rng_next(r);

			if (rng_below(r, 2))
				va |= 0xffff800000000000ull;
			if (!pgt_translate(&pt, va, &ma)) {
				ok++;
				bad_answers += !fm_in_ram(ma & ~0xfffull, 4096);
			}
		}
		fm_free(&m);
	}
	CHECK(bad_answers == 0, "garbage tables: %llu translations, none outside RAM",
	      (unsigned long long)ok);
}

static void test_ram(void)
{
	static struct ram_range r[CORE_MAX_LOADS] = {
		{ 0x1000, 0x9fc00 }, { 0x100000, 0x200000 }, { 0x5000, 0x5000 },
		{ 0x300000, 0x200000 }, { 0x1000, (1ull << 52) + 4096 },
	};
	struct ram_map m;
	uint32_t i;

	ram_map_init(&m, r, 5);
	CHECK(m.nr == 2 && m.r == r && r[1].start == 0x100000,
	      "empty, inverted and past-2^52 ranges dropped in place (%u kept)",
	      m.nr);
	CHECK(ram_contains(&m, 0x9f000, 0xc00) && !ram_contains(&m, 0x9f000, 0x1000),
	      "ram_contains: a page that runs past the range's end is not inside");
	CHECK(!ram_contains(&m, PAGE_SIZE - 1, 2) && ram_contains(&m, 0x1000, 1) &&
	      !ram_contains(&m, 0x1000, 0) && !ram_contains(&m, ~0ull, 2),
	      "ram_contains: start edge, empty and wrapping lengths");
	CHECK(!ram_contains(&m, 0x1ff000, 0x2000), "ram_contains: across a range end and a hole");
	CHECK(ram_mfn_overlaps(&m, 0x9f) && !ram_mfn_overlaps(&m, 0xa0) &&
	      !ram_mfn_overlaps(&m, 0) && ram_mfn_overlaps(&m, 0x1ff) && !ram_mfn_overlaps(&m, 0x200),
	      "ram_mfn_overlaps: the partial last page counts, the next does not");
	CHECK(ram_end_mfn(&m) == 0x200, "ram_end_mfn");
	for (i = 0; i < CORE_MAX_LOADS; i++)
		r[i] = (struct ram_range){ (uint64_t)i << 20, ((uint64_t)i << 20) + 4096 };
	ram_map_init(&m, r, CORE_MAX_LOADS);
	CHECK(m.nr == CORE_MAX_LOADS &&
	      ram_mfn_overlaps(&m, (uint64_t)(CORE_MAX_LOADS - 1) << 8) &&
	      !ram_mfn_overlaps(&m, ((uint64_t)(CORE_MAX_LOADS - 1) << 8) + 1) &&
	      ram_end_mfn(&m) == ((uint64_t)(CORE_MAX_LOADS - 1) << 8) + 1,
	      "CORE_MAX_LOADS (%u) ranges taken, the last one found", CORE_MAX_LOADS);
}

/* mem_section on the fake machine: sections of 16 MiB (4096 frames). */
static void test_mem_section(void)
{
	struct fake_crashed m;
	struct x86_pgtable pt;
	struct mem_sections ms;
	struct vmcoreinfo vi;
	char text[1024];
	uint64_t va = 0, roots_va = FM_PAGE_OFFSET4 + FM_ROOTS_MA;
	uint64_t secs_va = FM_PAGE_OFFSET4 + FM_SECTIONS_MA, coded = FM_VMEMMAP4;
	const char *why;

	fm_init(&m, 4);
	map_three(&m);
	walker(&pt, &m, 0, 46);
	/* 2^(46-24) sections, 128 per root: 32768 roots. */
	snprintf(text, sizeof(text),
		 "SYMBOL(mem_section)=%llx\nLENGTH(mem_section)=32768\nSIZE(mem_section)=32\n"
		 "OFFSET(mem_section.section_mem_map)=0\nNUMBER(SECTION_SIZE_BITS)=24\n"
		 "NUMBER(MAX_PHYSMEM_BITS)=46\nSIZE(page)=64\n", (unsigned long long)roots_va);
	vi_of(&vi, text);
	why = mem_sections_init(&ms, &vi);
	CHECK(!why && ms.extreme && ms.per_root == 128 && ms.mfn_shift == 12,
	      "SPARSEMEM_EXTREME recognised from LENGTH(mem_section) (%s)", why ? why : "ok");
	fm_put64(&m, FM_ROOTS_MA, secs_va);
	fm_put64(&m, FM_SECTIONS_MA + 0 * 32, coded | 0x1 | 0x4);	/* present, online */
	fm_put64(&m, FM_SECTIONS_MA + 1 * 32, coded | 0x3);
	fm_put64(&m, FM_SECTIONS_MA + 2 * 32, 0);			/* the hole */
	fm_put64(&m, FM_SECTIONS_MA + 3 * 32, 0x1234000ull | 1);	/* user address */
	CHECK(ms_page_vaddr(&ms, &pt, 5, &va) == MS_OK && va == FM_VMEMMAP4 + 5 * 64,
	      "section 0: struct page = map & ~0x1f + mfn * 64");
	CHECK(ms_page_vaddr(&ms, &pt, 4096 + 7, &va) == MS_OK &&
	      va == FM_VMEMMAP4 + (4096 + 7) * 64, "section 1: flag bits masked off");
	CHECK(ms_page_vaddr(&ms, &pt, 8192, &va) == MS_HOLE, "section 2 not present: hole");
	CHECK(ms_page_vaddr(&ms, &pt, 12288, &va) == MS_BAD, "section 3's map is no kernel address: bad");
	CHECK(ms_page_vaddr(&ms, &pt, 128 * 4096, &va) == MS_HOLE, "root 1 is 0: hole");
	fm_put64(&m, FM_ROOTS_MA + 8, 0xffffc90000000000ull);	/* unmapped */
	ms.last_valid = 0;	/* memory changed under the cache */
	CHECK(ms_page_vaddr(&ms, &pt, 128 * 4096, &va) == MS_BAD, "root 1 unmapped: bad");
	CHECK(ms_page_vaddr(&ms, &pt, 1ull << 40, &va) == MS_HOLE, "past MAX_PHYSMEM_BITS: hole");
	ms.last_valid = 0;
	ms.lookups = 0;
	for (va = 0; va < 4096; va++)
		ms_page_vaddr(&ms, &pt, va, &coded);
	CHECK(ms.lookups == 1, "4096 frames of one section: 1 section read");

	/* The flat model: LENGTH = number of sections. */
	snprintf(text, sizeof(text),
		 "SYMBOL(mem_section)=%llx\nLENGTH(mem_section)=4194304\nSIZE(mem_section)=32\n"
		 "OFFSET(mem_section.section_mem_map)=0\nNUMBER(SECTION_SIZE_BITS)=24\n"
		 "NUMBER(MAX_PHYSMEM_BITS)=46\nSIZE(page)=64\n", (unsigned long long)secs_va);
	vi_of(&vi, text);
	CHECK(!mem_sections_init(&ms, &vi) && !ms.extreme &&
	      ms_page_vaddr(&ms, &pt, 4096 + 1, &va) == MS_OK && va == FM_VMEMMAP4 + 4097 * 64,
	      "flat mem_section array: the section is read in place");
	snprintf(text, sizeof(text),
		 "SYMBOL(mem_section)=%llx\nLENGTH(mem_section)=1000\nSIZE(mem_section)=32\n"
		 "OFFSET(mem_section.section_mem_map)=0\nNUMBER(SECTION_SIZE_BITS)=24\n"
		 "NUMBER(MAX_PHYSMEM_BITS)=46\nSIZE(page)=64\n", (unsigned long long)secs_va);
	why = mem_sections_init(&ms, &vi);
	CHECK(why && !strcmp(why, "LENGTH(mem_section)"), "LENGTH neither model: refused");
	snprintf(text, sizeof(text),
		 "SYMBOL(mem_section)=%llx\nLENGTH(mem_section)=32768\nSIZE(mem_section)=32\n"
		 "OFFSET(mem_section.section_mem_map)=0\nNUMBER(MAX_PHYSMEM_BITS)=46\nSIZE(page)=64\n",
		 (unsigned long long)secs_va);
	why = mem_sections_init(&ms, &vi);
	CHECK(why && !strcmp(why, "NUMBER(SECTION_SIZE_BITS)"), "no SECTION_SIZE_BITS: refused");
	fm_free(&m);
}

int main(void)
{
	struct rng r;

	rng_init(&r, check_seed(0xf117e4));
	test_ram();
	test_translate(4);
	test_translate(5);
	test_canonical();
	test_bad_entries(4);
	test_bad_entries(5);
	test_loops(4);
	test_loops(5);
	test_read_fail_and_sme();
	test_cache();
	test_vmcoreinfo();
	test_garbage(&r);
	test_mem_section();
	return check_exit();
}
