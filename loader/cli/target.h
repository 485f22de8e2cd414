/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump target: a whole virtio-blk disk, given as a PCI address
 * ("0000:00:04.0" or "00:04.0") or an existing block device node
 * ("/dev/vdb", any path to it, or "vdb" for /dev/vdb; see dev_name()),
 * resolved through sysfs (sysfs_root()) to its PCI function, which must
 * be in PCI domain 0000.  The capture kernel finds it by "disk=BB:DD.F".
 */
#ifndef LOADER_CLI_TARGET_H
#define LOADER_CLI_TARGET_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <p2mdump/disk_id.h>

struct target {
	unsigned int bus, dev, fn;
	char disk[8];			/* "BB:DD.F" */
	char block[NAME_MAX + 1];	/* its block device, "" if none */
	unsigned int vendor, device;	/* its PCI ID */
	/* From the block device (diskid.h); 0 and "" without one: */
	uint32_t devno;			/* P2MDUMP_DEV(major, minor) */
	uint64_t sectors;		/* size, DISK_SECTOR_SIZE each */
	bool has_serial;
	char serial[VIRTIO_BLK_ID_BYTES + 1];
};

/* A PCI function's address. */
struct pci_addr {
	unsigned int domain, bus, dev, fn;
};

/* Parses "DDDD:BB:DD.F", or "BB:DD.F" (domain 0) if @short_ok, into @a
 * (hex, dev <= 1f, fn <= 7, nothing more); 0 or -1, prints nothing. */
int parse_pci(const char *s, bool short_ok, struct pci_addr *a);

/* Resolves and checks @spec, refusing a disk that holds data (see
 * diskdata.h) unless @wipe, and a device the capture kernel cannot
 * drive (vdev.h); reads its identity (diskid.h).  0, or -1 after
 * printing why. */
int target_resolve(const char *spec, bool wipe, struct target *t);

#endif
