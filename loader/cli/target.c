// SPDX-License-Identifier: GPL-2.0
/*
 * Resolves the dump target.  A block device leads to its PCI function
 * through sysfs: class/block/NAME/device is a symlink into the device
 * tree (<parent>/0000:00:04.0/virtio2 for virtio-blk,
 * <parent>/0000:00:04.0/nvme/nvme0 for an NVMe namespace), and the
 * nearest ancestor named like a PCI address is the function.  See
 * target.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <p2mdump/pci_ids.h>
#include "cli.h"
#include "diskdata.h"
#include "diskid.h"
#include "sysfs.h"
#include "target.h"
#include "vdev.h"


/* Parses exactly @n hex digits at @s into @v; 0 or -1. */
static int hex_digits(const char *s, int n, unsigned int *v)
{
	char buf[8];
	uint64_t x;

	if ((int)strnlen(s, (size_t)n) < n)
		return -1;
	memcpy(buf, s, (size_t)n);
	buf[n] = '\0';
	if (strspn(buf, "0123456789abcdefABCDEF") != (size_t)n ||
	    parse_u64(buf, 16, &x))
		return -1;
	*v = (unsigned int)x;
	return 0;
}

int parse_pci(const char *s, bool short_ok, struct pci_addr *a)
{
	a->domain = 0;
	if (strlen(s) == 12) {
		if (hex_digits(s, 4, &a->domain) || s[4] != ':')
			return -1;
		s += 5;
	} else if (!short_ok) {
		return -1;
	}
	if (strlen(s) != 7 || hex_digits(s, 2, &a->bus) || s[2] != ':' ||
	    hex_digits(s + 3, 2, &a->dev) || s[5] != '.' ||
	    hex_digits(s + 6, 1, &a->fn))
		return -1;
	return a->dev > 0x1f || a->fn > 7 ? -1 : 0;
}

/* The kernel's name of the existing block device node @spec, into
 * @name; 0, or -1 printed. */
static int block_name(const char *spec, char *name, size_t len)
{
	int err = dev_name(spec, name, len);

	if (err == -ENOTBLK)
		cli_err("target %s is not a block device", spec);
	else if (err)
		cli_err("target %s: no such device", spec);
	return err ? -1 : 0;
}

/* True if block device @name is an NVMe namespace (its node is named
 * nvmeXnY, or its sysfs directory lies in an NVMe subsystem or fabrics
 * controller). */
static bool nvme_block(const char *name, const char *dir)
{
	return !strncmp(name, "nvme", 4) || strstr(dir, "/nvme-subsystem/") ||
	       strstr(dir, "/nvme-fabrics/");
}

/* Says why block device @name has no PCI function above it; -1. */
static int not_on_pci(const char *spec, const char *name)
{
	char link[PATH_MAX], dir[PATH_MAX] = "";

	if (!sysfs_path(link, sizeof(link), "class/block/%s", name) &&
	    !realpath(link, dir))
		dir[0] = '\0';
	if (nvme_block(name, dir))
		cli_err("target %s is an NVMe namespace whose controller is not a PCI function (NVMe multipath or fabrics): p2mdump writes to NVMe on PCI only",
			spec);
	else
		cli_err("target %s is not a virtio-blk or NVMe device (not on a PCI bus)",
			spec);
	return -1;
}

/* Finds the PCI function above block device @name: its directory into
 * @dir, its address into @a; 0, or -1 printed. */
static int block_to_pci(const char *spec, const char *name, char *dir,
			struct pci_addr *a)
{
	char link[PATH_MAX], *slash;

	if (sysfs_path(link, sizeof(link), "class/block/%s/device", name) ||
	    !realpath(link, dir))
		return not_on_pci(spec, name);
	while ((slash = strrchr(dir, '/'))) {
		if (!parse_pci(slash + 1, false, a))
			return 0;
		*slash = '\0';
	}
	return not_on_pci(spec, name);
}

/* The disk partition @name sits on (its sysfs directory is inside the
 * disk's), into @disk; 0, or -1 printed. */
static int parent_disk(const char *spec, const char *name, char *disk,
		       size_t len)
{
	char link[PATH_MAX], real[PATH_MAX], *slash = NULL;

	if (!sysfs_path(link, sizeof(link), "class/block/%s", name) &&
	    realpath(link, real) && (slash = strrchr(real, '/'))) {
		*slash = '\0';
		slash = strrchr(real, '/');
	}
	if (!slash || !sysfs_exists("class/block/%s", slash + 1) ||
	    sysfs_exists("class/block/%s/partition", slash + 1)) {
		cli_err("target %s is a partition, but sysfs names no disk above it",
			spec);
		return -1;
	}
	snprintf(disk, len, "%s", slash + 1);
	return 0;
}

