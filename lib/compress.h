/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page compression for the dump writer, one call per page.
 *
 * The caller owns all memory: the method's work area and the output
 * buffer (the capture kernel takes both from its page pool; nothing here
 * is static).  A method id is the kdump-compressed per-page flag that
 * marks its output (docs/design.md), so the writer stores c->method in
 * page_desc.flags when compress_page() returns non-zero, and flags 0 with
 * the page raw when it returns 0.  Two methods: LZO1X-1 (fast) and zlib
 * level 1 (smaller; what makedumpfile -c writes).
 */
#ifndef LIB_COMPRESS_H
#define LIB_COMPRESS_H

#include <stddef.h>

enum compress_method {
	COMPRESS_ZLIB = 0x1,	/* an RFC 1950 zlib stream, deflate level 1 */
	COMPRESS_LZO1X_1 = 0x2,	/* standard LZO1X-1, not lzo-rle */
};

struct compressor {
	enum compress_method method;
	void *work;		/* compress_work_size(method) bytes */
	void *out;		/* where compress_page() writes */
	size_t out_size;	/* bytes at @out */
};

/*
 * Bytes of work memory @m needs (LZO1X-1: 64 KiB on i386; zlib: 56 KiB);
 * 0: unknown.  The work area is scratch: nothing in it outlives a call.
 */
size_t compress_work_size(enum compress_method m);

/*
 * The most @m can write for @len input bytes: what @out must hold (zlib
 * stops at @len - 1 bytes, a stream that would not shrink the page).
 */
size_t compress_bound(enum compress_method m, size_t len);

/*
 * Sets @c up for @m with the caller's @work and @out buffers; -1 if @m is
 * unknown, @work is smaller than compress_work_size(m) or the method's
 * self-check fails, else 0.
 */
int compress_init(struct compressor *c, enum compress_method m,
		  void *work, size_t work_size, void *out, size_t out_size);

/*
 * Compresses the @len bytes at @src into c->out.  Returns the compressed
 * size, always below @len, or 0: store @src raw (it did not shrink, or
 * c->out_size is below compress_bound(), or the method failed).  Never
 * writes past c->out + c->out_size.
 */
size_t compress_page(struct compressor *c, const void *src, size_t len);

#endif
