// SPDX-License-Identifier: GPL-2.0
/*
 * A dump file as the target (docs/targets.md, "A dump file").  The CLI
 * allocated every block, read the extents with FIEMAP, set the immutable
 * flag and hands over a descriptor.  The module keeps a reference to the
 * file while armed (its filesystem cannot be unmounted) and trusts the
 * map only as far as the filesystem agrees:
 *
 *   - the file is a regular file on the block device target_dev, which
 *     sits on the PCI function of disk=; every extent inside that device;
 *   - for every filesystem block b of the file, bmap(b) (+ the device's
 *     start sector) is the disk sector the map gives for b's bytes: a
 *     hole, an unwritten extent or a block elsewhere refuses the load.
 *
 * The same bmap walk re-runs at every STATUS and periodically (main.c):
 * if the blocks moved, the module disarms, as swap files are pinned by
 * S_SWAPFILE and hibernation re-reads its swap map, but without a way to
 * pin an ordinary file's blocks.  bmap() is what mm/swapfile.c used for
 * generic_swapfile_activate() for the same question.
 */
#include <linux/blkdev.h>
#include <linux/fileattr.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "lib/extent_map.h"
#include "p2mdump.h"

#define SECTORS_PER_RESCHED	(1u << 16)	/* bmap calls between yields */

/* The block device @c's dump file lives on. */
static struct block_device *file_bdev(const struct capture *c)
{
	return file_inode(c->file)->i_sb->s_bdev;
}

int target_file_get(struct capture *c, const struct p2mdump_load *req,
		    const char *cmdline)
{
	struct pci_dev *pdev = disk_function(cmdline);
	struct block_device *bdev;
	struct file *f;
	int err = -EBADF;

	if (!pdev) {
		pr_warn("p2mdump: load refused: no PCI function for the disk= word of the command line\n");
		return -ENODEV;
	}
	f = fget(req->target_fd);
	if (!f) {
		pr_warn("p2mdump: load refused: target_fd %d is not an open file\n",
			req->target_fd);
		goto out;
	}
	bdev = file_inode(f)->i_sb->s_bdev;
	if (!S_ISREG(file_inode(f)->i_mode) || IS_SWAPFILE(file_inode(f)) || !bdev ||
	    bdev->bd_dev != (dev_t)req->target_dev) {
		pr_warn("p2mdump: load refused: the dump file %pD is not a regular file (nor swap) on %u:%u\n",
			f, MAJOR(req->target_dev), MINOR(req->target_dev));
		fput(f);
		goto out;
	}
	if (!disk_below(bdev, pdev)) {
		pr_warn("p2mdump: load refused: the dump file's device %pg is not on PCI function %s (disk=)\n",
			bdev, pci_name(pdev));
		fput(f);
		err = -ENOTBLK;
		goto out;
	}
	c->file = f;
	err = 0;
	pr_info("p2mdump: dump file %pD on %pg (%s)\n", f, bdev, pci_name(pdev));
out:
	pci_dev_put(pdev);
	return err;
}

/* Checks one extent @e (index @i) block by block against bmap(); 0, or
 * -ESTALE with a pr_warn (if @loud) at the first block that differs. */
static int extent_matches(const struct capture *c, const struct dump_extent *e,
			  u32 i, bool loud)
{
	struct inode *inode = file_inode(c->file);
	u64 per_block = (1u << inode->i_blkbits) >> SECTOR_SHIFT;
	u64 start = file_bdev(c)->bd_start_sect, s, disk;
	sector_t block;

	if (e->logical_sector % per_block || e->nr_sectors % per_block ||
	    (e->disk_sector - start) % per_block) {
		if (loud)
			pr_warn("p2mdump: dump file extent %u is not on whole filesystem blocks\n", i);
		return -ESTALE;
	}
	for (s = 0; s < e->nr_sectors; s += per_block) {
		block = (sector_t)((e->logical_sector + s) / per_block);
		disk = e->disk_sector + s;
		if (bmap(inode, &block) || !block ||
		    start + (u64)block * per_block != disk) {
			if (loud)
				pr_warn("p2mdump: dump file block %llu is at disk sector %llu, not %llu as the map says\n",
					(e->logical_sector + s) / per_block,
					block ? start + (u64)block * per_block : 0,
					disk);
			return -ESTALE;
		}
		if (!((s / per_block + 1) % SECTORS_PER_RESCHED))
			cond_resched();
	}
	return 0;
}

/* Checks that @map (@n extents) is exactly the file's blocks: its size,
 * then every block (extent_matches()); 0 or -ESTALE. */
static int map_matches(const struct capture *c, const struct dump_extent *map,
		       u32 n, bool loud)
{
	u64 bytes = extent_map_sectors(map, n) << SECTOR_SHIFT;
	loff_t size = i_size_read(file_inode(c->file));
	u32 i;

	if (bytes != (u64)size) {
		if (loud)
			pr_warn("p2mdump: the dump file is %lld bytes, the map %llu\n",
				size, bytes);
		return -ESTALE;
	}
	for (i = 0; i < n; i++)
		if (extent_matches(c, &map[i], i, loud))
			return -ESTALE;
	return 0;
}

int target_file_check_map(struct capture *c, const struct dump_extent *map,
			  u32 n)
{
	int err = target_map_inside(file_bdev(c), map, n);
	ktime_t start = ktime_get();

	if (err)
		return err;
	err = map_matches(c, map, n, true);
	if (err) {
		pr_warn("p2mdump: load refused: the dump file's blocks are not the map (bmap)\n");
		return err;
	}
	/* The cost of every re-check too: one bmap() per block. */
	pr_info("p2mdump: dump file %pD: %u extents, %llu blocks match bmap() (%lld us)\n",
		c->file, n,
		extent_map_sectors(map, n) >> (file_inode(c->file)->i_blkbits - SECTOR_SHIFT),
		ktime_us_delta(ktime_get(), start));
	c->file_map = kvmalloc_array(n, sizeof(*map), GFP_KERNEL);
	if (!c->file_map)
		return -ENOMEM;
	memcpy(c->file_map, map, n * sizeof(*map));
	c->file_nr = n;
	return 0;
}

int target_file_recheck(const struct capture *c)
{
	return c->file ? map_matches(c, c->file_map, c->file_nr, true) : 0;
}

/* Clears the immutable flag the CLI set for this load (what chattr -i
 * does: vfs_fileattr_set(), which takes the inode lock). */
static void clear_immutable(struct file *f)
{
	struct dentry *dentry = file_dentry(f);
	struct fileattr fa;
	int err = mnt_want_write(f->f_path.mnt);

	if (!err) {
		memset(&fa, 0, sizeof(fa));
		err = vfs_fileattr_get(dentry, &fa);
		if (!err && (fa.flags & FS_IMMUTABLE_FL)) {
			fileattr_fill_flags(&fa, fa.flags & ~FS_IMMUTABLE_FL);
			err = vfs_fileattr_set(file_mnt_user_ns(f), dentry, &fa);
		}
		mnt_drop_write(f->f_path.mnt);
	}
	if (err)
		pr_warn("p2mdump: cannot clear the immutable flag of %pD (error %d): chattr -i it\n",
			f, err);
}

void target_file_put(struct capture *c)
{
	if (c->file) {
		if (c->load_flags & P2MDUMP_LOAD_FILE_IMMUTABLE)
			clear_immutable(c->file);
		fput(c->file);
	}
	kvfree(c->file_map);
	c->file = NULL;
	c->file_map = NULL;
	c->file_nr = 0;
}
