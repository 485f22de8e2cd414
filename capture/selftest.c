// SPDX-License-Identifier: GPL-2.0
/* Boot self-tests of the arch layer, run from the scattered frames. */
#include "selftest.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "arch/i386/gdt.h"
#include "arch/i386/mmu.h"
#include "arch/i386/trap.h"

#define PF_ERR_P	0x1	/* protection violation, not a missing page */
#define PF_ERR_W	0x2	/* on a write */

static int report(const char *name, int ok, const char *why)
{
	printk("selftest %s: %s%s%s\n", name, ok ? "ok" : "FAIL",
	       why ? " " : "", why ? why : "");
	return ok ? 0 : 1;
}

/* A write to the sealed GDT page faults, is caught, and changes nothing. */
static int test_gdt_write_faults(void)
{
	volatile uint32_t *slot =
		(volatile uint32_t *)&gdt_page.desc[GDT_ENTRIES - 1];
	uint32_t before = last_fixed_fault.count;

	if (!gdt_sealed())
		return report("gdt-readonly", 0, "(GDT not sealed)");
	if (probe_write32(slot, 0xdeadbeef) == 0)
		return report("gdt-readonly", 0, "(write went through)");
	if (last_fixed_fault.count != before + 1 ||
	    last_fixed_fault.vector != 14 ||
	    last_fixed_fault.cr2 != (uint32_t)(uintptr_t)slot ||
	    (last_fixed_fault.error & (PF_ERR_P | PF_ERR_W)) !=
	    (PF_ERR_P | PF_ERR_W))
		return report("gdt-readonly", 0, "(unexpected fault)");
	if (*slot != 0)
		return report("gdt-readonly", 0, "(page changed)");
	printk("  write to GDT page %p faulted: #PF error %x cr2 %08x\n",
	       (void *)slot, last_fixed_fault.error, last_fixed_fault.cr2);
	return report("gdt-readonly", 1, (const char *)0);
}

/* gdt_set_entry() still changes an entry, and leaves the page sealed. */
static int test_gdt_accessor(void)
{
	const unsigned int idx = 3;
	int ok;

	gdt_set_entry(idx, BOOT_DESC_DATA32);
	ok = gdt_page.desc[idx] == BOOT_DESC_DATA32;
	gdt_set_entry(idx, 0);
	ok = ok && gdt_page.desc[idx] == 0;
	ok = ok && probe_write32((volatile uint32_t *)&gdt_page.desc[idx],
				 1) != 0;
	return report("gdt-accessor", ok, (const char *)0);
}

/*
 * Every pfn: __pte gives the p2m's mfn, pte_val gives the pfn back, and
 * the live kernel PTE the loader wrote is exactly __pte of its paddr.
 */
static int test_p2m_roundtrip(const struct start_info *si)
{
	uint32_t pfn, bad = 0;

	for (pfn = 0; pfn < si->nr_pages; pfn++) {
		uint64_t pseudo = pfn_to_paddr(pfn) | PAE_KERNEL_PTE;
		pte_t pte = __pte(pseudo);
		pte_t *live = lookup_pte(CAPTURE_KERNEL_BASE +
					 pfn_to_paddr(pfn));

		if (pte_mfn(pte) != pfn_to_mfn(pfn) || pte_val(pte) != pseudo ||
		    mfn_to_pfn(pfn_to_mfn(pfn)) != pfn || !live ||
		    (pte_val(*live) & PAE_ADDR_MASK) != pfn_to_paddr(pfn))
			bad++;
	}
	printk("  %u pfns: pfn -> mfn -> pfn, %u mismatches\n",
	       si->nr_pages, bad);
	return report("p2m-roundtrip", bad == 0 && si->nr_pages > 0,
		      (const char *)0);
}

/* A frame that is not ours has no pseudo-physical name. */
static int test_foreign_pte(void)
{
	uint64_t mfn = 0;

	while (mfn_to_pfn(mfn) != PFN_INVALID)
		mfn++;
	return report("foreign-pte",
		      !(pte_val(mfn_pte(mfn, PAE_KERNEL_PTE)) & PAE_P) &&
		      pte_mfn(mfn_pte(mfn, PAE_KERNEL_PTE)) == mfn,
		      (const char *)0);
}

/*
 * Remapping the 1024-page window is one batch with one TLB flush, and the
 * window then shows the frames asked for (our own, so we can compare).
 */
static int test_window_batch(const struct start_info *si)
{
	static uint64_t mfns[MAP_WINDOW_PAGES];
	struct mmu_stats before = mmu_stats;
	uint32_t i, bad = 0, n = si->nr_pages;
	uint8_t *win;

	for (i = 0; i < MAP_WINDOW_PAGES; i++)
		mfns[i] = pfn_to_mfn(i % n);
	win = map_window(mfns, MAP_WINDOW_PAGES, 1);
	for (i = 0; i < MAP_WINDOW_PAGES; i++)
		if (memcmp(win + pfn_to_paddr(i), __va(pfn_to_paddr(i % n)),
			   64) != 0)
			bad++;
	printk("  1024 PTEs: %llu writes, %llu batch, %llu TLB flush, "
	       "%u pages differ\n",
	       mmu_stats.pte_writes - before.pte_writes,
	       mmu_stats.batches - before.batches,
	       mmu_stats.tlb_flushes - before.tlb_flushes, bad);
	return report("window-batch",
		      bad == 0 &&
		      mmu_stats.pte_writes - before.pte_writes == 1024 &&
		      mmu_stats.batches - before.batches == 1 &&
		      mmu_stats.tlb_flushes - before.tlb_flushes == 1,
		      (const char *)0);
}

/* The same remap unbatched costs one flush per PTE: the baseline. */
static int test_window_unbatched(void)
{
	static const uint32_t n = 16;
	struct mmu_stats before = mmu_stats;
	uint64_t mfns[16];
	uint32_t i;

	for (i = 0; i < n; i++)
		mfns[i] = pfn_to_mfn(i % nr_capture_pages());
	map_window(mfns, n, 0);
	return report("window-unbatched",
		      mmu_stats.tlb_flushes - before.tlb_flushes == n &&
		      mmu_stats.batches == before.batches,
		      (const char *)0);
}

int selftests_run(const struct start_info *si)
{
	int failed = 0;

	failed += test_gdt_write_faults();
	failed += test_gdt_accessor();
	failed += test_p2m_roundtrip(si);
	failed += test_foreign_pte();
	failed += test_window_batch(si);
	failed += test_window_unbatched();
	return failed;
}
