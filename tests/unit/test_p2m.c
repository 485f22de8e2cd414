// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for p2m/: the m2p built from random p2ms, its lookups
 * both ways, each validation error and the run counters.  The capture
 * checksum has its own test, test_csum.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "p2m/p2m.h"

#define NR_SEEDS	8
#define MAX_NR		3000

static uint64_t p2m[MAX_NR];
static struct m2p_entry entries[MAX_NR];
static uint64_t sorted_mfns[MAX_NR];

/* qsort comparison of two mfns. */
static int cmp_mfn(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Fills p2m[0..nr) with distinct mfns below @max_mfn, no two of them
 * machine-adjacent, in random pfn order.
 */
static void random_p2m(struct rng *r, uint32_t nr, uint64_t max_mfn)
{
	uint64_t spread = (max_mfn - 2ull * nr) / nr, mfn = 0;
	uint32_t pfn;

	for (pfn = 0; pfn < nr; pfn++) {
		mfn += rng_below(r, spread) + (pfn ? 2 : 0);
		p2m[pfn] = mfn;
	}
	for (pfn = nr; pfn-- > 1;) {
		uint32_t other = rng_below(r, pfn + 1);
		uint64_t tmp = p2m[pfn];

		p2m[pfn] = p2m[other];
		p2m[other] = tmp;
	}
}

/* True if @mfn backs one of the pfns (bisects sorted_mfns[0..nr)). */
static int mfn_is_ours(uint64_t mfn, uint32_t nr)
{
	return bsearch(&mfn, sorted_mfns, nr, sizeof(*sorted_mfns),
		       cmp_mfn) != NULL;
}

/* Checks the m2p is sorted, complete and consistent with p2m. */
static int m2p_consistent(const struct m2p *m2p, uint32_t nr)
{
	uint32_t i, bad = 0;

	if (m2p->nr != nr || m2p->entries != entries)
		return 0;
	for (i = 0; i < nr; i++) {
		const struct m2p_entry *e = &m2p->entries[i];

		if (e->pfn >= nr || p2m[e->pfn] != e->mfn || e->pad)
			bad++;
		if (i && e->mfn <= m2p->entries[i - 1].mfn)
			bad++;
	}
	return bad == 0;
}

/* Counts foreign mfns that m2p_lookup wrongly claims (near and random). */
static uint32_t foreign_hits(struct rng *r, const struct m2p *m2p,
			     uint32_t nr, uint64_t max_mfn)
{
	uint32_t pfn, i, bad = 0;
	uint64_t mfn;

	for (pfn = 0; pfn < nr; pfn++) {
		/* Neighbours are foreign: no two of ours are adjacent. */
		if (m2p_lookup(m2p, p2m[pfn] + 1) != PFN_INVALID)
			bad++;
		if (p2m[pfn] && m2p_lookup(m2p, p2m[pfn] - 1) != PFN_INVALID)
			bad++;
	}
	for (i = 0; i < 2000; i++) {
		mfn = rng_below(r, max_mfn + 16);
		if (!mfn_is_ours(mfn, nr) &&
		    m2p_lookup(m2p, mfn) != PFN_INVALID)
			bad++;
	}
	if (m2p_lookup(m2p, MFN_INVALID) != PFN_INVALID)
		bad++;
	if (m2p_lookup(m2p, max_mfn) != PFN_INVALID)
		bad++;
	return bad;
}

/* One random p2m: build, look up every pfn and foreign mfns. */
static void test_random_p2m(struct rng *r, unsigned int round)
{
	static const uint64_t max_mfns[] = {
		1ull << 20, 1ull << 28, 1ull << 40, 3 * MAX_NR,
	};
	uint64_t max_mfn = max_mfns[rng_below(r, 4)];
	uint32_t nr = rng_range(r, 1, MAX_NR), pfn, bad = 0, bad_pfn;
	struct m2p m2p;
	enum p2m_err err;

	random_p2m(r, nr, max_mfn);
	memcpy(sorted_mfns, p2m, nr * sizeof(*p2m));
	qsort(sorted_mfns, nr, sizeof(*sorted_mfns), cmp_mfn);
	bad_pfn = 12345;
	err = m2p_build(&m2p, entries, p2m, nr, max_mfn, 52, &bad_pfn);
	CHECK(err == P2M_OK && bad_pfn == 12345,
	      "round %u: m2p_build accepts %u scattered pfns below %#llx",
	      round, nr, (unsigned long long)max_mfn);
	CHECK(m2p_consistent(&m2p, nr),
	      "round %u: m2p is sorted by mfn and matches the p2m", round);
	for (pfn = 0; pfn < nr; pfn++)
		if (m2p_lookup(&m2p, p2m[pfn]) != pfn)
			bad++;
	CHECK(bad == 0, "round %u: m2p_lookup(p2m[pfn]) == pfn for all %u "
	      "pfns (%u wrong)", round, nr, bad);
	bad = foreign_hits(r, &m2p, nr, max_mfn);
	CHECK(bad == 0, "round %u: foreign mfns give PFN_INVALID (%u wrong)",
	      round, bad);
	CHECK(p2m_count_runs(p2m, nr) == nr,
	      "round %u: scattered p2m has %u runs", round, nr);
	CHECK(m2p_count_adjacent(&m2p) == 0,
	      "round %u: scattered p2m has no adjacent pairs", round);
}

/* P2M_ERR_UNMAPPED: one pfn has MFN_INVALID; bad_pfn names it. */
static void test_err_unmapped(struct rng *r)
{
	uint32_t nr = rng_range(r, 2, 500), victim = rng_below(r, nr), bad_pfn;
	struct m2p m2p;
	enum p2m_err err;

	random_p2m(r, nr, 1ull << 30);
	p2m[victim] = MFN_INVALID;
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 30, 52, &bad_pfn);
	CHECK(err == P2M_ERR_UNMAPPED && bad_pfn == victim,
	      "MFN_INVALID at pfn %u of %u: P2M_ERR_UNMAPPED, bad_pfn %u",
	      victim, nr, bad_pfn);
	CHECK(m2p.nr == 0, "failed m2p_build leaves an empty m2p");
	CHECK(m2p_lookup(&m2p, p2m[victim ? 0 : 1]) == PFN_INVALID,
	      "lookup in a failed m2p finds nothing");
}

