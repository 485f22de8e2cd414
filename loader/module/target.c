// SPDX-License-Identifier: GPL-2.0
/*
 * The dump target, held exclusively while armed: nothing can mount it,
 * add it to md/dm or swapon it (each of those claims it exclusively too,
 * and gets EBUSY), so a dump never overwrites data Linux put there after
 * the load.  It is a whole disk, or a partition of one, on the PCI
 * function the capture kernel will drive (disk=BB:DD.F on its command
 * line), and every extent of the map must lie inside what is held: a
 * partition's sectors, as whole-disk sectors (bd_start_sect on).
 */
#include <linux/blkdev.h>
#include <linux/pci.h>
#include <linux/string.h>
#include "p2mdump.h"

#define CLAIM_MODE	(FMODE_READ | FMODE_WRITE | FMODE_EXCL)

static int holder;			/* our mark on the claimed disk */

const char *cmdline_value(const char *cmdline, const char *key)
{
	size_t len = strlen(key);
	const char *s = cmdline;

	while (*s) {
		s = skip_spaces(s);
		if (!strncmp(s, key, len) && s[len] == '=')
			return s + len + 1;
		s += strcspn(s, " ");
	}
	return NULL;
}

struct pci_dev *disk_function(const char *cmdline)
{
	const char *s = cmdline_value(cmdline, "disk");
	unsigned int bus, dev, fn;
	char end = ' ';

	if (!s || sscanf(s, "%2x:%2x.%1x%c", &bus, &dev, &fn, &end) < 3 ||
	    end != ' ' || dev > 31 || fn > 7)
		return NULL;
	return pci_get_domain_bus_and_slot(0, bus, PCI_DEVFN(dev, fn));
}

bool disk_below(struct block_device *bdev, struct pci_dev *pdev)
{
	struct device *d;

	for (d = disk_to_dev(bdev->bd_disk); d; d = d->parent)
		if (d == &pdev->dev)
			return true;
	return false;
}

/* Checks the claimed @bdev against @pdev; 0 or -ENOTBLK with a pr_warn. */
static int check_claimed(struct block_device *bdev, struct pci_dev *pdev)
{
	if (!disk_below(bdev, pdev)) {
		pr_warn("p2mdump: load refused: target %pg is not on PCI function %s (disk=)\n",
			bdev, pci_name(pdev));
		return -ENOTBLK;
	}
	return 0;
}

int target_claim(struct capture *c, u32 target_dev, const char *cmdline)
{
	struct pci_dev *pdev = disk_function(cmdline);
	struct block_device *bdev;
	int err = 0;

	BUILD_BUG_ON(P2MDUMP_MINORBITS != MINORBITS);
	if (!pdev) {
		pr_warn("p2mdump: load refused: no PCI function for the disk= word of the command line\n");
		return -ENODEV;
	}
	if (!target_dev) {
		/* Linux drives it: its disk must be named, and held. */
		if (pdev->dev.driver) {
			pr_warn("p2mdump: load refused: %s has a driver bound (%s) but no target disk was named\n",
				pci_name(pdev), pdev->dev.driver->name);
			err = -ENOTBLK;
		}
		goto out;
	}
	bdev = blkdev_get_by_dev((dev_t)target_dev, CLAIM_MODE, &holder);
	if (IS_ERR(bdev)) {
		err = PTR_ERR(bdev);
		pr_warn("p2mdump: load refused: cannot hold target %u:%u exclusively (error %d%s)\n",
			MAJOR(target_dev), MINOR(target_dev), err,
			err == -EBUSY ? ": mounted, swap, or held by md/dm" : "");
		goto out;
	}
	err = check_claimed(bdev, pdev);
	if (err) {
		blkdev_put(bdev, CLAIM_MODE);
		goto out;
	}
	c->target = bdev;
	pr_info("p2mdump: holding %pg (%u:%u) on %s exclusively\n", bdev,
		MAJOR(target_dev), MINOR(target_dev), pci_name(pdev));
out:
	pci_dev_put(pdev);
	return err;
}

int target_check_map(const struct capture *c, const struct dump_extent *map,
		     u32 n)
{
	if (!c->target)
		return 0;	/* nothing held: the capture kernel checks */
	return target_map_inside(c->target, map, n);
}

int target_map_inside(struct block_device *bdev,
		      const struct dump_extent *map, u32 n)
{
	u64 first = bdev->bd_start_sect, end = first + bdev_nr_sectors(bdev);
	u32 i;

	for (i = 0; i < n; i++) {
		if (map[i].disk_sector < first || map[i].disk_sector > end ||
		    map[i].nr_sectors > end - map[i].disk_sector) {
			pr_warn("p2mdump: load refused: extent %u (disk sectors %llu + %llu) lies outside %pg (sectors %llu to %llu)\n",
				i, map[i].disk_sector, map[i].nr_sectors,
				bdev, first, end);
			return -EINVAL;
		}
	}
	return 0;
}

void target_release(struct capture *c)
{
	if (c->target)
		blkdev_put(c->target, CLAIM_MODE);
	c->target = NULL;
	target_file_put(c);
}

u32 target_dev(const struct capture *c)
{
	if (c->file)
		return (u32)file_inode(c->file)->i_sb->s_dev;
	return c->target ? (u32)c->target->bd_dev : 0;
}
