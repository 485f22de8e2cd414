// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for lib/csum: the capture checksum (two wrapping 64-bit
 * sums) against a reference of its own, on known pages, random pages, bit
 * flips, swaps, skipped words, the capture-page rules and pieces joined.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "lib/csum.h"

#define WORDS		1024

/*
 * ---- The reference ------------------------------------------------
 *
 * The reference is written from the definition in docs/boot-protocol.md
 * section 7, not from lib/csum.c: two plain uint64_t sums that wrap,
 *   a = a + w;  b = b + a   for every word,
 *   final = b + a * 2^32  (mod 2^64).
 */
struct ref {
	uint64_t a, b;
};

/* Adds @n words to @r one by one. */
static void ref_add(struct ref *r, const uint32_t *words, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		r->a += words[i];
		r->b += r->a;
	}
}

/* The final value, the rotation done as a sum of the two halves moved. */
static uint64_t ref_final(const struct ref *r)
{
	uint64_t lo = r->a & 0xffffffffu;	/* a * 2^32 keeps only this */

	return r->b + lo * 0x100000000ull;
}

/* The reference checksum of @n words from the zero state. */
static uint64_t ref_words(const uint32_t *words, uint64_t n)
{
	struct ref r = { 0, 0 };

	ref_add(&r, words, n);
	return ref_final(&r);
}

/* The checksum of @n pages laid end to end, by csum_add_page. */
static uint64_t csum_pages(const uint32_t *words, unsigned int n)
{
	struct csum c;
	unsigned int i;

	csum_init(&c);
	for (i = 0; i < n; i++)
		csum_add_page(&c, words + i * WORDS, 0, 0);
	return csum_final(&c);
}

/* The sums of @n pages by csum_add_page. */
static struct csum csum_state(const uint32_t *words, unsigned int n)
{
	struct csum c;
	unsigned int i;

	csum_init(&c);
	for (i = 0; i < n; i++)
		csum_add_page(&c, words + i * WORDS, 0, 0);
	return c;
}

/* csum_pages and its two sums agree with the reference. */
static int csum_matches_reference(const uint32_t *words, unsigned int n)
{
	struct csum c = csum_state(words, n);
	struct ref r = { 0, 0 };

	ref_add(&r, words, (uint64_t)n * WORDS);
	return c.a == r.a && c.b == r.b && csum_final(&c) == ref_final(&r) &&
	       csum_pages(words, n) == ref_final(&r);
}

/* Fills @n words with random bits. */
static void random_words(struct rng *r, uint32_t *w, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		w[i] = (uint32_t)rng_next(r);
}

/* Known values: zero, a single one, 1..1024, all ones. */
static void test_csum_known(void)
{
	static uint32_t page[3 * WORDS];
	const uint64_t ones = 0xffffffffull;
	uint64_t zero, all1, all3;
	struct csum c;
	unsigned int i;

	memset(page, 0, sizeof(page));
	zero = csum_pages(page, 1);
	CHECK(zero == 0, "csum of a zero page is 0");
	CHECK(csum_pages(page, 3) == 0, "csum of three zero pages is 0");
	page[0] = 1;
	c = csum_state(page, 1);
	CHECK(c.a == 1 && c.b == 1024 &&
	      csum_final(&c) == 1024 + (1ull << 32),
	      "word 0 = 1: a = 1, b = 1024, final 1024 + 2^32 (got %#llx)",
	      (unsigned long long)csum_final(&c));
	page[0] = 0;
	page[WORDS - 1] = 1;
	c = csum_state(page, 1);
	CHECK(c.a == 1 && c.b == 1 && csum_final(&c) == 1 + (1ull << 32),
	      "word 1023 = 1: a = 1, b = 1, final 1 + 2^32");
	for (i = 0; i < WORDS; i++)
		page[i] = i + 1;
	/* a = 1024*1025/2, b = 1024*1025*1026/6. */
	c = csum_state(page, 1);
	CHECK(c.a == 524800 && c.b == 179481600 &&
	      csum_final(&c) == 179481600 + (524800ull << 32),
	      "words 1..1024: a = 524800, b = 179481600");
	memset(page, 0xff, sizeof(page));
	c = csum_state(page, 1);
	all1 = csum_final(&c);
	/* a = 1024 * (2^32 - 1), b = (1 + .. + 1024) * (2^32 - 1). */
	CHECK(c.a == 1024 * ones && c.b == 524800 * ones &&
	      all1 == ref_words(page, WORDS),
	      "all-0xffffffff page: a = 1024 * 0xffffffff, b = 524800 * "
	      "0xffffffff (final %#llx)", (unsigned long long)all1);
	CHECK(all1 != zero,
	      "an all-0xffffffff page and a zero page have different csums");
	all3 = csum_pages(page, 3);
	CHECK(all3 != all1 && all3 == ref_words(page, 3 * WORDS),
	      "three all-0xffffffff pages: not the csum of one, matches the "
	      "reference");
	for (i = 0; i < WORDS; i++)
		page[i] = 0x80000000u;
	CHECK(csum_matches_reference(page, 1),
	      "words 0x80000000 match the reference");
}

