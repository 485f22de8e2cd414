// SPDX-License-Identifier: GPL-2.0
/* __pte / pte_val over the loader's p2m.  See pgtable.h. */
#include "pgtable.h"
#include "lib/bug.h"
#include "lib/printk.h"
#include <p2mdump/exit_codes.h>
#include "machine.h"

static const uint64_t *p2m;		/* the loader's array, in our pages */
static uint32_t nr_pages;
static struct m2p m2p;
static const uint64_t *pdpt;

/* The PDPT is outside the checksum (see start_info.h): check each entry. */
static int pdpt_problem(const struct start_info *si)
{
	uint32_t ident = pae_pdpt_index((uint32_t)si->handoff_maddr);
	uint32_t slot;

	for (slot = 0; slot < PDPT_ENTRIES; slot++) {
		uint64_t want = 0;

		if (slot == pae_pdpt_index(CAPTURE_KERNEL_BASE))
			want = mfn_to_maddr(pfn_to_mfn(si->pd_pfn)) | PAE_P;
		else if (slot == ident)
			want = mfn_to_maddr(pfn_to_mfn(si->ident_pd_pfn)) | PAE_P;
		/* The A bit is reserved, but some CPUs (QEMU TCG) set it. */
		if ((pdpt[slot] & ~PAE_A) != want)
			return 1;
	}
	return 0;
}

void p2m_init(const struct start_info *si)
{
	enum p2m_err err;
	uint32_t bad;

	p2m = __va(pfn_to_paddr(si->p2m_pfn));
	nr_pages = si->nr_pages;
	pdpt = __va(pfn_to_paddr(si->handoff_pfn) + si->pdpt_offset);
	err = m2p_build(&m2p, __va(pfn_to_paddr(si->m2p_pfn)), p2m, nr_pages,
			si->max_mfn, si->phys_bits, &bad);
	if (err != P2M_OK) {
		printk("p2mdump: bad p2m at pfn %u: %s\n", bad,
		       p2m_strerror(err));
		machine_exit(EXIT_BAD_START_INFO);
	}
	if (pdpt_problem(si)) {
		printk("p2mdump: PDPT does not match the p2m\n");
		machine_exit(EXIT_BAD_START_INFO);
	}
}

uint32_t nr_capture_pages(void)
{
	return nr_pages;
}

const struct m2p *capture_m2p(void)
{
	return &m2p;
}

uint64_t pfn_to_mfn(uint32_t pfn)
{
	BUG_ON(pfn >= nr_pages);
	return p2m[pfn];
}

uint32_t mfn_to_pfn(uint64_t mfn)
{
	return m2p_lookup(&m2p, mfn);
}

uint64_t virt_to_maddr(const void *vaddr)
{
	uint32_t paddr = __pa(vaddr);

	return mfn_to_maddr(pfn_to_mfn(paddr_to_pfn(paddr))) | offset_in_page(paddr);
}

pte_t __pte(uint64_t pseudo)
{
	pte_t pte = { pseudo };

	if (pseudo & PAE_P) {
		uint32_t pfn = paddr_to_pfn((uint32_t)(pseudo & PAE_ADDR_MASK));

		pte.pte = mfn_to_maddr(pfn_to_mfn(pfn)) |
			  (pseudo & ~PAE_ADDR_MASK);
	}
	return pte;
}

uint64_t pte_val(pte_t pte)
{
	uint64_t flags = pte.pte & ~PAE_ADDR_MASK;
	uint32_t pfn;

	if (!(pte.pte & PAE_P))
		return pte.pte;
	pfn = mfn_to_pfn(pte_mfn(pte));
	if (pfn == PFN_INVALID)
		return flags & ~PAE_P;	/* foreign: no pseudo-physical name */
	return pfn_to_paddr(pfn) | flags;
}

pte_t mfn_pte(uint64_t mfn, uint64_t flags)
{
	pte_t pte = { mfn_to_maddr(mfn) | (flags & ~PAE_ADDR_MASK) };

	return pte;
}

uint64_t pte_mfn(pte_t pte)
{
	return maddr_to_mfn(pte.pte & PAE_ADDR_MASK);
}

/* Follows one table level: a present entry names one of our own pages. */
static uint64_t *next_table(uint64_t entry)
{
	pte_t pte = { entry };
	uint64_t pseudo = pte_val(pte);

	if (!(pseudo & PAE_P) || (pseudo & PAE_PS))
		return (uint64_t *)0;
	return __va((uint32_t)(pseudo & PAE_ADDR_MASK));
}

pte_t *lookup_pte(uint32_t vaddr)
{
	uint64_t *pd, *pt;

	pd = next_table(pdpt[pae_pdpt_index(vaddr)]);
	if (!pd)
		return (pte_t *)0;
	pt = next_table(pd[pae_pd_index(vaddr)]);
	if (!pt)
		return (pte_t *)0;
	return (pte_t *)&pt[pae_pt_index(vaddr)];
}
