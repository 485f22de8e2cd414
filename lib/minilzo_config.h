/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How we build miniLZO (Debian's liblzo2-dev, /usr/share/lzo/minilzo/,
 * compiled unmodified): force-included into minilzo.c and included by
 * lib/compress.c before <minilzo.h>, so both see the same configuration.
 * The same settings serve the capture kernel and the host unit test.
 */
#ifndef LIB_MINILZO_CONFIG_H
#define LIB_MINILZO_CONFIG_H

/* No libc: no <string.h>, no <assert.h>; only <limits.h> and <stddef.h>. */
#define LZO_CFG_FREESTANDING			1
#define LZO_LIBC_FREESTANDING			1
#define LZO_OS_FREESTANDING			1

/*
 * miniLZO's own lzo_memset() is a byte loop, and LZO1X-1 clears its
 * 32 KiB dictionary with it on every call.  Skip miniLZO's string
 * functions: lib/compress.c supplies lzo_memset() on lib/string.c's
 * word-store memset (the only one LZO1X-1 compression calls).
 */
#define MINILZO_CFG_SKIP_LZO_STRING		1

/* We only compress; crash and the tests decompress with liblzo2. */
#define MINILZO_CFG_SKIP_LZO_UTIL		1
#define MINILZO_CFG_SKIP_LZO1X_DECOMPRESS	1
#define MINILZO_CFG_SKIP_LZO1X_DECOMPRESS_SAFE	1

#endif