/* Agreement with the reference on random pages, and from wrapping sums. */
static void test_csum_reference(struct rng *r)
{
	static uint32_t page[4 * WORDS];
	unsigned int i, bad = 0;
	struct csum c;
	struct ref ref;

	for (i = 0; i < 20; i++) {
		random_words(r, page, 4 * WORDS);
		if (i & 1)	/* big words */
			page[rng_below(r, 4 * WORDS)] |= 0xfffffff0u;
		if (!csum_matches_reference(page, 1 + i % 4))
			bad++;
	}
	CHECK(bad == 0, "csum of 20 random runs of 1..4 pages agrees with "
	      "the reference, a and b included (%u wrong)", bad);
	/* Start both sums just below 2^64: a and b wrap inside the page. */
	for (i = 0, bad = 0; i < 20; i++) {
		random_words(r, page, WORDS);
		c.a = ref.a = ~0ull - rng_below(r, 1ull << 40);
		c.b = ref.b = ~0ull - rng_below(r, 1ull << 50);
		if (i & 1)
			c.b = ref.b = rng_next(r);
		csum_add_page(&c, page, 0, 0);
		ref_add(&ref, page, WORDS);
		bad += c.a != ref.a || c.b != ref.b ||
		       csum_final(&c) != ref_final(&ref);
	}
	CHECK(bad == 0, "sums that wrap past 2^64 agree with the reference "
	      "(%u wrong)", bad);
	/* a * 2^32: a's low half moves up, its high half drops out. */
	c.a = 0x0000000100000002ull;
	c.b = 0;
	CHECK(csum_final(&c) == 0x0000000200000000ull,
	      "csum_final with b = 0 is a shifted left by 32");
	c.a = 0xfedcba9876543210ull;
	c.b = 0x8000000000000000ull;
	CHECK(csum_final(&c) == 0x8000000000000000ull + 0x7654321000000000ull,
	      "csum_final = b + a * 2^32, wrapping mod 2^64");
}

/* A single flipped bit anywhere in a page (or a later page) is caught. */
static void test_csum_bitflip(struct rng *r)
{
	static uint32_t page[3 * WORDS];
	unsigned int bit, missed = 0;
	uint64_t good;

	random_words(r, page, 3 * WORDS);
	good = csum_pages(page, 1);
	for (bit = 0; bit < WORDS * 32; bit++) {
		page[bit / 32] ^= 1u << (bit % 32);
		if (csum_pages(page, 1) == good)
			missed++;
		page[bit / 32] ^= 1u << (bit % 32);
	}
	CHECK(missed == 0, "every one of 32768 single-bit flips changes the "
	      "csum (%u missed)", missed);
	memset(page, 0xff, sizeof(page));
	good = csum_pages(page, 3);
	for (bit = 0; bit < 3 * WORDS * 32; bit += 97) {
		page[bit / 32] ^= 1u << (bit % 32);
		if (csum_pages(page, 3) == good)
			missed++;
		page[bit / 32] ^= 1u << (bit % 32);
	}
	CHECK(missed == 0, "bit flips in 3 all-ones pages change the csum");
	memset(page, 0, sizeof(page));
	good = csum_pages(page, 3);
	for (bit = 0, missed = 0; bit < 3 * WORDS * 32; bit += 89) {
		page[bit / 32] ^= 1u << (bit % 32);
		if (csum_pages(page, 3) == good)
			missed++;
		page[bit / 32] ^= 1u << (bit % 32);
	}
	CHECK(missed == 0, "bit flips in 3 zero pages change the csum");
}

/*
 * One word 0 in one run, 0xffffffff in the other, at every position of a
 * random page: a modulo-(2^32 - 1) sum could never tell them apart.  The
 * last word was the hard case for the earlier b + rot32(a): the carry out
 * of a's low half could cancel d * (1 + 2^32).  b + a * 2^32 has no carry.
 */
