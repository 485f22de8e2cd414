/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC-32 as Ethernet, zlib's crc32() and gzip compute it (reflected
 * polynomial 0xedb88320, initial value and final xor 0xffffffff): the
 * dump-disk header's check, docs/dump-format.md section 2.  Bit by bit,
 * no table: the capture kernel sums a 320-byte header about once a second.
 */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include <p2mdump/dumpdisk.h>

/* Continues CRC @crc (0 to start) over @len bytes at @buf. */
uint32_t crc32_update(uint32_t crc, const void *buf, uint32_t len);

/* The header's CRC: CRC-32 of its 320 bytes with header_crc read as 0. */
uint32_t dumpdisk_header_crc(const struct dumpdisk_header *h);

#endif
