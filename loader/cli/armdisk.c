// SPDX-License-Identifier: GPL-2.0
/* The dump disk's header at load: refuse an unsaved dump, write ARMED;
 * see armdisk.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "armdisk.h"
#include "dumpdisk.h"
#include "sysfs.h"

uint64_t armdisk_nonce(void)
{
	uint64_t n = 0;

	while (!n) {
		ssize_t got = getrandom(&n, sizeof(n), 0);

		if (got < 0 && errno == EINTR)
			continue;
		if (got != (ssize_t)sizeof(n)) {
			cli_err("cannot get a random nonce: %s",
				got < 0 ? strerror(errno) : "short read");
			return 0;
		}
	}
	return n;
}

/* "a complete dump (nonce N, crashed at T)" for @d, into @buf. */
static const char *describe(const struct dumpdisk *d, char *buf, size_t len)
{
	const struct dumpdisk_header *h = &d->h;
	const char *kind = h->state == DUMP_COMPLETE ? "a complete" :
			   h->state == DUMP_INCOMPLETE ? "an incomplete" :
			   "an unfinished";
	char when[DUMPDISK_TIME_LEN];

	if (h->version == 1)
		snprintf(buf, len, "%s dump (version 1 header: no nonce, crash time or saved mark)",
			 kind);
	else if (!h->crash_time)
		snprintf(buf, len, "%s dump (nonce %016llx, crash time unknown)",
			 kind, (ull)h->nonce);
	else
		snprintf(buf, len, "%s dump (nonce %016llx, crashed at %s)",
			 kind, (ull)h->nonce, dumpdisk_time(h->crash_time, when));
	return buf;
}

/* Refuses (or with @discard warns about) a dump on @d that save has not
 * saved, or a p2mdump header save cannot read; 0, or -1 printed. */
static int check_old(struct dumpdisk *d, const char *spec, bool discard)
{
	char what[256];

	if (dumpdisk_read_header(d)) {
		if (!d->ours)
			return 0;	/* empty, or diskdata.c's business */
		if (discard) {
			cli_warn("--discard-dump: overwriting a p2mdump header save cannot read (%s)",
				 d->why);
			return 0;
		}
		cli_err("target %s holds a p2mdump header save cannot read (%s): --discard-dump to overwrite it",
			spec, d->why);
		return -1;
	}
	if (!dumpdisk_unsaved(d))
		return 0;
	describe(d, what, sizeof(what));
	if (discard) {
		cli_warn("--discard-dump: target %s holds %s, never saved: it is discarded",
			 spec, what);
		return 0;
	}
	cli_err("target %s holds %s that was never saved: run p2mdump save %s DIR first, or load --discard-dump to overwrite it",
		spec, what, spec);
	return -1;
}

/* Writes the ARMED header for @nonce on @d: no dump yet, the load's time. */
static int write_armed(const struct dumpdisk *d, uint64_t nonce)
{
	struct dumpdisk_header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, DUMPDISK_MAGIC, sizeof(h.magic));
	h.version = DUMPDISK_VERSION;
	h.header_size = sizeof(h);
	h.state = DUMP_ARMED;
	h.vmcore_offset = DUMPDISK_VMCORE_OFFSET;
	h.disk_size = d->size;
	h.nonce = nonce;
	h.load_time = (uint64_t)time(NULL);
	return dumpdisk_write_header(d->fd, d->path, &h);
}

int armdisk_arm(const struct target *t, const char *spec, bool discard,
		uint64_t nonce)
{
	char node[PATH_MAX];
	struct dumpdisk d;
	off_t end;
	int ret = -1;

	memset(&d, 0, sizeof(d));
	d.path = node;
	if (!t->block[0] || dev_path(node, sizeof(node), target_node(t))) {
		cli_err("target %s has no block device node to write its dump header on (is virtio-blk bound to it?)",
			spec);
		return -1;
	}
	/* O_EXCL on a block device fails while anything holds it (mount,
	 * swap, md/dm): the header never lands on a disk in use, even one
	 * the mountinfo/swaps/holders checks did not see. */
	d.fd = open(node, O_RDWR | O_EXCL | O_CLOEXEC);
	if (d.fd < 0 && errno == EBUSY) {
		cli_err("target %s is in use (mounted, swap, or held by md/dm): not writing its dump header",
			spec);
		return -1;
	}
	if (d.fd < 0) {
		cli_err("cannot open target %s to write its dump header: %s",
			spec, strerror(errno));
		return -1;
	}
	end = lseek(d.fd, 0, SEEK_END);
	if (end < 0) {
		cli_err("cannot find the size of target %s: %s", spec,
			strerror(errno));
	} else {
		d.size = (uint64_t)end;
		ret = check_old(&d, spec, discard);
		if (!ret)
			ret = write_armed(&d, nonce);
	}
	close(d.fd);
	return ret;
}

/* A struct dumpdisk over the open file @fd of @size bytes (@path). */
static void file_disk(struct dumpdisk *d, int fd, const char *path,
		      uint64_t size)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->fd = fd;
	d->size = size;
}

int armdisk_check_fd(int fd, const char *path, uint64_t size, bool discard)
{
	struct dumpdisk d;

	file_disk(&d, fd, path, size);
	return check_old(&d, path, discard);
}

int armdisk_write_fd(int fd, const char *path, uint64_t size, uint64_t nonce)
{
	struct dumpdisk d;

	file_disk(&d, fd, path, size);
	return write_armed(&d, nonce);
}
