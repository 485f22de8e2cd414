/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The output directory of `p2mdump save`, and files written into it so
 * that nothing else is overwritten or exposed: each output is written to
 * a new 0600 temporary file in the directory (O_EXCL | O_NOFOLLOW),
 * fsync'ed and renamed over its name, so an existing file's inode, owner
 * and mode never carry over and no link is followed.  Functions that fail
 * print why with cli_err() and return an exit status.
 */
#ifndef LOADER_CLI_OUTDIR_H
#define LOADER_CLI_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include "cli.h"		/* P2MDUMP_EXIT_* */

/* An output directory, open. */
struct outdir {
	const char *path;
	int fd;				/* O_DIRECTORY, -1 if not open */
};

/* An output file being written: a temporary name until outfile_commit(). */
struct outfile {
	const struct outdir *dir;
	const char *name;		/* final name in dir */
	char tmp[64];			/* temporary name in dir */
	int fd;				/* -1 if not open */
};

/* Creates @path and its missing parents (never group- or world-writable),
 * opens it into @o and refuses it if group- or world-writable; 0 or an
 * exit status. */
int outdir_open(struct outdir *o, const char *path);

/* Closes @o if it is open. */
void outdir_close(struct outdir *o);

/* Checks that @name in @o may be written: absent, or a regular file that
 * is not the source @src (st_dev, st_ino) and, unless @replace, refused
 * as existing; 0 or an exit status. */
int outdir_check(const struct outdir *o, const char *name,
		 const struct stat *src, bool replace);

/* "@o's path/@name" in a new string, or NULL. */
char *outdir_path(const struct outdir *o, const char *name);

/* Creates the temporary file for @name in @dir into @f; 0 or an exit
 * status. */
int outfile_create(struct outfile *f, const struct outdir *dir,
		   const char *name);

/* Fsyncs @f, closes it and renames it over its name (with @replace; if
 * not, an existing name is refused); 0 or an exit status.  @f is then
 * closed and its temporary gone, whatever the result. */
int outfile_commit(struct outfile *f, bool replace);

/* Closes @f and removes its temporary file, if any. */
void outfile_abort(struct outfile *f);

/* Fsyncs the directory, making the renames durable; 0 or an exit status. */
int outdir_sync(const struct outdir *o);

#endif
