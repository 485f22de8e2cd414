// SPDX-License-Identifier: GPL-2.0
/*
 * The fake machine of the loader unit tests.  See fake_machine.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"

#define MAX_NOTES	5

static uint8_t scratch_page[PAGE_SIZE];

const uint8_t zero_page[PAGE_SIZE];

uint64_t work_p2m[CAPTURE_MAX_PAGES];

struct m2p_entry work_m2p[CAPTURE_MAX_PAGES];

/* work.nr_taken after the last loader_build through build_stale(). */
uint32_t last_nr_taken;

static unsigned int notes;

/* Prints a detail line under a failing check (a few per check). */
void note(const char *fmt, ...)
{
	va_list ap;

	if (notes++ >= MAX_NOTES)
		return;
	va_start(ap, fmt);
	printf("    # ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* Lets note() print again. */
void notes_reset(void)
{
	notes = 0;
}

/* qsort comparison of two mfns. */
int cmp_mfn(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The frame with @mfn, or NULL if the machine has none. */
struct frame *find_frame(struct machine *m, uint64_t mfn)
{
	uint32_t lo = 0, hi = m->nr;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->frames[mid].mfn == mfn)
			return &m->frames[mid];
		if (m->frames[mid].mfn < mfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A random mfn: below 3 GiB, 3..4 GiB, above 4 GiB, or huge. */
static uint64_t random_mfn(struct rng *r)
{
	switch (rng_below(r, 10)) {
	case 0: case 1: case 2:
		return rng_below(r, HANDOFF_MFN_LIMIT);
	case 3:
		return rng_range(r, HANDOFF_MFN_LIMIT, FOUR_GIB_MFN - 1);
	case 4: case 5: case 6:
		return rng_range(r, FOUR_GIB_MFN, (1ull << 28) - 1);
	default:
		return rng_range(r, 1ull << 28, MACHINE_MFNS - 1);
	}
}

/* The edges a scattered machine always has (when n >= NR_EDGES). */
static const uint64_t edge_mfns[] = {
	0, HANDOFF_MFN_LIMIT - 1, FOUR_GIB_MFN, MACHINE_MFNS - 1,
};

#define NR_EDGES 4

/* True if @mfn is one of the edge mfns. */
static int is_edge(uint64_t mfn)
{
	uint32_t i;

	for (i = 0; i < NR_EDGES; i++)
		if (edge_mfns[i] == mfn)
			return 1;
	return 0;
}

/*
 * Fills mfns[0..n) with sorted random mfns, no two equal or adjacent,
 * including the edge mfns.
 */
static void scattered_mfns(struct rng *r, uint64_t *mfns, uint32_t n)
{
	uint32_t have = 0, keep, i;

	for (i = 0; i < NR_EDGES && have < n; i++)
		mfns[have++] = edge_mfns[i];
	while (have < n) {
		while (have < n)
			mfns[have++] = random_mfn(r);
		qsort(mfns, have, sizeof(*mfns), cmp_mfn);
		for (keep = 0, i = 0; i < have; i++) {
			if (!keep || mfns[i] > mfns[keep - 1] + 1)
				mfns[keep++] = mfns[i];
			else if (is_edge(mfns[i]))	/* the edge wins */
				mfns[keep - 1] = mfns[i];
		}
		have = keep;
	}
}

/* Puts the frame source back in its fresh state; optionally re-dirties. */
void machine_reset(struct machine *m, int dirty)
{
	uint32_t i;

	for (i = 0; i < m->nr; i++) {
		m->frames[i].taken = 0;
		if (dirty)
			memset(m->frames[i].page, GARBAGE, PAGE_SIZE);
	}
	m->cursor = 0;
	m->calls = 0;
	m->nr_given = 0;
	m->ident_calls = 0;
	m->ident_mfn = MFN_INVALID;
	m->bad_maps = 0;
	m->dry_after = NO_FAULT;
	m->inject_call = NO_FAULT;
	m->dup_call = NO_FAULT;
	m->ident_answer = MFN_INVALID;
}

/* Moves the frame with @mfn (if any) to position @k of the order. */
static void order_put(struct machine *m, uint64_t mfn, uint32_t k)
{
	struct frame *f = find_frame(m, mfn);
	uint32_t i, idx, tmp;

	if (!f || k >= m->nr)
		return;
	idx = f - m->frames;
	for (i = 0; m->order[i] != idx; i++)
		;
	tmp = m->order[k];
	m->order[k] = idx;
	m->order[i] = tmp;
}

/*
 * Hands out 4 GiB exactly and the top frame first, and makes mfn 0 or
 * the last frame below 3 GiB (by the seed) the handoff frame.
 */
static void edges_first(struct machine *m, struct rng *r)
{
	order_put(m, FOUR_GIB_MFN, 0);
	order_put(m, MACHINE_MFNS - 1, 1);
	order_put(m, rng_below(r, 2) ? 0 : HANDOFF_MFN_LIMIT - 1, 2);
}

/*
 * A machine of @n frames.  Scattered: random mfns, handed out in random
 * order, a few low ones kept for FRAME_IDENT.  Otherwise contiguous from
 * @base, handed out in order.
 */
struct machine *machine_new(struct rng *r, uint32_t n, int scattered,
			    uint64_t base)
{
	struct machine *m = calloc(1, sizeof(*m));
	uint64_t *mfns = calloc(n, sizeof(*mfns));
	uint32_t i, reserved = 0;

	m->nr = n;
	m->frames = calloc(n, sizeof(*m->frames));
	m->order = calloc(n, sizeof(*m->order));
	if (scattered)
		scattered_mfns(r, mfns, n);
	for (i = 0; i < n; i++) {
		m->frames[i].mfn = scattered ? mfns[i] : base + i;
		m->frames[i].page = malloc(PAGE_SIZE);
		m->order[i] = i;
	}
	for (i = n; scattered && i-- > 1;) {
		uint32_t other = rng_below(r, i + 1), tmp = m->order[i];

		m->order[i] = m->order[other];
		m->order[other] = tmp;
	}
	if (scattered)
		edges_first(m, r);
	for (i = 0; scattered && i < n && reserved < IDENT_RESERVE; i++) {
		struct frame *f = &m->frames[m->order[i]];

		if (f->mfn < HANDOFF_MFN_LIMIT) {
			f->reserved = 1;
			reserved++;
		}
	}
	free(mfns);
	machine_reset(m, 1);
	return m;
}

/* Gives the machine's memory back. */
void machine_free(struct machine *m)
{
	uint32_t i;

	for (i = 0; i < m->nr; i++)
		free(m->frames[i].page);
	free(m->frames);
	free(m->order);
	free(m);
}

/* Takes the next free unreserved frame, in the machine's order. */
static uint64_t take_any(struct machine *m)
{
	while (m->cursor < m->nr) {
		struct frame *f = &m->frames[m->order[m->cursor++]];

		if (!f->taken && !f->reserved) {
			f->taken = 1;
			return f->mfn;
		}
	}
	return MFN_INVALID;
}

/* Takes the first free frame below 3 GiB, in the machine's order. */
static uint64_t take_low(struct machine *m)
{
	uint32_t i;

	for (i = 0; i < m->nr; i++) {
		struct frame *f = &m->frames[m->order[i]];

		if (!f->taken && f->mfn < HANDOFF_MFN_LIMIT) {
			f->taken = 1;
			return f->mfn;
		}
	}
	return MFN_INVALID;
}

/* frame_source.alloc: a free frame, or an injected fault. */
static uint64_t fake_alloc(void *ctx, unsigned int flags)
{
	struct machine *m = ctx;
	uint32_t call = m->calls++;
	uint64_t mfn;

	if (flags & FRAME_IDENT)
		m->ident_calls++;
	if (call >= m->dry_after)
		return MFN_INVALID;
	if (call == m->inject_call)
		mfn = m->inject_mfn;
	else if (call == m->dup_call)
		mfn = m->given[m->dup_of];
	else if ((flags & FRAME_IDENT) && m->ident_answer != MFN_INVALID)
		mfn = m->ident_answer;
	else if (flags & FRAME_IDENT)
		mfn = take_low(m);
	else
		mfn = take_any(m);
	if (flags & FRAME_IDENT)
		m->ident_mfn = mfn;
	if (mfn != MFN_INVALID)
		m->given[m->nr_given++] = mfn;
	return mfn;
}

/* frame_source.map: the page of a frame handed out; counts any other. */
static void *fake_map(void *ctx, uint64_t mfn)
{
	struct machine *m = ctx;
	struct frame *f = find_frame(m, mfn);

	if (!f || !f->taken) {
		m->bad_maps++;
		return scratch_page;
	}
	return f->page;
}

/* The frame source over @m. */
struct frame_source source_of(struct machine *m)
{
	struct frame_source src = { m, fake_alloc, fake_map };

	return src;
}

/* The test's own view of machine memory at @maddr (zeros if none). */
const void *peek(struct machine *m, uint64_t maddr)
{
	struct frame *f = find_frame(m, maddr_to_mfn(maddr));

	if (!f)
		return zero_page;
	return f->page + (maddr & (PAGE_SIZE - 1));
}

/* The page of the frame behind capture page @pfn. */
uint8_t *page_of(struct machine *m, uint32_t pfn)
{
	struct frame *f = find_frame(m, work_p2m[pfn]);

	return f ? f->page : scratch_page;
}

/* Fills work.p2m[0..n) with stale entries, as a reused buffer holds. */
void stale_work(uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		work_p2m[i] = STALE_MFN + i;
	memset(work_m2p, 0x77, n * sizeof(*work_m2p));
}

/* Runs loader_build on @m, work.p2m[0..stale) stale beforehand. */
enum loader_err build_stale(struct machine *m,
			    const struct loader_params *p,
			    struct loader_result *res, uint32_t stale)
{
	struct frame_source src = source_of(m);
	struct loader_work work = {
		work_p2m, work_m2p, CAPTURE_MAX_PAGES, STALE_NR_TAKEN,
	};
	enum loader_err err;

	stale_work(stale);
	err = loader_build(p, &src, &work, res);
	last_nr_taken = work.nr_taken;
	return err;
}

/* Runs loader_build on @m with a wholly stale work area. */
enum loader_err build(struct machine *m, const struct loader_params *p,
		      struct loader_result *res)
{
	return build_stale(m, p, res, CAPTURE_MAX_PAGES);
}

/* loader_checksum of the current memory. */
uint64_t recompute(struct machine *m, const struct start_info *si)
{
	struct frame_source src = source_of(m);

	return loader_checksum(&src, work_p2m, si);
}