static void test_csum_zero_vs_ones(struct rng *r)
{
	static uint32_t page[WORDS];
	unsigned int i, missed = 0, first = WORDS;
	uint64_t zero, ones;

	random_words(r, page, WORDS);
	for (i = 0; i < WORDS; i++) {
		uint32_t saved = page[i];

		page[i] = 0;
		zero = csum_pages(page, 1);
		page[i] = 0xffffffffu;
		ones = csum_pages(page, 1);
		page[i] = saved;
		if (zero == ones) {
			if (first == WORDS)
				first = i;
			missed++;
		}
	}
	CHECK(missed == 0, "word i = 0 vs word i = 0xffffffff in a random "
	      "page, every i: csums differ (%u equal, first at word %u)",
	      missed, first);
	memset(page, 0, sizeof(page));
	zero = csum_pages(page, 1);
	page[WORDS / 2] = 0xffffffffu;
	CHECK(csum_pages(page, 1) != zero,
	      "a zero page and one with a single word 0xffffffff differ");
}

/* Swaps words @i and @j of @n pages; 1 if the csum still equals @good. */
static int swap_missed(uint32_t *page, unsigned int n, unsigned int i,
		       unsigned int j, uint64_t good)
{
	uint32_t tmp = page[i];
	int missed;

	page[i] = page[j];
	page[j] = tmp;
	missed = csum_pages(page, n) == good;
	page[j] = page[i];
	page[i] = tmp;
	return missed;
}

/* Sets words @i and @j of zeroed @page to @x and @y, tries the swap. */
static int pair_swap_missed(uint32_t *page, unsigned int n, unsigned int i,
			    unsigned int j, uint32_t x, uint32_t y)
{
	int missed;

	memset(page, 0, n * WORDS * sizeof(*page));
	page[i] = x;
	page[j] = y;
	missed = swap_missed(page, n, i, j, csum_pages(page, n));
	page[i] = 0;
	page[j] = 0;
	return missed;
}

/* Swapping two different words changes the csum. */
static void test_csum_swap(struct rng *r)
{
	static uint32_t page[2 * WORDS];
	unsigned int n, i, j, d, missed = 0, tried = 0;
	uint64_t good;

	random_words(r, page, 2 * WORDS);
	good = csum_pages(page, 2);
	for (n = 0; n < 3000; n++) {
		i = rng_below(r, 2 * WORDS);
		/* Half the pairs adjacent, half anywhere (across pages). */
		j = n & 1 ? (i + 1) % (2 * WORDS) : rng_below(r, 2 * WORDS);
		if (i == j || page[i] == page[j])
			continue;
		tried++;
		missed += swap_missed(page, 2, i, j, good);
	}
	CHECK(tried > 2900 && missed == 0,
	      "swapping two random words changes the csum (%u of %u missed)",
	      missed, tried);
	/* Every distance 1 .. 2047 once, from a random start. */
	for (d = 1, missed = 0; d < 2 * WORDS; d++) {
		i = rng_below(r, 2 * WORDS - d);
		if (page[i] != page[i + d])
			missed += swap_missed(page, 2, i, i + d, good);
	}
	CHECK(missed == 0, "a swap at every distance 1..2047 changes the "
	      "csum (%u missed)", missed);
	/* What defeated Fletcher mod 2^32-1: (wi - wj) * d == 0 mod it. */
	CHECK(!pair_swap_missed(page, 1, 10, 13, 0x55555555u, 0) &&
	      !pair_swap_missed(page, 2, WORDS - 2, WORDS + 1, 0,
				0x55555555u),
	      "swap of 0x55555555 and 0 three words apart (in a page, "
	      "across pages) is caught");
	CHECK(!pair_swap_missed(page, 1, 0, 1, 0, 0xffffffffu) &&
	      !pair_swap_missed(page, 1, 0, WORDS - 1, 0xffffffffu, 0) &&
	      !pair_swap_missed(page, 2, 700, WORDS + 3, 0, 0xffffffffu),
	      "swap of 0 and 0xffffffff is caught (adjacent, page ends, "
	      "across pages)");
	CHECK(!pair_swap_missed(page, 1, 100, 355, 0x12345678u,
				0x12345678u + 0x01010101u) &&
	      !pair_swap_missed(page, 2, WORDS - 100, WORDS + 155,
				0x01010101u, 0),
	      "swap of words differing by 0x01010101, 255 apart, is caught");
	memset(page, 0, sizeof(page));
	page[0] = 1;
	good = csum_pages(page, 2);
	page[0] = 0;
	page[WORDS] = 1;
	CHECK(csum_pages(page, 2) != good,
	      "moving a word to the next page changes the csum");
}

