// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the CLI's dump-header checks (loader/cli/dumpdisk.c):
 * version 1 and 2 headers accepted, version 1 zero-extended, every
 * damaged byte of a version 2 header refused, the version, size, state
 * and CRC refusals with their words, the ARMED and CLEARED states, which
 * headers count as an unsaved dump for load, the time format, and the
 * in-place update that save uses (refused when the header changed).
 * Headers live in a temporary file, as save and load read a disk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "lib/crc32.h"
#include "loader/cli/dumpdisk.h"

#define DISK_SIZE	(64 * 4096)

static char path[64];
static int fd = -1;

/* A valid complete version 2 header of a 16 KiB vmcore. */
static struct dumpdisk_header good(void)
{
	struct dumpdisk_header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, DUMPDISK_MAGIC, 8);
	h.version = DUMPDISK_VERSION;
	h.header_size = sizeof(h);
	h.state = DUMP_COMPLETE;
	h.vmcore_offset = DUMPDISK_VMCORE_OFFSET;
	h.vmcore_size = h.vmcore_full_size = 4 * 4096;
	h.disk_size = DISK_SIZE;
	h.nonce = 0x1122334455667788ull;
	h.crash_time = 1764654116;
	h.header_crc = dumpdisk_header_crc(&h);
	return h;
}

/* Writes @len bytes of @h as the disk's first block (the rest zero). */
static void put(const void *h, size_t len)
{
	static uint8_t block[4096];

	memset(block, 0, sizeof(block));
	memcpy(block, h, len);
	if (pwrite(fd, block, sizeof(block), 0) != (ssize_t)sizeof(block))
		abort();
}

/* dumpdisk_read_header() on the disk as it is; fills @d. */
static int read_hdr(struct dumpdisk *d)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->fd = fd;
	d->size = DISK_SIZE;
	return dumpdisk_read_header(d);
}

/* Writes @h (its CRC recomputed) and reads it back: the return. */
static int try(struct dumpdisk_header h, struct dumpdisk *d)
{
	h.header_crc = dumpdisk_header_crc(&h);
	put(&h, sizeof(h));
	return read_hdr(d);
}

static void test_accept(void)
{
	struct dumpdisk_header h = good(), v1;
	uint8_t raw[sizeof(h)];
	struct dumpdisk d;

	put(&h, sizeof(h));
	CHECK(read_hdr(&d) == 0 && d.ours && d.h.nonce == h.nonce,
	      "accept: a complete version 2 header: %s", d.why);
	v1 = h;
	v1.version = 1;
	v1.header_size = DUMPDISK_V1_SIZE;
	memcpy(raw, &v1, sizeof(raw));
	memset(raw + DUMPDISK_V1_SIZE, 0x5a, sizeof(raw) - DUMPDISK_V1_SIZE);
	put(raw, sizeof(raw));
	CHECK(read_hdr(&d) == 0 && d.h.version == 1,
	      "accept: a version 1 header, no CRC: %s", d.why);
	CHECK(!d.h.nonce && !d.h.crash_time && !d.h.saved_time && !d.h.header_crc,
	      "accept: a version 1 header ignores bytes 280-319 (reads 0)");
	h.state = DUMP_ARMED;
	h.vmcore_size = h.vmcore_full_size = 0;
	CHECK(try(h, &d) == 0, "accept: an ARMED header: %s", d.why);
	h = good();
	h.state = DUMP_CLEARED;
	CHECK(try(h, &d) == 0, "accept: a CLEARED header: %s", d.why);
}

/* Every byte of a good header flipped (but magic, version, size): the
 * CRC refuses each; with the CRC fixed up, nothing but the CRC did. */
static void test_each_byte(void)
{
	struct dumpdisk_header h = good();
	uint8_t raw[sizeof(h)];
	unsigned int i, accepted = 0, not_crc = 0;
	struct dumpdisk d;

	for (i = 16; i < sizeof(h); i++) {
		memcpy(raw, &h, sizeof(raw));
		raw[i] ^= 0x10;
		put(raw, sizeof(raw));
		if (!read_hdr(&d))
			accepted++;
		else if (!strstr(d.why, "CRC"))
			not_crc++;
	}
	CHECK(accepted == 0 && not_crc == 0,
	      "each byte: a flipped bit in bytes 16-319 fails the CRC (%u accepted, %u other refusals)",
	      accepted, not_crc);
}

/* try(@h) is refused with @words in its reason. */
static void refused(const char *name, struct dumpdisk_header h, const char *words)
{
	struct dumpdisk d;
	int ret = try(h, &d);

	CHECK(ret == P2MDUMP_EXIT_ERROR && strstr(d.why, words),
	      "refuse: %s: '%s' (got %d: %s)", name, words, ret, d.why);
}

