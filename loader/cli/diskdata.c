// SPDX-License-Identifier: GPL-2.0
/*
 * Looks for data on the dump disk before load aims a dump at it.  Each
 * check that finds something calls found(): without --wipe that is the
 * one-line refusal, with it a warning naming what the dump destroys, and
 * the checks go on so that every such thing is named.  See diskdata.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <p2mdump/dumpdisk.h>
#include "cli.h"
#include "diskdata.h"
#include "read_at.h"
#include "sysfs.h"

#define HEAD_SIZE	(128u << 10)	/* the signatures below lie in it */
#define MD090_MAGIC	"\xfc\x4e\x2b\xa9"	/* 0xa92b4efc, little-endian */

/* The disk being checked. */
struct probe {
	const char *spec;	/* as the user gave it */
	const char *disk;	/* the kernel's name, "vdb" */
	bool wipe;
};

/* A signature: @len bytes @magic at byte @off. */
struct magic {
	const char *what;
	uint32_t off;
	const char *magic;
	uint32_t len;
};

static const struct magic magics[] = {
	{ "a LUKS encrypted volume", 0, "LUKS\xba\xbe", 6 },
	{ "an XFS filesystem", 0, "XFSB", 4 },
	{ "an ext2/3/4 filesystem", 1080, "\x53\xef", 2 },
	{ "a btrfs filesystem", 65600, "_BHRfS_M", 8 },
	{ "a swap area", 4086, "SWAPSPACE2", 10 },
	{ "a swap area", 4086, "SWAP-SPACE", 10 },
	{ "a GPT partition table", 512, "EFI PART", 8 },
	{ "an LVM2 physical volume", 0, "LABELONE", 8 },
	{ "an LVM2 physical volume", 512, "LABELONE", 8 },
	{ "an LVM2 physical volume", 1024, "LABELONE", 8 },
	{ "an LVM2 physical volume", 1536, "LABELONE", 8 },
	{ "a Linux RAID member (md 1.1)", 0, MD090_MAGIC, 4 },
	{ "a Linux RAID member (md 1.2)", 4096, MD090_MAGIC, 4 },
};

/*
 * Reports that the target @fmt...: data at rest (@at_rest) is a refusal
 * (-1) or, with --wipe, a warning (0); a disk in use (mounted, swap, held)
 * is refused even with --wipe.
 */
static int __attribute__((format(printf, 3, 4)))
report(const struct probe *p, bool at_rest, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!at_rest) {
		cli_err("target %s %s: it is in use, a dump would destroy it (not even --wipe allows that)",
			p->spec, what);
		return -1;
	}
	if (p->wipe) {
		cli_warn("--wipe: target %s %s: a dump destroys it", p->spec, what);
		return 0;
	}
	cli_err("target %s %s: a dump would destroy it (--wipe to allow)",
		p->spec, what);
	return -1;
}

#define found(p, ...)	report(p, true, __VA_ARGS__)
#define in_use(p, ...)	report(p, false, __VA_ARGS__)

/* True if block device @name is the disk or one of its partitions. */
static bool ours(const struct probe *p, const char *name)
{
	return !strcmp(name, p->disk) ||
	       sysfs_exists("class/block/%s/%s/partition", p->disk, name);
}

/* True if the device numbered "MAJOR:MINOR" @dev (if not NULL) or the
 * node @source is the disk or a partition of it; its name into @name. */
static bool ours_dev(const struct probe *p, const char *dev,
		     const char *source, char *name, size_t len)
{
	char link[PATH_MAX], real[PATH_MAX], *base;

	if (dev && strspn(dev, "0123456789:") == strlen(dev) &&
	    !sysfs_path(link, sizeof(link), "dev/block/%s", dev) &&
	    realpath(link, real) && (base = strrchr(real, '/')) &&
	    ours(p, base + 1)) {
		snprintf(name, len, "%s", base + 1);
		return true;
	}
	return source[0] == '/' && !dev_name(source, name, len) &&
	       ours(p, name);
}

/* Word @n (from 0) of blank-separated @line, cut in place; NULL if none.
 * Only for increasing @n on one line (it is cut as it goes). */
