// SPDX-License-Identifier: GPL-2.0
/*
 * The string functions.  memset and memcpy store 32-bit words once the
 * destination is aligned, 16 bytes a turn: LZO1X-1 clears its 32 KiB
 * dictionary with memset for every page it compresses.  The rest are
 * byte loops.  lib/lib.mk builds this file with
 * -fno-tree-loop-distribute-patterns, or gcc would turn these loops back
 * into calls to memset and memcpy: to themselves.
 */
#include <stdint.h>
#include "string.h"

/* 32-bit words that may alias anything; uword_t may also be unaligned. */
typedef uint32_t __attribute__((may_alias)) word_t;
typedef uint32_t __attribute__((may_alias, aligned(1))) uword_t;

/* Forward, like the byte loop it replaced: @dst below @src may overlap. */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n && ((uintptr_t)d & 3); n--)
		*d++ = *s++;
	for (; n >= 16; n -= 16, d += 16, s += 16) {
		uint32_t a = ((const uword_t *)s)[0];
		uint32_t b = ((const uword_t *)s)[1];
		uint32_t c = ((const uword_t *)s)[2];
		uint32_t e = ((const uword_t *)s)[3];

		((word_t *)d)[0] = a;
		((word_t *)d)[1] = b;
		((word_t *)d)[2] = c;
		((word_t *)d)[3] = e;
	}
	for (; n >= 4; n -= 4, d += 4, s += 4)
		*(word_t *)d = *(const uword_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint32_t w = (unsigned char)c * 0x01010101u;

	for (; n && ((uintptr_t)d & 3); n--)
		*d++ = (unsigned char)c;
	for (; n >= 16; n -= 16, d += 16) {
		((word_t *)d)[0] = w;
		((word_t *)d)[1] = w;
		((word_t *)d)[2] = w;
		((word_t *)d)[3] = w;
	}
	for (; n >= 4; n -= 4, d += 4)
		*(word_t *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		if (!*a)
			return 0;
	}
	return 0;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);	/* copies forward */
	while (n--)
		d[n] = s[n];
	return dst;
}
