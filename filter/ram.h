/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed system's RAM as the vmcore's PT_LOADs describe it: a short
 * list of machine address ranges.  The filter trusts a frame number it
 * reads from oldmem only if the frame lies inside one of these ranges.
 */
#ifndef FILTER_RAM_H
#define FILTER_RAM_H

#include <p2mdump/types.h>

#define RAM_MAX_MADDR	(1ull << 52)	/* x86's widest physical address */

struct ram_range {
	uint64_t start, end;	/* maddr, end exclusive */
};

/* The ranges live with the caller (the capture kernel: one pool
 * allocation sized from the PT_LOADs), so any number of them is taken. */
struct ram_map {
	uint32_t nr;
	const struct ram_range *r;
};

/*
 * Keeps the @nr ranges at @r (any order, may overlap), compacted in
 * place: empty ones and ones that end past RAM_MAX_MADDR are dropped.
 * @r must outlive @m.
 */
void ram_map_init(struct ram_map *m, struct ram_range *r, uint32_t nr);

/* True if [@maddr, @maddr + @len) lies inside one range; len > 0. */
int ram_contains(const struct ram_map *m, uint64_t maddr, uint64_t len);

/* True if any byte of the 4 KiB frame @mfn is inside a range. */
int ram_mfn_overlaps(const struct ram_map *m, uint64_t mfn);

/* One past the highest frame that overlaps RAM (0 if no RAM). */
uint64_t ram_end_mfn(const struct ram_map *m);

#endif