/* The skipped words are read as zero; the others are not. */
static void test_csum_skip(struct rng *r)
{
	static uint32_t page[WORDS], zeroed[WORDS];
	struct csum c, d;

	random_words(r, page, WORDS);
	memcpy(zeroed, page, sizeof(page));
	zeroed[2] = 0;
	zeroed[3] = 0;
	csum_init(&c);
	csum_add_page(&c, page, 2, 2);
	csum_init(&d);
	csum_add_page(&d, zeroed, 0, 0);
	CHECK(csum_final(&c) == csum_final(&d),
	      "skip 2, nskip 2: words 2..3 read as zero");
	page[2] ^= 0x10;
	page[3] ^= 0x80000000u;
	csum_init(&d);
	csum_add_page(&d, page, 2, 2);
	CHECK(csum_final(&c) == csum_final(&d),
	      "skip 2, nskip 2: changing words 2..3 does not change the csum");
	page[1] ^= 1;
	csum_init(&d);
	csum_add_page(&d, page, 2, 2);
	CHECK(csum_final(&c) != csum_final(&d),
	      "skip 2, nskip 2: word 1 counts");
	page[1] ^= 1;
	page[4] ^= 1;
	csum_init(&d);
	csum_add_page(&d, page, 2, 2);
	CHECK(csum_final(&c) != csum_final(&d),
	      "skip 2, nskip 2: word 4 counts");
	page[4] ^= 1;
	csum_init(&c);
	csum_add_page(&c, page, 2, 0);
	csum_init(&d);
	csum_add_page(&d, page, 0, 0);
	CHECK(csum_final(&c) == csum_final(&d), "nskip 0 skips nothing");
}

/* csum_add_capture_page: handoff skipped, start-info field read as zero. */
static void test_csum_capture_page(struct rng *r)
{
	static uint32_t page[WORDS], other[WORDS];
	const uint32_t si_pfn = 5, handoff_pfn = 9;
	struct csum c, d;

	random_words(r, page, WORDS);
	random_words(r, other, WORDS);
	csum_init(&c);
	csum_add_capture_page(&c, 0, other, si_pfn, handoff_pfn);
	d = c;
	csum_add_capture_page(&d, handoff_pfn, page, si_pfn, handoff_pfn);
	CHECK(d.a == c.a && d.b == c.b, "the handoff page is not summed");
	csum_add_capture_page(&d, si_pfn, page, si_pfn, handoff_pfn);
	page[2] = ~page[2];
	page[3] ^= 0x01010101u;
	csum_add_capture_page(&c, si_pfn, page, si_pfn, handoff_pfn);
	CHECK(d.a == c.a && d.b == c.b,
	      "start-info page: the checksum field (words 2..3) is not summed");
	csum_init(&c);
	csum_add_capture_page(&c, 1, page, si_pfn, handoff_pfn);
	page[3] ^= 0x01010101u;
	csum_init(&d);
	csum_add_capture_page(&d, 1, page, si_pfn, handoff_pfn);
	CHECK(csum_final(&c) != csum_final(&d),
	      "other pages: words 2..3 are summed");
	page[1] ^= 4;
	csum_init(&d);
	csum_add_capture_page(&d, si_pfn, page, si_pfn, handoff_pfn);
	page[1] ^= 4;
	csum_init(&c);
	csum_add_capture_page(&c, si_pfn, page, si_pfn, handoff_pfn);
	CHECK(csum_final(&c) != csum_final(&d),
	      "start-info page: the words around the field are summed");
}

/* The checksum of words[0..n) by csum_add_words from a fresh state. */
static struct csum csum_words(const uint32_t *words, uint32_t n)
{
	struct csum c;

	csum_init(&c);
	csum_add_words(&c, words, n);
	return c;
}

