/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mark load leaves on a dump file it made or reused: the extended
 * attribute trusted.p2mdump (only root can set trusted.* attributes).  A
 * file left immutable by a load whose system crashed carries it, and only
 * then do load (filemake.c) and save (dumpdisk.c) clear the immutable
 * flag themselves: a flag an administrator set on an image is left alone.
 */
#ifndef LOADER_CLI_FILEMARK_H
#define LOADER_CLI_FILEMARK_H

#include <stdbool.h>
#include <sys/xattr.h>

#define FILEMARK_NAME	"trusted.p2mdump"
#define FILEMARK_VALUE	"dump file"

/* Marks open file @fd as a p2mdump dump file; 0, or -1 with errno. */
static inline int filemark_set(int fd)
{
	return fsetxattr(fd, FILEMARK_NAME, FILEMARK_VALUE,
			 sizeof(FILEMARK_VALUE) - 1, 0);
}

/* True if open file @fd carries the mark. */
static inline bool filemark_has(int fd)
{
	return fgetxattr(fd, FILEMARK_NAME, NULL, 0) >= 0;
}

#endif
