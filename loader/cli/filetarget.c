// SPDX-License-Identifier: GPL-2.0
/*
 * The dump file's filesystem and disk, checked before anything is
 * written; see filetarget.h.  The filesystem's device is st_dev, named
 * through sysfs dev/block/MAJ:MIN; stacked devices (device-mapper, md,
 * loop) are refused there, by name, before the disk checks would call
 * them "not on a PCI bus".
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/fs.h>
#include "cli.h"
#include "filemake.h"
#include "filetarget.h"
#include "fskind.h"
#include "sysfs.h"

#define MOUNTINFO_MAX	(4u << 20)	/* bytes of mountinfo read at most */

bool filetarget_is(const char *spec)
{
	const char *devroot = env_or("P2MDUMP_DEV", NULL);
	char dir[PATH_MAX];
	struct stat st;

	/* /dev/shm is a filesystem (tmpfs: refused as such, by name). */
	if (!strchr(spec, '/') ||
	    (!strncmp(spec, "/dev/", 5) && strncmp(spec, "/dev/shm/", 9)) ||
	    (devroot && !strncmp(spec, devroot, strlen(devroot))))
		return false;
	if (!stat(spec, &st))
		return S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
	if (errno != ENOENT || strlen(spec) >= sizeof(dir))
		return false;
	strcpy(dir, spec);
	return !stat(dirname(dir), &st) && S_ISDIR(st.st_mode);
}

/* Reads /proc/self/mountinfo ($P2MDUMP_MOUNTINFO) into a new string;
 * NULL with errno set. */
