// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for lib/extent_map.c: maps it takes (a whole disk, a
 * scrambled file, extents that touch), every refusal with the index it
 * names, the device boundary to the sector, the count bound (and how long
 * the O(n^2) overlap check takes there), lookups at every extent edge,
 * and seeded random maps against a sector-by-sector model.
 */
#include <stdint.h>
#include <time.h>
#include "check.h"
#include "rng.h"
#include "lib/extent_map.h"
#include "extents.h"

#define S DISK_SECTOR_SIZE

static struct dump_extent big[EXTENT_MAP_MAX + 1];

/* Checks that @map is refused with @want naming extent @at. */
static void refused(const char *what, const struct dump_extent *map,
		    uint32_t n, uint64_t dev, enum extent_err want, uint32_t at)
{
	uint32_t bad = 999;
	enum extent_err err = extent_map_check(map, n, dev, &bad);

	CHECK(err == want && bad == at, "refuse: %s: \"%s\" at %u (got %d at %u)",
	      what, extent_map_strerror(want), at, err, bad);
}

static void test_good(void)
{
	const struct dump_extent whole[] = { { 0, 0, 1000 } };
	const struct dump_extent scrambled[] = {
		{ 0, 700, 100 }, { 100, 10, 50 }, { 150, 300, 200 } };
	const struct dump_extent touching[] = {
		{ 0, 50, 50 }, { 50, 0, 50 }, { 100, 100, 1 } };

	CHECK(extent_map_check(whole, 1, 1000, NULL) == EXTENT_OK &&
	      extent_map_sectors(whole, 1) == 1000,
	      "good: a whole disk is one extent {0, 0, 1000}");
	CHECK(extent_map_check(scrambled, 3, 800, NULL) == EXTENT_OK &&
	      extent_map_sectors(scrambled, 3) == 350,
	      "good: three extents out of disk order with gaps, 350 sectors");
	CHECK(extent_map_check(touching, 3, 101, NULL) == EXTENT_OK,
	      "good: disk ranges that touch do not overlap");
	CHECK(extent_map_check(whole, 1, EXTENT_SECTOR_LIMIT, NULL) == EXTENT_OK,
	      "good: the loader's check, device size unknown");
	CHECK(extent_map_sectors(whole, 0) == 0, "good: no extents, 0 sectors");
}

static void test_refusals(void)
{
	const struct dump_extent one[] = { { 0, 0, 8 } };
	const struct dump_extent empty[] = { { 0, 0, 8 }, { 8, 8, 0 } };
	const struct dump_extent not0[] = { { 1, 0, 8 } };
	const struct dump_extent hole[] = { { 0, 0, 8 }, { 9, 8, 8 } };
	const struct dump_extent back[] = { { 0, 0, 8 }, { 7, 8, 8 } };
	const struct dump_extent past[] = { { 0, 0, 8 }, { 8, 93, 8 } };
	const struct dump_extent ovl[] = { { 0, 40, 8 }, { 8, 0, 8 },
					   { 16, 47, 2 } };
	const struct dump_extent same[] = { { 0, 4, 4 }, { 4, 4, 4 } };
	const struct dump_extent inside[] = { { 0, 0, 100 }, { 100, 50, 1 } };
	const struct dump_extent huge_n[] = { { 0, 0, EXTENT_SECTOR_LIMIT } };
	const struct dump_extent huge_d[] = { { 0, EXTENT_SECTOR_LIMIT, 1 } };
	const struct dump_extent huge_sum[] = {
		{ 0, 0, EXTENT_SECTOR_LIMIT - 1 },
		{ EXTENT_SECTOR_LIMIT - 1, 0, 1 } };
	const struct dump_extent wrap[] = { { 0, ~0ull - 3, 8 } };

	refused("no extents", one, 0, 100, EXTENT_ERR_COUNT, 0);
	refused("EXTENT_MAP_MAX + 1 extents", one, EXTENT_MAP_MAX + 1, 100,
		EXTENT_ERR_COUNT, 0);
	refused("an empty extent", empty, 2, 100, EXTENT_ERR_EMPTY, 1);
	refused("first logical sector 1", not0, 1, 100, EXTENT_ERR_LOGICAL, 0);
	refused("a logical hole", hole, 2, 100, EXTENT_ERR_LOGICAL, 1);
	refused("logical overlap", back, 2, 100, EXTENT_ERR_LOGICAL, 1);
	refused("a range one sector past the device", past, 2, 100,
		EXTENT_ERR_DEVICE, 1);
	CHECK(extent_map_check(past, 2, 101, NULL) == EXTENT_OK,
	      "refuse: ... and the same range on a device one sector larger");
	refused("the whole map on a 7-sector device", one, 1, 7,
		EXTENT_ERR_DEVICE, 0);
	refused("disk ranges sharing one sector", ovl, 3, 100,
		EXTENT_ERR_OVERLAP, 2);
	refused("the same disk range twice", same, 2, 100,
		EXTENT_ERR_OVERLAP, 1);
	refused("a range inside another", inside, 2, 100,
		EXTENT_ERR_OVERLAP, 1);
	refused("nr_sectors 2^55", huge_n, 1, ~0ull, EXTENT_ERR_TOO_BIG, 0);
	refused("disk_sector 2^55", huge_d, 1, ~0ull, EXTENT_ERR_TOO_BIG, 0);
	refused("a total of 2^55 sectors", huge_sum, 2, ~0ull,
		EXTENT_ERR_TOO_BIG, 1);
	refused("disk_sector near 2^64 (no wrap)", wrap, 1, ~0ull,
		EXTENT_ERR_TOO_BIG, 0);
	CHECK(extent_map_strerror((enum extent_err)99)[0] != '\0' &&
	      extent_map_strerror(EXTENT_ERR_OVERLAP) !=
	      extent_map_strerror(EXTENT_ERR_DEVICE),
	      "refuse: every reason has its own line");
}