/* P2M_ERR_DUP_MFN: two pfns share a frame; bad_pfn is one of them. */
static void test_err_dup(struct rng *r, unsigned int round)
{
	uint32_t nr = rng_range(r, 2, 1000), a, b, bad_pfn = PFN_INVALID;
	struct m2p m2p;
	enum p2m_err err;

	a = rng_below(r, nr);
	do
		b = rng_below(r, nr);
	while (b == a);
	random_p2m(r, nr, 1ull << 36);
	p2m[b] = p2m[a];
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 36, 52, &bad_pfn);
	CHECK(err == P2M_ERR_DUP_MFN && (bad_pfn == a || bad_pfn == b),
	      "round %u: pfns %u and %u share mfn %#llx: P2M_ERR_DUP_MFN, "
	      "bad_pfn %u", round, a, b, (unsigned long long)p2m[a], bad_pfn);
	CHECK(m2p.nr == 0, "round %u: duplicate leaves an empty m2p", round);
}

/* P2M_ERR_MFN_RANGE at and around max_mfn. */
static void test_err_range(struct rng *r)
{
	const uint64_t max_mfn = 1ull << 24;
	uint32_t nr = rng_range(r, 2, 500), victim = rng_below(r, nr), bad_pfn;
	struct m2p m2p;
	enum p2m_err err;

	random_p2m(r, nr, max_mfn / 2);
	p2m[victim] = max_mfn;
	err = m2p_build(&m2p, entries, p2m, nr, max_mfn, 52, &bad_pfn);
	CHECK(err == P2M_ERR_MFN_RANGE && bad_pfn == victim,
	      "mfn == max_mfn at pfn %u: P2M_ERR_MFN_RANGE, bad_pfn %u",
	      victim, bad_pfn);
	p2m[victim] = max_mfn + 12345;
	err = m2p_build(&m2p, entries, p2m, nr, max_mfn, 52, &bad_pfn);
	CHECK(err == P2M_ERR_MFN_RANGE && bad_pfn == victim,
	      "mfn above max_mfn: P2M_ERR_MFN_RANGE");
	p2m[victim] = max_mfn - 1;
	err = m2p_build(&m2p, entries, p2m, nr, max_mfn, 52, &bad_pfn);
	CHECK(err == P2M_OK && m2p_lookup(&m2p, max_mfn - 1) == victim,
	      "mfn == max_mfn - 1 is accepted and found");
}

