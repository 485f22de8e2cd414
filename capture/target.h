/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump target: a block device plus the extent map the loader put in
 * our pages (include/p2mdump/extent_map.h, start_info.extent_map_*).  The
 * dump formats write at logical byte offsets of the dump (the dumpdisk
 * header at 0, the vmcore from 4096) and never learn where on the device
 * those land: target_write() maps each request through the extents and
 * cuts it where an extent ends.  No sector outside the map is written.
 *
 *   logical  0        n0            n0+n1             total
 *            | ext 0   | ext 1        | ext 2           |
 *   device   [D0 ..)    [D1 ..)        [D2 ..)           any order
 */
#ifndef CAPTURE_TARGET_H
#define CAPTURE_TARGET_H

#include <p2mdump/start_info.h>
#include <p2mdump/extent_map.h>
#include "blkdev.h"

struct target {
	struct blkdev *disk;
	const struct dump_extent *map;	/* in our own pages */
	uint32_t nr;
	uint64_t bytes;			/* the map's total: the dump's room */
	struct sg_list piece;		/* one request's share of the data */
};

/*
 * Takes @si's extent map for the device @disk (opened, and recognised by
 * diskcheck): every rule of extent_map.h, with the device's capacity.
 * NULL, or a one-line reason (a missing map is one: nothing is written).
 */
const char *target_open(struct target *t, struct blkdev *disk,
			const struct start_info *si);

/*
 * Writes @data (a whole number of sectors) at logical byte @offset (a
 * sector boundary) of the dump: one blkdev_write() per extent it touches,
 * a scatter entry split where an extent ends inside it.  0, or -1 if the
 * disk refused a piece, or if any byte lies outside the map (then
 * nothing at all is written).
 */
int target_write(struct target *t, uint64_t offset, const struct sg_list *data);

#endif
