// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for lib/crc32.c: CRC-32 against its published check
 * values, against zlib's crc32() on seeded random buffers, in pieces, and
 * the dump header's rule (docs/dump-format.md section 2): header_crc read
 * as zero, every other byte of the 320 covered, a known header's value
 * (computed independently with Python's zlib.crc32).
 */
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include "check.h"
#include "rng.h"
#include "lib/crc32.h"

/* Published check values of CRC-32/ISO-HDLC (the zlib/gzip CRC). */
static void test_known(void)
{
	CHECK(crc32_update(0, "123456789", 9) == 0xcbf43926u,
	      "known: crc32(\"123456789\") is 0xcbf43926 (got %#x)",
	      crc32_update(0, "123456789", 9));
	CHECK(crc32_update(0, "", 0) == 0, "known: the empty string gives 0");
	CHECK(crc32_update(0, "a", 1) == 0xe8b7be43u,
	      "known: crc32(\"a\") is 0xe8b7be43 (got %#x)", crc32_update(0, "a", 1));
	CHECK(crc32_update(crc32_update(0, "1234", 4), "56789", 5) == 0xcbf43926u,
	      "known: continuing a CRC over a second piece");
}

/* Seeded random buffers of every length to 600 against zlib. */
static void test_zlib(struct rng *r)
{
	static uint8_t buf[600];
	uint32_t len, i, bad = 0;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rng_next(r);
	for (len = 0; len <= sizeof(buf); len++)
		if (crc32_update(0, buf, len) !=
		    (uint32_t)crc32_z(0, buf, len))
			bad++;
	CHECK(bad == 0, "zlib: lengths 0-600 of random bytes match zlib's crc32() (%u differ)",
	      bad);
}

/* The known ARMED header of the docs' example: its CRC and the rule. */
static void test_header(void)
{
	struct dumpdisk_header h;
	uint8_t *p = (uint8_t *)&h;
	uint32_t crc, i, missed = 0;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, DUMPDISK_MAGIC, 8);
	h.version = 2;
	h.header_size = sizeof(h);
	h.state = DUMP_ARMED;
	h.vmcore_offset = DUMPDISK_VMCORE_OFFSET;
	h.nonce = 0x1122334455667788ull;
	h.load_time = 1764650000;
	crc = dumpdisk_header_crc(&h);
	CHECK(crc == 0x1fffb644u,
	      "header: the known ARMED header's CRC is 0x1fffb644 (got %#x)", crc);
	h.header_crc = 0xdeadbeef;
	CHECK(dumpdisk_header_crc(&h) == crc,
	      "header: header_crc itself is read as zero");
	h.header_crc = 0;
	CHECK(crc == crc32_update(0, p, sizeof(h)),
	      "header: with header_crc 0 it is the plain CRC of the 320 bytes");
	for (i = 0; i < sizeof(h); i++) {
		if (i >= __builtin_offsetof(struct dumpdisk_header, header_crc) &&
		    i < __builtin_offsetof(struct dumpdisk_header, pad))
			continue;
		p[i] ^= 0x01;
		missed += dumpdisk_header_crc(&h) == crc;
		p[i] ^= 0x01;
	}
	CHECK(missed == 0, "header: a flipped bit in any other byte changes it (%u missed)",
	      missed);
}

int main(int argc, char **argv)
{
	unsigned long long seed;

	check_args(argc, argv);
	seed = check_seed(20261202);
	RUN_GROUP("known", test_known());
	RUN_GROUP("zlib", test_zlib(rng_fresh(seed)));
	RUN_GROUP("header", test_header());
	return check_exit();
}
