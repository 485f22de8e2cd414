// SPDX-License-Identifier: GPL-2.0
/* The dump target: writes through the extent map.  See target.h. */
#include <p2mdump/page.h>
#include "target.h"
#include "pool.h"
#include "lib/bug.h"
#include "lib/extent_map.h"
#include "lib/printk.h"
#include "arch/i386/pgtable.h"

#define PIECE_ENTRIES	(PAGE_SIZE / sizeof(struct sg_entry))

typedef unsigned long long ull;	/* printk's %llu, also in the host test */

const char *target_open(struct target *t, struct blkdev *disk,
			const struct start_info *si)
{
	enum extent_err err;
	uint32_t bad;

	if (si->extent_map_count == 0)
		return "no extent map: the loader named no dump target";
	if (si->extent_map_count > EXTENT_MAP_MAX ||
	    si->extent_map_pfn + pages_for((uint64_t)si->extent_map_count *
					   sizeof(struct dump_extent)) >
	    si->nr_pages)
		return "extent map lies outside our pages";
	t->disk = disk;
	t->nr = si->extent_map_count;
	t->map = __va(pfn_to_paddr(si->extent_map_pfn));
	err = extent_map_check(t->map, t->nr, disk->sectors, &bad);
	if (err != EXTENT_OK) {
		printk("dump: extent %u of %u: logical %llu, disk %llu, %llu "
		       "sectors; the device has %llu\n", bad, t->nr,
		       (ull)t->map[bad].logical_sector,
		       (ull)t->map[bad].disk_sector,
		       (ull)t->map[bad].nr_sectors, (ull)disk->sectors);
		return extent_map_strerror(err);
	}
	t->bytes = extent_map_sectors(t->map, t->nr) * DISK_SECTOR_SIZE;
	t->piece.e = pool_alloc(1);
	t->piece.max = PIECE_ENTRIES;
	t->piece.max_len = 0;
	printk("dump: target: %u extents, %llu of the disk's %llu sectors\n",
	       t->nr, (ull)(t->bytes / DISK_SECTOR_SIZE), (ull)disk->sectors);
	return (const char *)0;
}

/* The bytes of @data. */
static uint64_t sg_bytes(const struct sg_list *data)
{
	uint64_t sum = 0;
	uint32_t i;

	for (i = 0; i < data->n; i++)
		sum += data->e[i].len;
	return sum;
}

/*
 * Moves @want bytes of @data, from entry *@i at byte *@skip on, into the
 * piece list (the part of an entry split at an extent end stays for the
 * next piece).  The piece takes a run of @data's entries, so it never has
 * more than data->n of them.
 */
static void take(struct target *t, const struct sg_list *data, uint32_t *i,
		 uint32_t *skip, uint64_t want)
{
	t->piece.n = 0;
	while (want) {
		uint32_t len = data->e[*i].len - *skip;

		if (len > want)
			len = (uint32_t)want;
		t->piece.e[t->piece.n++] = (struct sg_entry){
			data->e[*i].maddr + *skip, len };
		*skip += len;
		want -= len;
		if (*skip == data->e[*i].len) {
			++*i;
			*skip = 0;
		}
	}
}

int target_write(struct target *t, uint64_t offset, const struct sg_list *data)
{
	uint64_t left = sg_bytes(data);
	struct extent_piece p;
	uint32_t i = 0, skip = 0;

	BUG_ON(data->n > t->piece.max);
	if ((offset | left) & (DISK_SECTOR_SIZE - 1))
		return -1;
	if (offset > t->bytes || left > t->bytes - offset)
		return -1;	/* outside the map: write nothing */
	while (left) {
		BUG_ON(extent_map_lookup(t->map, t->nr, offset, left, &p) < 0);
		take(t, data, &i, &skip, p.bytes);
		if (blkdev_write(t->disk, p.disk_byte, &t->piece) < 0)
			return -1;
		offset += p.bytes;
		left -= p.bytes;
	}
	return 0;
}
