/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Is the disk at disk=BB:DD.F the one that was armed?  The loader wrote
 * down its PCI ID, capacity and serial (include/p2mdump/disk_id.h); a
 * machine whose devices moved since the load (another disk hot-plugged
 * into that slot, a VM reconfigured) must get no write at all.
 */
#ifndef CAPTURE_DISKCHECK_H
#define CAPTURE_DISKCHECK_H

#include <stdint.h>

/* What the device at disk= says it is. */
struct disk_facts {
	uint16_t vendor, device;	/* PCI config space */
	uint64_t sectors;		/* capacity, 512-byte sectors */
	const char *serial;		/* NUL-terminated (disk_id.h) */
	int nvme;			/* else virtio-blk */
	uint32_t nsid;			/* NVMe: the namespace opened */
	int nsid_active;		/* NVMe: Identify found it */
};

/* NULL if @f matches every disk_* word of the command line
 * (cmdline_init() first) and the required disk_id= is there (and, for an
 * NVMe disk, disk_nsid= naming an active namespace); else the name of
 * the first word that is missing, malformed or does not match. */
const char *diskcheck_mismatch(const struct disk_facts *f);

#endif
