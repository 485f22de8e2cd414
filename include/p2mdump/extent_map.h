/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump target as an extent map: where on the block device each piece
 * of the dump goes, as the p2m says where each page of the capture kernel
 * is.  docs/dump-format.md section 12 ("The dump target") is the prose.
 *
 *   logical sector 0 .. total-1: the dump as the formats write it (the
 *   dumpdisk header at logical byte 0, the vmcore from byte 4096)
 *
 *   map[0]  { logical 0,          disk D0, n0 }   one run of disk sectors
 *   map[1]  { logical n0,         disk D1, n1 }   D1 may lie below D0
 *   ...
 *
 * Rules (lib/extent_map.c extent_map_check() enforces them, on both sides):
 *   - 1 .. EXTENT_MAP_MAX extents, in logical order;
 *   - map[0].logical_sector == 0 and each next logical_sector is the
 *     previous one's plus its nr_sectors (no holes in the dump);
 *   - every nr_sectors > 0;
 *   - every disk range [disk_sector, disk_sector + nr_sectors) lies inside
 *     the device, and no two overlap (any disk order: a file's blocks
 *     can be fragmented out of order).
 * A whole disk of S sectors is the one extent { 0, 0, S }.
 *
 * Sectors are DISK_SECTOR_SIZE (512) bytes.  Fixed-width fields, 24 bytes
 * an extent with the same layout on i386 and x86_64.
 */
#ifndef P2MDUMP_EXTENT_MAP_H
#define P2MDUMP_EXTENT_MAP_H

#include <p2mdump/types.h>
#include <p2mdump/disk_id.h>

/*
 * At most 4096 extents: 96 KiB, 24 capture pages.  A whole disk or a
 * partition is one; ext4 extents hold at most 128 MiB, so even an
 * unfragmented 64 GiB dump file has 512, and 4096 leaves room for a file
 * cut into pieces eight times smaller.  A file more fragmented than that is
 * refused at load (defragment or preallocate it again).  The overlap check
 * is O(n^2): 8.4 million pairs at the bound, tens of milliseconds.
 */
#define EXTENT_MAP_MAX		4096u

/*
 * No sector number or count at or past 2^55: byte offsets (sector * 512)
 * then fit in 64 bits with room to add, and no sum of two overflows.
 */
#define EXTENT_SECTOR_LIMIT	(1ull << 55)

struct dump_extent {
	uint64_t logical_sector;	/* where in the dump this run starts */
	uint64_t disk_sector;		/* where on the device */
	uint64_t nr_sectors;		/* > 0 */
};

_Static_assert(sizeof(struct dump_extent) == 24, "dump_extent layout");

#endif
