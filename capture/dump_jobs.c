// SPDX-License-Identifier: GPL-2.0
/*
 * The helper CPUs at work on the kdump dump (docs/design.md, "Helper
 * CPUs"): kdump/jobs.h on this machine.  Each helper that arrived gets a
 * compressor and a scratch page of its own and two job slots; the boot
 * CPU two slots more.  A slot is KDUMP_JOB_PAGES pages of the map
 * window's job part and an arena of as many pool pages.  Pool pages, as
 * lib/pool_need.h counts them: per helper POOL_HELPER_PAGES (its stack and
 * GDT page from helpers.c, then these), once POOL_HELPERS_SHARED_PAGES.
 *
 * Tests: helpers_hang_at=N hangs helper 1 (interrupts off) as it takes its
 * N-th job; helpers_fault_at=N makes the last helper fault on its N-th.
 */
#include "dump_jobs.h"
#include "cmdline.h"
#include "helpers.h"
#include "pool.h"
#include "kdump/jobs.h"
#include "lib/compress.h"
#include "lib/pool_need.h"
#include "lib/printk.h"
#include "arch/i386/cpu.h"
#include "arch/i386/mmu.h"
#include "arch/i386/timer.h"

#define TABLE_PAGES	2	/* the job and worker tables */

_Static_assert(KDUMP_JOBS_MAX_SLOTS * sizeof(struct kdump_job) +
	       KDUMP_JOBS_MAX_WORKERS * sizeof(struct kdump_worker) <=
	       TABLE_PAGES * 4096u, "the job tables fit their pages");
_Static_assert(KDUMP_JOBS_MAX_SLOTS * KDUMP_JOB_PAGES <= MAP_WINDOW_JOB_PAGES,
	       "every slot has its window pages");
_Static_assert(POOL_HELPER_PAGES == 2 + POOL_LZO_PAGES + 1 +
	       KDUMP_JOB_SLOTS_PER_WORKER * KDUMP_JOB_PAGES,
	       "lib/pool_need.h counts a helper's pages: stack, GDT, "
	       "compressor, scratch, slots");
_Static_assert(POOL_LZO_PAGES >= POOL_ZLIB_PAGES,
	       "a helper's compressor pages hold either method");
_Static_assert(POOL_HELPERS_SHARED_PAGES == 1 + TABLE_PAGES +
	       KDUMP_JOB_SLOTS_PER_WORKER * KDUMP_JOB_PAGES + 1 +
	       KDUMP_JOBS_BITMAPS,
	       "lib/pool_need.h counts the shared pages: start page, tables, "
	       "the boot CPU's slots and scratch page, bitmap 2 blocks");
_Static_assert(POOL_HELPERS_MAX == KDUMP_JOBS_MAX_WORKERS - 1,
	       "lib/pool_need.h caps helpers at the job workers");

static struct kdump_jobs q;
static struct compressor comps[KDUMP_JOBS_MAX_WORKERS];
static uint32_t hang_at, fault_at;

static const uint8_t *slot_map(void *ctx, uint32_t slot, const uint64_t *mfns,
			       uint32_t nr)
{
	(void)ctx;
	return map_window_jobs(slot * KDUMP_JOB_PAGES, mfns, nr);
}

/* The boot CPU rewrote the slot's PTEs: our TLB may hold the old ones. */
static void slot_see(void *ctx, uint32_t slot)
{
	(void)ctx;
	tlb_drop(q.job[slot].window, KDUMP_JOB_PAGES);
}

static uint64_t clock_us(void *ctx)
{
	(void)ctx;
	return now_us();
}

static void relax(void *ctx)
{
	(void)ctx;
	cpu_relax();
}

static int faulted(void *ctx, uint32_t w)
{
	(void)ctx;
	return helpers_faulted(w);
}

static void write_off(void *ctx, uint32_t w)
{
	(void)ctx;
	helpers_write_off(w);
}

