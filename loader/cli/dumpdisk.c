// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a dump disk: opens it, checks that its header is one this
 * p2mdump reads (version 1, or 2 with a CRC that matches) and that the
 * vmcore it describes fits, and names the header's state and reason.
 * Writing its header back (load's ARMED header, save's marks).  See
 * dumpdisk.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>
#include "lib/crc32.h"
#include "dumpdisk.h"
#include "filemark.h"
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
	case DUMP_ARMED:
		return "armed";
	case DUMP_CLEARED:
		return "cleared";
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

/* Formats the refusal of @d's header into @d->why; returns
 * P2MDUMP_EXIT_ERROR. */
static int __attribute__((format(printf, 2, 3)))
bad(struct dumpdisk *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	return P2MDUMP_EXIT_ERROR;
}

/* Checks that state, reason and sizes agree: complete means every byte
 * and no reason, incomplete needs a reason, in progress has none yet,
 * armed has neither bytes nor reason; 0 or bad(). */
static int check_state(struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;

	if (h->state == DUMP_COMPLETE &&
	    h->vmcore_size != h->vmcore_full_size)
		return bad(d, "%s: the header says complete but holds %llu of %llu bytes (corrupt header?)",
			   d->path, (ull)h->vmcore_size,
			   (ull)h->vmcore_full_size);
	if (h->state == DUMP_COMPLETE && h->reason != DUMP_REASON_NONE)
		return bad(d, "%s: the header says complete but gives reason %u (corrupt header?)",
			   d->path, h->reason);
	if (h->state == DUMP_INCOMPLETE && h->reason == DUMP_REASON_NONE)
		return bad(d, "%s: the header says incomplete but gives no reason (corrupt header?)",
			   d->path);
	if ((h->state == DUMP_IN_PROGRESS || h->state == DUMP_ARMED) &&
	    h->reason != DUMP_REASON_NONE)
		return bad(d, "%s: the header says %s but gives reason %u (corrupt header?)",
			   d->path, h->state == DUMP_ARMED ? "armed" :
			   "in progress", h->reason);
	if (h->state == DUMP_ARMED && h->vmcore_size)
		return bad(d, "%s: the header says armed (no dump yet) but holds %llu bytes (corrupt header?)",
			   d->path, (ull)h->vmcore_size);
	return 0;
}

/* The header_size a header of @version has. */
static uint32_t dumpdisk_header_size(uint32_t version)
{
	return version == 1 ? DUMPDISK_V1_SIZE :
	       (uint32_t)sizeof(struct dumpdisk_header);
}

/* Checks the version, size and CRC: what makes the rest trustworthy;
 * 0 or bad(). */
static int check_frame(struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;
	uint32_t crc;

	if (h->version != 1 && h->version != DUMPDISK_VERSION)
		return bad(d, "%s has dump header version %u; this p2mdump reads versions 1 and %u",
			   d->path, h->version, DUMPDISK_VERSION);
	if (h->header_size != dumpdisk_header_size(h->version))
		return bad(d, "%s: dump header size is %u, expected %u for version %u (corrupt header?)",
			   d->path, h->header_size,
			   dumpdisk_header_size(h->version), h->version);
	if (h->version == 1)
		return 0;	/* no CRC to check */
	crc = dumpdisk_header_crc(h);
	if (h->header_crc != crc)
		return bad(d, "%s: dump header CRC is 0x%08x, its bytes give 0x%08x (corrupt header)",
			   d->path, h->header_crc, crc);
	return 0;
}

/* Checks the header's fixed fields and sizes; 0 or bad(). */
static int check_header(struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;
	uint32_t last = h->version == 1 ? DUMP_INCOMPLETE : DUMP_CLEARED;
	uint64_t room = d->size > DUMPDISK_VMCORE_OFFSET ?
			d->size - DUMPDISK_VMCORE_OFFSET : 0;
	int ret = check_frame(d);

	if (ret)
		return ret;
	if (h->vmcore_offset != DUMPDISK_VMCORE_OFFSET)
		return bad(d, "%s: vmcore offset is %llu, expected %llu (corrupt header?)",
			   d->path, (ull)h->vmcore_offset,
			   DUMPDISK_VMCORE_OFFSET);
	if (h->state < DUMP_IN_PROGRESS || h->state > last)
		return bad(d, "%s: unknown dump state %u (corrupt header?)",
			   d->path, h->state);
	if (h->vmcore_size % DUMPDISK_BLOCK)
		return bad(d, "%s: vmcore size %llu is not a multiple of %u (corrupt header?)",
			   d->path, (ull)h->vmcore_size, DUMPDISK_BLOCK);
	if (h->vmcore_size > room)
		return bad(d, "%s is truncated: the vmcore needs %llu bytes from offset %llu but %s has %llu bytes",
			   d->path, (ull)h->vmcore_size,
			   DUMPDISK_VMCORE_OFFSET, d->path, (ull)d->size);
	if (h->state == DUMP_COMPLETE && h->vmcore_size == 0)
		return bad(d, "%s: the header says complete but the vmcore size is 0 (corrupt header?)",
			   d->path);
	return check_state(d);
}

