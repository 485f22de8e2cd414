/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a dump disk (include/p2mdump/dumpdisk.h) for `p2mdump save`:
 * opening it, validating its header, reading its vmcore and naming what
 * the header says.  Functions that fail print why with cli_err().
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
#define DUMPDISK_FIELD(f)	sizeof(((struct dumpdisk_header *)0)->f)

/* A dump disk being read. */
struct dumpdisk {
	const char *path;
	int fd;				/* -1 if not open */
	uint64_t size;			/* bytes */
	struct stat st;			/* of the open disk: st_dev, st_ino */
	struct dumpdisk_header h;	/* validated by dumpdisk_open() */
	char version[DUMPDISK_FIELD(capture_version) + 1];	/* printable */
	char detail[DUMPDISK_FIELD(detail) + 1];		/* printable */
};

/* Opens @path read-only into @d and reads and validates its header; 0, or
 * an exit status after printing why (then @d is closed). */
int dumpdisk_open(struct dumpdisk *d, const char *path);

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
