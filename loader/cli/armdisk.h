/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump disk at `p2mdump load`: no silent stale dump.  Before it arms,
 * load reads the target's dump header and refuses a dump that was never
 * saved (unless --discard-dump), then writes a fresh DUMP_ARMED header
 * with the load's nonce and time and fsync()s it.  A capture kernel that
 * fails before its first header leaves that header, so `p2mdump save`
 * says "no dump since this load" instead of saving an older dump.
 */
#ifndef LOADER_CLI_ARMDISK_H
#define LOADER_CLI_ARMDISK_H

#include <stdbool.h>
#include <stdint.h>
#include "target.h"

/* A new random nonce, never 0 (getrandom()); 0 after printing why. */
uint64_t armdisk_nonce(void);

/* Refuses target @t (given as @spec) if it holds a dump never saved,
 * unless @discard (then warns); writes its ARMED header with @nonce.
 * 0, or -1 printed. */
int armdisk_arm(const struct target *t, const char *spec, bool discard,
		uint64_t nonce);

/* For a dump file (filemake.c), open read-write as @fd, @size bytes:
 * the refusal of armdisk_arm() alone (check before anything is written),
 * and the ARMED header alone (written and fsync()ed through the file).
 * 0, or -1 printed. */
int armdisk_check_fd(int fd, const char *path, uint64_t size, bool discard);
int armdisk_write_fd(int fd, const char *path, uint64_t size, uint64_t nonce);

#endif
