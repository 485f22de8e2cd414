/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump disk, whichever kind it is: a virtio-blk function or an NVMe
 * namespace, told apart by the PCI function's vendor and class
 * (include/p2mdump/pci_ids.h).  target.c and dump.c see only this: a
 * capacity in 512-byte sectors, an identity for the disk check, writes
 * of scatter lists within the device's own segment limits, a flush, and
 * a reopen after an I/O error.
 *
 *   blkdev_open()  reset, identity (serial, NVMe namespace), capacity
 *   diskcheck      (dump.c) is it the armed disk?  nothing written yet
 *   blkdev_start() refuse what we cannot write, I/O queues
 *   blkdev_write() ... blkdev_flush()
 */
#ifndef CAPTURE_BLKDEV_H
#define CAPTURE_BLKDEV_H

#include <stdint.h>
#include <p2mdump/disk_id.h>
#include "dma.h"
#include "nvme.h"
#include "virtio_blk.h"

enum blkdev_kind { BLKDEV_VIRTIO_BLK, BLKDEV_NVME };

struct blkdev {
	enum blkdev_kind kind;
	uint32_t bdf;
	uint16_t vendor, device;	/* PCI config space */
	uint64_t sectors;		/* capacity, DISK_SECTOR_SIZE each */
	char serial[DISK_SERIAL_MAX + 1];
	uint32_t nsid;			/* NVMe namespace; 0 on virtio-blk */
	int nsid_active;		/* NVMe: the namespace exists */
	uint32_t seg_max;		/* scatter entries per write */
	uint32_t seg_bytes_max;		/* bytes per entry */
	union {
		struct vblk vblk;
		struct nvme nvme;
	} u;
};

/* Opens the disk at @bdf (NVMe: namespace @nsid) and reads its identity;
 * it has not been written to.  NULL or a one-line reason. */
const char *blkdev_open(struct blkdev *d, uint32_t bdf, uint32_t nsid);

/* Makes the opened disk ready for writes: refuses a format it cannot
 * write (NVMe: LBAs other than 512 bytes, metadata).  NULL or why not. */
const char *blkdev_start(struct blkdev *d);

/* Resets and restarts the disk after a failed write (a request may still
 * be in flight).  NULL or a one-line reason. */
const char *blkdev_reopen(struct blkdev *d);

/* Writes @data (whole sectors, at most seg_max entries of at most
 * seg_bytes_max) at byte @offset of the disk; 0 or -1. */
int blkdev_write(struct blkdev *d, uint64_t offset, const struct sg_list *data);

/* Makes every write so far durable (NVMe with a volatile write cache:
 * FLUSH; virtio-blk: nothing, as the device was negotiated); 0 or -1. */
int blkdev_flush(struct blkdev *d);

/* Prints the driver's own counters, if it has any (NVMe: LBAs bounced). */
void blkdev_report(const struct blkdev *d);

/* "virtio-blk" or "NVMe", for messages. */
const char *blkdev_kind_name(const struct blkdev *d);

#endif
