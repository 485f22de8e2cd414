/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small seeded generator for the unit tests (splitmix64): the same seed
 * gives the same run on every host, so a failure can be replayed with
 * TEST_SEED.
 */
#ifndef TESTS_RNG_H
#define TESTS_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state;
};

/* Starts a generator at @seed. */
static inline void rng_init(struct rng *r, uint64_t seed)
{
	r->state = seed;
}

/* The next 64 random bits. */
static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A random value in [0, n), n > 0 (the tiny modulo bias does not matter). */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* A random value in [lo, hi], lo <= hi. */
static inline uint64_t rng_range(struct rng *r, uint64_t lo, uint64_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/*
 * A generator started afresh at @seed, for one test group: a group seeded
 * on its own sees the same cases when run alone (one group at a time).
 */
static inline struct rng *rng_fresh(uint64_t seed)
{
	static struct rng r;

	rng_init(&r, seed);
	return &r;
}

#endif
