// SPDX-License-Identifier: GPL-2.0
/*
 * Page compression: LZO1X-1 from miniLZO, which the build takes unmodified
 * from Debian's liblzo2-dev, and zlib's deflate, taken unmodified from the
 * zlib 1.2.12 in Debian's binutils-source (docs/design.md, "Compression").
 * A new method adds a case to each switch below and an enum
 * compress_method id.
 */
#include "compress.h"
#include "pool_need.h"
#include "string.h"
#include "minilzo_config.h"
#include <minilzo.h>
#include "zlib_config.h"
#include <zlib.h>

/*
 * zlib: level 1 (Z_BEST_SPEED, as makedumpfile -c) with a 4 KiB window and
 * memLevel 6, not zlib's 32 KiB and 8.  A page is 4 KiB, so a larger window
 * finds nothing more (distances up to 3834 bytes; the rest is a few
 * matches near the end of the page); memLevel 6 halves the hash chains'
 * head table and the symbol buffer to 16 KiB each, and still holds a
 * whole page's symbols in one block.  zlib's own memory formula
 * (zconf.h) then gives (1 << (12 + 2)) + (1 << (6 + 9)) = 48 KiB, plus
 * deflate_state (5.8 KiB on i386, 6 KiB on x86_64) and our struct zlib_work:
 * 56 KiB in all.  The streams are standard: any uncompress() reads them.
 */
#define ZLIB_LEVEL		Z_BEST_SPEED
#define ZLIB_WINDOW_BITS	12
#define ZLIB_MEM_LEVEL		6
#define ZLIB_WORK_SIZE		((1u << (ZLIB_WINDOW_BITS + 2)) + \
				 (1u << (ZLIB_MEM_LEVEL + 9)) + 8192u)

/* LZO1X-1's output bound for a page, from compress_bound(). */
#define LZO_PAGE_BOUND		(4096u + 4096u / 16 + 64 + 3)
/* The capture kernel (i386) takes work and output from its pool. */
_Static_assert(sizeof(void *) != 4 ||
	       POOL_PAGES_FOR(LZO1X_1_MEM_COMPRESS) +
	       POOL_PAGES_FOR(LZO_PAGE_BOUND) == POOL_LZO_PAGES,
	       "lib/pool_need.h counts LZO1X-1's pages");
_Static_assert(POOL_PAGES_FOR(ZLIB_WORK_SIZE) + POOL_PAGES_FOR(4096u) ==
	       POOL_ZLIB_PAGES, "lib/pool_need.h counts zlib's pages");

/* The work area for zlib: the stream, then what zalloc hands out. */
struct zlib_work {
	z_stream strm;
	size_t used;			/* bytes of arena[] handed out */
	size_t size;			/* bytes of arena[] */
	unsigned char arena[] __attribute__((aligned(8)));
};

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

/* zlib's zalloc: the next 8-byte aligned piece of the arena, or NULL. */
static voidpf zlib_alloc(voidpf opaque, uInt items, uInt size)
{
	struct zlib_work *z = opaque;
	size_t n = ((size_t)items * size + 7) & ~(size_t)7;
	void *p;

	if (size && items > (z->size - z->used) / size)
		return Z_NULL;
	if (n > z->size - z->used)
		return Z_NULL;
	p = z->arena + z->used;
	z->used += n;
	return p;
}

/* zlib's zfree: the arena is let go as a whole, by zlib_start(). */
static void zlib_free(voidpf opaque, voidpf address)
{
	(void)opaque;
	(void)address;
}

/*
 * A fresh deflate stream in @work (@work_size bytes), for one page: the
 * work area keeps nothing between calls.  Z_OK or zlib's error.
 */
static int zlib_start(void *work, size_t work_size)
{
	struct zlib_work *z = work;

	memset(&z->strm, 0, sizeof(z->strm));
	z->strm.zalloc = zlib_alloc;
	z->strm.zfree = zlib_free;
	z->strm.opaque = z;
	z->used = 0;
	z->size = work_size - sizeof(*z);
	return deflateInit2(&z->strm, ZLIB_LEVEL, Z_DEFLATED, ZLIB_WINDOW_BITS,
			    ZLIB_MEM_LEVEL, Z_DEFAULT_STRATEGY);
}

/*
 * One zlib stream of @src into c->out, at most @len - 1 bytes: its size,
 * or 0 if it needs @len bytes or more (or zlib failed).
 */
static size_t zlib_1(struct compressor *c, const void *src, size_t len)
{
	z_stream *s = &((struct zlib_work *)c->work)->strm;

	if (!len || zlib_start(c->work, compress_work_size(COMPRESS_ZLIB)) != Z_OK)
		return 0;
	s->next_in = src;
	s->avail_in = (uInt)len;
	s->next_out = c->out;
	s->avail_out = (uInt)(len - 1);
	if (deflate(s, Z_FINISH) != Z_STREAM_END)
		return 0;
	return s->total_out;
}

size_t compress_work_size(enum compress_method m)
{
	switch (m) {
	case COMPRESS_ZLIB:
		return ZLIB_WORK_SIZE;
	case COMPRESS_LZO1X_1:
		return LZO1X_1_MEM_COMPRESS;
	}
	return 0;
}

/* LZO1X-1's bound is from LZO's FAQ: len + len / 16 + 64 + 3. */
size_t compress_bound(enum compress_method m, size_t len)
{
	switch (m) {
	case COMPRESS_ZLIB:
		return len;
	case COMPRESS_LZO1X_1:
		return len + len / 16 + 64 + 3;	/* LZO_PAGE_BOUND for a page */
	}
	return 0;
}

/* The method's self-check: LZO's lzo_init(), a zlib stream that starts. */
static int method_init(enum compress_method m, void *work, size_t work_size)
{
	switch (m) {
	case COMPRESS_ZLIB:
		return zlib_start(work, work_size) == Z_OK ? 0 : -1;
	case COMPRESS_LZO1X_1:
		return lzo_init() == LZO_E_OK ? 0 : -1;
	}
	return -1;
}

int compress_init(struct compressor *c, enum compress_method m,
		  void *work, size_t work_size, void *out, size_t out_size)
{
	size_t need = compress_work_size(m);

	if (!need || work_size < need || method_init(m, work, need))
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
	case COMPRESS_ZLIB:
		n = zlib_1(c, src, len);
		break;
	case COMPRESS_LZO1X_1:
		n = lzo1x_1(c, src, len);
		break;
	}
	return n < len ? n : 0;
}
