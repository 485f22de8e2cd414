// SPDX-License-Identifier: GPL-2.0
/* The dump disk behind one interface.  See blkdev.h. */
#include <p2mdump/pci_ids.h>
#include "blkdev.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "arch/i386/pci.h"

/* The kind of disk at @bdf by vendor (virtio) or class (NVMe); -1 if
 * it is neither. */
static int kind_of(uint32_t bdf, enum blkdev_kind *kind)
{
	if (pci_read16(bdf, PCI_VENDOR_ID) == PCI_VENDOR_VIRTIO) {
		*kind = BLKDEV_VIRTIO_BLK;
		return 0;
	}
	if (pci_read16(bdf, PCI_VENDOR_ID) != 0xffff &&
	    pci_read32(bdf, PCI_CLASS_REVISION) >> 8 == PCI_CLASS_NVME) {
		*kind = BLKDEV_NVME;
		return 0;
	}
	return -1;
}

/* virtio-blk: capacity and limits from its config, serial by GET_ID. */
static const char *open_vblk(struct blkdev *d)
{
	const char *err = vblk_open(&d->u.vblk, d->bdf);

	if (err)
		return err;
	d->sectors = d->u.vblk.sectors;
	d->seg_max = d->u.vblk.seg_max;
	d->seg_bytes_max = d->u.vblk.size_max;
	d->nsid = 0;
	d->nsid_active = 0;
	if (vblk_get_id(&d->u.vblk, d->serial) < 0)
		return "cannot read the dump disk's serial (GET_ID)";
	return (const char *)0;
}

/* NVMe: reset, Identify; the PRP builder splits any list, so the limits
 * are only what one request of ours holds. */
static const char *open_nvme(struct blkdev *d, uint32_t nsid)
{
	struct nvme *n = &d->u.nvme;
	const char *err = nvme_open(n, d->bdf, nsid);

	if (err)
		return err;
	d->sectors = n->nsze * (n->lba_bytes / DISK_SECTOR_SIZE);
	d->seg_max = 256;
	d->seg_bytes_max = n->max_bytes;
	d->nsid = nsid;
	d->nsid_active = n->ns_active;
	memcpy(d->serial, n->serial, sizeof(d->serial));
	return (const char *)0;
}

const char *blkdev_open(struct blkdev *d, uint32_t bdf, uint32_t nsid)
{
	if (kind_of(bdf, &d->kind) < 0)
		return "no virtio or NVMe device at disk=";
	d->bdf = bdf;
	d->vendor = pci_read16(bdf, PCI_VENDOR_ID);
	d->device = pci_read16(bdf, PCI_DEVICE_ID);
	if (d->kind == BLKDEV_NVME)
		return open_nvme(d, nsid);
	return open_vblk(d);
}

const char *blkdev_start(struct blkdev *d)
{
	if (d->kind == BLKDEV_NVME)
		return nvme_start(&d->u.nvme);
	return (const char *)0;	/* vblk_open() set DRIVER_OK */
}

const char *blkdev_reopen(struct blkdev *d)
{
	const char *err;

	if (d->kind == BLKDEV_VIRTIO_BLK)
		return vblk_open(&d->u.vblk, d->bdf);
	err = nvme_open(&d->u.nvme, d->bdf, d->nsid);
	return err ? err : nvme_start(&d->u.nvme);
}

int blkdev_write(struct blkdev *d, uint64_t offset, const struct sg_list *data)
{
	if (d->kind == BLKDEV_NVME)
		return nvme_write(&d->u.nvme, offset, data);
	return vblk_write(&d->u.vblk, offset, data);
}

int blkdev_flush(struct blkdev *d)
{
	if (d->kind == BLKDEV_NVME)
		return nvme_flush(&d->u.nvme);
	return 0;
}

const char *blkdev_kind_name(const struct blkdev *d)
{
	return d->kind == BLKDEV_NVME ? "NVMe" : "virtio-blk";
}

void blkdev_report(const struct blkdev *d)
{
	if (d->kind == BLKDEV_NVME)
		printk("dump: nvme: %llu LBAs copied to a bounce page (a "
		       "break inside an LBA), max %u bytes a command, volatile "
		       "write cache %s, %u flushes\n",
		       (unsigned long long)d->u.nvme.bounced,
		       d->u.nvme.max_bytes, d->u.nvme.vwc ? "yes" : "no",
		       d->u.nvme.flushes);
}
