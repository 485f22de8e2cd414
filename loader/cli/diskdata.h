/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a disk (or a partition target) holds data that a dump would
 * destroy: a mounted
 * filesystem or swap on it or on a partition of it, a holder (md, dm,
 * LVM), partitions, or a well-known signature in its first 128 KiB or at
 * its md 0.90 superblock.  A p2mdump dump header at byte 0 marks our own
 * dump disk: its old contents are no signature.  The files read can be
 * moved for the tests: $P2MDUMP_MOUNTINFO (/proc/self/mountinfo),
 * $P2MDUMP_MOUNTS (/proc/mounts, if mountinfo cannot be read),
 * $P2MDUMP_SWAPS (/proc/swaps); sysfs and /dev as in sysfs.h.
 */
#ifndef LOADER_CLI_DISKDATA_H
#define LOADER_CLI_DISKDATA_H

#include <stdbool.h>

/* Refuses whole disk @name (given as @spec) if it holds data, or with
 * @wipe warns about each thing a dump will destroy; 0, or -1 printed. */
int diskdata_check(const char *spec, const char *name, bool wipe);

/* The same for partition @part of disk @disk, as if @part were a whole
 * disk (other partitions of @disk may be in use), and refuses it if
 * something holds @disk itself; 0, or -1 printed. */
int diskdata_check_partition(const char *spec, const char *part,
			     const char *disk, bool wipe);

#endif
