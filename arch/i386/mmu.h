/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batched page-table updates (lazy MMU mode) and the map window.
 *
 * In lazy MMU mode set_pte() only queues; lazy_mmu_leave() writes the whole
 * queue and invalidates the TLB once.  The rules, from the paravirt design:
 * enter and leave always paired, never nested, and only one lazy mode at a
 * time (this kernel has only the MMU one).  Breaking a rule ends the run.
 * Outside lazy mode every set_pte() is written and flushed at once: that
 * is the unbatched path the counters compare against.
 *
 * The map window is MAP_WINDOW_PAGES of virtual space whose PTEs are
 * rewritten to show any machine frames, most often the crashed system's.
 * Once helper CPUs take page jobs (kdump/jobs.h) only its first
 * MAP_WINDOW_OLDMEM_PAGES are map_window()'s (oldmem asks no more); the
 * rest hold the jobs' slots, each mapped by the boot CPU and read by one
 * CPU at a time.
 */
#ifndef ARCH_I386_MMU_H
#define ARCH_I386_MMU_H

#include <stdint.h>
#include "pgtable.h"

#define MMU_QUEUE_LEN		1024
#define MAP_WINDOW_VADDR	0xFF800000u
#define MAP_WINDOW_PAGES	1024u		/* 4 MiB: two PTs */
#define MAP_WINDOW_OLDMEM_PAGES	512u
#define MAP_WINDOW_JOB_PAGES	(MAP_WINDOW_PAGES - MAP_WINDOW_OLDMEM_PAGES)
#define IOREMAP_VADDR		0xFFC00000u	/* device MMIO, one PT */
#define IOREMAP_PAGES		512u

struct mmu_stats {
	uint64_t pte_writes;	/* PTEs written to the tables */
	uint64_t batches;	/* queue flushes */
	uint64_t tlb_flushes;	/* TLB invalidations */
};

extern struct mmu_stats mmu_stats;

void lazy_mmu_enter(void);
void lazy_mmu_leave(void);
/* Leaves lazy MMU mode dropping only the @n pages at @vaddr from the TLB
 * (n 0: all of it): for a queue the caller knows touched only those. */
void lazy_mmu_leave_range(const void *vaddr, uint32_t n);
int lazy_mmu_active(void);
void set_pte(pte_t *ptep, pte_t val);

/* Hooks the window's and ioremap's page tables into the kernel PD. */
void map_window_init(const struct start_info *si);

/*
 * Maps machine frames mfns[0..n) at MAP_WINDOW_VADDR, n <= window size,
 * as one batch when @batched (else one flush per PTE).  Returns the vaddr.
 */
void *map_window(const uint64_t *mfns, uint32_t n, int batched);

/*
 * Maps mfns[0..n) at page @first of the window's job part, as one batch;
 * returns the vaddr.  Other CPUs must drop their TLB entries for those
 * pages (tlb_drop()) before they read them.
 */
void *map_window_jobs(uint32_t first, const uint64_t *mfns, uint32_t n);

/* Drops this CPU's TLB entries for the @n pages at @vaddr. */
void tlb_drop(const void *vaddr, uint32_t n);

/*
 * Maps @size bytes of device MMIO at machine address @maddr, uncached,
 * for good (the capture kernel never unmaps).  NULL when the area is full.
 */
void *ioremap(uint64_t maddr, uint32_t size);

#endif