/* P2M_ERR_PHYS_LIMIT: phys_bits 36 means mfns below 1 << 24. */
static void test_err_phys(struct rng *r)
{
	const uint64_t limit = 1ull << 24;
	uint32_t nr = rng_range(r, 2, 500), victim = rng_below(r, nr), bad_pfn;
	struct m2p m2p;
	enum p2m_err err;

	random_p2m(r, nr, limit / 2);
	p2m[victim] = limit;
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 40, 36, &bad_pfn);
	CHECK(err == P2M_ERR_PHYS_LIMIT && bad_pfn == victim,
	      "phys_bits 36, mfn 1<<24 at pfn %u: P2M_ERR_PHYS_LIMIT, "
	      "bad_pfn %u", victim, bad_pfn);
	p2m[victim] = 1ull << 35;
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 40, 36, &bad_pfn);
	CHECK(err == P2M_ERR_PHYS_LIMIT && bad_pfn == victim,
	      "phys_bits 36, mfn 1<<35: P2M_ERR_PHYS_LIMIT");
	p2m[victim] = limit - 1;
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 40, 36, &bad_pfn);
	CHECK(err == P2M_OK, "phys_bits 36, mfn (1<<24)-1 is accepted");
	p2m[victim] = limit / 2 + 1;	/* below the limit, distinct */
	bad_pfn = 12345;
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 40, 0, &bad_pfn);
	CHECK(err == P2M_ERR_PHYS_LIMIT && bad_pfn == 0 && m2p.nr == 0,
	      "m2p_build, phys_bits 0: P2M_ERR_PHYS_LIMIT at pfn 0");
	err = m2p_build(&m2p, entries, p2m, nr, 1ull << 40, 12, &bad_pfn);
	CHECK(err == P2M_ERR_PHYS_LIMIT && bad_pfn == 0 && m2p.nr == 0,
	      "m2p_build, phys_bits 12: P2M_ERR_PHYS_LIMIT at pfn 0");
}

/* p2m_check_mfn on the edges of each limit. */
static void test_check_mfn(void)
{
	CHECK(p2m_check_mfn(MFN_INVALID, ~0ull, 52) == P2M_ERR_UNMAPPED,
	      "p2m_check_mfn: MFN_INVALID is unmapped");
	CHECK(p2m_check_mfn(0, 1, 32) == P2M_OK, "p2m_check_mfn: mfn 0 ok");
	CHECK(p2m_check_mfn(1, 1, 32) == P2M_ERR_MFN_RANGE,
	      "p2m_check_mfn: mfn == max_mfn is out of range");
	CHECK(p2m_check_mfn((1ull << 20) - 1, 1ull << 30, 32) == P2M_OK,
	      "p2m_check_mfn: phys_bits 32, mfn 0xfffff ok");
	CHECK(p2m_check_mfn(1ull << 20, 1ull << 30, 32) == P2M_ERR_PHYS_LIMIT,
	      "p2m_check_mfn: phys_bits 32, mfn 0x100000 beyond limit");
	CHECK(p2m_check_mfn((1ull << 40) - 1, 1ull << 41, 52) == P2M_OK,
	      "p2m_check_mfn: phys_bits 52, mfn 2^40-1 ok");
	CHECK(p2m_check_mfn(1ull << 40, 1ull << 41, 52) == P2M_ERR_PHYS_LIMIT,
	      "p2m_check_mfn: phys_bits 52, mfn 2^40 beyond limit");
	CHECK(p2m_check_mfn(1ull << 30, 1ull << 20, 36) == P2M_ERR_PHYS_LIMIT,
	      "p2m_check_mfn: beyond both limits reports the phys limit");
	/* phys_bits <= 12 leaves no frame; no shift by a negative count. */
	CHECK(p2m_check_mfn(0, ~0ull, 0) == P2M_ERR_PHYS_LIMIT &&
	      p2m_check_mfn(12345, 1ull << 40, 0) == P2M_ERR_PHYS_LIMIT &&
	      p2m_check_mfn(~0ull - 1, ~0ull, 0) == P2M_ERR_PHYS_LIMIT,
	      "p2m_check_mfn: phys_bits 0 gives P2M_ERR_PHYS_LIMIT");
	CHECK(p2m_check_mfn(0, ~0ull, 12) == P2M_ERR_PHYS_LIMIT &&
	      p2m_check_mfn(1ull << 39, 1ull << 40, 12) == P2M_ERR_PHYS_LIMIT &&
	      p2m_check_mfn(0, ~0ull, 1) == P2M_ERR_PHYS_LIMIT &&
	      p2m_check_mfn(0, ~0ull, 11) == P2M_ERR_PHYS_LIMIT,
	      "p2m_check_mfn: phys_bits 1, 11, 12 give P2M_ERR_PHYS_LIMIT");
	CHECK(p2m_check_mfn(MFN_INVALID, ~0ull, 0) == P2M_ERR_UNMAPPED,
	      "p2m_check_mfn: MFN_INVALID is unmapped even at phys_bits 0");
	CHECK(p2m_check_mfn(0, ~0ull, 13) == P2M_OK &&
	      p2m_check_mfn(1, ~0ull, 13) == P2M_OK &&
	      p2m_check_mfn(2, ~0ull, 13) == P2M_ERR_PHYS_LIMIT,
	      "p2m_check_mfn: phys_bits 13 allows mfns 0 and 1 only");
	CHECK(p2m_check_mfn((1ull << 60) - 1, 1ull << 60, 64) == P2M_OK &&
	      p2m_check_mfn(1ull << 60, 1ull << 60, 64) == P2M_ERR_MFN_RANGE &&
	      p2m_check_mfn((1ull << 60) - 1, 1ull << 60, 200) == P2M_OK,
	      "p2m_check_mfn: phys_bits 64 and above limit nothing");
}

