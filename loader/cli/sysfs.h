/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading sysfs attributes under a root that tests can move:
 * $P2MDUMP_SYSFS, else /sys.  Paths are given relative to that root.
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

/* True if <root>/<fmt...> exists (following symlinks). */
bool sysfs_exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