static char *word(char *line, int n, char **save)
{
	char *w = strtok_r(line, " \t\n", save);

	while (w && n--)
		w = strtok_r(NULL, " \t\n", save);
	return w;
}

/* Looks for the disk in mountinfo file @f (one line per mount: ID PARENT
 * MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE SOURCE ...); 0 or -1 found(). */
static int mountinfo_check(const struct probe *p, FILE *f)
{
	char line[4096], name[NAME_MAX + 1], *save, *dev, *at, *w;
	int ret = 0;

	while (!ret && fgets(line, sizeof(line), f)) {
		dev = word(line, 2, &save);
		at = dev ? word(NULL, 1, &save) : NULL;
		while (at && (w = strtok_r(NULL, " \t\n", &save)) && strcmp(w, "-"))
			;
		w = at ? word(NULL, 1, &save) : NULL;	/* SOURCE */
		if (at && ours_dev(p, dev, w ? w : "", name, sizeof(name)))
			ret = in_use(p, "has %s mounted on %s", name, at);
	}
	return ret;
}

/* Looks for the disk in /proc/mounts-style file @f (SOURCE MOUNTPOINT
 * ...); 0 or -1 found(). */
static int mounts_check(const struct probe *p, FILE *f)
{
	char line[4096], name[NAME_MAX + 1], *save, *src, *at;
	int ret = 0;

	while (!ret && fgets(line, sizeof(line), f)) {
		src = word(line, 0, &save);
		at = src ? word(NULL, 0, &save) : NULL;
		if (at && ours_dev(p, NULL, src, name, sizeof(name)))
			ret = in_use(p, "has %s mounted on %s", name, at);
	}
	return ret;
}

/* Refuses a disk mounted whole or by a partition; 0 or -1 printed. */
static int mount_check(const struct probe *p)
{
	const char *path = env_or("P2MDUMP_MOUNTINFO", "/proc/self/mountinfo");
	FILE *f = fopen(path, "r");
	int ret;

	if (f) {
		ret = mountinfo_check(p, f);
	} else {
		path = env_or("P2MDUMP_MOUNTS", "/proc/mounts");
		f = fopen(path, "r");
		if (!f && p->wipe) {
			cli_warn("--wipe: cannot read %s to see what is mounted: %s",
				 path, strerror(errno));
			return 0;
		}
		if (!f) {
			cli_err("cannot read %s to see what is mounted: %s (--wipe to skip the check)",
				path, strerror(errno));
			return -1;
		}
		ret = mounts_check(p, f);
	}
	fclose(f);
	return ret;
}

/* Refuses a disk with swap in use on it (/proc/swaps: a header, then
 * FILENAME TYPE ...); none without the file (no CONFIG_SWAP). */
static int swap_check(const struct probe *p)
{
	FILE *f = fopen(env_or("P2MDUMP_SWAPS", "/proc/swaps"), "r");
	char line[4096], name[NAME_MAX + 1], *save, *src;
	int ret = 0;

	if (!f)
		return 0;
	while (!ret && fgets(line, sizeof(line), f)) {
		src = word(line, 0, &save);
		if (src && ours_dev(p, NULL, src, name, sizeof(name)))
			ret = in_use(p, "has %s in use as swap", name);
	}
	fclose(f);
	return ret;
}

/* The first entry of directory @path (not "." or ".."), into @name;
 * true if there is one. */
static bool first_entry(const char *path, char *name, size_t len)
{
	struct dirent *e;
	bool any = false;
	DIR *d = opendir(path);

	if (!d)
		return false;
	while (!any && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(name, len, "%s", e->d_name);
			any = true;
		}
	}
	closedir(d);
	return any;
}

/* Refuses block device @name (the disk or a partition) if something
 * holds it (sysfs holders/: md, dm, LVM); 0 or -1 printed. */
static int holder_check(const struct probe *p, const char *name)
{
	char path[PATH_MAX], by[NAME_MAX + 1];

	if (sysfs_path(path, sizeof(path), "class/block/%s/holders", name) ||
	    !first_entry(path, by, sizeof(by)))
		return 0;
	return in_use(p, "has %s held by %s (md, dm or LVM)", name, by);
}

/* Refuses a disk with partitions, or held whole or by a partition;
 * 0 or -1 printed. */