/* Checks that block device @t->block (given as @spec) is in sysfs, a
 * whole disk or a partition of one (then @t->part), and finds the disk's
 * PCI function; 0, or -1 printed. */
static int from_name(const char *spec, struct target *t, char *dir,
		     struct pci_addr *a)
{
	if (!sysfs_exists("class/block/%s", t->block)) {
		cli_err("target %s: no such device", spec);
		return -1;
	}
	if (sysfs_exists("class/block/%s/partition", t->block)) {
		memcpy(t->part, t->block, sizeof(t->part));
		if (parent_disk(spec, t->part, t->block, sizeof(t->block)))
			return -1;
	}
	return block_to_pci(spec, t->block, dir, a);
}

/* Checks that block device node @spec exists and resolves it as
 * from_name() does; 0, or -1 printed. */
static int from_block(const char *spec, struct target *t, char *dir,
		      struct pci_addr *a)
{
	if (block_name(spec, t->block, sizeof(t->block)))
		return -1;
	return from_name(spec, t, dir, a);
}

/* Finds the block device virtio-blk made of PCI function @dir, into
 * @t->block; leaves it "" if there is none (no driver bound). */
static void pci_to_block(const char *dir, struct target *t)
{
	char path[PATH_MAX];
	struct dirent *e, *b;
	DIR *d, *bd;

	d = opendir(dir);
	if (!d)
		return;
	while (!t->block[0] && (e = readdir(d))) {
		if (strncmp(e->d_name, "virtio", 6) ||
		    path_fmt(path, sizeof(path), "%s/%s/block", dir, e->d_name))
			continue;
		bd = opendir(path);
		if (!bd)
			continue;
		while (!t->block[0] && (b = readdir(bd)))
			if (b->d_name[0] != '.')
				snprintf(t->block, sizeof(t->block), "%s",
					 b->d_name);
		closedir(bd);
	}
	closedir(d);
}

/* Finds PCI function @spec in sysfs; 0, or -1 printed. */
static int from_pci(const char *spec, struct target *t, char *dir,
		    struct pci_addr *a)
{
	if (parse_pci(spec, true, a)) {
		cli_err("target %s: not a PCI address (0000:BB:DD.F or BB:DD.F) or a block device",
			spec);
		return -1;
	}
	if (a->domain)
		return 0;	/* check_function() refuses it, @dir unused */
	if (sysfs_path(dir, PATH_MAX, "bus/pci/devices/0000:%02x:%02x.%x",
		       a->bus, a->dev, a->fn) || access(dir, F_OK)) {
		cli_err("target %s: no such device", spec);
		return -1;
	}
	pci_to_block(dir, t);
	return 0;
}

/* Reads the hex PCI ID attribute @dir/@attr; 0, or -1 printed. */
static int pci_id(const char *spec, const char *dir, const char *attr,
		  unsigned int *id)
{
	char path[PATH_MAX], buf[32];
	uint64_t v;

	if (path_fmt(path, sizeof(path), "%s/%s", dir, attr) ||
	    read_line(path, buf, sizeof(buf))) {
		cli_err("target %s: cannot read %s: %s", spec, path,
			strerror(errno));
		return -1;
	}
	if (parse_u64(buf, 16, &v) || v > 0xffff) {
		cli_err("target %s: %s is not a PCI ID: '%s'", spec, path, buf);
		return -1;
	}
	*id = (unsigned int)v;
	return 0;
}

/* The PCI class code of the function at @dir (its class attribute,
 * "0x010802"), or 0 if it cannot be read. */
static unsigned int pci_class(const char *dir)
{
	char path[PATH_MAX], buf[32];
	uint64_t v;

	if (path_fmt(path, sizeof(path), "%s/class", dir) ||
	    read_line(path, buf, sizeof(buf)) || parse_u64(buf, 16, &v) ||
	    v > 0xffffff)
		return 0;
	return (unsigned int)v;
}

/* Checks that the function at @dir is a virtio-blk or an NVMe controller
 * in domain 0 and notes its PCI ID and kind in @t; 0, or -1 printed. */