static char *read_mountinfo(void)
{
	const char *path = env_or("P2MDUMP_MOUNTINFO", "/proc/self/mountinfo");
	FILE *f = fopen(path, "re");
	char *buf = malloc(MOUNTINFO_MAX + 1);
	size_t n = 0;

	if (f && buf)
		n = fread(buf, 1, MOUNTINFO_MAX, f);
	if (!f || !buf || ferror(f)) {
		int err = errno ? errno : EIO;

		if (f)
			fclose(f);
		free(buf);
		errno = err;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Refuses a filesystem not in the allow list, and ext4 data=journal
 * (its data goes through the journal: the file's blocks are not where
 * the data lands first); fills @f->fstype.  0, or -1 printed. */
static int check_fs(struct filetarget *f, const struct statfs *sfs)
{
	const struct fskind *k = fskind_of((uint64_t)(unsigned long)sfs->f_type);
	char opts[1024], *text;

	if (!k || k->why) {
		cli_err("target %s is on %s%s%s%s: a dump file must be on %s",
			f->spec, k ? k->name : "a filesystem p2mdump does not know",
			k ? " (" : "", k ? k->why : "", k ? ")" : "",
			FSKIND_ALLOWED);
		return -1;
	}
	text = read_mountinfo();
	if (!text || fskind_mountinfo(text, major(f->st_dev), minor(f->st_dev),
				      f->fstype, sizeof(f->fstype), opts,
				      sizeof(opts))) {
		cli_err("target %s: its filesystem (device %u:%u) is not in mountinfo",
			f->spec, major(f->st_dev), minor(f->st_dev));
		free(text);
		return -1;
	}
	free(text);
	if (fskind_has_option(opts, "data=journal")) {
		cli_err("target %s is on %s mounted data=journal: file data goes through the journal first, so the file's blocks are not where it lands; mount it data=ordered or use another filesystem",
			f->spec, f->fstype);
		return -1;
	}
	return 0;
}

/* Refuses a stacked device (dm, md, loop) @name, or a partition of one,
 * by what it is; 0 if it is none, or -1 printed. */
static int check_stacked(const char *spec, const char *name)
{
	char link[PATH_MAX], real[PATH_MAX], *slash;
	const char *what = NULL;

	if (sysfs_exists("class/block/%s/partition", name) &&
	    !sysfs_path(link, sizeof(link), "class/block/%s", name) &&
	    realpath(link, real) && (slash = strrchr(real, '/'))) {
		*slash = '\0';		/* the disk holding the partition */
		slash = strrchr(real, '/');
		if (slash && check_stacked(spec, slash + 1))
			return -1;
	}
	if (sysfs_exists("class/block/%s/dm", name))
		what = "LVM/device-mapper (dm-crypt, LVM, multipath) is not supported";
	else if (sysfs_exists("class/block/%s/md", name))
		what = "md RAID is not supported";
	else if (sysfs_exists("class/block/%s/loop", name))
		what = "a loop device is not supported";
	else if (sysfs_exists("class/block/%s/slaves", name) &&
		 !sysfs_exists("class/block/%s/device", name) &&
		 !sysfs_exists("class/block/%s/partition", name))
		what = "a stacked block device is not supported";
	if (!what)
		return 0;
	cli_err("target %s is on %s: %s; the dump file must be on a partition or whole disk the capture kernel drives",
		spec, name, what);
	return -1;
}

/* The kernel's name of block device @dev, into @name; 0, or -1 printed. */
static int dev_to_name(const char *spec, dev_t dev, char *name, size_t len)
{
	char link[PATH_MAX], real[PATH_MAX], *base;

	if (sysfs_path(link, sizeof(link), "dev/block/%u:%u", major(dev),
		       minor(dev)) || !realpath(link, real)) {
		cli_err("target %s: its filesystem's device %u:%u is not a block device in sysfs (dev/block/%u:%u)",
			spec, major(dev), minor(dev), major(dev), minor(dev));
		return -1;
	}
	base = strrchr(real, '/') + 1;
	snprintf(name, len, "%s", base);
	return 0;
}

/* Checks the existing file @f->spec: a regular file, not immutable
 * (another load armed it and never unloaded: filemake.c clears that of a
 * file holding a p2mdump header), not an xfs realtime file.  @sfs and
 * @f->st_dev from it.  0, or -1 printed. */
static int check_file(struct filetarget *f, struct statfs *sfs)
{
	struct stat st;

	if (stat(f->spec, &st) || statfs(f->spec, sfs)) {
		cli_err("target %s: %s", f->spec, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		cli_err("target %s is not a regular file%s", f->spec,
			S_ISDIR(st.st_mode) ? " (a directory: name the file in it)" : "");
		return -1;
	}
	f->st_dev = st.st_dev;
	return 0;
}

int filetarget_resolve(const char *spec, struct filetarget *f,
		       struct target *t)
{
	char name[NAME_MAX + 1], tmp[PATH_MAX];
	struct statfs sfs;
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->spec = spec;
	f->fd = f->module_fd = -1;
	snprintf(tmp, sizeof(tmp), "%s", spec);
	snprintf(f->dir, sizeof(f->dir), "%s", dirname(tmp));
	f->exists = !lstat(spec, &st);
	if (f->exists && S_ISLNK(st.st_mode)) {
		cli_err("target %s is a symbolic link: name the file itself", spec);
		return -1;
	}
	if (f->exists ? check_file(f, &sfs) : 0)
		return -1;
	if (!f->exists) {
		if (stat(f->dir, &st) || statfs(f->dir, &sfs)) {
			cli_err("target %s: directory %s: %s", spec, f->dir,
				strerror(errno));
			return -1;
		}
		f->st_dev = st.st_dev;
	}
	if (check_fs(f, &sfs) || dev_to_name(spec, f->st_dev, name, sizeof(name)) ||
	    check_stacked(spec, name))
		return -1;
	return target_resolve_fs(spec, name, t);
}

void filetarget_close(struct filetarget *f, bool undo)
{
	if (!f->spec)
		return;		/* never resolved: a zeroed struct, fds 0 */
	if (undo)
		filemake_undo(f);
	if (f->module_fd >= 0)
		close(f->module_fd);
	if (f->fd >= 0)
		close(f->fd);
	f->fd = f->module_fd = -1;
	free(f->map);
	f->map = NULL;
}