/* csum_add_words, csum_add_zeros and csum_concat against the reference. */
static void test_csum_pieces(struct rng *r)
{
	static uint32_t words[3 * WORDS], zeros[3 * WORDS];
	static const uint32_t nz[] = { 0, 1, 2, 1023, 3 * WORDS };
	uint32_t i, split, bad = 0;
	struct csum x, y, whole;
	struct ref ref;
	uint64_t big;

	random_words(r, words, 3 * WORDS);
	whole = csum_words(words, 3 * WORDS);
	CHECK(csum_final(&whole) == csum_pages(words, 3) &&
	      csum_final(&whole) == ref_words(words, 3 * WORDS),
	      "csum_add_words over 3 pages == csum_add_page x3 == reference");
	for (i = 0; i < 10; i++) {
		x = csum_words(words, 100 + i);
		if (i >= 5) {	/* sums near 2^64: b + a * n wraps */
			x.a = ~0ull - i;
			x.b = ~0ull - 3 * i;
		}
		y = x;
		ref.a = x.a;
		ref.b = x.b;
		csum_add_zeros(&x, nz[i % 5]);
		csum_add_words(&y, zeros, nz[i % 5]);
		ref_add(&ref, zeros, nz[i % 5]);
		bad += x.a != y.a || x.b != y.b || x.a != ref.a ||
		       x.b != ref.b;
	}
	CHECK(bad == 0, "csum_add_zeros(n) == adding n zero words, also "
	      "when b wraps (%u wrong)", bad);
	for (i = 0, bad = 0; i < 200; i++) {
		split = rng_below(r, 3 * WORDS + 1);
		if (i & 1)	/* a big a */
			words[0] = 0xfffffffeu;
		whole = csum_words(words, 3 * WORDS);
		x = csum_words(words, split);
		y = csum_words(words + split, 3 * WORDS - split);
		csum_concat(&x, &y, 3 * WORDS - split);
		bad += x.a != whole.a || x.b != whole.b ||
		       csum_final(&x) != ref_words(words, 3 * WORDS);
	}
	CHECK(bad == 0, "csum_concat(X, Y, len Y) == csum(X Y) == reference "
	      "at 200 random splits (%u wrong)", bad);
	/*
	 * Y of 2^32 + 5 words: 2^32 - 2 zeros, then 7 random words.  Its
	 * own sums are those of the 7 words (zeros from 0 add nothing); the
	 * whole is X, then aX added 2^32 - 2 times to b, then the 7 words.
	 */
	x = csum_words(words, 9);
	y = csum_words(words + 100, 7);
	ref.a = x.a;
	ref.b = x.b + x.a * 0xfffffffeull;
	ref_add(&ref, words + 100, 7);
	whole = x;
	csum_concat(&x, &y, (1ull << 32) + 5);
	CHECK(x.a == ref.a && x.b == ref.b && csum_final(&x) == ref_final(&ref),
	      "csum_concat with a Y of 2^32 + 5 words == the reference");
	csum_add_zeros(&whole, 0xfffffffeu);
	csum_add_words(&whole, words + 100, 7);
	CHECK(whole.a == ref.a && whole.b == ref.b,
	      "... == X, csum_add_zeros(2^32 - 2), then the 7 words");
	/* 2 * (2^32 - 1) zeros in two calls: b gains a * (2^33 - 2). */
	x = csum_words(words, 11);
	ref.a = x.a;
	ref.b = x.b + x.a * 0x1fffffffeull;
	csum_add_zeros(&x, 0xffffffffu);
	csum_add_zeros(&x, 0xffffffffu);
	CHECK(x.a == ref.a && x.b == ref.b,
	      "csum_add_zeros(2^32 - 1) twice: b = b + a * (2^33 - 2)");
	/* The formula for Ys far longer than 2^32 words. */
	for (i = 0, bad = 0; i < 50; i++) {
		x.a = rng_next(r);
		x.b = rng_next(r);
		y.a = rng_next(r);
		y.b = rng_next(r);
		big = i ? rng_next(r) : ~0ull;
		ref.a = x.a + y.a;
		ref.b = x.b + y.b + x.a * big;
		csum_concat(&x, &y, big);
		bad += x.a != ref.a || x.b != ref.b;
	}
	CHECK(bad == 0, "csum_concat: a = aX + aY, b = bX + bY + aX * nY "
	      "mod 2^64 for 50 huge nY (%u wrong)", bad);
}

int main(int argc, char **argv)
{
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20240611);
	RUN_GROUP("known", test_csum_known());
	RUN_GROUP("reference", test_csum_reference(rng_fresh(seed)));
	RUN_GROUP("bitflip", test_csum_bitflip(rng_fresh(seed)));
	RUN_GROUP("zero-vs-ones", test_csum_zero_vs_ones(rng_fresh(seed)));
	RUN_GROUP("swap", test_csum_swap(rng_fresh(seed)));
	RUN_GROUP("skip", test_csum_skip(rng_fresh(seed)));
	RUN_GROUP("capture-page", test_csum_capture_page(rng_fresh(seed)));
	RUN_GROUP("pieces", test_csum_pieces(rng_fresh(seed)));
	return check_exit();
}
