/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): the entry point
 * libFuzzer calls, a little-endian reader for the few input formats that
 * carry parameters ahead of their payload, and the "memory" a read
 * callback serves from the input.  A target that finds something wrong
 * without crashing calls FUZZ_ASSERT, which aborts with the condition.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: FUZZ_ASSERT(%s) failed\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

/* The input being consumed: take() hands out bytes, zeros past the end. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fuzz_take(struct fuzz_in *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->left; i++, in->p++, in->left--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

/* Machine memory made of one byte array at maddr @base. */
struct fuzz_mem {
	uint64_t base;
	const uint8_t *bytes;
	size_t len;
};

/* oldmem_read_fn over a fuzz_mem: 0, or -1 outside it. */
static inline int fuzz_mem_read(void *ctx, uint64_t maddr, void *dst,
				uint32_t len)
{
	const struct fuzz_mem *m = ctx;
	uint64_t off = maddr - m->base;

	if (maddr < m->base || off > m->len || len > m->len - off)
		return -1;
	memcpy(dst, m->bytes + off, len);
	return 0;
}

#endif
