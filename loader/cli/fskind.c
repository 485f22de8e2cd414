// SPDX-License-Identifier: GPL-2.0
/* Which filesystems may hold a dump file; see fskind.h. */
#include <stdio.h>
#include <string.h>
#include "fskind.h"

/* statfs f_type values (linux/magic.h, and ZFS's own). */
const struct fskind fskind_table[] = {
	{ 0xef53, "ext4/ext3/ext2", NULL },
	{ 0x58465342, "xfs", NULL },
	{ 0x9123683e, "btrfs", "copy-on-write: a file's blocks move when written, and the capture kernel would bypass its checksums" },
	{ 0x2fc12fc1, "zfs", "copy-on-write, and its blocks are not disk sectors" },
	{ 0x01021994, "tmpfs", "in memory: the dump would not outlive the reboot" },
	{ 0x858458f6, "ramfs", "in memory: the dump would not outlive the reboot" },
	{ 0x6969, "nfs", "on another machine" },
	{ 0xff534d42, "cifs", "on another machine" },
	{ 0xfe534d42, "smb2", "on another machine" },
	{ 0x517b, "smb", "on another machine" },
	{ 0x01021997, "9p", "on another machine" },
	{ 0x00c36400, "ceph", "on other machines" },
	{ 0x65735546, "fuse", "a userspace filesystem: its blocks are not disk sectors" },
	{ 0x794c7630, "overlayfs", "stacked on other filesystems" },
	{ 0x73717368, "squashfs", "read-only and compressed" },
	{ 0xf2f52010, "f2fs", "log-structured: a file's blocks move when written" },
	{ 0x4d44, "vfat", "not supported" },
	{ 0, NULL, NULL },
};

const struct fskind *fskind_of(uint64_t magic)
{
	const struct fskind *k;

	for (k = fskind_table; k->name; k++)
		if (k->magic == magic)
			return k;
	return NULL;
}

/* The @i-th (0-based) blank-separated field of line @s (up to a newline),
 * its length in *@len; NULL if the line is shorter. */
static const char *field(const char *s, int i, size_t *len)
{
	for (;;) {
		s += strspn(s, " ");
		if (!*s || *s == '\n')
			return NULL;
		*len = strcspn(s, " \n");
		if (i-- == 0)
			return s;
		s += *len;
	}
}

/* Copies @n bytes of @s into @buf as a string, cut to @len. */
static void copy_field(char *buf, size_t len, const char *s, size_t n)
{
	snprintf(buf, len, "%.*s", (int)n, s);
}

int fskind_mountinfo(const char *text, unsigned int major, unsigned int minor,
		     char *fstype, size_t tlen, char *opts, size_t olen)
{
	char want[32];
	const char *line, *f, *sep;
	size_t n, wlen;

	wlen = (size_t)snprintf(want, sizeof(want), "%u:%u", major, minor);
	for (line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		f = field(line, 2, &n);
		if (!f || n != wlen || strncmp(f, want, n))
			continue;
		/* Optional fields, then " - FSTYPE SOURCE SUPER-OPTIONS". */
		sep = strstr(line, " - ");
		if (!sep || (strchr(line, '\n') && sep > strchr(line, '\n')))
			continue;
		f = field(sep + 3, 0, &n);
		if (!f)
			continue;
		copy_field(fstype, tlen, f, n);
		f = field(sep + 3, 2, &n);
		copy_field(opts, olen, f ? f : "", f ? n : 0);
		return 0;
	}
	return -1;
}

int fskind_has_option(const char *opts, const char *opt)
{
	size_t len = strlen(opt), n;

	while (*opts) {
		n = strcspn(opts, ",");
		if (n == len && !strncmp(opts, opt, len))
			return 1;
		opts += n;
		opts += *opts == ',';
	}
	return 0;
}
