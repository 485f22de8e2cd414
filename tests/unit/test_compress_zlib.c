// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of lib/compress.c's zlib method on our build of zlib's
 * deflate (zlib 1.2.12 from binutils-source, lib/zlib_config.h), against
 * the system's zlib (-lz): every page our build compresses must come back
 * exactly through uncompress(), what crash calls, and must be the stream
 * the system's deflate writes with the same parameters (level 1, window
 * bits 12, memLevel 6): the same algorithm, not merely a readable one.
 * Pages that do not shrink must give 0, nothing may be written past the
 * caller's output buffer, and the work area is scratch between calls.
 *
 * The build links lib/compress.o, miniLZO and our zlib as one object whose
 * only global symbols are compress_*, so the zlib calls here are the
 * system's; the first check proves it with dladdr().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include "check.h"
#include "rng.h"
#include "pages.h"
#include "lib/compress.h"

#define PAGE		4096
#define PAGES_PER_KIND	64
#define GUARD		256
#define GUARD_BYTE	0xa5
#define MAX_LEN		(2 * PAGE)

/* Tallies of one kind of page. */
struct tally {
	unsigned int pages, compressed, raw, bytes_out, sys_bytes;
	unsigned int differ, bad_roundtrip, bad_zero, overrun;
};

static uint8_t page[MAX_LEN], ref[2 * MAX_LEN], dec[MAX_LEN];

/* 1 if any of the @GUARD bytes after @p is no longer GUARD_BYTE. */
static int guard_broken(const uint8_t *p)
{
	size_t i;

	for (i = 0; i < GUARD; i++)
		if (p[i] != GUARD_BYTE)
			return 1;
	return 0;
}

/* The system zlib's stream of @len bytes at @page with our parameters. */
static size_t sys_deflate(size_t len, int window_bits, int mem_level)
{
	z_stream s;
	size_t n = 0;

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, Z_BEST_SPEED, Z_DEFLATED, window_bits, mem_level,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	s.next_in = page;
	s.avail_in = (uInt)len;
	s.next_out = ref;
	s.avail_out = sizeof(ref);
	if (deflate(&s, Z_FINISH) == Z_STREAM_END)
		n = s.total_out;
	deflateEnd(&s);
	return n;
}

/*
 * Compresses @page (@len bytes) with @c and with the system's zlib and
 * records in @t how they compare.  @c->out is followed by GUARD bytes.
 */
static void one_page(struct compressor *c, size_t len, struct tally *t)
{
	size_t n = compress_page(c, page, len);
	size_t dflt_len = sys_deflate(len, 15, 8);	/* zlib's defaults */
	size_t ref_len = sys_deflate(len, 12, 6);	/* ours, in ref[] */
	uLongf dec_len = MAX_LEN;

	t->pages++;
	if (guard_broken((uint8_t *)c->out + c->out_size))
		t->overrun++;
	t->sys_bytes += dflt_len && dflt_len < len ? dflt_len : len;
	if (!ref_len || ref_len >= len) {
		if (n != 0)
			t->bad_zero++;
		t->raw++;
		return;
	}
	t->compressed++;
	t->bytes_out += n;
	if (n != ref_len || memcmp(c->out, ref, n) != 0)
		t->differ++;
	memset(dec, 0, sizeof(dec));
	if (!n || uncompress(dec, &dec_len, c->out, n) != Z_OK ||
	    dec_len != len || memcmp(dec, page, len) != 0)
		t->bad_roundtrip++;
}

/* A zlib compressor whose @out_size byte output is followed by guard bytes. */
static int setup(struct compressor *c, size_t out_size)
{
	size_t work_size = compress_work_size(COMPRESS_ZLIB);
	void *work = malloc(work_size);
	uint8_t *out = malloc(out_size + GUARD);

	if (!work || !out)
		return -1;
	memset(out + out_size, GUARD_BYTE, GUARD);
	return compress_init(c, COMPRESS_ZLIB, work, work_size, out, out_size);
}

static void release(struct compressor *c)
{
	free(c->work);
	free(c->out);
}

/* The tallies of @t for @what, one check each. */
static void report(const char *what, const struct tally *t)
{
	CHECK(t->differ == 0,
	      "%s: %u of %u compressed pages byte-identical to the system "
	      "zlib's deflate (level 1, window bits 12, memLevel 6)", what,
	      t->compressed - t->differ, t->compressed);
	CHECK(t->bad_roundtrip == 0,
	      "%s: uncompress() gives every page back (%u bytes out in all)",
	      what, t->bytes_out);
	CHECK(t->bad_zero == 0, "%s: %u pages that do not shrink give 0",
	      what, t->raw);
	CHECK(t->overrun == 0, "%s: nothing written past the output buffer",
	      what);
}

