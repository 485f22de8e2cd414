// SPDX-License-Identifier: GPL-2.0
/*
 * The capture kernel's main line.  entry.S has already run boot_verify()
 * (start info sane, checksum right) and moved to the boot stack.
 */
#include <p2mdump/start_info.h>
#include "cmdline.h"
#include "compress_bench.h"
#include "dump.h"
#include "helpers.h"
#include "pool.h"
#include "lib/printk.h"
#include "version.h"
#include "selftest.h"
#include <p2mdump/exit_codes.h>
#include "arch/i386/cpu.h"
#include "arch/i386/gdt.h"
#include "arch/i386/machine.h"
#include "arch/i386/mmu.h"
#include "arch/i386/timer.h"
#include "arch/i386/trap.h"


void start_kernel(const struct start_info *si);

static uint32_t frames_above_4g(const struct start_info *si)
{
	uint32_t pfn, n = 0;

	for (pfn = 0; pfn < si->nr_pages; pfn++)
		if (mfn_to_maddr(pfn_to_mfn(pfn)) >> 32)
			n++;
	return n;
}

/* Prints one capture page as (VA) (PA) (MA), the way Mini-OS does. */
static void print_page(const char *what, uint32_t pfn)
{
	printk("  %-10s %08x (VA) %08x (PA) %012llx (MA)\n", what,
	       CAPTURE_KERNEL_BASE + pfn_to_paddr(pfn), pfn_to_paddr(pfn),
	       (unsigned long long)mfn_to_maddr(pfn_to_mfn(pfn)));
}

static void report_start_of_day(const struct start_info *si)
{
	const struct m2p *m2p = capture_m2p();

	printk("p2mdump capture kernel " P2MDUMP_VERSION "\n");
	printk("  running on the CPU with APIC ID %u\n", machine_apic_id());
	printk("  nr_pages %u (%u KiB): image %u, p2m %u, m2p %u, pool %u, "
	       "page tables %u\n", si->nr_pages, si->nr_pages * 4,
	       si->image_pages, si->p2m_pages, si->m2p_pages, si->pool_pages,
	       si->pt_pages + 3);
	printk("  frames above 4 GiB: %u\n", frames_above_4g(si));
	printk("  machine-contiguous runs: %u, machine-adjacent pairs: %u\n",
	       p2m_count_runs(__va(pfn_to_paddr(si->p2m_pfn)), si->nr_pages),
	       m2p_count_adjacent(m2p));
	print_page("start info", si->start_info_pfn);
	print_page("p2m", si->p2m_pfn);
	print_page("gdt", paddr_to_pfn(__pa(&gdt_page)));
	print_page("handoff", si->handoff_pfn);
	printk("  cr0 %08x cr3 %08x cr4 %08x, GDT page read-only: %s\n",
	       read_cr0(), read_cr3(), read_cr4(), gdt_sealed() ? "yes" : "no");
	printk("  cmdline \"%s\"\n", si->cmdline);
}

/* lzo_bench=N, zlib_bench=N: time LZO1X-1, zlib on N pages (opt-in). */
static void maybe_bench(const struct start_info *si)
{
	uint32_t pages;

	if (cmdline_u32("lzo_bench", &pages) == 0 && pages)
		compress_bench(si, COMPRESS_LZO1X_1, pages);
	if (cmdline_u32("zlib_bench", &pages) == 0 && pages)
		compress_bench(si, COMPRESS_ZLIB, pages);
}

void start_kernel(const struct start_info *si)
{
	int failed;

	gdt_init();			/* our GDT: the IDT's gates name it */
	trap_init();			/* exceptions reported from here on */
	timer_init();			/* TSC rate, time zero */
	p2m_init(si);			/* p2m checked, m2p built */
	map_window_init(si);		/* window PTs hooked into the PD */
	gdt_seal();			/* GDT page read-only from now on */
	pool_init(si);			/* free pages for rings and buffers */
	cmdline_init(si->cmdline);
	report_start_of_day(si);
	failed = selftests_run(si);
	printk("mmu: %llu PTE writes, %llu batches, %llu TLB flushes\n",
	       mmu_stats.pte_writes, mmu_stats.batches, mmu_stats.tlb_flushes);
	if (failed) {
		printk("p2mdump: %d self-tests failed\n", failed);
		machine_exit(EXIT_SELFTEST);
	}
	printk("P2MDUMP-BOOT-OK\n");
	maybe_bench(si);		/* only with lzo_bench=, zlib_bench= */
	helpers_start(si);		/* only with helpers=: up and parked */
	if (!(si->flags & SIF_NO_ELFCOREHDR))
		dump_run(si);
	machine_exit(EXIT_OK);
}
