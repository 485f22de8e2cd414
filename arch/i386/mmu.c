// SPDX-License-Identifier: GPL-2.0
/* Lazy MMU mode and the map window.  See mmu.h. */
#include "mmu.h"
#include "cpu.h"
#include "lib/bug.h"
#include "lib/printk.h"

enum lazy_mode {
	LAZY_NONE,
	LAZY_MMU,
};

struct mmu_update {
	pte_t *ptep;
	pte_t val;
};

struct mmu_stats mmu_stats;

static enum lazy_mode lazy_mode = LAZY_NONE;
static struct mmu_update queue[MMU_QUEUE_LEN];
static uint32_t nr_queued;

/* The window's PTs: ordinary pages of our own image. */
static uint64_t window_pt[MAP_WINDOW_PAGES / PAE_ENTRIES][PAE_ENTRIES]
	__attribute__((aligned(4096)));
static uint64_t ioremap_pt[IOREMAP_PAGES] __attribute__((aligned(4096)));
static uint32_t ioremap_used;		/* pages handed out */

/*
 * Writes every queued update, then invalidates the TLB once: all of it,
 * or only the @n pages at @vaddr when the caller knows the queue touched
 * no others (a whole flush costs the boot CPU every other entry).
 */
static void flush_queue_range(uint32_t vaddr, uint32_t n)
{
	uint32_t i;

	if (nr_queued == 0)
		return;
	for (i = 0; i < nr_queued; i++)
		write_pte64(&queue[i].ptep->pte, queue[i].val.pte);
	mmu_stats.pte_writes += nr_queued;
	mmu_stats.batches++;
	if (n)
		tlb_drop((const void *)(uintptr_t)vaddr, n);
	else
		flush_tlb_all();
	mmu_stats.tlb_flushes++;
	nr_queued = 0;
}

static void flush_queue(void)
{
	flush_queue_range(0, 0);
}

void lazy_mmu_enter(void)
{
	if (lazy_mode != LAZY_NONE)
		panic("lazy MMU mode entered while lazy mode %d is active",
		      lazy_mode);
	lazy_mode = LAZY_MMU;
}

void lazy_mmu_leave(void)
{
	lazy_mmu_leave_range((const void *)0, 0);
}

void lazy_mmu_leave_range(const void *vaddr, uint32_t n)
{
	if (lazy_mode != LAZY_MMU)
		panic("lazy MMU mode left without being entered");
	flush_queue_range((uint32_t)(uintptr_t)vaddr, n);
	lazy_mode = LAZY_NONE;
}

int lazy_mmu_active(void)
{
	return lazy_mode == LAZY_MMU;
}

void set_pte(pte_t *ptep, pte_t val)
{
	if (lazy_mode == LAZY_MMU) {
		if (nr_queued == MMU_QUEUE_LEN)
			flush_queue();
		queue[nr_queued].ptep = ptep;
		queue[nr_queued].val = val;
		nr_queued++;
		return;
	}
	write_pte64(&ptep->pte, val.pte);
	mmu_stats.pte_writes++;
	flush_tlb_all();
	mmu_stats.tlb_flushes++;
}

void map_window_init(const struct start_info *si)
{
	uint64_t *pd = __va(pfn_to_paddr(si->pd_pfn));
	uint32_t first = pae_pd_index(MAP_WINDOW_VADDR), k;

	BUG_ON(si->pt_pages > first);	/* the kernel map stays below */
	lazy_mmu_enter();
	for (k = 0; k < MAP_WINDOW_PAGES / PAE_ENTRIES; k++)
		set_pte((pte_t *)&pd[first + k],
			__pte(__pa(window_pt[k]) | PAE_KERNEL_PDE));
	set_pte((pte_t *)&pd[pae_pd_index(IOREMAP_VADDR)],
		__pte(__pa(ioremap_pt) | PAE_KERNEL_PDE));
	lazy_mmu_leave();
}

/* Sets window PTEs first.. to mfns[0..n); their vaddr. */
static void *set_window_ptes(uint32_t first, const uint64_t *mfns, uint32_t n)
{
	pte_t *slot = (pte_t *)&window_pt[0][0] + first;
	uint32_t i;

	for (i = 0; i < n; i++)
		set_pte(&slot[i], mfn_pte(mfns[i], PAE_KERNEL_PTE));
	return (void *)(uintptr_t)(MAP_WINDOW_VADDR + pfn_to_paddr(first));
}

void *map_window(const uint64_t *mfns, uint32_t n, int batched)
{
	void *vaddr;

	BUG_ON(n > MAP_WINDOW_PAGES);
	if (batched)
		lazy_mmu_enter();
	vaddr = set_window_ptes(0, mfns, n);
	if (batched)
		lazy_mmu_leave();
	return vaddr;
}

void *map_window_jobs(uint32_t first, const uint64_t *mfns, uint32_t n)
{
	void *vaddr;

	BUG_ON(first > MAP_WINDOW_JOB_PAGES || n > MAP_WINDOW_JOB_PAGES - first ||
	       n > MMU_QUEUE_LEN);
	lazy_mmu_enter();
	vaddr = set_window_ptes(MAP_WINDOW_OLDMEM_PAGES + first, mfns, n);
	lazy_mmu_leave_range(vaddr, n);	/* only these PTEs changed */
	return vaddr;
}

void tlb_drop(const void *vaddr, uint32_t n)
{
	uint32_t va = (uint32_t)(uintptr_t)vaddr, i;

	for (i = 0; i < n; i++)
		invlpg(va + i * PAGE_SIZE);
}

void *ioremap(uint64_t maddr, uint32_t size)
{
	uint64_t first = maddr_to_mfn(maddr);
	uint64_t last = maddr_to_mfn(maddr + size - 1);
	uint32_t n = (uint32_t)(last - first) + 1, i;
	uint32_t vaddr = IOREMAP_VADDR + pfn_to_paddr(ioremap_used);

	if (size == 0 || n > IOREMAP_PAGES - ioremap_used)
		return (void *)0;
	lazy_mmu_enter();
	for (i = 0; i < n; i++)
		set_pte((pte_t *)&ioremap_pt[ioremap_used + i],
			mfn_pte(first + i, PAE_KERNEL_PTE | PAE_PCD | PAE_PWT));
	lazy_mmu_leave();
	ioremap_used += n;
	return (void *)(uintptr_t)(vaddr + offset_in_page(maddr));
}
