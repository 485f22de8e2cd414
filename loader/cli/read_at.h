/* SPDX-License-Identifier: GPL-2.0 */
/* Whole reads at an offset, for the disk readers (dumpdisk.c, diskdata.c). */
#ifndef LOADER_CLI_READ_AT_H
#define LOADER_CLI_READ_AT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads @len bytes of @fd at @off, through EINTR and short reads: the
 * bytes read (fewer only at the end of the file), or -1 with errno. */
ssize_t read_at(int fd, void *buf, size_t len, uint64_t off);

#endif
