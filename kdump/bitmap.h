/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kdump bitmaps, one block at a time: block i holds pfns
 * [i * KDUMP_BITMAP_PFNS, (i + 1) * KDUMP_BITMAP_PFNS), LSB first.
 */
#ifndef KDUMP_BITMAP_H
#define KDUMP_BITMAP_H

#include "format.h"
#include "elfcore/vmcore.h"

#define KDUMP_BITMAP_PFNS	(KDUMP_BLOCK_SIZE * 8)

/* Highest pfn + 1 that a PT_LOAD of @d touches (partial pages count). */
uint64_t kdump_max_mapnr(const struct core_desc *d);

/*
 * Fills bitmap block @i with the pfns the PT_LOADs of @d touch (the RAM
 * bitmap); returns the number of bits set.
 */
uint32_t kdump_ram_bitmap(uint8_t *block, uint64_t i, const struct core_desc *d);

/* Sets bit @pfn - @first in @block. */
static inline void bitmap_set(uint8_t *block, uint64_t first, uint64_t pfn)
{
	uint32_t bit = (uint32_t)(pfn - first);

	block[bit >> 3] |= (uint8_t)(1u << (bit & 7));
}

/* True if bit @bit of @block is set. */
static inline int bitmap_test(const uint8_t *block, uint32_t bit)
{
	return block[bit >> 3] >> (bit & 7) & 1;
}

/* The number of bits set in @block. */
uint32_t bitmap_weight(const uint8_t *block);

#endif
