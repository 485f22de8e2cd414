// SPDX-License-Identifier: GPL-2.0
/* The armed dump disk, recognised by its ID, size and serial; see
 * diskcheck.h and include/p2mdump/disk_id.h. */
#include <p2mdump/disk_id.h>
#include "cmdline.h"
#include "diskcheck.h"

/* The value of hex digit @c, or 16 if it is not one. */
static uint32_t hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (uint32_t)(c - '0');
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10) : 16;
}

/* Parses exactly @n hex digits at @s into @v; 0 or -1. */
static int hex_n(const char *s, uint32_t n, uint32_t *v)
{
	*v = 0;
	while (n--) {
		if (hexval(*s) > 15)
			return -1;
		*v = *v << 4 | hexval(*s++);
	}
	return 0;
}

/* True if a word's value ends at @s. */
static int word_end(const char *s)
{
	return *s == ' ' || *s == '\0';
}

/* disk_id=VVVV:DDDD (required) against @f; 0 if it matches. */
static int id_ok(const struct disk_facts *f)
{
	const char *s = cmdline_str(DISK_WORD_ID);
	uint32_t vendor, device;

	return s && !hex_n(s, 4, &vendor) && s[4] == ':' &&
	       !hex_n(s + 5, 4, &device) && word_end(s + 9) &&
	       vendor == f->vendor && device == f->device ? 0 : -1;
}

/* disk_sectors=N, if there, against @f; 0 if it matches. */
static int sectors_ok(const struct disk_facts *f)
{
	uint64_t n;

	if (!cmdline_str(DISK_WORD_SECTORS))
		return 0;
	return !cmdline_u64(DISK_WORD_SECTORS, &n) && n == f->sectors ? 0 : -1;
}

/* disk_serial=HEX, if there, against @f: every byte and the length. */
static int serial_ok(const struct disk_facts *f)
{
	const char *s = cmdline_str(DISK_WORD_SERIAL);
	const char *have = f->serial;
	uint32_t byte;

	if (!s)
		return 0;
	for (; !word_end(s); s += 2, have++)
		if (!*have || hex_n(s, 2, &byte) || byte != (uint8_t)*have)
			return -1;
	return *have ? -1 : 0;
}

/* disk_nsid=N against @f: required for NVMe (the namespace we opened
 * from it, which must exist), refused for virtio-blk; 0 if it matches. */
static int nsid_ok(const struct disk_facts *f)
{
	uint32_t n;

	if (!cmdline_str(DISK_WORD_NSID))
		return f->nvme ? -1 : 0;
	return f->nvme && f->nsid_active && !cmdline_u32(DISK_WORD_NSID, &n) &&
	       n == f->nsid ? 0 : -1;
}

const char *diskcheck_mismatch(const struct disk_facts *f)
{
	if (id_ok(f))
		return DISK_WORD_ID;
	if (nsid_ok(f))
		return DISK_WORD_NSID;
	if (sectors_ok(f))
		return DISK_WORD_SECTORS;
	if (serial_ok(f))
		return DISK_WORD_SERIAL;
	return (const char *)0;
}
