// SPDX-License-Identifier: GPL-2.0
/* Page jobs for helper CPUs.  See jobs.h. */
#include "jobs.h"
#include "lib/string.h"

#define BS		KDUMP_BLOCK_SIZE
#define TAKEN_BY(w)	(KDUMP_JOB_TAKEN | (w) << 8)
#define STATE(v)	((v) & 0xffu)
#define TAKER(v)	((v) >> 8)
#define NO_SLOT		0xffffffffu

static uint32_t load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* @from -> @to, once: 1 if this call made the change. */
static int cas(uint32_t *p, uint32_t from, uint32_t to)
{
	return __atomic_compare_exchange_n(p, &from, to, 0, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

int kdump_jobs_init(struct kdump_jobs *q, const struct kdump_jobs_ops *ops,
		    const struct core_desc *d, const struct kdump_source *src,
		    struct kdump_job *job, uint32_t nr_slots,
		    struct kdump_worker *worker, uint32_t nr_workers,
		    uint8_t *bitmaps)
{
	uint32_t i;

	if (!nr_slots || nr_slots > KDUMP_JOBS_MAX_SLOTS || !nr_workers ||
	    nr_workers > KDUMP_JOBS_MAX_WORKERS)
		return -1;
	memset(q, 0, sizeof(*q));
	q->ops = *ops;
	q->d = d;
	q->src = src;
	q->job = job;
	q->nr_slots = nr_slots;
	q->worker = worker;
	q->nr_workers = nr_workers;
	q->stall_us = KDUMP_JOB_STALL_US;
	q->bitmaps = bitmaps;
	q->next_bitmap = KDUMP_JOB_NO_BITMAP;
	for (i = 0; i < nr_slots; i++)
		store(&job[i].state, KDUMP_JOB_FREE);
	for (i = 0; i < nr_workers; i++)
		worker[i].jobs = worker[i].taken = worker[i].written_off = 0;
	return 0;
}

/* Runs @j on worker @wk: every page classified, results in the arena. */
static void run(const struct kdump_jobs *q, struct kdump_job *j,
		struct kdump_worker *wk)
{
	uint32_t k;

	for (k = 0; k < j->nr; k++) {
		const uint8_t *page = j->window + (uint64_t)k * BS, *out = NULL;
		uint32_t size = 0;
		enum kdump_page_kind kind;

		kind = kdump_classify(q->d, q->src, wk->cctx, j->mfn[k], page,
				      wk->page, &out, &size);
		j->raw_in_arena[k] = kind == KDUMP_PAGE_RAW && out != page;
		if (kind == KDUMP_PAGE_COMPRESSED || j->raw_in_arena[k])
			memcpy(j->arena + (uint64_t)k * BS, out, size);
		j->kind[k] = (uint8_t)kind;
		j->size[k] = (uint16_t)size;
	}
	wk->jobs++;
}

/* The slot of the oldest READY job, or NO_SLOT. */
static uint32_t oldest_ready(const struct kdump_jobs *q)
{
	uint32_t s, best = NO_SLOT, seq = 0, t;

	/* A seq read here may be a newer job's by now: the CAS decides. */
	for (s = 0; s < q->nr_slots; s++) {
		const struct kdump_job *j = &q->job[s];

		if (load(&j->state) != KDUMP_JOB_READY)
			continue;
		t = __atomic_load_n(&j->seq, __ATOMIC_RELAXED);
		if (best == NO_SLOT || (int32_t)(t - seq) < 0) {
			best = s;
			seq = t;
		}
	}
	return best;
}

void kdump_jobs_help(struct kdump_jobs *q, uint32_t w)
{
	struct kdump_worker *wk = &q->worker[w];
	uint32_t s;

	while (!load(&q->stop) && !load(&wk->written_off)) {
		s = oldest_ready(q);
		if (s == NO_SLOT || !cas(&q->job[s].state, KDUMP_JOB_READY,
					 TAKEN_BY(w))) {
			q->ops.relax(q->ops.ctx);
			continue;
		}
		if (q->ops.taken)
			q->ops.taken(q->ops.ctx, w, ++wk->taken);
		q->ops.see(q->ops.ctx, s);
		run(q, &q->job[s], wk);
		/* Fails only if the boot CPU gave up on us: it redoes it. */
		cas(&q->job[s].state, TAKEN_BY(w), KDUMP_JOB_DONE);
	}
}

void kdump_jobs_stop(struct kdump_jobs *q)
{
	store(&q->stop, 1);
}

/* Job @j's results into @w, in page order. */
static enum kdump_result feed(struct kdump_jobs *q, struct kdump_writer *w,
			      const struct kdump_job *j, struct kdump_counts *c)
{
	enum kdump_result r = KDUMP_OK;
	uint32_t k;

	for (k = 0; k < j->nr && r == KDUMP_OK; k++) {
		enum kdump_page_kind kind = (enum kdump_page_kind)j->kind[k];
		const uint8_t *out = j->arena + (uint64_t)k * BS;

		if (kind == KDUMP_PAGE_RAW && !j->raw_in_arena[k])
			out = j->window + (uint64_t)k * BS;
		r = kdump_put_classified(w, q->src, kind, out, j->size[k], c);
	}
	return r;
}

/* Classifies @nr frames mapped at @win on the boot CPU, straight into @w. */
static enum kdump_result here(struct kdump_jobs *q, struct kdump_writer *w,
			      const uint64_t *mfns, const uint8_t *win,
			      uint32_t nr, struct kdump_counts *c)
{
	struct kdump_worker *boot = &q->worker[0];
	enum kdump_result r = KDUMP_OK;
	uint32_t k;

	for (k = 0; k < nr && r == KDUMP_OK; k++)
		r = kdump_put_frame(w, q->d, q->src, boot->cctx, mfns[k],
				    win ? win + (uint64_t)k * BS :
				    q->src->map(q->src->ctx, mfns[k], 1),
				    boot->page, c);
	return r;
}

/* Runs READY job @s on the boot CPU, if nobody took it first: 1 if ran. */
static int run_here(struct kdump_jobs *q, uint32_t s)
{
	struct kdump_job *j = &q->job[s];

	if (!cas(&j->state, KDUMP_JOB_READY, TAKEN_BY(0)))
		return 0;
	run(q, j, &q->worker[0]);
	store(&j->state, KDUMP_JOB_DONE);
	return 1;
}

/* Helper @w holding the oldest job: faulted, or held it too long. */
static int given_up(struct kdump_jobs *q, uint32_t w, uint64_t since)
{
	return q->ops.failed(q->ops.ctx, w) ||
	       q->ops.now_us(q->ops.ctx) - since > q->stall_us;
}

/* Ring block @b (a job carried it), if any, into @w. */
static enum kdump_result put_bitmap(struct kdump_jobs *q,
				    struct kdump_writer *w, uint32_t b)
{
	if (b == KDUMP_JOB_NO_BITMAP)
		return KDUMP_OK;
	q->bitmap_pending[b] = 0;
	return kdump_put_bitmap2(w, q->bitmaps + (uint64_t)b * BS);
}

/* Waits for the oldest job in flight and puts it into @w. */
static enum kdump_result retire_oldest(struct kdump_jobs *q,
				       struct kdump_writer *w,
				       struct kdump_counts *c)
{
	uint32_t s = q->fifo[q->fifo_head], v, i;
	struct kdump_job *j = &q->job[s];
	uint64_t since = q->ops.now_us(q->ops.ctx);
	enum kdump_result r;

	for (;;) {
		v = load(&j->state);
		if (v == KDUMP_JOB_DONE || (v == KDUMP_JOB_READY && run_here(q, s)))
			break;
		if (STATE(v) == KDUMP_JOB_TAKEN && TAKER(v) &&
		    given_up(q, TAKER(v), since) &&
		    cas(&j->state, v, KDUMP_JOB_ABANDONED)) {
			store(&q->worker[TAKER(v)].written_off, 1);
			q->ops.write_off(q->ops.ctx, TAKER(v));
			q->dead_slots++;
			q->redone_jobs++;
			r = put_bitmap(q, w, j->bitmap);
			if (r == KDUMP_OK)
				r = here(q, w, j->mfn, j->window, j->nr, c);
			goto out;
		}
		/* Waiting: help with a newer job instead of spinning. */
		for (i = 1; i < q->fifo_len; i++) {
			uint32_t t = q->fifo[(q->fifo_head + i) % KDUMP_JOBS_MAX_SLOTS];

			if (load(&q->job[t].state) == KDUMP_JOB_READY &&
			    run_here(q, t))
				break;
		}
		if (i == q->fifo_len)
			q->ops.relax(q->ops.ctx);
	}
	r = put_bitmap(q, w, j->bitmap);
	if (r == KDUMP_OK)
		r = feed(q, w, j, c);
	store(&j->state, KDUMP_JOB_FREE);
out:
	q->fifo_head = (q->fifo_head + 1) % KDUMP_JOBS_MAX_SLOTS;
	q->fifo_len--;
	return r;
}

/* A FREE slot, or NO_SLOT. */
static uint32_t free_slot(const struct kdump_jobs *q)
{
	uint32_t s;

	for (s = 0; s < q->nr_slots; s++)
		if (load(&q->job[s].state) == KDUMP_JOB_FREE)
			return s;
	return NO_SLOT;
}

enum kdump_result kdump_jobs_submit(struct kdump_jobs *q,
				    struct kdump_writer *w,
				    const uint64_t *mfns, uint32_t nr,
				    struct kdump_counts *c)
{
	enum kdump_result r;
	struct kdump_job *j;
	uint32_t s;

	while ((s = free_slot(q)) == NO_SLOT) {
		if (!q->fifo_len) {	/* every slot dead: this CPU alone */
			q->alone_pages += nr;
			r = put_bitmap(q, w, q->next_bitmap);
			q->next_bitmap = KDUMP_JOB_NO_BITMAP;
			return r == KDUMP_OK ?
			       here(q, w, mfns, (const uint8_t *)0, nr, c) : r;
		}
		r = retire_oldest(q, w, c);
		if (r != KDUMP_OK)
			return r;
	}
	j = &q->job[s];
	memcpy(j->mfn, mfns, nr * sizeof(*mfns));
	j->nr = nr;
	j->bitmap = q->next_bitmap;
	q->next_bitmap = KDUMP_JOB_NO_BITMAP;
	__atomic_store_n(&j->seq, q->seq++, __ATOMIC_RELAXED);
	j->window = q->ops.map(q->ops.ctx, s, mfns, nr);
	store(&j->state, KDUMP_JOB_READY);
	q->fifo[(q->fifo_head + q->fifo_len) % KDUMP_JOBS_MAX_SLOTS] = s;
	q->fifo_len++;
	return KDUMP_OK;
}

enum kdump_result kdump_jobs_bitmap(struct kdump_jobs *q,
				    struct kdump_writer *w,
				    const uint8_t *block,
				    struct kdump_counts *c)
{
	enum kdump_result r = KDUMP_OK;
	uint32_t b;

	/* The block before had no page to carry it (every one left out):
	 * it goes in once the jobs before it are in. */
	if (q->next_bitmap != KDUMP_JOB_NO_BITMAP)
		r = kdump_jobs_drain(q, w, c);
	if (r != KDUMP_OK)
		return r;
	if (!q->fifo_len)
		return kdump_put_bitmap2(w, block);
	for (b = 0; b < KDUMP_JOBS_BITMAPS && q->bitmap_pending[b]; b++)
		;
	while (b == KDUMP_JOBS_BITMAPS && q->fifo_len && r == KDUMP_OK) {
		r = retire_oldest(q, w, c);
		for (b = 0; b < KDUMP_JOBS_BITMAPS && q->bitmap_pending[b]; b++)
			;
	}
	if (r != KDUMP_OK)
		return r;
	if (!q->fifo_len)
		return kdump_put_bitmap2(w, block);
	memcpy(q->bitmaps + (uint64_t)b * BS, block, BS);
	q->bitmap_pending[b] = 1;
	q->next_bitmap = b;
	return KDUMP_OK;
}

enum kdump_result kdump_jobs_drain(struct kdump_jobs *q,
				   struct kdump_writer *w,
				   struct kdump_counts *c)
{
	enum kdump_result r = KDUMP_OK;

	while (q->fifo_len && r == KDUMP_OK)
		r = retire_oldest(q, w, c);
	if (r == KDUMP_OK)	/* the last blocks had no page to carry it */
		r = put_bitmap(q, w, q->next_bitmap);
	q->next_bitmap = KDUMP_JOB_NO_BITMAP;
	return r;
}
