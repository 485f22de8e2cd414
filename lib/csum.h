/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checksum of capture images and dumps: two running sums of 32-bit
 * little-endian words, both modulo 2^64 (Fletcher's construction without
 * the modulus):  a = sum of words,  b = sum of a after each word.
 *
 * Any single changed word changes a.  Two words swapped at distance d
 * change b by (wi - wj) * d, which is never 0 mod 2^64 while words are
 * below 2^32 and d below 2^32 words (16 GiB); a modulo-(2^32 - 1) Fletcher
 * would miss some of those, and could not tell a 0 word from 0xffffffff.
 * It detects corruption, not tampering.  No division: the 32-bit capture
 * kernel computes it with adds and one multiply.
 */
#ifndef LIB_CSUM_H
#define LIB_CSUM_H

#include <p2mdump/types.h>

struct csum {
	uint64_t a, b;
};

static inline void csum_init(struct csum *c)
{
	c->a = 0;
	c->b = 0;
}

/*
 * Adds one 4 KiB page.  Words [skip, skip + nskip) are summed as zero:
 * the start-info page's own checksum field.  Pass nskip = 0 otherwise.
 */
void csum_add_page(struct csum *c, const void *page,
		   unsigned int skip, unsigned int nskip);

/* Adds @nwords 32-bit words; csum_add_page is 1024 of them. */
void csum_add_words(struct csum *c, const uint32_t *word, uint32_t nwords);

/* Adds @nwords zero words without reading memory. */
void csum_add_zeros(struct csum *c, uint32_t nwords);

/*
 * The checksum of X followed by Y, from csum(X), csum(Y) and Y's length
 * in words: a = aX + aY, b = bX + bY + aX * len(Y).  Lets a writer patch
 * a block it already summed (the dump's ELF headers) without a re-read.
 */
void csum_concat(struct csum *x, const struct csum *y, uint64_t y_words);

/* The 64-bit value stored: b + a * 2^32 mod 2^64 (see csum.c). */
uint64_t csum_final(const struct csum *c);

/*
 * The boot protocol's rule for one capture page: the handoff page is not
 * summed, and the start-info page is summed with its checksum field
 * (offset 8, two words) read as zero.
 */
static inline void csum_add_capture_page(struct csum *c, uint32_t pfn,
					 const void *page,
					 uint32_t start_info_pfn,
					 uint32_t handoff_pfn)
{
	if (pfn == handoff_pfn)
		return;
	csum_add_page(c, page, 2, pfn == start_info_pfn ? 2 : 0);
}

#endif