/* An empty and a one-page p2m. */
static void test_small(void)
{
	struct m2p m2p;
	uint32_t bad_pfn = 77;

	CHECK(m2p_build(&m2p, entries, p2m, 0, 1, 32, &bad_pfn) == P2M_OK &&
	      m2p.nr == 0 && bad_pfn == 77, "empty p2m builds an empty m2p");
	CHECK(m2p_lookup(&m2p, 0) == PFN_INVALID,
	      "empty m2p: lookup gives PFN_INVALID");
	CHECK(p2m_count_runs(p2m, 0) == 0, "empty p2m has 0 runs");
	CHECK(m2p_count_adjacent(&m2p) == 0, "empty m2p has 0 adjacent pairs");
	p2m[0] = 0x123456;
	CHECK(m2p_build(&m2p, entries, p2m, 1, 1ull << 30, 52, &bad_pfn) ==
	      P2M_OK && m2p.nr == 1 && m2p_lookup(&m2p, 0x123456) == 0 &&
	      m2p_lookup(&m2p, 0x123455) == PFN_INVALID &&
	      m2p_lookup(&m2p, 0x123457) == PFN_INVALID,
	      "one-page p2m: lookups both ways");
	CHECK(p2m_count_runs(p2m, 1) == 1 && m2p_count_adjacent(&m2p) == 0,
	      "one-page p2m: 1 run, 0 adjacent pairs");
}

/* Builds an m2p from a hand-made p2m; returns 0 on failure. */
static int build_from(struct m2p *m2p, const uint64_t *src, uint32_t nr)
{
	uint32_t bad_pfn;

	memcpy(p2m, src, nr * sizeof(*src));
	return m2p_build(m2p, entries, p2m, nr, 1ull << 40, 52, &bad_pfn) ==
	       P2M_OK;
}

/* p2m_count_runs and m2p_count_adjacent on hand-made p2ms. */
static void test_runs(void)
{
	static const uint64_t contig[] = { 100, 101, 102, 103, 104, 105 };
	static const uint64_t scattered[] = { 9, 3, 20, 15, 1, 30 };
	static const uint64_t reversed[] = { 105, 104, 103, 102, 101, 100 };
	static const uint64_t mixed[] = { 10, 11, 12, 50, 51, 5, 13, 49 };
	static const uint64_t high[] = {
		0xfffff, 0x100000, 0x100001, 0xfffffffffull, 0x7,
		0x1000000000ull,
	};
	struct m2p m2p;

	CHECK(build_from(&m2p, contig, 6) && p2m_count_runs(p2m, 6) == 1 &&
	      m2p_count_adjacent(&m2p) == 5,
	      "contiguous p2m: 1 run, 5 adjacent pairs");
	CHECK(build_from(&m2p, scattered, 6) && p2m_count_runs(p2m, 6) == 6 &&
	      m2p_count_adjacent(&m2p) == 0,
	      "scattered p2m: 6 runs, 0 adjacent pairs");
	CHECK(build_from(&m2p, reversed, 6) && p2m_count_runs(p2m, 6) == 6 &&
	      m2p_count_adjacent(&m2p) == 5,
	      "adjacent frames in reverse pfn order: 6 runs, 5 pairs");
	/* Runs: [10 11 12] [50 51] [5] [13] [49]; pairs 10-11 11-12 12-13
	 * 49-50 50-51. */
	CHECK(build_from(&m2p, mixed, 8) && p2m_count_runs(p2m, 8) == 5 &&
	      m2p_count_adjacent(&m2p) == 5,
	      "mixed p2m: 5 runs, 5 adjacent pairs");
	/* Runs across 4 GiB: [0xfffff 0x100000 0x100001] [..] [7] [..]. */
	CHECK(build_from(&m2p, high, 6) && p2m_count_runs(p2m, 6) == 4 &&
	      m2p_count_adjacent(&m2p) == 3,
	      "runs across the 4 GiB line: 4 runs, 3 pairs (%u, %u)",
	      p2m_count_runs(p2m, 6), m2p_count_adjacent(&m2p));
}

