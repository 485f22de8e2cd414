/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump target: a whole virtio-blk disk, given as a PCI address
 * ("0000:00:04.0" or "00:04.0") or an existing block device node
 * ("/dev/vdb", any path to it, or "vdb" for /dev/vdb; see dev_name()),
 * an NVMe namespace by its node ("/dev/nvme0n1": a controller may have
 * several, so not by PCI address), or a partition of either by its node
 * ("/dev/vdb2", "/dev/nvme0n1p2"), resolved through sysfs (sysfs_root())
 * to the disk's PCI function, which must be in PCI domain 0000 (an NVMe
 * namespace: class/block/nvme0n1/device is the controller nvme0, the
 * function is above it; multipath and fabrics controllers have none).  The capture kernel finds the disk by "disk=BB:DD.F" and writes
 * only through the extent map: the whole disk, or the partition's sectors
 * (class/block/PART/start and size) as one extent.
 */
#ifndef LOADER_CLI_TARGET_H
#define LOADER_CLI_TARGET_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <p2mdump/disk_id.h>
#include <p2mdump/extent_map.h>

struct target {
	unsigned int bus, dev, fn;
	char disk[8];			/* "BB:DD.F" */
	char block[NAME_MAX + 1];	/* its disk's block device, "" if none */
	char part[NAME_MAX + 1];	/* the target partition of it, or "" */
	unsigned int vendor, device;	/* its PCI ID */
	bool nvme;			/* an NVMe controller, else virtio-blk */
	uint32_t nsid;			/* NVMe: the namespace's ID */
	/* From the block device (diskid.h); 0 and "" without one: */
	uint32_t devno;			/* target_node()'s P2MDUMP_DEV(maj, min) */
	uint64_t sectors;		/* the disk's size, DISK_SECTOR_SIZE each */
	bool has_serial;
	char serial[DISK_SERIAL_MAX + 1];
	struct dump_extent extent;	/* all of target_node(), disk sectors */
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

/* Resolves block device @name (the kernel's name: "vdb1"), the device a
 * dump file's filesystem lives on (given as @spec), as target_resolve()
 * does but without the data checks (it is mounted, by design): a
 * partition of, or a whole, disk the capture kernel can drive; reads its
 * identity.  0, or -1 after printing why. */
int target_resolve_fs(const char *spec, const char *name, struct target *t);

/* The block device load checks, holds and writes the header on: the
 * partition if @t is one, else the disk ("" if none). */
const char *target_node(const struct target *t);

#endif
