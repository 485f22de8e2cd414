// SPDX-License-Identifier: GPL-2.0
/* The extent map, checked and looked up.  See extent_map.h. */
#include "extent_map.h"

/* Each extent alone: not empty, no number past the limit, logical order. */
static enum extent_err check_one(const struct dump_extent *e, uint64_t logical,
				 uint64_t device_sectors)
{
	if (e->nr_sectors == 0)
		return EXTENT_ERR_EMPTY;
	if (e->nr_sectors >= EXTENT_SECTOR_LIMIT ||
	    e->disk_sector >= EXTENT_SECTOR_LIMIT ||
	    e->logical_sector >= EXTENT_SECTOR_LIMIT)
		return EXTENT_ERR_TOO_BIG;
	if (e->logical_sector != logical)
		return EXTENT_ERR_LOGICAL;
	/* Both below 2^55: the sum cannot wrap. */
	if (e->disk_sector + e->nr_sectors > device_sectors)
		return EXTENT_ERR_DEVICE;
	return EXTENT_OK;
}

/* True if the disk ranges of @a and @b share a sector. */
static int overlap(const struct dump_extent *a, const struct dump_extent *b)
{
	return a->disk_sector < b->disk_sector + b->nr_sectors &&
	       b->disk_sector < a->disk_sector + a->nr_sectors;
}

enum extent_err extent_map_check(const struct dump_extent *map, uint32_t n,
				 uint64_t device_sectors, uint32_t *bad)
{
	uint64_t logical = 0;
	enum extent_err err;
	uint32_t i, j;

	if (bad)
		*bad = 0;
	if (n == 0 || n > EXTENT_MAP_MAX)
		return EXTENT_ERR_COUNT;
	for (i = 0; i < n; i++) {
		err = check_one(&map[i], logical, device_sectors);
		if (err == EXTENT_OK && logical + map[i].nr_sectors >=
					EXTENT_SECTOR_LIMIT)
			err = EXTENT_ERR_TOO_BIG;
		if (err != EXTENT_OK) {
			if (bad)
				*bad = i;
			return err;
		}
		logical += map[i].nr_sectors;
	}
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (overlap(&map[i], &map[j])) {
				if (bad)
					*bad = i;
				return EXTENT_ERR_OVERLAP;
			}
	return EXTENT_OK;
}

const char *extent_map_strerror(enum extent_err err)
{
	static const char *const why[EXTENT_NR_ERRS] = {
		[EXTENT_OK] = "extent map ok",
		[EXTENT_ERR_COUNT] = "extent map has no extents or too many",
		[EXTENT_ERR_EMPTY] = "extent map has an extent of 0 sectors",
		[EXTENT_ERR_TOO_BIG] = "extent map has a sector number past 2^55",
		[EXTENT_ERR_LOGICAL] = "extent map is not contiguous from logical sector 0",
		[EXTENT_ERR_DEVICE] = "extent map reaches past the end of the device",
		[EXTENT_ERR_OVERLAP] = "extent map has overlapping disk ranges",
	};

	return (unsigned int)err < EXTENT_NR_ERRS ? why[err] :
	       "extent map: unknown error";
}

uint64_t extent_map_sectors(const struct dump_extent *map, uint32_t n)
{
	return n ? map[n - 1].logical_sector + map[n - 1].nr_sectors : 0;
}

int extent_map_lookup(const struct dump_extent *map, uint32_t n,
		      uint64_t offset, uint64_t len, struct extent_piece *out)
{
	uint64_t sector = offset / DISK_SECTOR_SIZE, end;
	uint32_t lo = 0, hi = n, mid;

	if (sector >= extent_map_sectors(map, n))
		return -1;
	/* The last extent whose logical_sector <= sector: in [lo, hi). */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (map[mid].logical_sector <= sector)
			lo = mid;
		else
			hi = mid;
	}
	end = (map[lo].logical_sector + map[lo].nr_sectors) * DISK_SECTOR_SIZE;
	out->index = lo;
	out->disk_byte = map[lo].disk_sector * DISK_SECTOR_SIZE +
			 (offset - map[lo].logical_sector * DISK_SECTOR_SIZE);
	out->bytes = end - offset < len ? end - offset : len;
	return 0;
}
