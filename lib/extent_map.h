/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The extent map (include/p2mdump/extent_map.h), checked and looked up:
 * pure functions, no allocation, built for the capture kernel, the loader
 * core (module, CLI, guest harness) and the host tests alike.
 */
#ifndef LIB_EXTENT_MAP_H
#define LIB_EXTENT_MAP_H

#include <p2mdump/extent_map.h>

/* Why extent_map_check() refused a map; extent_map_strerror() says it. */
enum extent_err {
	EXTENT_OK = 0,
	EXTENT_ERR_COUNT,	/* no extents, or more than EXTENT_MAP_MAX */
	EXTENT_ERR_EMPTY,	/* an extent of 0 sectors */
	EXTENT_ERR_TOO_BIG,	/* a sector number or count >= 2^55 */
	EXTENT_ERR_LOGICAL,	/* logical sectors do not start at 0 and
				 * follow one another */
	EXTENT_ERR_DEVICE,	/* a disk range ends past the device */
	EXTENT_ERR_OVERLAP,	/* two disk ranges share a sector */
	EXTENT_NR_ERRS,
};

/*
 * Checks @map's @n extents against the rules of extent_map.h on a device
 * of @device_sectors sectors (EXTENT_SECTOR_LIMIT when the device is not
 * known yet: the loader).  EXTENT_OK, or the first rule broken, with the
 * index of the extent that breaks it in *@bad (if @bad is not NULL; for an
 * overlap, the later of the two).  O(n^2) for the overlaps.
 */
enum extent_err extent_map_check(const struct dump_extent *map, uint32_t n,
				 uint64_t device_sectors, uint32_t *bad);

/* One line saying @err, for logs. */
const char *extent_map_strerror(enum extent_err err);

/* Sectors the dump may take: the sum of nr_sectors (a checked map). */
uint64_t extent_map_sectors(const struct dump_extent *map, uint32_t n);

/* Where a logical byte range starts on the device. */
struct extent_piece {
	uint64_t disk_byte;	/* device byte offset of the logical byte */
	uint64_t bytes;		/* of the range, before the extent ends */
	uint32_t index;		/* the extent */
};

/*
 * Looks up logical byte @offset of a checked map (binary search on
 * logical_sector): the device byte it lives at, and how many of the @len
 * bytes from there fit before its extent ends (at most @len).  0, or -1
 * if @offset is past the map's end (then *@out is unchanged).
 */
int extent_map_lookup(const struct dump_extent *map, uint32_t n,
		      uint64_t offset, uint64_t len, struct extent_piece *out);

#endif
