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
	uint64_t sectors;		/* virtio-blk capacity */
	const char *serial;		/* GET_ID, NUL-terminated */
};

/* NULL if @f matches every disk_* word of the command line
 * (cmdline_init() first) and the required disk_id= is there; else the
 * name of the first word that is missing, malformed or does not match. */
const char *diskcheck_mismatch(const struct disk_facts *f);

#endif