/* Every kind of page, whole 4 KiB pages; the work area dirtied at times. */
static void test_kinds(struct rng *r)
{
	struct compressor c;
	int k;

	if (setup(&c, compress_bound(COMPRESS_ZLIB, PAGE)) != 0) {
		CHECK(0, "setup");
		return;
	}
	for (k = 0; k < NR_KINDS; k++) {
		struct tally t = { 0 };
		char what[64];
		int i;

		for (i = 0; i < PAGES_PER_KIND; i++) {
			fill(r, k, page, PAGE);
			if (rng_below(r, 4) == 0)	/* stale work area */
				fill_random(r, c.work,
					    compress_work_size(c.method));
			one_page(&c, PAGE, &t);
		}
		snprintf(what, sizeof(what), "%s pages", kind_name[k]);
		report(what, &t);
		if (k != ZERO && k != RANDOM)
			printf("     %s: %u bytes stored; with zlib's default "
			       "window and memLevel %u\n", what,
			       t.bytes_out + t.raw * PAGE, t.sys_bytes);
		if (k == ZERO)
			CHECK(t.compressed == t.pages && t.bytes_out < 64 * t.pages,
			      "zero pages: all compressed, %u bytes each",
			      t.pages ? t.bytes_out / t.pages : 0);
		if (k == RANDOM)
			CHECK(t.raw == t.pages,
			      "random pages: all incompressible, stored raw");
	}
	release(&c);
}

/* Other lengths, 0 to 2 pages, of mixed kinds. */
static void test_lengths(struct rng *r)
{
	struct tally t = { 0 };
	struct compressor c;
	int i;

	if (setup(&c, compress_bound(COMPRESS_ZLIB, MAX_LEN)) != 0) {
		CHECK(0, "setup");
		return;
	}
	for (i = 0; i < 200; i++) {
		size_t len = i < 4 ? (size_t)i : rng_below(r, MAX_LEN + 1);

		fill(r, rng_below(r, NR_KINDS), page, len);
		one_page(&c, len, &t);
	}
	report("lengths 0..8192", &t);
	release(&c);
}

/*
 * An output buffer below compress_bound() gives 0; the bound itself is
 * enough for a stream one byte short of the page; never an overrun.
 */
static void test_output_sizes(struct rng *r)
{
	size_t sizes[] = { PAGE - 1, PAGE / 2, 1 };
	unsigned int i, j, nonzero = 0, overrun = 0;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct compressor c;

		if (setup(&c, sizes[i]) != 0) {
			CHECK(0, "setup");
			return;
		}
		for (j = 0; j < 2 * NR_KINDS; j++) {
			fill(r, j % NR_KINDS, page, PAGE);
			if (compress_page(&c, page, PAGE) != 0)
				nonzero++;
			if (guard_broken((uint8_t *)c.out + c.out_size))
				overrun++;
		}
		release(&c);
	}
	CHECK(nonzero == 0 && overrun == 0,
	      "output below compress_bound(): 0 returned, buffer not overrun");
}

/*
 * A page whose stream is just under a page (random bytes, then zeros,
 * the random part grown byte by byte): the largest stream that shrinks
 * it is written whole, the next size gives 0; never an overrun.
 */
static void test_edge(struct rng *r)
{
	struct compressor c;
	size_t keep, n, best = 0;
	unsigned int overrun = 0, bad = 0;

	if (setup(&c, compress_bound(COMPRESS_ZLIB, PAGE)) != 0) {
		CHECK(0, "setup");
		return;
	}
	fill_random(r, dec, PAGE);
	for (keep = PAGE - 64; keep <= PAGE; keep++) {
		memset(page, 0, PAGE);
		memcpy(page, dec, keep);
		n = compress_page(&c, page, PAGE);
		if (guard_broken((uint8_t *)c.out + c.out_size))
			overrun++;
		if (n != (sys_deflate(PAGE, 12, 6) < PAGE ?
			  sys_deflate(PAGE, 12, 6) : 0))
			bad++;
		if (n > best)
			best = n;
	}
	CHECK(bad == 0 && overrun == 0 && best >= PAGE - 8,
	      "streams of up to %zu bytes for a %u-byte page: kept below %u, "
	      "0 above, no overrun", best, PAGE, PAGE);
	release(&c);
}

/* compress_init() refuses what it cannot do; the work size is enough. */
static void test_init(void)
{
	size_t need = compress_work_size(COMPRESS_ZLIB);
	static uint8_t out[PAGE];
	struct compressor c;
	void *work = malloc(need);

	CHECK(need == 56 * 1024, "work size %zu: 56 KiB (14 pages)", need);
	CHECK(compress_bound(COMPRESS_ZLIB, PAGE) == PAGE,
	      "bound: a page (streams stop one byte short of it)");
	CHECK(compress_init(&c, COMPRESS_ZLIB, work, need - 1, out,
			    sizeof(out)) == -1, "init: work area too small");
	CHECK(compress_init(&c, COMPRESS_ZLIB, work, need, out,
			    sizeof(out)) == 0 && c.method == 0x1,
	      "init: zlib is method 0x1, the kdump-compressed flag");
	free(work);
}

int main(void)
{
	unsigned long long seed = check_seed(1);
	Dl_info info;
	struct rng r;

	rng_init(&r, seed);
	CHECK(dladdr((void *)deflate, &info) && info.dli_fname &&
	      strstr(info.dli_fname, "libz.so"),
	      "reference deflate is the system zlib's (%s, %s)",
	      info.dli_fname ? info.dli_fname : "?", zlibVersion());
	test_init();
	test_kinds(&r);
	test_lengths(&r);
	test_output_sizes(&r);
	test_edge(&r);
	return check_exit();
}
