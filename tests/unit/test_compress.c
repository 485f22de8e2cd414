// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of lib/compress.c on our build of miniLZO (the capture
 * kernel's configuration, lib/minilzo_config.h), against the system's
 * liblzo2: every page our build compresses must be byte-identical to
 * liblzo2's lzo1x_1_compress() output (so it is standard LZO1X-1, not
 * lzo-rle) and must come back exactly through lzo1x_decompress_safe(),
 * what crash calls.  Pages that do not shrink must give 0, and nothing
 * may be written past the caller's output buffer.
 *
 * The build links lib/compress.o and miniLZO as one object whose only
 * global symbols are compress_*, so the lzo1x_* calls here are liblzo2's;
 * the first check proves it with dladdr().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include <lzo/lzo1x.h>
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
	unsigned int pages, compressed, raw, bytes_out;
	unsigned int differ, bad_roundtrip, bad_zero, overrun;
};

static uint8_t page[MAX_LEN], ref[MAX_LEN + MAX_LEN / 16 + 67];
static uint8_t dec[MAX_LEN];
static uint8_t sys_work[LZO1X_1_MEM_COMPRESS];

/* 0 if the @GUARD bytes after @p are all still GUARD_BYTE. */
static int guard_broken(const uint8_t *p)
{
	size_t i;

	for (i = 0; i < GUARD; i++)
		if (p[i] != GUARD_BYTE)
			return 1;
	return 0;
}

/*
 * Compresses @page (@len bytes) with @c and with liblzo2 and records in
 * @t how they compare.  @c->out is followed by GUARD guard bytes.
 */
static void one_page(struct compressor *c, size_t len, struct tally *t)
{
	lzo_uint ref_len = 0, dec_len = len;
	size_t n = compress_page(c, page, len);

	t->pages++;
	if (guard_broken((uint8_t *)c->out + c->out_size))
		t->overrun++;
	if (lzo1x_1_compress(page, len, ref, &ref_len, sys_work) != LZO_E_OK ||
	    ref_len >= len) {
		if (n != 0)
			t->bad_zero++;
		t->raw++;
		return;
	}
	t->compressed++;
	t->bytes_out += n;
	if (n != ref_len || memcmp(c->out, ref, n) != 0) {
		t->differ++;
		return;
	}
	memset(dec, 0, sizeof(dec));
	if (lzo1x_decompress_safe(c->out, n, dec, &dec_len, NULL) != LZO_E_OK ||
	    dec_len != len || memcmp(dec, page, len) != 0)
		t->bad_roundtrip++;
}

/* A compressor whose output buffer of @out_size bytes is followed by guard bytes. */
static int setup(struct compressor *c, size_t out_size)
{
	size_t work_size = compress_work_size(COMPRESS_LZO1X_1);
	void *work = malloc(work_size);
	uint8_t *out = malloc(out_size + GUARD);

	if (!work || !out)
		return -1;
	memset(out + out_size, GUARD_BYTE, GUARD);
	return compress_init(c, COMPRESS_LZO1X_1, work, work_size, out,
			     out_size);
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
	      "%s: %u of %u compressed pages byte-identical to liblzo2's "
	      "lzo1x_1_compress", what, t->compressed - t->differ,
	      t->compressed);
	CHECK(t->bad_roundtrip == 0,
	      "%s: lzo1x_decompress_safe gives every page back (%u bytes "
	      "out in all)", what, t->bytes_out);
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

	if (setup(&c, compress_bound(COMPRESS_LZO1X_1, PAGE)) != 0) {
		CHECK(0, "setup");
		return;
	}
	for (k = 0; k < NR_KINDS; k++) {
		struct tally t = { 0 };
		char what[64];
		int i;

		for (i = 0; i < PAGES_PER_KIND; i++) {
			fill(r, k, page, PAGE);
			if (rng_below(r, 4) == 0)	/* stale dictionary */
				fill_random(r, c.work,
					    compress_work_size(c.method));
			one_page(&c, PAGE, &t);
		}
		snprintf(what, sizeof(what), "%s pages", kind_name[k]);
		report(what, &t);
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

	if (setup(&c, compress_bound(COMPRESS_LZO1X_1, MAX_LEN)) != 0) {
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

/* An output buffer below the worst case gives 0 and is never overrun. */
static void test_small_output(struct rng *r)
{
	size_t sizes[] = { compress_bound(COMPRESS_LZO1X_1, PAGE) - 1, PAGE,
			   PAGE / 2 };
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

/* The worst case of liblzo2 on incompressible data is within our bound. */
static void test_bound(struct rng *r)
{
	lzo_uint ref_len = 0;

	fill_random(r, page, PAGE);
	lzo1x_1_compress(page, PAGE, ref, &ref_len, sys_work);
	CHECK(ref_len > PAGE &&
	      ref_len <= compress_bound(COMPRESS_LZO1X_1, PAGE),
	      "random page: liblzo2 writes %lu bytes, bound %zu",
	      (unsigned long)ref_len, compress_bound(COMPRESS_LZO1X_1, PAGE));
}

/* compress_init() refuses what it cannot do. */
static void test_init(void)
{
	size_t need = compress_work_size(COMPRESS_LZO1X_1);
	static uint8_t out[PAGE * 2];
	struct compressor c;
	void *work = malloc(need);

	CHECK(need == LZO1X_1_MEM_COMPRESS,
	      "work size %zu is liblzo2's LZO1X_1_MEM_COMPRESS", need);
	CHECK(compress_init(&c, COMPRESS_LZO1X_1, work, need - 1, out,
			    sizeof(out)) == -1, "init: work area too small");
	CHECK(compress_init(&c, (enum compress_method)0x4, work, need, out,
			    sizeof(out)) == -1 &&
	      compress_work_size((enum compress_method)0x4) == 0,
	      "init: an unknown method (0x4, snappy)");
	CHECK(compress_init(&c, COMPRESS_LZO1X_1, work, need, out,
			    sizeof(out)) == 0 && c.method == 0x2,
	      "init: LZO1X-1 is method 0x2, the kdump-compressed flag");
	free(work);
}

int main(void)
{
	unsigned long long seed = check_seed(1);
	Dl_info info;
	struct rng r;

	rng_init(&r, seed);
	CHECK(lzo_init() == LZO_E_OK, "system liblzo2: lzo_init");
	CHECK(dladdr((void *)lzo1x_1_compress, &info) && info.dli_fname &&
	      strstr(info.dli_fname, "liblzo2"),
	      "reference lzo1x_1_compress is liblzo2's (%s)",
	      info.dli_fname ? info.dli_fname : "?");
	test_init();
	test_bound(&r);
	test_kinds(&r);
	test_lengths(&r);
	test_small_output(&r);
	return check_exit();
}
