/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake crashed x86_64 machine for the filter/ unit tests: an array
 * standing in for its RAM, hand-built 4- or 5-level page tables, and a
 * read callback that refuses anything outside RAM.
 *
 *   maddr 0        .. 32 MiB   RAM (range 0)
 *         32 MiB   .. 48 MiB   hole
 *         48 MiB   .. 64 MiB   RAM (range 1)
 *
 *   FM_TABLES      page-table frames, handed out in order (fm_table())
 *   FM_VMEMMAP_MA  struct pages, 64 bytes per frame (2 MiB-aligned)
 *   FM_ROOTS_MA    mem_section roots; FM_SECTIONS_MA the sections
 */
#ifndef TESTS_UNIT_FAKE_CRASHED_H
#define TESTS_UNIT_FAKE_CRASHED_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "filter/ram.h"

#define FM_RAM_BYTES	(64ull << 20)
#define FM_FRAMES	(FM_RAM_BYTES >> 12)
#define FM_HOLE_START	(32ull << 20)
#define FM_HOLE_END	(48ull << 20)
#define FM_TABLES	(1ull << 20)		/* 1 MiB .. 4 MiB: tables */
#define FM_TABLES_END	(4ull << 20)
#define FM_VMEMMAP_MA	(8ull << 20)		/* 1 MiB of struct pages */
#define FM_ROOTS_MA	(12ull << 20)		/* 256 KiB of roots */
#define FM_SECTIONS_MA	(13ull << 20)

#define FM_PAGE_OFFSET4	0xffff888000000000ull	/* direct map, 4 levels */
#define FM_PAGE_OFFSET5	0xff11000000000000ull	/* direct map, 5 levels */
#define FM_VMEMMAP4	0xffffea0000000000ull
#define FM_VMEMMAP5	0xffd4000000000000ull
#define FM_KTEXT	0xffffffff80080000ull	/* init_top_pgt's vaddr */

#define PTE_P		0x1ull
#define PTE_RW		0x2ull
#define PTE_PS		0x80ull
#define PTE_NX		(1ull << 63)

struct fake_crashed {
	uint8_t *ram;
	uint64_t next_table;
	uint64_t root;
	uint32_t levels;
	uint64_t fail_maddr;		/* a read touching it fails (0: none) */
	uint64_t reads;
	struct ram_range ranges[2];
};

static inline int fm_in_ram(uint64_t maddr, uint64_t len)
{
	uint64_t end = maddr + len;

	if (end < maddr || end > FM_RAM_BYTES)
		return 0;
	return end <= FM_HOLE_START || maddr >= FM_HOLE_END;
}

/* The read callback. */
static inline int fm_read(void *ctx, uint64_t maddr, void *dst, uint32_t len)
{
	struct fake_crashed *m = ctx;

	m->reads++;
	if (!len || !fm_in_ram(maddr, len))
		return -1;
	if (m->fail_maddr && maddr <= m->fail_maddr && m->fail_maddr < maddr + len)
		return -1;
	memcpy(dst, m->ram + maddr, len);
	return 0;
}

static inline uint64_t fm_get64(struct fake_crashed *m, uint64_t maddr)
{
	uint64_t v;

	memcpy(&v, m->ram + maddr, 8);
	return v;
}

static inline void fm_put64(struct fake_crashed *m, uint64_t maddr, uint64_t v)
{
	memcpy(m->ram + maddr, &v, 8);
}

/* A zeroed 4 KiB table frame. */
static inline uint64_t fm_table(struct fake_crashed *m)
{
	uint64_t t = m->next_table;

	if (t >= FM_TABLES_END)
		abort();
	m->next_table += 4096;
	memset(m->ram + t, 0, 4096);
	return t;
}

static inline void fm_init(struct fake_crashed *m, uint32_t levels)
{
	memset(m, 0, sizeof(*m));
	m->ram = calloc(1, FM_RAM_BYTES);
	if (!m->ram)
		abort();
	m->levels = levels;
	m->next_table = FM_TABLES;
	m->root = fm_table(m);
	m->ranges[0] = (struct ram_range){ 0, FM_HOLE_START };
	m->ranges[1] = (struct ram_range){ FM_HOLE_END, FM_RAM_BYTES };
}

static inline void fm_free(struct fake_crashed *m)
{
	free(m->ram);
	m->ram = NULL;
}

static inline uint32_t fm_shift(uint32_t level)
{
	return 12 + 9 * (level - 1);
}

/* The maddr of @va's entry at @level (tables above it must exist). */
static inline uint64_t fm_entry(struct fake_crashed *m, uint64_t va,
				uint32_t level)
{
	uint64_t t = m->root, e;
	uint32_t l;

	for (l = m->levels; ; l--) {
		uint64_t slot = t + 8 * ((va >> fm_shift(l)) & 511);

		if (l == level)
			return slot;
		e = fm_get64(m, slot);
		if (!(e & PTE_P) || (e & PTE_PS))
			abort();
		t = e & 0x000ffffffffff000ull;
	}
}

/* Maps @va -> @ma with a leaf of @size (4 KiB, 2 MiB or 1 GiB). */
static inline void fm_map(struct fake_crashed *m, uint64_t va, uint64_t ma,
			  uint64_t size)
{
	uint32_t leaf = size == 4096 ? 1 : size == (2ull << 20) ? 2 : 3, l;
	uint64_t t = m->root, slot, e;

	for (l = m->levels; l > leaf; l--) {
		slot = t + 8 * ((va >> fm_shift(l)) & 511);
		e = fm_get64(m, slot);
		if (!(e & PTE_P)) {
			e = fm_table(m) | PTE_P | PTE_RW;
			fm_put64(m, slot, e);
		}
		t = e & 0x000ffffffffff000ull;
	}
	slot = t + 8 * ((va >> fm_shift(leaf)) & 511);
	fm_put64(m, slot, ma | PTE_P | PTE_RW | PTE_NX | (leaf > 1 ? PTE_PS : 0));
}

#endif
