/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page jobs: the dumpable pages of a bitmap block cut into jobs of up to
 * KDUMP_JOB_PAGES pages that any CPU classifies and compresses, while the
 * boot CPU alone hands the results to the writer, in pfn order, and
 * drives the disk (docs/design.md, "Helper CPUs").
 *
 *   boot CPU (worker 0)                      helper w (worker 1..)
 *   a free slot: the job's frames mapped
 *   into it, FREE -> READY (release)  ---->  READY -> TAKEN|w (CAS): the
 *                                            oldest READY job; the slot's
 *                                            frames seen afresh (TLB);
 *   no free slot: retire the oldest job:     classified, compressed into
 *     DONE: its pages into the writer        the slot's arena;
 *     READY: READY -> TAKEN|0, run here      TAKEN|w -> DONE (CAS, release)
 *     TAKEN|w, w faulted or the job held
 *     KDUMP_JOB_STALL_US: TAKEN|w ->
 *     ABANDONED (CAS), w written off (the
 *     hook sends INIT), the job's pages redone here straight into the
 *     writer; the slot is never used again (w may still write its arena)
 *   while the oldest is TAKEN: run any READY job here
 *   no live slot left: the rest on this CPU alone
 *
 * Every hand-off is one atomic on the job's state word, which names the
 * taker too, so a helper that finishes just as the boot CPU gives up on it
 * is either used or ignored, never both.  Same pages, order and
 * compressor as kdump_write_pages() on one CPU: the same file, byte for
 * byte, however many helpers and whichever fail.
 */
#ifndef KDUMP_JOBS_H
#define KDUMP_JOBS_H

#include "pages.h"

#define KDUMP_JOB_PAGES		16u
#define KDUMP_JOBS_MAX_SLOTS	32u	/* the map window's job part: 512 pages */
#define KDUMP_JOB_SLOTS_PER_WORKER 2u
#define KDUMP_JOBS_MAX_WORKERS	(KDUMP_JOBS_MAX_SLOTS / KDUMP_JOB_SLOTS_PER_WORKER)
#define KDUMP_JOB_STALL_US	1000000u /* a job held this long: written off */
#define KDUMP_JOBS_BITMAPS	4u	/* bitmap 2 blocks waiting for their jobs */
#define KDUMP_JOB_NO_BITMAP	0xffffffffu

enum kdump_job_state {
	KDUMP_JOB_FREE,
	KDUMP_JOB_READY,
	KDUMP_JOB_TAKEN,		/* | taker << 8 */
	KDUMP_JOB_DONE,
	KDUMP_JOB_ABANDONED,		/* its slot is dead */
};

struct kdump_job {
	uint32_t state;			/* enum kdump_job_state | taker << 8 */
	uint32_t nr;			/* pages */
	uint32_t seq;			/* submission order (atomics; wraps) */
	uint32_t bitmap;		/* a bitmap 2 block to put before its
					 * pages (jobs' ring), or NO_BITMAP */
	uint64_t mfn[KDUMP_JOB_PAGES];
	const uint8_t *window;		/* the nr frames, mapped in its slot */
	uint8_t *arena;			/* KDUMP_JOB_PAGES pages of results */
	uint8_t kind[KDUMP_JOB_PAGES];	/* enum kdump_page_kind */
	uint8_t raw_in_arena[KDUMP_JOB_PAGES]; /* a part-RAM page's copy */
	uint16_t size[KDUMP_JOB_PAGES];
};

struct kdump_worker {
	void *cctx;			/* its compressor (compress()'s context) */
	uint8_t *page;			/* a scratch page */
	uint32_t jobs;			/* jobs it ran */
	uint32_t taken;			/* jobs it took (the test hook counts) */
	uint32_t written_off;		/* by the boot CPU: take nothing more */
};

struct kdump_jobs_ops {
	void *ctx;
	/* Boot CPU: maps frames @mfns[0..@nr) into slot @slot; their vaddr. */
	const uint8_t *(*map)(void *ctx, uint32_t slot, const uint64_t *mfns,
			      uint32_t nr);
	/* A helper, before it reads slot @slot: drops what its TLB holds. */
	void (*see)(void *ctx, uint32_t slot);
	uint64_t (*now_us)(void *ctx);
	void (*relax)(void *ctx);
	/* Nonzero once helper worker @w is known dead (it faulted). */
	int (*failed)(void *ctx, uint32_t w);
	/* Stops helper worker @w for good, before its job is redone. */
	void (*write_off)(void *ctx, uint32_t w);
	/* Tests, may be NULL: worker @w took its @n-th job (1-based). */
	void (*taken)(void *ctx, uint32_t w, uint32_t n);
};

struct kdump_jobs {
	struct kdump_jobs_ops ops;
	const struct core_desc *d;
	const struct kdump_source *src;
	struct kdump_job *job;		/* nr_slots, the caller's memory */
	uint32_t nr_slots;
	struct kdump_worker *worker;	/* nr_workers; [0] the boot CPU */
	uint32_t nr_workers;
	uint32_t stop;			/* atomics: 1, helpers return */
	uint64_t stall_us;
	uint32_t seq;
	uint32_t fifo[KDUMP_JOBS_MAX_SLOTS];	/* in flight, oldest first */
	uint32_t fifo_head, fifo_len;
	uint8_t *bitmaps;		/* KDUMP_JOBS_BITMAPS blocks, the caller's */
	uint32_t bitmap_pending[KDUMP_JOBS_BITMAPS];	/* put not yet */
	uint32_t next_bitmap;
	uint32_t dead_slots;
	uint64_t redone_jobs, alone_pages;	/* the boot CPU's rescues */
};

/*
 * Sets @q up: @nr_slots jobs at @job (arenas set by the caller, each
 * KDUMP_JOB_PAGES pages), @nr_workers workers at @worker (cctx and page
 * set by the caller), KDUMP_JOBS_BITMAPS blocks at @bitmaps; @ops
 * complete but for taken.  -1 if a count is out of range.
 */
int kdump_jobs_init(struct kdump_jobs *q, const struct kdump_jobs_ops *ops,
		    const struct core_desc *d, const struct kdump_source *src,
		    struct kdump_job *job, uint32_t nr_slots,
		    struct kdump_worker *worker, uint32_t nr_workers,
		    uint8_t *bitmaps);

/* A helper's loop, as worker @w (>= 1): runs jobs until kdump_jobs_stop(). */
void kdump_jobs_help(struct kdump_jobs *q, uint32_t w);

/*
 * Boot CPU: bitmap 2 block @block goes into @w before the pages of the
 * jobs submitted next: at once if no job is in flight, else with the
 * next job, so the next block's jobs need not wait for this one's.
 * May retire older jobs into @w first.
 */
enum kdump_result kdump_jobs_bitmap(struct kdump_jobs *q,
				    struct kdump_writer *w,
				    const uint8_t *block,
				    struct kdump_counts *c);

/* Boot CPU: the dumpable frames @mfns[0..@nr) (@nr <= KDUMP_JOB_PAGES),
 * next in pfn order, as one job; may retire older ones into @w first. */
enum kdump_result kdump_jobs_submit(struct kdump_jobs *q,
				    struct kdump_writer *w,
				    const uint64_t *mfns, uint32_t nr,
				    struct kdump_counts *c);

/* Boot CPU: retires every job in flight, in order, into @w. */
enum kdump_result kdump_jobs_drain(struct kdump_jobs *q,
				   struct kdump_writer *w,
				   struct kdump_counts *c);

/* Boot CPU: helpers return from kdump_jobs_help(). */
void kdump_jobs_stop(struct kdump_jobs *q);

#endif
