/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How we build zlib's deflate (zlib 1.2.12 from Debian's binutils-source,
 * extracted into build/zlib/ and compiled unmodified, lib/lib.mk):
 * force-included into each zlib file and included by lib/compress.c
 * before <zlib.h>, so both see the same configuration.  Every setting is
 * one of zlib's own build options (zconf.h, zutil.h); the same settings
 * serve the capture kernel, the host tools and the unit test.
 */
#ifndef LIB_ZLIB_CONFIG_H
#define LIB_ZLIB_CONFIG_H

/*
 * No libc: zlib includes no system header and leaves memory to the
 * caller's zalloc/zfree (lib/compress.c hands out its work area).
 */
#define Z_SOLO		1

/* The zlib wrapper only (RFC 1950, adler32): no gzip, so no crc32.c. */
#define NO_GZIP		1

/*
 * zmemcpy/zmemzero are memcpy/memset (lib/string.c's word stores), not
 * zutil.c's byte loops: deflate clears its hash table on every page.
 */
#define HAVE_MEMCPY	1
#include "lib/string.h"

/* next_in points at const data: the crashed system's pages. */
#define ZLIB_CONST	1

#endif
