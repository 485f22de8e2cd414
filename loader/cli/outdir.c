// SPDX-License-Identifier: GPL-2.0
/*
 * The output directory of `p2mdump save` and the files written into it:
 * a dump holds all of memory, so save writes only new 0600 files it
 * created itself, in a directory no one else can write, and renames them
 * into place.  See outdir.h.
 */
#define _GNU_SOURCE		/* renameat2, RENAME_NOREPLACE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outdir.h"

#define TMP_TRIES	100	/* temporary names tried before giving up */

/* Creates @path and its missing parents, without group or world write
 * permission whatever the umask; 0 or -1 with errno set. */
static int make_dirs(const char *path)
{
	mode_t mask = umask(0);
	char *p = strdup(path), *s;
	int ret = -1;

	umask(mask | 022);
	if (!p)
		goto out;
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			goto out;
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		goto out;
	ret = 0;
out:
	umask(mask);
	free(p);
	return ret;
}

int outdir_open(struct outdir *o, const char *path)
{
	struct stat st;

	o->path = path;
	o->fd = -1;
	if (make_dirs(path) < 0) {
		cli_err("cannot create directory %s: %s", path,
			strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	o->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->fd < 0 || fstat(o->fd, &st) < 0) {
		cli_err("cannot open directory %s: %s", path, strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		cli_err("%s is group- or world-writable; refusing to save a dump there (chmod go-w it, or choose another OUTDIR)",
			path);
		return P2MDUMP_EXIT_ERROR;
	}
	return 0;
}

void outdir_close(struct outdir *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

char *outdir_path(const struct outdir *o, const char *name)
{
	size_t n = strlen(o->path) + strlen(name) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s", o->path, name);
	return s;
}

/* What a file of mode @mode is, in words, for a refusal. */
static const char *kind(mode_t mode)
{
	if (S_ISLNK(mode))
		return "symbolic link";
	if (S_ISDIR(mode))
		return "directory";
	if (S_ISFIFO(mode))
		return "FIFO";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "device";
	if (S_ISSOCK(mode))
		return "socket";
	return "special file";
}

int outdir_check(const struct outdir *o, const char *name,
		 const struct stat *src, bool replace)
{
	struct stat st, target;

	if (fstatat(o->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		cli_err("cannot stat %s/%s: %s", o->path, name,
			strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	if (fstatat(o->fd, name, &target, 0) == 0 &&
	    target.st_dev == src->st_dev && target.st_ino == src->st_ino) {
		cli_err("%s/%s is the dump disk itself; refusing to overwrite its own source",
			o->path, name);
	} else if (!S_ISREG(st.st_mode)) {
		cli_err("%s/%s is a %s, not a regular file; refusing to replace it",
			o->path, name, kind(st.st_mode));
	} else if (!replace) {
		cli_err("%s/%s already exists; use --force to overwrite it",
			o->path, name);
	} else {
		return 0;
	}
	return P2MDUMP_EXIT_ERROR;
}

int outfile_create(struct outfile *f, const struct outdir *dir,
		   const char *name)
{
	int i;

	f->dir = dir;
	f->name = name;
	f->tmp[0] = '\0';
	f->fd = -1;
	for (i = 0; i < TMP_TRIES && f->fd < 0; i++) {
		snprintf(f->tmp, sizeof(f->tmp), ".%s.%ld.%d.tmp", name,
			 (long)getpid(), i);
		f->fd = openat(dir->fd, f->tmp, O_WRONLY | O_CREAT | O_EXCL |
			       O_NOFOLLOW | O_CLOEXEC, 0600);
		if (f->fd < 0 && errno != EEXIST)
			break;
	}
	if (f->fd < 0) {
		cli_err("cannot create %s/%s: %s", dir->path, f->tmp,
			strerror(errno));
		f->tmp[0] = '\0';
		return P2MDUMP_EXIT_ERROR;
	}
	return 0;
}

/* Renames @f's temporary file to its name, refusing an existing one
 * unless @replace; 0 or -1 with errno set. */
static int rename_in(const struct outfile *f, bool replace)
{
	int fd = f->dir->fd;

	if (!replace &&
	    renameat2(fd, f->tmp, fd, f->name, RENAME_NOREPLACE) == 0)
		return 0;
	/* A file system without RENAME_NOREPLACE: outdir_check() has
	 * already refused an existing name. */
	if (!replace && errno != EINVAL && errno != ENOSYS)
		return -1;
	return renameat(fd, f->tmp, fd, f->name);
}

int outfile_commit(struct outfile *f, bool replace)
{
	const char *dir = f->dir->path;
	int fd = f->fd, ret = P2MDUMP_EXIT_ERROR;

	f->fd = -1;
	if (fsync(fd) < 0) {
		cli_err("cannot finish %s/%s: %s", dir, f->tmp,
			strerror(errno));
		close(fd);
	} else if (close(fd) < 0) {
		cli_err("cannot close %s/%s: %s", dir, f->tmp, strerror(errno));
	} else if (rename_in(f, replace) < 0) {
		if (errno == EEXIST)
			cli_err("%s/%s already exists; use --force to overwrite it",
				dir, f->name);
		else
			cli_err("cannot rename %s/%s to %s: %s", dir, f->tmp,
				f->name, strerror(errno));
	} else {
		f->tmp[0] = '\0';
		ret = 0;
	}
	outfile_abort(f);
	return ret;
}

void outfile_abort(struct outfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp[0])
		unlinkat(f->dir->fd, f->tmp, 0);
	f->tmp[0] = '\0';
}

int outdir_sync(const struct outdir *o)
{
	if (fsync(o->fd) < 0) {
		cli_err("cannot sync directory %s: %s", o->path,
			strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	return 0;
}
