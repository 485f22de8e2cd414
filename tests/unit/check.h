/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit-test harness.  Every check prints "PASS: name" or
 * "FAIL: name: why"; tests/run.sh counts those lines.  A test program
 * exits non-zero if any check failed.
 *
 * Groups: main() runs each subject through RUN_GROUP("name", call), so
 *
 *   build/tests/unit/test_loader --list        names the groups
 *   build/tests/unit/test_loader good          runs only group "good"
 *   CHECK_GROUP='err-*' build/tests/unit/...   a shell pattern (fnmatch)
 *
 * A group seeds its own generator from the seed, so it sees the same cases
 * alone as in a full run.  A filter that matches no group is an error.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Weak, so that the files of one test program (its helpers may CHECK too)
 * share one count while the harness stays a header.
 */
__attribute__((weak)) int check_failures;

static const char *check_filter;	/* the group pattern, NULL: all */
static int check_listing;		/* --list: name the groups, run none */
static int check_groups_run;

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

/* Runs @call (a statement) if group @name passes the filter. */
#define RUN_GROUP(name, call) do {					\
	if (check_group(name))						\
		call;							\
} while (0)

/* Reads the filter: argv[1], else $CHECK_GROUP; "--list" lists groups. */
static inline void check_args(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	check_filter = argc > 1 ? argv[1] : getenv("CHECK_GROUP");
	if (check_filter && !strcmp(check_filter, "--list")) {
		check_listing = 1;
		check_filter = NULL;
	}
	if (check_filter && !*check_filter)
		check_filter = NULL;
}

/* True if group @name is to run now (and says so); lists it under --list. */
static inline int check_group(const char *name)
{
	if (check_listing) {
		printf("%s\n", name);
		return 0;
	}
	if (check_filter && fnmatch(check_filter, name, 0))
		return 0;
	printf("== %s\n", name);
	check_groups_run++;
	return 1;
}

/* The exit status: 1 if a check failed, 2 if the filter ran nothing. */
static inline int check_exit(void)
{
	if (check_filter && !check_groups_run) {
		fprintf(stderr, "no group matches '%s' (--list names them)\n",
			check_filter);
		return 2;
	}
	return check_failures ? 1 : 0;
}

/* Seed from $TEST_SEED (to replay) or the default; printed unless listing. */
static inline unsigned long long check_seed(unsigned long long dflt)
{
	const char *s = getenv("TEST_SEED");
	unsigned long long seed = s ? strtoull(s, NULL, 0) : dflt;

	if (!check_listing)
		printf("seed %llu (replay with TEST_SEED=%llu)\n", seed, seed);
	return seed;
}

#endif
