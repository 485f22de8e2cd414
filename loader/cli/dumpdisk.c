// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a dump disk: opens it, checks that its header is one this
 * p2mdump reads and that the vmcore it describes fits, and names the
 * header's state and reason.  See dumpdisk.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dumpdisk.h"
#include "read_at.h"

ssize_t dumpdisk_read(const struct dumpdisk *d, void *buf, size_t len,
		      uint64_t off)
{
	return read_at(d->fd, buf, len, off);
}

bool all_zero(const uint8_t *buf, size_t len)
{
	return len == 0 || (buf[0] == 0 && !memcmp(buf, buf + 1, len - 1));
}

/* Copies a header string of at most @len bytes as printable text. */
static void text_field(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

const char *dumpdisk_state_name(uint32_t state)
{
	switch (state) {
	case DUMP_IN_PROGRESS:
		return "in-progress";
	case DUMP_COMPLETE:
		return "complete";
	default:
		return "incomplete";
	}
}

const char *dumpdisk_reason_name(uint32_t reason)
{
	switch (reason) {
	case DUMP_REASON_NONE:
		return "none";
	case DUMP_REASON_DISK_FULL:
		return "disk-full";
	case DUMP_REASON_EXCEPTION:
		return "exception";
	case DUMP_REASON_IO_ERROR:
		return "io-error";
	default:
		return "unknown";
	}
}

const char *dumpdisk_why_incomplete(const struct dumpdisk *d, char *buf,
				    size_t len)
{
	const char *why;

	switch (d->h.reason) {
	case DUMP_REASON_DISK_FULL:
		why = "the dump disk is full";
		break;
	case DUMP_REASON_EXCEPTION:
		why = "the capture kernel took an exception";
		break;
	case DUMP_REASON_IO_ERROR:
		why = "the dump disk refused a write";
		break;
	case DUMP_REASON_NONE:
		why = d->h.state == DUMP_IN_PROGRESS ?
		      "the capture kernel never finished: reset or hang" :
		      "no reason given";
		break;
	default:
		why = "unknown reason";
		break;
	}
	snprintf(buf, len, "%s%s%s", why, d->detail[0] ? ": " : "", d->detail);
	return buf;
}

/* Opens the dump disk read-only and finds its size; 0 or an exit status. */
static int open_disk(struct dumpdisk *d)
{
	struct stat *st = &d->st;
	off_t end;

	/* O_NONBLOCK: a FIFO given by mistake must not hang the open. */
	d->fd = open(d->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (d->fd < 0) {
		cli_err("cannot open %s: %s", d->path, strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	if (fstat(d->fd, st) < 0) {
		cli_err("cannot stat %s: %s", d->path, strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	if (S_ISDIR(st->st_mode)) {
		cli_err("%s is a directory, not a dump disk", d->path);
		return P2MDUMP_EXIT_ERROR;
	}
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode)) {
		cli_err("%s is neither a block device nor a disk image",
			d->path);
		return P2MDUMP_EXIT_ERROR;
	}
	end = lseek(d->fd, 0, SEEK_END);
	if (end < 0) {
		cli_err("cannot find the size of %s: %s", d->path,
			strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	d->size = (uint64_t)end;
	return 0;
}

/* Checks that state, reason and sizes agree: complete means every byte
 * and no reason, incomplete needs a reason, in progress has none yet;
 * 0 or an exit status. */
static int check_state(const struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;

	if (h->state == DUMP_COMPLETE &&
	    h->vmcore_size != h->vmcore_full_size) {
		cli_err("%s: the header says complete but holds %llu of %llu bytes (corrupt header?)",
			d->path, (ull)h->vmcore_size,
			(ull)h->vmcore_full_size);
	} else if (h->state == DUMP_COMPLETE &&
		   h->reason != DUMP_REASON_NONE) {
		cli_err("%s: the header says complete but gives reason %u (corrupt header?)",
			d->path, h->reason);
	} else if (h->state == DUMP_INCOMPLETE &&
		   h->reason == DUMP_REASON_NONE) {
		cli_err("%s: the header says incomplete but gives no reason (corrupt header?)",
			d->path);
	} else if (h->state == DUMP_IN_PROGRESS &&
		   h->reason != DUMP_REASON_NONE) {
		cli_err("%s: the header says in progress but gives reason %u (corrupt header?)",
			d->path, h->reason);
	} else {
		return 0;
	}
	return P2MDUMP_EXIT_ERROR;
}

/* Checks the header's fixed fields and sizes; 0 or an exit status. */
static int check_header(const struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;
	uint64_t room = d->size > DUMPDISK_VMCORE_OFFSET ?
			d->size - DUMPDISK_VMCORE_OFFSET : 0;

	if (h->version != DUMPDISK_VERSION) {
		cli_err("%s has dump header version %u; this p2mdump reads version %u",
			d->path, h->version, DUMPDISK_VERSION);
	} else if (h->header_size != sizeof(*h)) {
		cli_err("%s: dump header size is %u, expected %zu (corrupt header?)",
			d->path, h->header_size, sizeof(*h));
	} else if (h->vmcore_offset != DUMPDISK_VMCORE_OFFSET) {
		cli_err("%s: vmcore offset is %llu, expected %llu (corrupt header?)",
			d->path, (ull)h->vmcore_offset, DUMPDISK_VMCORE_OFFSET);
	} else if (h->state < DUMP_IN_PROGRESS || h->state > DUMP_INCOMPLETE) {
		cli_err("%s: unknown dump state %u (corrupt header?)",
			d->path, h->state);
	} else if (h->vmcore_size % DUMPDISK_BLOCK) {
		cli_err("%s: vmcore size %llu is not a multiple of %u (corrupt header?)",
			d->path, (ull)h->vmcore_size, DUMPDISK_BLOCK);
	} else if (h->vmcore_size > room) {
		cli_err("%s is truncated: the vmcore needs %llu bytes from offset %llu but %s has %llu bytes",
			d->path, (ull)h->vmcore_size, DUMPDISK_VMCORE_OFFSET,
			d->path, (ull)d->size);
	} else if (h->state == DUMP_COMPLETE && h->vmcore_size == 0) {
		cli_err("%s: the header says complete but the vmcore size is 0 (corrupt header?)",
			d->path);
	} else {
		return check_state(d);
	}
	return P2MDUMP_EXIT_ERROR;
}

/* Reads and validates the header at offset 0; 0 or an exit status. */
static int read_header(struct dumpdisk *d)
{
	uint8_t block[DUMPDISK_BLOCK];
	ssize_t n = dumpdisk_read(d, block, sizeof(block), 0);

	if (n < 0) {
		cli_err("cannot read %s: %s", d->path, strerror(errno));
		return P2MDUMP_EXIT_ERROR;
	}
	if (all_zero(block, (size_t)n)) {
		cli_err("%s is empty: no dump was written", d->path);
		return P2MDUMP_EXIT_ERROR;
	}
	if (n < 8 || memcmp(block, DUMPDISK_MAGIC, 8)) {
		cli_err("%s holds no p2mdump dump (no P2MDUMP1 header)",
			d->path);
		return P2MDUMP_EXIT_ERROR;
	}
	if ((size_t)n < sizeof(d->h)) {
		cli_err("%s is truncated: %zd bytes, too few for a dump header",
			d->path, n);
		return P2MDUMP_EXIT_ERROR;
	}
	memcpy(&d->h, block, sizeof(d->h));
	text_field(d->version, d->h.capture_version,
		   sizeof(d->h.capture_version));
	text_field(d->detail, d->h.detail, sizeof(d->h.detail));
	return check_header(d);
}

int dumpdisk_open(struct dumpdisk *d, const char *path)
{
	int ret;

	memset(d, 0, sizeof(*d));
	d->path = path;
	ret = open_disk(d);
	if (!ret)
		ret = read_header(d);
	if (ret)
		dumpdisk_close(d);
	return ret;
}

void dumpdisk_close(struct dumpdisk *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}
