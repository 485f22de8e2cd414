// SPDX-License-Identifier: GPL-2.0
/* Two 64-bit running sums over 32-bit words; see csum.h. */
#include "csum.h"

void csum_add_words(struct csum *c, const uint32_t *word, uint32_t nwords)
{
	uint64_t a = c->a, b = c->b;
	uint32_t i;

	for (i = 0; i < nwords; i++) {
		a += word[i];
		b += a;
	}
	c->a = a;
	c->b = b;
}

void csum_add_zeros(struct csum *c, uint32_t nwords)
{
	c->b += c->a * nwords;		/* a does not move */
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

void csum_concat(struct csum *x, const struct csum *y, uint64_t y_words)
{
	x->b += y->b + x->a * y_words;
	x->a += y->a;
}

/*
 * One word changed by d (0 < |d| < 2^32), k words from the end, moves a by
 * d and b by d * k, so b + a * 2^32 moves by d * (k + 2^32): never 0 mod
 * 2^64 for 1 <= k < 2^32.  Linear on purpose: a rotation would carry
 * between the halves and cancel some changes.  A swap leaves a and moves
 * b: caught too.
 */
uint64_t csum_final(const struct csum *c)
{
	return c->b + (c->a << 32);
}
