// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of lib/string.c's memset and memcpy as the capture kernel and
 * the harness run them: the freestanding i386 object itself, its symbols
 * renamed k_* (tests/unit/string.mk), in a -m32 test.  Every destination
 * and source alignment 0..7 and length 0..80, and some long runs, against
 * the byte loops they replaced; guard bytes on both sides must stay.
 */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "rng.h"

void *k_memcpy(void *dst, const void *src, size_t n);
void *k_memset(void *dst, int c, size_t n);
int k_memcmp(const void *a, const void *b, size_t n);

#define GUARD	16
#define BUF	(40000 + 2 * GUARD)

static uint8_t buf[BUF], ref[BUF], src[BUF];

/* The byte loops lib/string.c used to have: the expected results. */
static void ref_memcpy(uint8_t *d, const uint8_t *s, size_t n)
{
	while (n--)
		*d++ = *s++;
}

static void ref_memset(uint8_t *d, int c, size_t n)
{
	while (n--)
		*d++ = (unsigned char)c;
}

/* Lengths to try: all of 0..80, then some long ones. */
static size_t length(int i)
{
	static const size_t longer[] = { 127, 128, 129, 4095, 4096, 4097,
					 32768, 32771 };

	return i <= 80 ? (size_t)i : longer[i - 81];
}
#define NR_LENGTHS	(81 + 8)

/* Fresh random contents for what a case of length @n can reach in @buf
 * (and @ref, equal to it) and @src; returns that span. */
static size_t scramble(struct rng *r, size_t n)
{
	size_t i, span = n + 2 * GUARD + 8;

	for (i = 0; i < span; i++) {
		buf[i] = ref[i] = (uint8_t)rng_next(r);
		src[i] = (uint8_t)rng_next(r);
	}
	return span;
}

static void test_memset(struct rng *r)
{
	static const int values[] = { 0, 0xa5, -1, 0x17f };
	unsigned int bad = 0, ret = 0, cases = 0;
	int a, i, v;

	for (a = 0; a < 8; a++)
		for (i = 0; i < NR_LENGTHS; i++)
			for (v = 0; v < 4; v++) {
				size_t n = length(i), span = scramble(r, n);

				if (k_memset(buf + GUARD + a, values[v], n) !=
				    buf + GUARD + a)
					ret++;
				ref_memset(ref + GUARD + a, values[v], n);
				bad += memcmp(buf, ref, span) != 0;
				cases++;
			}
	CHECK(bad == 0 && ret == 0,
	      "memset: %u cases (alignment, length, value) as the byte loop",
	      cases);
}

static void test_memcpy(struct rng *r)
{
	unsigned int bad = 0, ret = 0, cases = 0;
	int da, sa, i;

	for (da = 0; da < 8; da++)
		for (sa = 0; sa < 8; sa++)
			for (i = 0; i < NR_LENGTHS; i++) {
				size_t n = length(i), span = scramble(r, n);

				if (k_memcpy(buf + GUARD + da, src + sa, n) !=
				    buf + GUARD + da)
					ret++;
				ref_memcpy(ref + GUARD + da, src + sa, n);
				bad += memcmp(buf, ref, span) != 0;
				cases++;
			}
	CHECK(bad == 0 && ret == 0,
	      "memcpy: %u cases (alignments, length) as the byte loop", cases);
}

/* A forward overlapping copy (dst below src) still works as before. */
static void test_memcpy_down(struct rng *r)
{
	unsigned int bad = 0;
	int shift, i;

	for (shift = 1; shift < 20; shift++)
		for (i = 0; i < NR_LENGTHS; i++) {
			size_t n = length(i), span = scramble(r, n + shift);

			k_memcpy(buf + GUARD, buf + GUARD + shift, n);
			ref_memcpy(ref + GUARD, ref + GUARD + shift, n);
			bad += memcmp(buf, ref, span) != 0;
		}
	CHECK(bad == 0, "memcpy: overlapping with dst below src, as before");
}

static void test_memcmp(void)
{
	CHECK(k_memcmp("abc", "abd", 3) < 0 && k_memcmp("abd", "abc", 3) > 0 &&
	      k_memcmp("abc", "abd", 2) == 0 && k_memcmp("\xff", "\x01", 1) > 0,
	      "memcmp: order and unsigned bytes");
}

int main(void)
{
	struct rng r;

	rng_init(&r, check_seed(1));
	test_memset(&r);
	test_memcpy(&r);
	test_memcpy_down(&r);
	test_memcmp();
	return check_exit();
}
