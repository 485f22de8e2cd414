// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the extent map's checker and lookup (lib/extent_map.c),
 * which the capture kernel runs on the map in its pages before it writes a
 * sector.  The input: the device's size (5 bytes, in sectors), the number
 * of extents (1 byte: up to 255, well inside EXTENT_MAP_MAX, so an input
 * stays fast), a mode byte, then per extent a disk sector (5 bytes) and a
 * count (3 bytes).  Mode bit 0 set: logical sectors come raw from the
 * input (5 bytes each, before the disk sector), else they follow one
 * another as the rules want, so that the disk rules are reached.
 * Checked: the verdict is what a plain reading of the rules gives; for an
 * accepted map the total is the sum, every extent's first and last byte
 * look up to that extent and device byte, a lookup never runs past its
 * extent or the length asked, and a lookup past the end fails.
 */
#include "fuzz.h"
#include "lib/extent_map.h"

#define MAX_FUZZ_EXTENTS	255

/* The rules of extent_map.h, read plainly: true if @map is acceptable. */
static int acceptable(const struct dump_extent *map, uint32_t n, uint64_t dev)
{
	uint64_t next = 0;
	uint32_t i, j;

	if (n == 0 || n > EXTENT_MAP_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		const struct dump_extent *e = &map[i];

		if (e->nr_sectors == 0 || e->logical_sector >= EXTENT_SECTOR_LIMIT ||
		    e->disk_sector >= EXTENT_SECTOR_LIMIT ||
		    e->nr_sectors >= EXTENT_SECTOR_LIMIT)
			return 0;
		if (e->logical_sector != next)
			return 0;
		next += e->nr_sectors;
		if (e->disk_sector + e->nr_sectors > dev)
			return 0;
		for (j = 0; j < i; j++)
			if (e->disk_sector < map[j].disk_sector + map[j].nr_sectors &&
			    map[j].disk_sector < e->disk_sector + e->nr_sectors)
				return 0;
	}
	return 1;
}

/* Looks up logical byte @at and checks the piece against extent @i. */
static void check_at(const struct dump_extent *map, uint32_t n, uint32_t i,
		     uint64_t at, uint64_t len)
{
	const struct dump_extent *e = &map[i];
	uint64_t into = at - e->logical_sector * DISK_SECTOR_SIZE;
	struct extent_piece p;

	FUZZ_ASSERT(extent_map_lookup(map, n, at, len, &p) == 0);
	FUZZ_ASSERT(p.index == i);
	FUZZ_ASSERT(p.disk_byte == e->disk_sector * DISK_SECTOR_SIZE + into);
	FUZZ_ASSERT(p.bytes <= len);
	FUZZ_ASSERT(p.bytes == len || into + p.bytes == e->nr_sectors * DISK_SECTOR_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dump_extent map[MAX_FUZZ_EXTENTS];
	struct fuzz_in in = { data, size };
	uint64_t dev = fuzz_take(&in, 5), total = 0, len;
	uint32_t n = (uint32_t)fuzz_take(&in, 1), i, bad = 0;
	unsigned int mode = (unsigned int)fuzz_take(&in, 1);
	enum extent_err err;
	struct extent_piece p;

	for (i = 0; i < n; i++) {
		map[i].logical_sector = (mode & 1) ? fuzz_take(&in, 5) : total;
		map[i].disk_sector = fuzz_take(&in, 5);
		map[i].nr_sectors = fuzz_take(&in, 3);
		total += map[i].nr_sectors;
	}
	err = extent_map_check(map, n, dev, &bad);
	FUZZ_ASSERT((err == EXTENT_OK) == acceptable(map, n, dev));
	FUZZ_ASSERT(extent_map_strerror(err) != NULL);
	if (err != EXTENT_OK) {
		FUZZ_ASSERT(n == 0 || bad < n);
		return 0;
	}
	FUZZ_ASSERT(extent_map_sectors(map, n) == total);
	len = fuzz_take(&in, 4) + 1;
	for (i = 0; i < n; i++) {
		uint64_t first = map[i].logical_sector * DISK_SECTOR_SIZE;
		uint64_t last = first + map[i].nr_sectors * DISK_SECTOR_SIZE - 1;

		check_at(map, n, i, first, len);
		check_at(map, n, i, last, len);
	}
	FUZZ_ASSERT(extent_map_lookup(map, n, total * DISK_SECTOR_SIZE, 1, &p) < 0);
	return 0;
}
