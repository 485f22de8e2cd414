/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump disk's identity: what the module holds exclusively (its
 * device number) and what the capture kernel checks before it writes
 * (include/p2mdump/disk_id.h): PCI ID, size, serial and, for NVMe, the
 * namespace ID.  Read from sysfs (sysfs.h): class/block/NAME/{dev,size,
 * serial} (NVMe: NAME/device/serial, the controller's, and NAME/nsid;
 * NAME/queue/logical_block_size must be 512), and for a partition
 * target its own dev and its class/block/PART/{start,size}.
 */
#ifndef LOADER_CLI_DISKID_H
#define LOADER_CLI_DISKID_H

#include <stddef.h>
#include "target.h"

/* Reads target_node()'s number, the disk @t->block's size and serial
 * (a missing virtio-blk serial attribute leaves has_serial false), an
 * NVMe namespace's ID, and the extent (target.h) into @t; refuses an
 * NVMe namespace without 512-byte logical blocks.  0, or -1 printed. */
int diskid_read(const char *spec, struct target *t);

/* The capture kernel's disk words for @t, "disk=BB:DD.F disk_id=..."
 * (disk_sectors= and disk_serial= only with a block device, disk_nsid=
 * only for NVMe), into @buf; 0, or -1 if they do not fit (prints
 * nothing). */
int diskid_words(const struct target *t, char *buf, size_t len);

#endif
