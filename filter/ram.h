/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed system's RAM as the vmcore's PT_LOADs describe it: a short
 * list of machine address ranges.  The filter trusts a frame number it
 * reads from oldmem only if the frame lies inside one of these ranges.
 */
#ifndef FILTER_RAM_H
#define FILTER_RAM_H

#include <p2mdump/types.h>

#define RAM_MAX_RANGES	128	/* a vmcore has at most 71 PT_LOADs */
#define RAM_MAX_MADDR	(1ull << 52)	/* x86's widest physical address */

struct ram_range {
	uint64_t start, end;	/* maddr, end exclusive */
};

struct ram_map {
	uint32_t nr;
	struct ram_range r[RAM_MAX_RANGES];
};

/*
 * Copies @nr ranges (any order, may overlap; empty ones and ones that end
 * past RAM_MAX_MADDR are dropped).  Returns 0, or -1 if there are more
 * than RAM_MAX_RANGES.
 */
int ram_map_init(struct ram_map *m, const struct ram_range *r, uint32_t nr);

/* True if [@maddr, @maddr + @len) lies inside one range; len > 0. */
int ram_contains(const struct ram_map *m, uint64_t maddr, uint64_t len);

/* True if any byte of the 4 KiB frame @mfn is inside a range. */
int ram_mfn_overlaps(const struct ram_map *m, uint64_t mfn);

/* One past the highest frame that overlaps RAM (0 if no RAM). */
uint64_t ram_end_mfn(const struct ram_map *m);

#endif