static int partition_check(const struct probe *p)
{
	char path[PATH_MAX];
	struct dirent *e;
	int ret = holder_check(p, p->disk);
	DIR *d;

	if (ret || sysfs_path(path, sizeof(path), "class/block/%s", p->disk))
		return ret;
	d = opendir(path);
	if (!d)
		return 0;
	while (!ret && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    !sysfs_exists("class/block/%s/%s/partition", p->disk,
				  e->d_name))
			continue;
		ret = holder_check(p, e->d_name);
		if (!ret)
			ret = found(p, "has a partition table (partition %s)",
				    e->d_name);
	}
	closedir(d);
	return ret;
}

/* True if the MBR in @head (@n bytes) has a non-empty partition entry. */
static bool mbr_used(const uint8_t *head, size_t n)
{
	int i;

	if (n < 512 || head[510] != 0x55 || head[511] != 0xaa)
		return false;
	for (i = 0; i < 4; i++)
		if (head[446 + 16 * i + 4])	/* the entry's type */
			return true;
	return false;
}

/* Refuses the signatures in @head (@n bytes of a disk of @size bytes on
 * @fd); 0 or -1 printed. */
static int magic_check(const struct probe *p, int fd, const uint8_t *head,
		       size_t n, off_t size)
{
	char md[4];
	off_t md_off = (size & ~(off_t)0xffff) - 0x10000;
	size_t i;
	int ret = 0;

	if (n >= sizeof(DUMPDISK_MAGIC) - 1 &&
	    !memcmp(head, DUMPDISK_MAGIC, sizeof(DUMPDISK_MAGIC) - 1))
		return 0;	/* our own dump disk */
	for (i = 0; !ret && i < sizeof(magics) / sizeof(magics[0]); i++) {
		const struct magic *m = &magics[i];

		if (m->off + m->len <= n && !memcmp(head + m->off, m->magic, m->len))
			ret = found(p, "holds %s (signature at byte %u)",
				    m->what, m->off);
	}
	if (!ret && mbr_used(head, n))
		ret = found(p, "holds an MBR partition table (byte 510)");
	if (!ret && md_off >= 0 && read_at(fd, md, 4, md_off) == 4 &&
	    !memcmp(md, MD090_MAGIC, 4))
		ret = found(p, "holds a Linux RAID member (md 0.90, signature at byte %llu)",
			    (ull)md_off);
	return ret;
}

/* Reads the disk's first bytes and checks them for signatures; 0, or -1
 * printed. */
static int signature_check(const struct probe *p)
{
	char node[PATH_MAX];
	uint8_t *head = malloc(HEAD_SIZE);
	ssize_t n = -1;
	off_t size = -1;
	int fd = -1, ret;

	if (head && !dev_path(node, sizeof(node), p->disk)) {
		fd = open(node, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			size = lseek(fd, 0, SEEK_END);
		if (size >= 0)
			n = read_at(fd, head, HEAD_SIZE, 0);
	}
	if (n < 0 && p->wipe) {
		cli_warn("--wipe: cannot read target %s to look for data on it: %s",
			 p->spec, strerror(head ? errno : ENOMEM));
		ret = 0;
	} else if (n < 0) {
		cli_err("cannot read target %s to look for data on it: %s (--wipe to skip the check)",
			p->spec, strerror(head ? errno : ENOMEM));
		ret = -1;
	} else {
		ret = magic_check(p, fd, head, (size_t)n, size);
	}
	if (fd >= 0)
		close(fd);
	free(head);
	return ret;
}

int diskdata_check(const char *spec, const char *name, bool wipe)
{
	const struct probe p = { .spec = spec, .disk = name, .wipe = wipe };
	int ret = mount_check(&p);

	if (!ret)
		ret = swap_check(&p);
	if (!ret)
		ret = partition_check(&p);
	if (!ret)
		ret = signature_check(&p);
	return ret;
}

int diskdata_check_partition(const char *spec, const char *part,
			     const char *disk, bool wipe)
{
	const struct probe p = { .spec = spec, .disk = disk, .wipe = wipe };
	int ret = holder_check(&p, disk);

	return ret ? ret : diskdata_check(spec, part, wipe);
}