static int check_function(const char *spec, const char *dir,
			  const struct pci_addr *a, struct target *t)
{
	unsigned int vendor, device;

	if (a->domain) {
		cli_err("target %s is in PCI domain %04x: p2mdump supports domain 0000 only",
			spec, a->domain);
		return -1;
	}
	if (pci_id(spec, dir, "vendor", &vendor) ||
	    pci_id(spec, dir, "device", &device))
		return -1;
	t->nvme = vendor != PCI_VENDOR_VIRTIO && pci_class(dir) == PCI_CLASS_NVME;
	if (!t->nvme && (vendor != PCI_VENDOR_VIRTIO ||
	    (device != PCI_DEVICE_VIRTIO_BLK_LEGACY && device != PCI_DEVICE_VIRTIO_BLK_MODERN))) {
		cli_err("target %s (0000:%02x:%02x.%x) is not a virtio-blk or NVMe device (PCI ID %04x:%04x)",
			spec, a->bus, a->dev, a->fn, vendor, device);
		return -1;
	}
	if (t->nvme && !t->block[0]) {
		cli_err("target %s (0000:%02x:%02x.%x) is an NVMe controller: name one of its namespaces (/dev/nvmeXnY) instead",
			spec, a->bus, a->dev, a->fn);
		return -1;
	}
	t->vendor = vendor;
	t->device = device;
	return 0;
}

/* Checks that the capture kernel can drive the function at @dir: a
 * virtio-blk one's interface (vdev.h), and for both kinds that no IOMMU
 * translates its DMA; 0, or -1 printed. */
static int check_driver(const char *spec, const char *dir,
			const struct target *t)
{
	return t->nvme ? vdev_iommu_check(spec, dir) :
			 vdev_check(spec, dir, t->device);
}

/* True if block device @name is read-only (sysfs ro). */
static bool read_only(const char *name)
{
	char buf[16];

	return !sysfs_read(buf, sizeof(buf), "class/block/%s/ro", name) &&
	       !strcmp(buf, "1");
}

/* Refuses a read-only target, or one holding data unless @wipe (a
 * partition: its own data, and a holder of its disk); 0, or -1 printed. */
static int check_disk(const char *spec, const struct target *t, bool wipe)
{
	if (read_only(t->block) || read_only(target_node(t))) {
		cli_err("target %s is read-only", spec);
		return -1;
	}
	if (t->part[0])
		return diskdata_check_partition(spec, t->part, t->block, wipe);
	return diskdata_check(spec, t->block, wipe);
}

/* Notes PCI function @a as the disk the capture kernel drives. */
static void set_function(struct target *t, const struct pci_addr *a)
{
	t->bus = a->bus;
	t->dev = a->dev;
	t->fn = a->fn;
	snprintf(t->disk, sizeof(t->disk), "%02x:%02x.%x", a->bus, a->dev,
		 a->fn);
}

const char *target_node(const struct target *t)
{
	return t->part[0] ? t->part : t->block;
}

int target_resolve(const char *spec, bool wipe, struct target *t)
{
	char dir[PATH_MAX];
	struct pci_addr a;
	int ret;

	memset(t, 0, sizeof(*t));
	if (!spec[0]) {
		cli_err("target '': no such device");
		return -1;
	}
	if (!strchr(spec, '/') && strchr(spec, ':'))
		ret = from_pci(spec, t, dir, &a);
	else
		ret = from_block(spec, t, dir, &a);
	if (!ret)
		ret = check_function(spec, dir, &a, t);
	if (!ret)
		ret = check_driver(spec, dir, t);
	if (!ret && t->block[0])
		ret = check_disk(spec, t, wipe);
	if (!ret && t->block[0])
		ret = diskid_read(spec, t);
	if (!ret)
		set_function(t, &a);
	return ret;
}

int target_resolve_fs(const char *spec, const char *name, struct target *t)
{
	char dir[PATH_MAX];
	struct pci_addr a;
	int ret;

	memset(t, 0, sizeof(*t));
	snprintf(t->block, sizeof(t->block), "%s", name);
	ret = from_name(spec, t, dir, &a);
	if (!ret)
		ret = check_function(spec, dir, &a, t);
	if (!ret)
		ret = check_driver(spec, dir, t);
	if (!ret && (read_only(t->block) || read_only(target_node(t)))) {
		cli_err("target %s: its filesystem's disk %s is read-only",
			spec, target_node(t));
		ret = -1;
	}
	if (!ret)
		ret = diskid_read(spec, t);
	if (!ret)
		set_function(t, &a);
	return ret;
}
