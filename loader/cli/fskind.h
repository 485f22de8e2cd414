/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which filesystems may hold a dump file.  The capture kernel writes the
 * file's blocks as raw disk sectors, so the filesystem must keep a file's
 * data where FIEMAP says, in place, unencoded, for as long as the load is
 * armed: ext2/3/4 and xfs do; copy-on-write, network, memory and FUSE
 * filesystems do not.  Pure: the tests give made-up statfs types and
 * mountinfo text.
 */
#ifndef LOADER_CLI_FSKIND_H
#define LOADER_CLI_FSKIND_H

#include <stddef.h>
#include <stdint.h>

#define FSKIND_ALLOWED	"ext4, ext3, ext2 or xfs"	/* for messages */

/* A filesystem known by its statfs f_type. */
struct fskind {
	uint64_t magic;
	const char *name;
	const char *why;	/* NULL: allowed; else why not */
};
extern const struct fskind fskind_table[];

/* The entry of fskind_table for @magic, or NULL (an unknown filesystem). */
const struct fskind *fskind_of(uint64_t magic);

/*
 * Finds the mount of device @major:@minor in /proc/self/mountinfo text
 * @text: its filesystem type into @fstype and its superblock options
 * (the field after the source) into @opts.  0, or -1 if no line has it.
 */
int fskind_mountinfo(const char *text, unsigned int major, unsigned int minor,
		     char *fstype, size_t tlen, char *opts, size_t olen);

/* True if the comma-separated option list @opts has @opt exactly. */
int fskind_has_option(const char *opts, const char *opt);

#endif
