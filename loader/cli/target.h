/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump target: a whole virtio-blk disk, given as a PCI address
 * ("0000:00:04.0" or "00:04.0") or a block device ("/dev/vdb", "vdb"),
 * resolved through sysfs (sysfs_root()) to its PCI function, which must
 * be in PCI domain 0000.  The capture kernel finds it by "disk=BB:DD.F".
 */
#ifndef LOADER_CLI_TARGET_H
#define LOADER_CLI_TARGET_H

#include <limits.h>

struct target {
	unsigned int bus, dev, fn;
	char disk[8];			/* "BB:DD.F" */
	char block[NAME_MAX + 1];	/* its block device, "" if none */
};

/* Resolves and checks @spec; 0, or -1 after printing why. */
int target_resolve(const char *spec, struct target *t);

#endif