/* helpers_hang_at=, helpers_fault_at=: on the helper taking a job. */
static void taken(void *ctx, uint32_t w, uint32_t n)
{
	(void)ctx;
	if (w == 1 && n == hang_at)
		for (;;)
			cpu_relax();		/* interrupts are off */
	if (w == q.nr_workers - 1 && n == fault_at)
		(void)*(volatile uint32_t *)0x1000;	/* not mapped: #PF */
}

static void help(void *ctx, uint32_t w)
{
	kdump_jobs_help(ctx, w);
}

/* Helper @w's compressor, like the boot CPU's @boot, from the pool. */
static void *compressor_for(uint32_t w, const struct compressor *boot)
{
	size_t work = compress_work_size(boot->method);

	if (compress_init(&comps[w], boot->method,
			  pool_alloc((uint32_t)pages_for(work)), work,
			  pool_alloc((uint32_t)pages_for(boot->out_size)),
			  boot->out_size))
		return (void *)0;
	return &comps[w];
}

struct kdump_jobs *dump_jobs_start(const struct core_desc *d,
				   const struct kdump_source *src,
				   const struct compressor *boot)
{
	static const struct kdump_jobs_ops ops = {
		(void *)0, slot_map, slot_see, clock_us, relax, faulted,
		write_off, taken,
	};
	uint32_t n = helpers_arrived(), i, slots;
	struct kdump_worker *workers;
	struct kdump_job *jobs;
	uint8_t *tables;

	if (!n || !src->compress) {
		if (n)
			printk("dump: helpers: not needed: nothing to compress\n");
		helpers_park();
		return (struct kdump_jobs *)0;
	}
	if (n > POOL_HELPERS_MAX)
		n = POOL_HELPERS_MAX;
	tables = pool_alloc(TABLE_PAGES);
	jobs = (struct kdump_job *)tables;
	workers = (struct kdump_worker *)(tables +
		  KDUMP_JOBS_MAX_SLOTS * sizeof(struct kdump_job));
	slots = (n + 1) * KDUMP_JOB_SLOTS_PER_WORKER;
	for (i = 0; i < slots; i++)
		jobs[i].arena = pool_alloc(KDUMP_JOB_PAGES);
	workers[0] = (struct kdump_worker){ .cctx = src->cctx,
					    .page = pool_alloc(1) };
	for (i = 1; i <= n; i++) {
		workers[i].cctx = compressor_for(i, boot);
		workers[i].page = pool_alloc(1);
		if (!workers[i].cctx)
			break;
	}
	n = i - 1;
	if (kdump_jobs_init(&q, &ops, d, src, jobs, (n + 1) *
			    KDUMP_JOB_SLOTS_PER_WORKER, workers, n + 1,
			    pool_alloc(KDUMP_JOBS_BITMAPS)))
		n = 0;
	cmdline_u32("helpers_hang_at", &hang_at);
	cmdline_u32("helpers_fault_at", &fault_at);
	n = helpers_put_to_work(help, &q, n);	/* n 0: none is numbered */
	if (!n)
		return (struct kdump_jobs *)0;
	printk("dump: helpers: %u compress, %u job slots of %u pages\n", n,
	       q.nr_slots, KDUMP_JOB_PAGES);
	return &q;
}

void dump_jobs_end(struct kdump_jobs *jq)
{
	uint32_t i;

	if (!jq)
		return;
	kdump_jobs_stop(jq);
	printk("dump: helpers: jobs by CPU:");
	for (i = 0; i < jq->nr_workers; i++)
		printk(" %u", jq->worker[i].jobs);
	printk("; %llu redone, %u slots dead, %llu pages alone\n",
	       (unsigned long long)jq->redone_jobs, jq->dead_slots,
	       (unsigned long long)jq->alone_pages);
	for (i = 1; i < jq->nr_workers; i++)
		if (jq->worker[i].written_off)
			printk("dump: helpers: helper %u written off: %s\n", i,
			       helpers_faulted(i) ? "it faulted" :
			       "it held a job too long");
}
