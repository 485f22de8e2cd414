// SPDX-License-Identifier: GPL-2.0
/* Making a dump file ready to arm; see filemake.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include "armdisk.h"
#include "cli.h"
#include "filemake.h"
#include "filemark.h"
#include <p2mdump/dumpdisk.h>
#include "filemap.h"

#define FIEMAP_BATCH	512u		/* extents per FIEMAP call */
#define ZERO_CHUNK	(1u << 20)	/* bytes per zero-filling write */
#define KEEP_ROUND	4096u		/* a larger file kept: to whole 4 KiB
					 * blocks (the module wants whole
					 * filesystem blocks) */
#define FIEMAP_LIMIT	(16u * EXTENT_MAP_MAX)	/* before merging */
/* What writing zeros turns into plain allocated blocks. */
#define FILL_CURES	(FIEMAP_EXTENT_UNWRITTEN | FIEMAP_EXTENT_DELALLOC | \
			 FIEMAP_EXTENT_UNKNOWN)

/* The FS_IOC_GETFLAGS a dump file must not have, and why. */
static const struct {
	int flag;
	const char *why;
} bad_attrs[] = {
	{ FS_JOURNAL_DATA_FL, "has per-file data journaling (chattr +j): its data lands in the journal first" },
	{ FS_COMPR_FL, "is compressed by the filesystem" },
	{ FS_ENCRYPT_FL, "is encrypted by the filesystem" },
};

/* All FIEMAP extents of @fd up to @size into a new array (*@fe, *@n),
 * synced first; 0, or -1 printed. */
static int fiemap_all(const char *spec, int fd, uint64_t size,
		      struct fiemap_extent **fe, uint32_t *n)
{
	size_t room = sizeof(struct fiemap) + FIEMAP_BATCH * sizeof(**fe);
	struct fiemap *fm = malloc(room);
	struct fiemap_extent *all = NULL, *e;
	uint64_t start = 0;
	uint32_t i, got = 0;
	int last = 0;

	while (fm && !last && start < size && got < FIEMAP_LIMIT) {
		memset(fm, 0, room);
		fm->fm_start = start;
		fm->fm_length = size - start;
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = FIEMAP_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
			cli_err("target %s: FIEMAP: %s (the filesystem cannot say where the file's blocks are)",
				spec, strerror(errno));
			goto fail;
		}
		if (!fm->fm_mapped_extents)
			break;
		e = realloc(all, (got + fm->fm_mapped_extents) * sizeof(*e));
		if (!e)
			goto fail;
		all = e;
		for (i = 0; i < fm->fm_mapped_extents; i++) {
			all[got++] = fm->fm_extents[i];
			last |= fm->fm_extents[i].fe_flags & FIEMAP_EXTENT_LAST;
		}
		e = &all[got - 1];
		start = e->fe_logical + e->fe_length;
	}
	if (!fm)
		goto fail;
	if (got >= FIEMAP_LIMIT && !last && start < size) {
		cli_err("target %s is in more than %u pieces on the disk: too fragmented; delete it and let load create it again (or defragment the filesystem)",
			spec, FIEMAP_LIMIT);
		errno = 0;
		goto fail;
	}
	free(fm);
	*fe = all;
	*n = got;
	return 0;
fail:
	if (!fm || errno == ENOMEM)
		cli_err("out of memory");
	free(fm);
	free(all);
	return -1;
}

