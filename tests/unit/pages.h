/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kinds of page for the compression tests (test_compress, test_compress_zlib):
 * zeros, random bytes, text, short repeated patterns, half zero, sparse,
 * small 32-bit words; each filled from a seeded struct rng.
 */
#ifndef TESTS_UNIT_PAGES_H
#define TESTS_UNIT_PAGES_H

#include <stdint.h>
#include <string.h>
#include "rng.h"

enum kind { ZERO, RANDOM, TEXT, PATTERN, HALF_ZERO, SPARSE, WORDS, NR_KINDS };

static const char *const kind_name[NR_KINDS] = {
	"zero", "random", "text", "pattern", "half-zero", "sparse", "words",
};

/* Some English-like words for text pages. */
static const char *const words[] = {
	"the", "page", "kernel", "crash", "dump", "of", "memory", "frame",
	"struct", "return", "int", "static", "void", "if", "else", "and",
	"0x", "capture", "\n", "\t", "{", "}", ";", "pfn", "mfn",
};

/* @len random bytes. */
static inline void fill_random(struct rng *r, uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)rng_next(r);
}

/* Blank-separated words until @len bytes are filled. */
static inline void fill_text(struct rng *r, uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *w = words[rng_below(r, sizeof(words) /
						   sizeof(words[0]))];

		while (*w && i < len)
			p[i++] = (uint8_t)*w++;
		if (i < len)
			p[i++] = ' ';
	}
}

/* A random block of 1..64 bytes repeated, sometimes with a few typos. */
static inline void fill_pattern(struct rng *r, uint8_t *p, size_t len)
{
	size_t period = rng_range(r, 1, 64), i, flips = rng_below(r, 4);

	fill_random(r, p, period < len ? period : len);
	for (i = period; i < len; i++)
		p[i] = p[i - period];
	while (len && flips--)
		p[rng_below(r, len)] ^= (uint8_t)rng_range(r, 1, 255);
}

/* One page of @k, @len bytes. */
static inline void fill(struct rng *r, enum kind k, uint8_t *p, size_t len)
{
	size_t i, half = len / 2;

	memset(p, 0, len);
	switch (k) {
	case ZERO:
		break;
	case RANDOM:
		fill_random(r, p, len);
		break;
	case TEXT:
		fill_text(r, p, len);
		break;
	case PATTERN:
		fill_pattern(r, p, len);
		break;
	case HALF_ZERO:
		fill_random(r, rng_below(r, 2) ? p : p + half, len - half);
		break;
	case SPARSE:
		for (i = rng_below(r, 64); i; i--)
			p[rng_below(r, len)] = (uint8_t)rng_next(r);
		break;
	case WORDS:	/* small 32-bit values, like counters and pfns */
		for (i = 0; i + 4 <= len; i += 4) {
			uint32_t v = (uint32_t)rng_below(r, 1u << rng_below(r, 20));

			memcpy(p + i, &v, 4);
		}
		break;
	case NR_KINDS:
		break;
	}
}

#endif