int dumpdisk_read_header(struct dumpdisk *d)
{
	uint8_t block[DUMPDISK_BLOCK];
	ssize_t n = dumpdisk_read(d, block, sizeof(block), 0);
	size_t size;

	d->ours = false;
	d->empty = false;
	memset(&d->h, 0, sizeof(d->h));
	if (n < 0)
		return bad(d, "cannot read %s: %s", d->path, strerror(errno));
	if (all_zero(block, (size_t)n)) {
		d->empty = true;
		return bad(d, "%s is empty: no dump was written", d->path);
	}
	if (n < 8 || memcmp(block, DUMPDISK_MAGIC, 8))
		return bad(d, "%s holds no p2mdump dump (no P2MDUMP1 header)",
			   d->path);
	d->ours = true;
	memcpy(&d->h, block, DUMPDISK_V1_SIZE < (size_t)n ?
	       DUMPDISK_V1_SIZE : (size_t)n);
	/* Only a version 2 header has (and is checked by) the rest. */
	size = d->h.version == 1 ? DUMPDISK_V1_SIZE : sizeof(d->h);
	if ((size_t)n < size)
		return bad(d, "%s is truncated: %zd bytes, too few for a dump header",
			   d->path, n);
	memcpy(&d->h, block, size);
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
	if (!ret) {
		ret = dumpdisk_read_header(d);
		if (ret)
			cli_err("%s", d->why);
	}
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

bool dumpdisk_unsaved(const struct dumpdisk *d)
{
	const struct dumpdisk_header *h = &d->h;

	return h->state >= DUMP_IN_PROGRESS && h->state <= DUMP_INCOMPLETE &&
	       h->vmcore_size && !h->saved_time;
}

const char *dumpdisk_time(uint64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;

	/* Past 9999-12-31 23:59:59: not a time any RTC or clock wrote. */
	if (!t || t > 253402300799ull || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, DUMPDISK_TIME_LEN, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, DUMPDISK_TIME_LEN, "unknown");
	return buf;
}

int dumpdisk_write_header(int fd, const char *path, struct dumpdisk_header *h)
{
	size_t done = 0;

	h->header_crc = dumpdisk_header_crc(h);
	while (done < sizeof(*h)) {
		ssize_t n = pwrite(fd, (const char *)h + done,
				   sizeof(*h) - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_err("cannot write the dump header of %s: %s", path,
				strerror(errno));
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0) {
		cli_err("cannot write the dump header of %s: fsync: %s", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* True if @a and @b are the same open disk (device or file). */
static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_rdev == b->st_rdev;
}

/*
 * Opens dump file @d read-write although it is immutable: a load set the
 * flag (the file carries filemark.h's mark) and its system crashed before
 * unload (docs/targets.md).  @d holds a dump, not an ARMED header (save
 * stops before the update for those), so no armed load relies on the
 * flag: it is cleared.  An image without the mark stays as it is.  The
 * fd, or -1.
 */
static int open_unpinned(const struct dumpdisk *d)
{
	int fd = open(d->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), flags;

	if (fd < 0 || !S_ISREG(d->st.st_mode) || !filemark_has(fd) ||
	    ioctl(fd, FS_IOC_GETFLAGS, &flags) || !(flags & FS_IMMUTABLE_FL)) {
		if (fd >= 0)
			close(fd);
		errno = EPERM;
		return -1;
	}
	flags &= ~FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	close(fd);
	cli_warn("%s: cleared the immutable flag a load left (its system crashed while armed)",
		 d->path);
	return open(d->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

int dumpdisk_update(const struct dumpdisk *d, struct dumpdisk_header *h)
{
	struct dumpdisk now = *d;
	struct stat st;
	int ret = -1;

	/* O_NONBLOCK as in open_disk(); the same file, or nothing. */
	now.fd = open(d->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (now.fd < 0 && errno == EPERM)
		now.fd = open_unpinned(d);
	if (now.fd < 0) {
		cli_err("cannot open %s to update its dump header: %s",
			d->path, strerror(errno));
		return -1;
	}
	if (fstat(now.fd, &st) < 0 || !same_file(&st, &d->st))
		cli_err("%s is no longer the disk save read; its dump header is left as it was",
			d->path);
	else if (dumpdisk_read_header(&now) ||
		 memcmp(&now.h, &d->h, sizeof(now.h)))
		cli_err("the dump header of %s changed while save ran; it is left as it was",
			d->path);
	else
		ret = dumpdisk_write_header(now.fd, d->path, h);
	close(now.fd);
	return ret;
}
