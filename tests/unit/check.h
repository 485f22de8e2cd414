/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit-test harness.  Every check prints "PASS: name" or
 * "FAIL: name: why"; tests/run.sh counts those lines.  A test program
 * exits non-zero if any check failed.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		printf("PASS: ");					\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	} else {							\
		printf("FAIL: ");					\
		printf(__VA_ARGS__);					\
		printf(": %s (%s:%d)\n", #cond, __FILE__, __LINE__);	\
		check_failures++;					\
	}								\
} while (0)

static inline int check_exit(void)
{
	return check_failures ? 1 : 0;
}

/* Seed from $TEST_SEED (to replay) or the default; always printed. */
static inline unsigned long long check_seed(unsigned long long dflt)
{
	const char *s = getenv("TEST_SEED");
	unsigned long long seed = s ? strtoull(s, NULL, 0) : dflt;

	printf("seed %llu (replay with TEST_SEED=%llu)\n", seed, seed);
	return seed;
}

#endif
