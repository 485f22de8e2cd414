// SPDX-License-Identifier: GPL-2.0
/*
 * Page compression: LZO1X-1 from miniLZO, which the build takes unmodified
 * from Debian's liblzo2-dev (docs/design.md, "Compression").  A new method
 * adds a case to each switch below and an enum compress_method id.
 */
#include "compress.h"
#include "string.h"
#include "minilzo_config.h"
#include <minilzo.h>

/* miniLZO's memset (MINILZO_CFG_SKIP_LZO_STRING): lib/string.c's. */
LZO_PUBLIC(lzo_voidp) lzo_memset(lzo_voidp buf, int c, lzo_uint len)
{
	return memset(buf, c, len);
}

/* LZO1X-1 into c->out, which holds compress_bound(); 0 on error. */
static size_t lzo1x_1(struct compressor *c, const void *src, size_t len)
{
	lzo_uint out_len = 0;

	if (lzo1x_1_compress((const lzo_bytep)src, len, c->out, &out_len,
			     c->work) != LZO_E_OK)
		return 0;
	return out_len;
}

size_t compress_work_size(enum compress_method m)
{
	switch (m) {
	case COMPRESS_LZO1X_1:
		return LZO1X_1_MEM_COMPRESS;
	}
	return 0;
}

/* LZO1X-1's bound is from LZO's FAQ: len + len / 16 + 64 + 3. */
size_t compress_bound(enum compress_method m, size_t len)
{
	switch (m) {
	case COMPRESS_LZO1X_1:
		return len + len / 16 + 64 + 3;
	}
	return 0;
}

int compress_init(struct compressor *c, enum compress_method m,
		  void *work, size_t work_size, void *out, size_t out_size)
{
	size_t need = compress_work_size(m);

	if (!need || work_size < need)
		return -1;
	if (m == COMPRESS_LZO1X_1 && lzo_init() != LZO_E_OK)
		return -1;
	c->method = m;
	c->work = work;
	c->out = out;
	c->out_size = out_size;
	return 0;
}

size_t compress_page(struct compressor *c, const void *src, size_t len)
{
	size_t n = 0;

	if (c->out_size < compress_bound(c->method, len))
		return 0;
	switch (c->method) {
	case COMPRESS_LZO1X_1:
		n = lzo1x_1(c, src, len);
		break;
	}
	return n < len ? n : 0;
}
