// SPDX-License-Identifier: GPL-2.0
/* CRC-32 and the dump-disk header's use of it; see crc32.h. */
#include "crc32.h"

#define CRC32_POLY	0xedb88320u	/* 0x04c11db7 bit-reversed */

uint32_t crc32_update(uint32_t crc, const void *buf, uint32_t len)
{
	const uint8_t *p = buf;
	uint32_t i;
	int bit;

	crc = ~crc;
	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_POLY & -(crc & 1));
	}
	return ~crc;
}

uint32_t dumpdisk_header_crc(const struct dumpdisk_header *h)
{
	static const uint8_t zero[sizeof(h->header_crc)];
	const uint8_t *p = (const uint8_t *)h;
	uint32_t at = __builtin_offsetof(struct dumpdisk_header, header_crc);
	uint32_t after = at + sizeof(h->header_crc);
	uint32_t crc;

	crc = crc32_update(0, p, at);
	crc = crc32_update(crc, zero, sizeof(zero));
	return crc32_update(crc, p + after, sizeof(*h) - after);
}