/* The bound: EXTENT_MAP_MAX one-sector extents in reverse disk order. */
static void test_bound(void)
{
	struct timespec t0, t1;
	uint32_t i, bad;
	enum extent_err err;
	double ms;

	for (i = 0; i <= EXTENT_MAP_MAX; i++)
		big[i] = (struct dump_extent){ i, 2ull * (EXTENT_MAP_MAX - i), 1 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = extent_map_check(big, EXTENT_MAP_MAX, 2 * EXTENT_MAP_MAX + 1, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(err == EXTENT_OK, "bound: %u extents taken, overlap check %.1f ms",
	      EXTENT_MAP_MAX, ms);
	CHECK(extent_map_check(big, EXTENT_MAP_MAX + 1, 2 * EXTENT_MAP_MAX + 1,
			       NULL) == EXTENT_ERR_COUNT,
	      "bound: %u extents refused", EXTENT_MAP_MAX + 1);
	big[EXTENT_MAP_MAX - 1].disk_sector = big[0].disk_sector;
	err = extent_map_check(big, EXTENT_MAP_MAX, 2 * EXTENT_MAP_MAX + 1, &bad);
	CHECK(err == EXTENT_ERR_OVERLAP && bad == EXTENT_MAP_MAX - 1,
	      "bound: the last extent overlapping the first is found");
}

/* Lookups at both edges of every extent of a scrambled map. */
static void test_lookup_edges(void)
{
	const struct dump_extent map[] = {
		{ 0, 700, 100 }, { 100, 10, 50 }, { 150, 300, 200 } };
	struct extent_piece p = { 7, 7, 7 };
	uint32_t i, bad = 0;

	for (i = 0; i < 3; i++) {
		uint64_t first = map[i].logical_sector * S;
		uint64_t last = first + map[i].nr_sectors * S - 1;

		bad += extent_map_lookup(map, 3, first, ~0ull, &p) ||
		       p.index != i || p.disk_byte != map[i].disk_sector * S ||
		       p.bytes != map[i].nr_sectors * S;
		bad += extent_map_lookup(map, 3, last, ~0ull, &p) ||
		       p.index != i || p.bytes != 1 ||
		       p.disk_byte != (map[i].disk_sector + map[i].nr_sectors) * S - 1;
		bad += extent_map_lookup(map, 3, first + S, 3 * S, &p) ||
		       p.bytes != 3 * S;
	}
	CHECK(bad == 0, "lookup: first and last byte of each extent, and a "
	      "range shorter than the extent");
	CHECK(extent_map_lookup(map, 3, 99 * S + 17, 4 * S, &p) == 0 &&
	      p.index == 0 && p.disk_byte == 799 * S + 17 && p.bytes == S - 17,
	      "lookup: a range crossing an extent end stops there");
	p.index = 77;
	CHECK(extent_map_lookup(map, 3, 350 * S, 1, &p) == -1 && p.index == 77,
	      "lookup: the byte after the map is refused, nothing changed");
	CHECK(extent_map_lookup(map, 3, ~0ull, 1, &p) == -1,
	      "lookup: byte 2^64 - 1 is refused");
	CHECK(extent_map_lookup(map, 0, 0, 1, &p) == -1,
	      "lookup: an empty map holds nothing");
}

/* Random maps: every sector's lookup against a walk of the extents. */
static void test_random(struct rng *r)
{
	static struct dump_extent map[64];
	struct extent_piece p;
	uint32_t round, n, i, k, bad = 0, lookups = 0;

	for (round = 0; round < 200; round++) {
		uint64_t total, disk, s;

		n = (uint32_t)rng_range(r, 1, 64);
		disk = scrambled_extents(r, map, n, 9, 3, &total);
		bad += extent_map_check(map, n, disk, NULL) != EXTENT_OK;
		bad += extent_map_check(map, n, disk - 1, NULL) != EXTENT_ERR_DEVICE;
		for (i = 0, s = 0; i < n; i++)
			for (k = 0; k < map[i].nr_sectors; k++, s++, lookups++)
				bad += extent_map_lookup(map, n, s * S + 5, ~0ull, &p) ||
				       p.index != i ||
				       p.disk_byte != (map[i].disk_sector + k) * S + 5 ||
				       p.bytes != (map[i].nr_sectors - k) * S - 5;
	}
	CHECK(bad == 0, "random: 200 shuffled maps taken, refused one sector "
	      "smaller, %u lookups as the model says", lookups);
}

int main(int argc, char **argv)
{
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20261202);
	RUN_GROUP("good", test_good());
	RUN_GROUP("refusals", test_refusals());
	RUN_GROUP("bound", test_bound());
	RUN_GROUP("lookup-edges", test_lookup_edges());
	RUN_GROUP("random", test_random(rng_fresh(seed)));
	return check_exit();
}
