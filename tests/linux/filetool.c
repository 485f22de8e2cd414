// SPDX-License-Identifier: GPL-2.0
/*
 * filetool: what the Linux test guest needs for dump files that busybox
 * lacks (mkinitramfs.sh builds it static into /usr/lib/p2mdump/):
 *
 *   filetool clone SRC DST     DST shares SRC's blocks (FICLONE, what
 *                              cp --reflink does)
 *   filetool immutable FILE    prints "immutable=1" or "immutable=0"
 *   filetool chattr -i FILE    clears the immutable flag (+i sets it)
 *   filetool where FILE        prints "physical=N", the filesystem byte
 *                              of FILE's first block (FIEMAP)
 *
 * Exits 0, or 1 with "filetool: ..." on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

/* Prints "filetool: WHAT: errno text"; returns 1. */
static int fail(const char *what)
{
	fprintf(stderr, "filetool: %s: %s\n", what, strerror(errno));
	return 1;
}

/* DST (created) shares all of SRC's blocks. */
static int clone(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out;

	if (in < 0)
		return fail(src);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0)
		return fail(dst);
	if (ioctl(out, FICLONE, in) < 0)
		return fail("FICLONE");
	return close(out) ? fail(dst) : 0;
}

/* Prints FILE's immutable flag, or with @set >= 0 sets it to @set. */
static int immutable(const char *path, int set)
{
	int fd = open(path, O_RDONLY), flags;

	if (fd < 0)
		return fail(path);
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		return fail("FS_IOC_GETFLAGS");
	if (set < 0) {
		printf("immutable=%d\n", !!(flags & FS_IMMUTABLE_FL));
		return 0;
	}
	flags = set ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	return ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0 ? fail("FS_IOC_SETFLAGS") : 0;
}

/* Prints where FILE's first block lies ("physical=N"). */
static int where(const char *path)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent fe[1];
	} m;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return fail(path);
	memset(&m, 0, sizeof(m));
	m.fm.fm_length = FIEMAP_MAX_OFFSET;
	m.fm.fm_flags = FIEMAP_FLAG_SYNC;
	m.fm.fm_extent_count = 1;
	if (ioctl(fd, FS_IOC_FIEMAP, &m.fm) < 0)
		return fail("FS_IOC_FIEMAP");
	printf("physical=%llu\n", m.fm.fm_mapped_extents ?
	       (unsigned long long)m.fe[0].fe_physical : 0ull);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "clone"))
		return clone(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "where"))
		return where(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "immutable"))
		return immutable(argv[2], -1);
	if (argc == 4 && !strcmp(argv[1], "chattr") &&
	    (!strcmp(argv[2], "-i") || !strcmp(argv[2], "+i")))
		return immutable(argv[3], argv[2][0] == '+');
	fprintf(stderr, "usage: filetool clone SRC DST | immutable FILE | chattr -i|+i FILE | where FILE\n");
	return 1;
}
