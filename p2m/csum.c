// SPDX-License-Identifier: GPL-2.0
/* Fletcher-64 over 32-bit words; see csum.h. */
#include "csum.h"

/* x mod (2^32 - 1) for x < 2^33 + 2^32, without a division. */
static inline uint64_t fold(uint64_t x)
{
	x = (x & 0xffffffffu) + (x >> 32);
	return (x & 0xffffffffu) + (x >> 32);
}

void csum_add_page(struct csum *c, const void *page,
		   unsigned int skip, unsigned int nskip)
{
	const uint32_t *word = page;
	uint64_t a = c->a, b = c->b;
	unsigned int i;

	for (i = 0; i < 1024; i++) {
		uint32_t w = (i - skip < nskip) ? 0 : word[i];

		a = fold(a + w);
		b = fold(b + a);
	}
	c->a = a;
	c->b = b;
}

uint64_t csum_final(const struct csum *c)
{
	return (c->b << 32) | c->a;
}