static void test_refuse(void)
{
	struct dumpdisk_header h = good();
	struct dumpdisk d;

	h.header_crc ^= 1;
	put(&h, sizeof(h));
	CHECK(read_hdr(&d) && strstr(d.why, "dump header CRC is") &&
	      strstr(d.why, "(corrupt header)"),
	      "refuse: a wrong CRC: %s", d.why);
	h = good();
	h.version = 3;
	refused("version 3", h, "version 3; this p2mdump reads versions 1 and 2");
	h = good();
	h.header_size = DUMPDISK_V1_SIZE;
	refused("version 2 of 280 bytes", h, "size is 280, expected 320 for version 2");
	h = good();
	h.version = 1;
	refused("version 1 of 320 bytes", h, "size is 320, expected 280 for version 1");
	h = good();
	h.version = 1;
	h.header_size = DUMPDISK_V1_SIZE;
	h.state = DUMP_ARMED;
	refused("version 1 ARMED", h, "unknown dump state 4");
	h = good();
	h.state = 6;
	refused("state 6", h, "unknown dump state 6");
	h = good();
	h.state = DUMP_ARMED;
	refused("ARMED with bytes", h, "says armed (no dump yet) but holds 16384 bytes");
	h.vmcore_size = 0;
	h.reason = DUMP_REASON_IO_ERROR;
	refused("ARMED with a reason", h, "says armed but gives reason 3");
	h = good();
	h.vmcore_size = 3 * 4096;
	refused("complete but short", h, "says complete but holds 12288 of 16384");
}

/* Which headers load guards as unsaved dumps. */
static void test_unsaved(void)
{
	struct dumpdisk_header h = good();
	struct dumpdisk d;

	CHECK(!try(h, &d) && dumpdisk_unsaved(&d), "unsaved: a complete dump");
	h.state = DUMP_IN_PROGRESS;
	h.vmcore_size = 4096;
	CHECK(!try(h, &d) && dumpdisk_unsaved(&d), "unsaved: an unfinished dump with bytes");
	h.vmcore_size = 0;
	CHECK(!try(h, &d) && !dumpdisk_unsaved(&d), "unsaved: not an unfinished one without");
	h = good();
	h.state = DUMP_INCOMPLETE;
	h.reason = DUMP_REASON_DISK_FULL;
	h.vmcore_size = 4096;
	CHECK(!try(h, &d) && dumpdisk_unsaved(&d), "unsaved: an incomplete dump with bytes");
	h.saved_time = 1764660000;
	CHECK(!try(h, &d) && !dumpdisk_unsaved(&d), "unsaved: not once saved");
	h = good();
	h.state = DUMP_CLEARED;
	CHECK(!try(h, &d) && !dumpdisk_unsaved(&d), "unsaved: not a cleared one");
	h = good();
	h.version = 1;
	h.header_size = DUMPDISK_V1_SIZE;
	put(&h, DUMPDISK_V1_SIZE);
	CHECK(!read_hdr(&d) && dumpdisk_unsaved(&d),
	      "unsaved: a version 1 dump (it cannot say it was saved)");
}

static void test_time(void)
{
	char buf[DUMPDISK_TIME_LEN];

	CHECK(!strcmp(dumpdisk_time(1764654116, buf), "2025-12-02 05:41:56 UTC"),
	      "time: 1764654116 is 2025-12-02 05:41:56 UTC (got %s)", buf);
	CHECK(!strcmp(dumpdisk_time(0, buf), "unknown"), "time: 0 is unknown");
	CHECK(!strcmp(dumpdisk_time(UINT64_MAX, buf), "unknown"),
	      "time: an impossible year is unknown (got %s)", buf);
}

/* save's in-place update: written with its CRC; refused once the header
 * changed under it. */
static void test_update(void)
{
	struct dumpdisk_header h = good(), nh;
	struct dumpdisk d, now;

	put(&h, sizeof(h));
	if (read_hdr(&d))
		abort();
	if (fstat(fd, &d.st))
		abort();
	nh = d.h;
	nh.saved_time = 1764660000;
	CHECK(dumpdisk_update(&d, &nh) == 0 && !read_hdr(&now) &&
	      now.h.saved_time == 1764660000,
	      "update: saved_time written with a valid CRC: %s", now.why);
	nh.state = DUMP_CLEARED;
	CHECK(dumpdisk_update(&d, &nh) == -1 && !read_hdr(&now) &&
	      now.h.state == DUMP_COMPLETE,
	      "update: refused when the header changed since it was read");
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");

	check_args(argc, argv);
	snprintf(path, sizeof(path), "%s/test_dumphdr.XXXXXX",
		 tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, DISK_SIZE))
		return 2;
	RUN_GROUP("accept", test_accept());
	RUN_GROUP("each-byte", test_each_byte());
	RUN_GROUP("refuse", test_refuse());
	RUN_GROUP("unsaved", test_unsaved());
	RUN_GROUP("time", test_time());
	RUN_GROUP("update", test_update());
	close(fd);
	unlink(path);
	return check_exit();
}