/*
 * p2m_interleave on sorted frames of every count up to 300, dense (one
 * run, the worst case) and with random gaps: a permutation of its input,
 * and from 5 frames on, no frame next to the one before it.
 */
static void test_interleave(struct rng *r)
{
	static uint64_t sorted[300], out[300];
	uint32_t n, i, j, bad_perm = 0, bad_next = 0, bad_runs = 0, round;

	for (round = 0; round < 2; round++) {
		for (n = 1; n <= 300; n++) {
			for (i = 0; i < n; i++)
				sorted[i] = (i ? sorted[i - 1] : 0x1000) + 1 +
					    (round ? rng_below(r, 3) : 0);
			p2m_interleave(sorted, out, n);
			for (i = 0; i < n; i++) {	/* each once */
				for (j = 0; j < n && out[j] != sorted[i]; j++)
					;
				bad_perm += j == n;
			}
			for (i = 1; n >= 5 && i < n; i++)
				bad_next += out[i] == out[i - 1] + 1 ||
					    out[i] + 1 == out[i - 1];
			bad_runs += n >= 5 && p2m_count_runs(out, n) != n;
		}
	}
	CHECK(bad_perm == 0, "interleave: every frame once (%u missing)",
	      bad_perm);
	CHECK(bad_next == 0,
	      "interleave: from 5 frames on, none next to its predecessor (%u)",
	      bad_next);
	CHECK(bad_runs == 0, "interleave: runs == frames from 5 on (%u not)",
	      bad_runs);
	sorted[0] = 7;
	sorted[1] = 8;
	sorted[2] = 9;
	p2m_interleave(sorted, out, 3);
	CHECK(out[0] == 7 && out[1] == 9 && out[2] == 8 &&
	      p2m_count_runs(out, 3) == 3,
	      "interleave: 7 8 9 -> 7 9 8");
}

/* p2m_strerror: a distinct non-empty message per code. */
static void test_strerror(void)
{
	const char *msg[P2M_ERR_PHYS_LIMIT + 1];
	int i, j, ok = 1;

	for (i = 0; i <= P2M_ERR_PHYS_LIMIT; i++) {
		msg[i] = p2m_strerror(i);
		if (!msg[i] || !msg[i][0])
			ok = 0;
		for (j = 0; ok && j < i; j++)
			if (!strcmp(msg[i], msg[j]))
				ok = 0;
	}
	CHECK(ok, "p2m_strerror gives a distinct message for every code");
	CHECK(p2m_strerror(P2M_ERR_PHYS_LIMIT + 1) != NULL,
	      "p2m_strerror of an unknown code is not NULL");
}

/* NR_SEEDS random rounds, the n'th on its own seed @seed + n. */
static void test_rounds(uint64_t seed)
{
	struct rng r;
	unsigned int i;

	for (i = 0; i < NR_SEEDS; i++) {
		printf("seed %llu\n", (unsigned long long)(seed + i));
		rng_init(&r, seed + i);
		test_random_p2m(&r, i);
		test_err_dup(&r, i);
	}
}

/* The errors with random p2ms, one generator from @seed. */
static void test_errors(uint64_t seed)
{
	struct rng r;

	rng_init(&r, seed);
	test_err_unmapped(&r);
	test_err_range(&r);
	test_err_phys(&r);
}

int main(int argc, char **argv)
{
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20240611);
	RUN_GROUP("check-mfn", test_check_mfn());
	RUN_GROUP("small", test_small());
	RUN_GROUP("runs", test_runs());
	RUN_GROUP("strerror", test_strerror());
	RUN_GROUP("interleave", test_interleave(rng_fresh(seed)));
	RUN_GROUP("random", test_rounds(seed));
	RUN_GROUP("errors", test_errors(seed));
	return check_exit();
}
