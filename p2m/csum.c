// SPDX-License-Identifier: GPL-2.0
/* Fletcher-64 over 32-bit words; see csum.h. */
#include "csum.h"

/* x mod (2^32 - 1) for x < 2^33 + 2^32, without a division. */
static inline uint64_t fold(uint64_t x)
{
	x = (x & 0xffffffffu) + (x >> 32);
	return (x & 0xffffffffu) + (x >> 32);
}

void csum_add_words(struct csum *c, const uint32_t *word, uint32_t nwords)
{
	uint64_t a = c->a, b = c->b;
	uint32_t i;

	for (i = 0; i < nwords; i++) {
		a = fold(a + word[i]);
		b = fold(b + a);
	}
	c->a = a;
	c->b = b;
}

void csum_add_page(struct csum *c, const void *page,
		   unsigned int skip, unsigned int nskip)
{
	const uint32_t *word = page;

	if (nskip == 0) {
		csum_add_words(c, word, 1024);
		return;
	}
	csum_add_words(c, word, skip);
	csum_add_zeros(c, nskip);
	csum_add_words(c, word + skip + nskip, 1024 - skip - nskip);
}

/* x * y mod (2^32 - 1) for x, y < 2^32: 2^32 is 1 in that ring. */
static uint64_t mulmod(uint64_t x, uint64_t y)
{
	uint64_t p = x * y;

	return fold((p & 0xffffffffu) + (p >> 32));
}

void csum_add_zeros(struct csum *c, uint32_t nwords)
{
	c->b = fold(c->b + mulmod(c->a, nwords));	/* a does not move */
}

void csum_concat(struct csum *x, const struct csum *y, uint64_t y_words)
{
	uint64_t n = fold((y_words & 0xffffffffu) + (y_words >> 32));

	x->b = fold(fold(x->b + y->b) + mulmod(x->a, n));
	x->a = fold(x->a + y->a);
}

/* 0 and 2^32 - 1 are the same residue: report it one way only. */
static uint64_t canonical(uint64_t x)
{
	return x == 0xffffffffu ? 0 : x;
}

uint64_t csum_final(const struct csum *c)
{
	return (canonical(c->b) << 32) | canonical(c->a);
}
