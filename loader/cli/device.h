/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/p2mdump, the p2mdump.ko module's character device
 * (include/p2mdump/ioctl.h).  $P2MDUMP_DEVICE replaces the path (tests).
 */
#ifndef LOADER_CLI_DEVICE_H
#define LOADER_CLI_DEVICE_H

#include <p2mdump/ioctl.h>

/* The device path: $P2MDUMP_DEVICE or P2MDUMP_DEVICE. */
const char *device_path(void);

/* Checks that the module is loaded (its device and sysfs module/p2mdump
 * exist) and opens the device; an fd, or -1 after printing why. */
int device_open(void);

/* Reads the module's status into @st and checks its ABI version; 0, or
 * -1 after printing why. */
int device_status(int fd, struct p2mdump_status *st);

/* The same without a word: 0, or -1 if it cannot be read or the module
 * speaks another ABI. */
int device_status_quiet(int fd, struct p2mdump_status *st);

#endif
