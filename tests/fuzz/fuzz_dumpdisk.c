// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: `p2mdump save`'s reading of a dump disk's header
 * (loader/cli/dumpdisk.c dumpdisk_open: read_header, check_header) and
 * the names and reasons it prints from it.  The disk is a memfd: its
 * first block is the input's first 4096 bytes (zero-padded), and its size
 * is 4096 + 4096 * (the next 3 bytes as a number) + (the 4th byte), so
 * truncated and odd-sized disks come up.  Unless bit 0 of the 5th byte
 * is set, a version 2 header gets its CRC fixed first, so that the checks
 * behind the CRC are fuzzed too.  cli_err (and cli_warn) are replaced by ones that
 * formats into a buffer (silence, but the format arguments are used).
 * Checked: an accepted header's vmcore is a block multiple and fits the
 * disk, its text fields are printable and terminated, it is version 1 or
 * a version 2 one whose CRC matches, and the load-side questions
 * (unsaved, times) answer without fault.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz.h"
#include "lib/crc32.h"
#include "loader/cli/dumpdisk.h"

void cli_err(const char *fmt, ...)
{
	static char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
}

/* dumpdisk_update()'s warning: the same. */
void cli_warn(const char *fmt, ...)
{
	static char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
}

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	FUZZ_ASSERT(n < cap);
	for (; *s; s++)
		FUZZ_ASSERT(*s >= 0x20 && *s < 0x7f);
}

/* Sets the CRC of a version 2 header in @block to what its bytes give. */
static void fix_crc(uint8_t *block)
{
	struct dumpdisk_header h;

	memcpy(&h, block, sizeof(h));
	if (h.version != DUMPDISK_VERSION)
		return;
	h.header_crc = dumpdisk_header_crc(&h);
	memcpy(block, &h, sizeof(h));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	static uint8_t block[DUMPDISK_BLOCK];
	struct fuzz_in in = { data, size };
	struct dumpdisk d;
	uint64_t disk_size;
	char why[512];
	size_t head = size < DUMPDISK_BLOCK ? size : DUMPDISK_BLOCK;

	if (fd < 0) {
		fd = memfd_create("dumpdisk", 0);
		FUZZ_ASSERT(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	memset(block, 0, sizeof(block));
	memcpy(block, data, head);
	in.p += head;
	in.left -= head;
	disk_size = head + (in.left ? DUMPDISK_BLOCK * fuzz_take(&in, 3) +
			    fuzz_take(&in, 1) : 0);
	if (!(fuzz_take(&in, 1) & 1))
		fix_crc(block);
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(ftruncate(fd, (off_t)disk_size) == 0);
	FUZZ_ASSERT(pwrite(fd, block, head, 0) == (ssize_t)head);
	if (dumpdisk_open(&d, path))
		return 0;
	FUZZ_ASSERT(d.size == disk_size);
	FUZZ_ASSERT(d.h.vmcore_size % DUMPDISK_BLOCK == 0);
	/* An empty vmcore needs no room (a disk cut inside block 0). */
	FUZZ_ASSERT(d.h.vmcore_size == 0 ||
		    d.h.vmcore_offset + d.h.vmcore_size <= d.size);
	check_text(d.version, sizeof(d.version));
	check_text(d.detail, sizeof(d.detail));
	FUZZ_ASSERT(d.h.version == 1 ||
		    (d.h.version == DUMPDISK_VERSION &&
		     d.h.header_crc == dumpdisk_header_crc(&d.h)));
	FUZZ_ASSERT(d.h.state != DUMP_ARMED || d.h.vmcore_size == 0);
	dumpdisk_unsaved(&d);
	dumpdisk_time(d.h.crash_time, why);
	FUZZ_ASSERT(strlen(why) < DUMPDISK_TIME_LEN);
	dumpdisk_state_name(d.h.state);
	dumpdisk_reason_name(d.h.reason);
	dumpdisk_why_incomplete(&d, why, sizeof(why));
	FUZZ_ASSERT(strlen(why) < sizeof(why));
	dumpdisk_close(&d);
	return 0;
}