/* Writes zeros at [@off, @off + @len) of the file (@arg: the filetarget). */
static int zero_fill(void *arg, uint64_t off, uint64_t len)
{
	static const char zeros[ZERO_CHUNK];
	struct filetarget *f = arg;
	ssize_t n;

	while (len) {
		n = pwrite(f->fd, zeros, len < ZERO_CHUNK ? len : ZERO_CHUNK,
			   (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			cli_err("target %s: cannot write its blocks at byte %llu: %s",
				f->spec, (ull)off, n < 0 ? strerror(errno) : "no space");
			return -1;
		}
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* fsync()s @path's directory, so a new file's entry is on the disk. */
static int sync_dir(const struct filetarget *f)
{
	int fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret;

	ret = fd < 0 ? -1 : fsync(fd);
	if (ret)
		cli_err("target %s: cannot sync directory %s: %s", f->spec,
			f->dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

/* The FS_IOC_GETFLAGS of @fd into *@flags; 0, or -1 printed. */
static int get_flags(const struct filetarget *f, int fd, int *flags)
{
	if (ioctl(fd, FS_IOC_GETFLAGS, flags) < 0) {
		cli_err("target %s: cannot read its attributes: %s", f->spec,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Sets or clears the immutable flag of @fd; 0, or -1 printed. */
static int set_immutable(const struct filetarget *f, int fd, bool on)
{
	int flags;

	if (get_flags(f, fd, &flags))
		return -1;
	flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0) {
		cli_err("target %s: cannot %s its immutable flag: %s", f->spec,
			on ? "set" : "clear", strerror(errno));
		return -1;
	}
	return 0;
}

/* Opens an existing file left immutable by a load that never unloaded
 * (a crash): if it carries the mark (filemark.h) and starts with a
 * p2mdump header, clears the flag.
 * The read-write fd, or -1 printed. */
static int open_immutable(struct filetarget *f)
{
	char magic[sizeof(DUMPDISK_MAGIC) - 1];
	int fd = open(f->spec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), flags = 0;

	if (fd < 0 || get_flags(f, fd, &flags) || !(flags & FS_IMMUTABLE_FL) ||
	    !filemark_has(fd) ||
	    pread(fd, magic, sizeof(magic), 0) != (ssize_t)sizeof(magic) ||
	    memcmp(magic, DUMPDISK_MAGIC, sizeof(magic))) {
		cli_err("target %s cannot be opened for writing%s", f->spec,
			flags & FS_IMMUTABLE_FL ? ": it is immutable and is no dump file of an earlier load (chattr -i it if it is meant for dumps)" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	cli_warn("target %s was left immutable by a load that never unloaded (a crash): clearing the flag",
		 f->spec);
	if (set_immutable(f, fd, false)) {
		close(fd);
		return -1;
	}
	close(fd);
	return open(f->spec, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
}

/* Opens or creates @f->spec read-write into @f->fd; 0, or -1 printed. */
static int open_file(struct filetarget *f)
{
	if (!f->exists) {
		f->fd = open(f->spec, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
				      O_CLOEXEC, 0600);
		f->created = f->fd >= 0;
	} else {
		f->fd = open(f->spec, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (f->fd < 0 && errno == EPERM)
			f->fd = open_immutable(f);
	}
	if (f->fd < 0)
		cli_err("target %s: cannot %s it: %s", f->spec,
			f->exists ? "open" : "create", strerror(errno));
	return f->fd < 0 ? -1 : 0;
}

/* Refuses what the filesystem does to the file's data behind the map:
 * an xfs realtime file (its blocks are on another device), data
 * journaling, compression, encryption.  0, or -1 printed. */
static int check_attrs(const struct filetarget *f, struct stat *st)
{
	struct fsxattr fsx;
	size_t i;
	int flags;

	if (fstat(f->fd, st) || !S_ISREG(st->st_mode) || st->st_dev != f->st_dev) {
		cli_err("target %s changed while load looked at it", f->spec);
		return -1;
	}
	if (!ioctl(f->fd, FS_IOC_FSGETXATTR, &fsx) &&
	    (fsx.fsx_xflags & FS_XFLAG_REALTIME)) {
		cli_err("target %s is an xfs realtime file: its blocks are on the realtime device, not the filesystem's disk",
			f->spec);
		return -1;
	}
	if (get_flags(f, f->fd, &flags))
		return -1;
	for (i = 0; i < sizeof(bad_attrs) / sizeof(bad_attrs[0]); i++) {
		if (flags & bad_attrs[i].flag) {
			cli_err("target %s %s", f->spec, bad_attrs[i].why);
			return -1;
		}
	}
	return 0;
}

/* Grows @f to @size and writes zeros over its unallocated ranges, then
 * syncs it and its directory; 0, or -1 printed. */
static int allocate(struct filetarget *f, uint64_t size)
{
	struct fiemap_extent *fe = NULL;
	uint32_t n = 0;
	int ret;

	char why[512];

	ret = fiemap_all(f->spec, f->fd, size, &fe, &n);
	if (!ret && filemap_refused(fe, n, size, FILL_CURES, why, sizeof(why))) {
		cli_err("target %s %s", f->spec, why);
		ret = -1;
	}
	if (!ret) {
		f->grown = size > f->old_size;
		ret = filemap_unallocated(fe, n, size, zero_fill, f);
	}
	free(fe);
	if (!ret && fsync(f->fd)) {
		cli_err("target %s: fsync: %s", f->spec, strerror(errno));
		ret = -1;
	}
	return ret ? ret : sync_dir(f);
}

/* Reads @f's map (size @f->size) on @t's device into @map; 0, or -1. */
static int read_map(const struct filetarget *f, const struct target *t,
		    struct dump_extent *map, uint32_t *nr)
{
	struct filemap_dev dev = { t->extent.disk_sector, t->extent.nr_sectors };
	struct fiemap_extent *fe = NULL;
	char why[512];
	uint32_t n = 0;
	int ret;

	ret = fiemap_all(f->spec, f->fd, f->size, &fe, &n);
	if (!ret && filemap_build(fe, n, f->size, &dev, map, nr, why,
				  sizeof(why))) {
		cli_err("target %s %s", f->spec, why);
		ret = -1;
	}
	free(fe);
	return ret;
}

/* The file size to make: @want rounded up to FILEMAKE_ROUND, or the
 * file's own @have if larger (rounded up to a whole KEEP_ROUND block). */
static uint64_t target_size(uint64_t want, uint64_t have)
{
	want = (want + FILEMAKE_ROUND - 1) / FILEMAKE_ROUND * FILEMAKE_ROUND;
	have = (have + KEEP_ROUND - 1) / KEEP_ROUND * KEEP_ROUND;
	return have > want ? have : want;
}

/* Steps 5 and 6: immutable, the map again (it must not have moved), a
 * read-only descriptor for the module; 0, or -1 printed. */
static int fix_blocks(struct filetarget *f, const struct target *t,
		      const struct stat *st)
{
	struct dump_extent *again = malloc(EXTENT_MAP_MAX * sizeof(*again));
	struct stat st2;
	uint32_t n = 0;
	int ret = -1;

	if (!again) {
		cli_err("out of memory");
		return -1;
	}
	if (set_immutable(f, f->fd, true))
		goto out;
	f->immutable_set = true;
	if (read_map(f, t, again, &n))
		goto out;
	if (n != f->nr || memcmp(again, f->map, n * sizeof(*again))) {
		cli_err("target %s: its blocks moved while load set it up; try again", f->spec);
		goto out;
	}
	f->module_fd = open(f->spec, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (f->module_fd < 0 || fstat(f->module_fd, &st2) ||
	    st2.st_ino != st->st_ino || st2.st_dev != st->st_dev) {
		cli_err("target %s changed while load set it up", f->spec);
		goto out;
	}
	ret = 0;
out:
	free(again);
	return ret;
}

int filemake_make(struct filetarget *f, const struct target *t, uint64_t size,
		  bool discard, uint64_t nonce)
{
	struct stat st;

	f->map = malloc(EXTENT_MAP_MAX * sizeof(*f->map));
	if (!f->map) {
		cli_err("out of memory");
		return -1;
	}
	if (open_file(f) || check_attrs(f, &st))
		return -1;
	if (filemark_set(f->fd))
		cli_warn("target %s: cannot mark it as a dump file (%s %s): after a crash, chattr -i it before p2mdump save",
			 f->spec, FILEMARK_NAME, strerror(errno));
	if (st.st_size && armdisk_check_fd(f->fd, f->spec, (uint64_t)st.st_size,
					   discard))
		return -1;
	f->old_size = (uint64_t)st.st_size;
	f->size = target_size(size, f->old_size);
	if (allocate(f, f->size) || read_map(f, t, f->map, &f->nr) ||
	    armdisk_write_fd(f->fd, f->spec, f->size, nonce))
		return -1;
	return fix_blocks(f, t, &st);
}

void filemake_undo(struct filetarget *f)
{
	if (f->immutable_set && f->fd >= 0 && !set_immutable(f, f->fd, false))
		f->immutable_set = false;
	/* An existing file load grew: its old size back (its header and
	 * blocks below it are as load left them: an ARMED header at most). */
	if (!f->created && f->grown && !f->immutable_set && f->fd >= 0 &&
	    ftruncate(f->fd, (off_t)f->old_size))
		cli_warn("target %s: cannot shrink it back to %llu bytes: %s",
			 f->spec, (ull)f->old_size, strerror(errno));
	if (f->created && !f->immutable_set && unlink(f->spec))
		cli_warn("target %s: cannot remove the file load created: %s",
			 f->spec, strerror(errno));
	f->created = false;
}

void filemake_print_map(const struct filetarget *f, const struct target *t)
{
	uint32_t i;

	printf("dump file: %s, %llu bytes, %u extent%s on %s\n", f->spec,
	       (ull)f->size, f->nr, f->nr == 1 ? "" : "s", target_node(t));
	printf("dump file map (whole-disk sectors):");
	for (i = 0; i < f->nr && i < FILEMAKE_PRINT_MAX; i++)
		printf(" %llu+%llu", (ull)f->map[i].disk_sector,
		       (ull)f->map[i].nr_sectors);
	if (f->nr > FILEMAKE_PRINT_MAX)
		printf(" (%u more)", f->nr - FILEMAKE_PRINT_MAX);
	printf("\n");
}
