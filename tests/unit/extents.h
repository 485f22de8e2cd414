/* SPDX-License-Identifier: GPL-2.0 */
/* Seeded extent maps for the unit tests (test_extent_map, test_capture_target). */
#ifndef TESTS_UNIT_EXTENTS_H
#define TESTS_UNIT_EXTENTS_H

#include <p2mdump/extent_map.h>
#include "rng.h"

/*
 * A valid map of @n extents in @map, scrambled: runs of 1 .. @max_len
 * sectors laid out on the disk in order with gaps of 0 .. @max_gap - 1
 * sectors, then shuffled and given logical sectors in their new order.
 * Returns the end of the last disk run (the smallest disk that holds the
 * map); *@total gets the map's sectors.
 */
static inline uint64_t scrambled_extents(struct rng *r, struct dump_extent *map,
					 uint32_t n, uint64_t max_len,
					 uint64_t max_gap, uint64_t *total)
{
	uint64_t disk = 0, logical = 0;
	uint32_t i, k;

	for (i = 0; i < n; i++) {
		map[i].disk_sector = disk + rng_below(r, max_gap);
		map[i].nr_sectors = rng_range(r, 1, max_len);
		disk = map[i].disk_sector + map[i].nr_sectors;
	}
	for (i = n - 1; i > 0; i--) {
		struct dump_extent t = map[i];

		k = (uint32_t)rng_below(r, i + 1);
		map[i] = map[k];
		map[k] = t;
	}
	for (i = 0; i < n; i++) {
		map[i].logical_sector = logical;
		logical += map[i].nr_sectors;
	}
	*total = logical;
	return disk;
}

#endif
