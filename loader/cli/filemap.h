/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A dump file's FIEMAP extents as the dump's extent map
 * (include/p2mdump/extent_map.h): file bytes -> whole-disk 512-byte
 * sectors through the partition's start, adjacent extents merged, every
 * byte of the file plainly allocated.  Pure: no I/O, so the host tests
 * feed it made-up extents.
 *
 *   file    0 ........................................ size
 *   FIEMAP  [logical, +length) at physical (filesystem device bytes)
 *   map     { logical / 512, part_start + physical / 512, length / 512 }
 */
#ifndef LOADER_CLI_FILEMAP_H
#define LOADER_CLI_FILEMAP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/fiemap.h>
#include <p2mdump/extent_map.h>

/* The filesystem device (a partition or a whole disk) the file lies on. */
struct filemap_dev {
	uint64_t start;		/* its first sector on the disk */
	uint64_t sectors;	/* its size */
};

/* The FIEMAP flags a dump file must not have, with what each means. */
struct filemap_flag {
	uint32_t flag;
	const char *why;
};
extern const struct filemap_flag filemap_bad_flags[];

/*
 * Translates the @n FIEMAP extents @fe (in logical order) of a file of
 * @size bytes (a multiple of 512) on @dev into @map (room for
 * EXTENT_MAP_MAX), *@nr extents.  Extents that start at or past @size are
 * ignored, the last one is cut at @size.  0, or -1 with one line saying
 * why in @why (@len bytes): a refused flag, a hole, an extent not on
 * 512-byte sectors, past the device's end, or more than EXTENT_MAP_MAX
 * extents after merging.
 */
int filemap_build(const struct fiemap_extent *fe, uint32_t n, uint64_t size,
		  const struct filemap_dev *dev, struct dump_extent *map,
		  uint32_t *nr, char *why, size_t len);

/*
 * Before anything is written: refuses (-1, one line in @why) an extent of
 * the file's first @size bytes with a refused flag other than those in
 * @fillable (the ones writing zeros cures: unwritten, delayed); 0.
 */
int filemap_refused(const struct fiemap_extent *fe, uint32_t n,
		    uint64_t size, uint32_t fillable, char *why, size_t len);

/*
 * The byte ranges of the file's first @size bytes that need writing to be
 * plainly allocated (holes, unwritten and delayed extents), from the same
 * @fe: calls @fill(@arg, offset, bytes) for each, in order; stops at the
 * first non-zero return and returns it, else 0.
 */
int filemap_unallocated(const struct fiemap_extent *fe, uint32_t n,
			uint64_t size,
			int (*fill)(void *arg, uint64_t off, uint64_t len),
			void *arg);

#endif
