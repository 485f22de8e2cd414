/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A dump file as the dump target (docs/targets.md, "A dump file"):
 * `--target /var/crash/p2mdump.img`, a regular file or a path that does
 * not exist yet in an existing directory.  filetarget_resolve() checks
 * the filesystem and finds its disk without writing anything (load and
 * dump-elfcorehdr); filetarget_make() (filemake.c) then creates or grows
 * the file, allocates every block, reads its extent map and writes the
 * ARMED header through it.
 */
#ifndef LOADER_CLI_FILETARGET_H
#define LOADER_CLI_FILETARGET_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <p2mdump/extent_map.h>
#include "target.h"

struct filetarget {
	const char *spec;		/* the path as given */
	char dir[PATH_MAX];		/* its directory */
	bool exists;			/* at resolve time */
	bool created;			/* by filetarget_make() */
	bool immutable_set;		/* by filetarget_make() */
	int fd;				/* read-write, -1 if not open */
	int module_fd;			/* read-only, for the module, or -1 */
	dev_t st_dev;			/* the filesystem's device */
	char fstype[32];		/* from mountinfo */
	uint64_t old_size;		/* bytes before load */
	bool grown;			/* load made it larger */
	uint64_t size;			/* bytes, once made */
	struct dump_extent *map;	/* EXTENT_MAP_MAX room, once made */
	uint32_t nr;			/* extents in map */
};

/* True if @spec names a dump file rather than a disk: a path with a '/',
 * not under /dev (nor $P2MDUMP_DEV), that is a regular file, a directory
 * (refused later) or does not exist in an existing directory. */
bool filetarget_is(const char *spec);

/*
 * Checks dump file @spec (no writes): its filesystem (fskind.h; not ext4
 * data=journal, not an xfs realtime file, not immutable) and that
 * filesystem's device, a disk or partition the capture kernel can drive
 * (target_resolve_fs()), into @t.  Fills @f; 0, or -1 after printing why.
 */
int filetarget_resolve(const char *spec, struct filetarget *f,
		       struct target *t);

/* Closes @f's files and frees its map; unlinks a file load created if
 * @undo (a refused load), after clearing the immutable flag it set.
 * Does nothing to an @f filetarget_resolve() never filled in. */
void filetarget_close(struct filetarget *f, bool undo);

#endif
