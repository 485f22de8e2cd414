// SPDX-License-Identifier: GPL-2.0
/* A dump file's FIEMAP extents as an extent map; see filemap.h. */
#include <stdio.h>
#include <p2mdump/disk_id.h>
#include "filemap.h"

typedef unsigned long long ull;

/*
 * Each flag means the capture kernel, writing raw sectors at
 * fe_physical, would not be writing the file's bytes (or would write
 * someone else's).  Unwritten and delayed extents are written with zeros
 * before the map is read, so seeing them here means that failed.
 */
const struct filemap_flag filemap_bad_flags[] = {
	{ FIEMAP_EXTENT_UNKNOWN, "at no known place on the disk" },
	{ FIEMAP_EXTENT_DELALLOC, "not allocated yet (delayed allocation)" },
	{ FIEMAP_EXTENT_ENCODED, "encoded (compressed) by the filesystem" },
	{ FIEMAP_EXTENT_DATA_ENCRYPTED, "encrypted by the filesystem" },
	{ FIEMAP_EXTENT_NOT_ALIGNED, "not block-aligned" },
	{ FIEMAP_EXTENT_DATA_INLINE, "stored inline in filesystem metadata" },
	{ FIEMAP_EXTENT_DATA_TAIL, "packed with other files' data" },
	{ FIEMAP_EXTENT_UNWRITTEN, "unwritten (preallocated: it reads as zeros whatever is on the disk)" },
	{ FIEMAP_EXTENT_SHARED, "shared with another file (reflink or snapshot): a dump would overwrite that file too" },
	{ 0, NULL },
};

/* The first refused flag of @flags, or NULL. */
static const char *bad_flag(uint32_t flags)
{
	const struct filemap_flag *f;

	for (f = filemap_bad_flags; f->flag; f++)
		if (flags & f->flag)
			return f->why;
	return NULL;
}

/* Appends { @logical, @disk, @sectors } to @map, merging it into the last
 * extent when both run on; 0, or -1 if that would make too many. */
static int append(struct dump_extent *map, uint32_t *nr, uint64_t logical,
		  uint64_t disk, uint64_t sectors)
{
	struct dump_extent *last = *nr ? &map[*nr - 1] : NULL;

	if (last && last->disk_sector + last->nr_sectors == disk) {
		last->nr_sectors += sectors;
		return 0;
	}
	if (*nr == EXTENT_MAP_MAX)
		return -1;
	map[(*nr)++] = (struct dump_extent){ logical, disk, sectors };
	return 0;
}

/* Checks one extent @e (index @i, the next file byte wanted @at) on
 * @dev; 0, or -1 with @why. */
static int check_extent(const struct fiemap_extent *e, uint32_t i,
			uint64_t at, const struct filemap_dev *dev, char *why,
			size_t len)
{
	const char *flag = bad_flag(e->fe_flags);

	if (e->fe_logical > at) {
		snprintf(why, len, "has a hole at file bytes %llu to %llu: every block must be allocated",
			 (ull)at, (ull)e->fe_logical);
		return -1;
	}
	if (flag) {
		snprintf(why, len, "extent %u (file bytes %llu + %llu) is %s",
			 i, (ull)e->fe_logical, (ull)e->fe_length, flag);
		return -1;
	}
	if (e->fe_logical < at || e->fe_length == 0 ||
	    (e->fe_logical | e->fe_physical | e->fe_length) % DISK_SECTOR_SIZE) {
		snprintf(why, len, "extent %u (file bytes %llu + %llu at disk byte %llu) is not on whole sectors in file order",
			 i, (ull)e->fe_logical, (ull)e->fe_length,
			 (ull)e->fe_physical);
		return -1;
	}
	if (e->fe_physical / DISK_SECTOR_SIZE > dev->sectors ||
	    e->fe_length / DISK_SECTOR_SIZE >
	    dev->sectors - e->fe_physical / DISK_SECTOR_SIZE) {
		snprintf(why, len, "extent %u (disk byte %llu + %llu) ends past its device (%llu sectors)",
			 i, (ull)e->fe_physical, (ull)e->fe_length,
			 (ull)dev->sectors);
		return -1;
	}
	return 0;
}

int filemap_build(const struct fiemap_extent *fe, uint32_t n, uint64_t size,
		  const struct filemap_dev *dev, struct dump_extent *map,
		  uint32_t *nr, char *why, size_t len)
{
	uint64_t at = 0, bytes;
	uint32_t i;

	*nr = 0;
	for (i = 0; i < n && at < size; i++) {
		if (fe[i].fe_logical >= size)
			break;
		if (check_extent(&fe[i], i, at, dev, why, len))
			return -1;
		bytes = fe[i].fe_length;
		if (bytes > size - at)
			bytes = size - at;
		if (append(map, nr, at / DISK_SECTOR_SIZE,
			   dev->start + fe[i].fe_physical / DISK_SECTOR_SIZE,
			   bytes / DISK_SECTOR_SIZE)) {
			snprintf(why, len, "is in more than %u pieces on the disk: too fragmented; delete it and let load create it again (or defragment the filesystem)",
				 EXTENT_MAP_MAX);
			return -1;
		}
		at += bytes;
	}
	if (at < size) {
		snprintf(why, len, "has a hole at file bytes %llu to %llu: every block must be allocated",
			 (ull)at, (ull)size);
		return -1;
	}
	return 0;
}

int filemap_refused(const struct fiemap_extent *fe, uint32_t n,
		    uint64_t size, uint32_t fillable, char *why, size_t len)
{
	const char *flag;
	uint32_t i;

	for (i = 0; i < n && fe[i].fe_logical < size; i++) {
		flag = bad_flag(fe[i].fe_flags & ~fillable);
		if (flag) {
			snprintf(why, len, "extent %u (file bytes %llu + %llu) is %s",
				 i, (ull)fe[i].fe_logical,
				 (ull)fe[i].fe_length, flag);
			return -1;
		}
	}
	return 0;
}

int filemap_unallocated(const struct fiemap_extent *fe, uint32_t n,
			uint64_t size,
			int (*fill)(void *arg, uint64_t off, uint64_t len),
			void *arg)
{
	const uint32_t lazy = FIEMAP_EXTENT_UNWRITTEN | FIEMAP_EXTENT_DELALLOC;
	uint64_t at = 0, start, end;
	uint32_t i;
	int ret;

	for (i = 0; i <= n && at < size; i++) {
		start = i < n ? fe[i].fe_logical : size;
		if (start > size)
			start = size;
		if (start > at && (ret = fill(arg, at, start - at)))
			return ret;	/* a hole before extent i */
		if (i == n || start >= size)
			break;
		end = fe[i].fe_logical + fe[i].fe_length;
		if (end > size)
			end = size;
		if ((fe[i].fe_flags & lazy) && end > start &&
		    (ret = fill(arg, start, end - start)))
			return ret;
		if (end > at)
			at = end;
	}
	return 0;
}
