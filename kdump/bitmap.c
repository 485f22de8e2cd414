// SPDX-License-Identifier: GPL-2.0
/* The RAM bitmap from the PT_LOADs.  See bitmap.h. */
#include "bitmap.h"
#include "lib/string.h"

uint64_t kdump_max_mapnr(const struct core_desc *d)
{
	uint64_t max = 0, end;
	uint32_t i;

	for (i = 0; i < d->nr_loads; i++) {
		end = page_round_up(d->loads[i].maddr + d->loads[i].size) >> PAGE_SHIFT;
		if (end > max)
			max = end;
	}
	return max;
}

/* Sets bits [from, to) of @block (bit numbers within the block). */
static void set_bits(uint8_t *block, uint32_t from, uint32_t to)
{
	for (; from < to && (from & 7); from++)
		block[from >> 3] |= (uint8_t)(1u << (from & 7));
	if (to - from >= 8) {
		memset(block + (from >> 3), 0xff, (to - from) >> 3);
		from += (to - from) & ~7u;
	}
	for (; from < to; from++)
		block[from >> 3] |= (uint8_t)(1u << (from & 7));
}

uint32_t kdump_ram_bitmap(uint8_t *block, uint64_t i, const struct core_desc *d)
{
	uint64_t first = i * KDUMP_BITMAP_PFNS, last = first + KDUMP_BITMAP_PFNS;
	uint64_t lo, hi;
	uint32_t k;

	memset(block, 0, KDUMP_BLOCK_SIZE);
	for (k = 0; k < d->nr_loads; k++) {
		if (!d->loads[k].size)
			continue;
		lo = d->loads[k].maddr >> PAGE_SHIFT;
		hi = page_round_up(d->loads[k].maddr + d->loads[k].size) >> PAGE_SHIFT;
		if (lo < first)
			lo = first;
		if (hi > last)
			hi = last;
		if (lo < hi)
			set_bits(block, (uint32_t)(lo - first), (uint32_t)(hi - first));
	}
	return bitmap_weight(block);
}

uint32_t bitmap_weight(const uint8_t *block)
{
	uint32_t n = 0, i;
	uint8_t b;

	for (i = 0; i < KDUMP_BLOCK_SIZE; i++)
		for (b = block[i]; b; b &= (uint8_t)(b - 1))
			n++;
	return n;
}
