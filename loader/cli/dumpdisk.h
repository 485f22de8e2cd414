/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A dump disk's header (include/p2mdump/dumpdisk.h) for `p2mdump save`
 * and `load`: opening the disk, validating its header (version 1, or 2
 * with its CRC), reading its vmcore, naming what the header says, and
 * rewriting the header in place.  Functions that fail print why with
 * cli_err() unless their comment says otherwise.
 */
#ifndef LOADER_CLI_DUMPDISK_H
#define LOADER_CLI_DUMPDISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <p2mdump/dumpdisk.h>
#include "cli.h"		/* P2MDUMP_EXIT_* */

#define DUMPDISK_BLOCK		4096u	/* page and digest block */
#define DUMPDISK_TIME_LEN	32	/* "2026-12-02 05:41:56 UTC" */
#define DUMPDISK_FIELD(f)	sizeof(((struct dumpdisk_header *)0)->f)

/* A dump disk being read. */
struct dumpdisk {
	const char *path;
	int fd;				/* -1 if not open */
	uint64_t size;			/* bytes */
	struct stat st;			/* of the open disk: st_dev, st_ino */
	bool ours;			/* block 0 starts with DUMPDISK_MAGIC */
	bool empty;			/* block 0 is all zero: never armed */
	struct dumpdisk_header h;	/* validated; a v1 one zero-extended */
	char version[DUMPDISK_FIELD(capture_version) + 1];	/* printable */
	char detail[DUMPDISK_FIELD(detail) + 1];		/* printable */
	char why[512];			/* dumpdisk_read_header()'s refusal */
};

/* Opens @path read-only into @d and reads and validates its header; 0, or
 * an exit status after printing why (then @d is closed). */
int dumpdisk_open(struct dumpdisk *d, const char *path);

/* Reads and validates the header of @d (path, fd and size set) into @d;
 * 0, or an exit status with the one-line reason in @d->why, not printed.
 * @d->ours says whether block 0 is a p2mdump header at all. */
int dumpdisk_read_header(struct dumpdisk *d);

/* Writes @h at byte 0 of @fd (@path for messages) with its CRC set, then
 * fsync()s; 0, or -1 printed. */
int dumpdisk_write_header(int fd, const char *path, struct dumpdisk_header *h);

/* Rewrites @d's header as @h (a version 2 header) if the disk at @d->path
 * is still the file @d read and its header is unchanged since; 0, or -1
 * printed.  @d itself stays open read-only. */
int dumpdisk_update(const struct dumpdisk *d, struct dumpdisk_header *h);

/* True if @d holds dump data never saved: a dump state (1-3) with vmcore
 * bytes, and no saved_time (a version 1 header cannot say: true). */
bool dumpdisk_unsaved(const struct dumpdisk *d);

/* UTC seconds @t as "YYYY-MM-DD hh:mm:ss UTC" ("unknown" for 0) in @buf
 * of DUMPDISK_TIME_LEN bytes; returns @buf. */
const char *dumpdisk_time(uint64_t t, char *buf);

/* Closes @d if it is open. */
void dumpdisk_close(struct dumpdisk *d);

/* Reads up to @len bytes at byte @off of @d; the count (short only at its
 * end) or -1 with errno set. */
ssize_t dumpdisk_read(const struct dumpdisk *d, void *buf, size_t len,
		      uint64_t off);

/* True if the @len bytes at @buf are all zero (an unwritten block). */
bool all_zero(const uint8_t *buf, size_t len);

/* The dump-info.txt word for a dump state. */
const char *dumpdisk_state_name(uint32_t state);

/* The dump-info.txt word for a reason; unknown ones share "unknown". */
const char *dumpdisk_reason_name(uint32_t reason);

/* Why @d's dump is incomplete, in words (reason and detail), into @buf;
 * returns @buf. */
const char *dumpdisk_why_incomplete(const struct dumpdisk *d, char *buf,
				    size_t len);

#endif
