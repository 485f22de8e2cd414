/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading sysfs attributes under a root that tests can move:
 * $P2MDUMP_SYSFS, else /sys.  Paths are given relative to that root.
 * Device nodes likewise: $P2MDUMP_DEV, else /dev; there (tests only) a
 * regular file stands for the block device node of its name.
 */
#ifndef LOADER_CLI_SYSFS_H
#define LOADER_CLI_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

/* The sysfs root: $P2MDUMP_SYSFS or "/sys". */
const char *sysfs_root(void);

/* "<root>/<fmt...>" into @buf; 0, or -1 with errno set. */
int sysfs_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads the first line of the attribute <root>/<fmt...> into @buf;
 * 0, or -1 with errno set. */
int sysfs_read(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes @value to the attribute <root>/@attr in one write(); 0, or -1
 * with errno set. */
int sysfs_write(const char *attr, const char *value);

/* True if <root>/<fmt...> exists (following symlinks). */
bool sysfs_exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The device node path @spec names, into @buf: "/dev/X" and a bare "X"
 * become "<dev root>/X" ($P2MDUMP_DEV, else /dev), any other path stays
 * as given; 0, or -1 with errno set. */
int dev_path(char *buf, size_t len, const char *spec);

/* The kernel's name ("vdb") of the existing block device node @spec (as
 * for dev_path()), into @name: by its major:minor in sysfs dev/block/;
 * a regular file under $P2MDUMP_DEV by its own name.  0, or -ENOENT (no
 * such node or name), -ENOTBLK (not a block device node); prints nothing. */
int dev_name(const char *spec, char *name, size_t len);

#endif
