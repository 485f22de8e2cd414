/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pseudo-physical layer of the capture kernel's page tables.
 *
 *   pseudo-physical PTE  (paddr | flags)       what the kernel reasons in
 *          |  __pte(): pfn -> mfn via the p2m
 *          v
 *   machine PTE          (maddr | flags)       what the hardware walks
 *          |  pte_val(): mfn -> pfn via the m2p
 *          v
 *   pseudo-physical PTE again, or "not present" for a foreign frame
 *
 * __pte() and pte_val() are the only places a frame number is translated.
 * A frame that is not the capture kernel's own (the crashed system's
 * memory, device MMIO) is mapped only through mfn_pte(), explicitly.
 */
#ifndef ARCH_I386_PGTABLE_H
#define ARCH_I386_PGTABLE_H

#include <stdint.h>
#include <p2mdump/start_info.h>
#include <p2mdump/pae.h>
#include "p2m/p2m.h"

typedef struct {
	uint64_t pte;		/* machine format, as the hardware reads it */
} pte_t;

/* The kernel's own memory: vaddr = CAPTURE_KERNEL_BASE + paddr. */
static inline void *__va(uint32_t paddr)
{
	return (void *)(uintptr_t)(CAPTURE_KERNEL_BASE + paddr);
}

static inline uint32_t __pa(const void *vaddr)
{
	return (uint32_t)(uintptr_t)vaddr - CAPTURE_KERNEL_BASE;
}

/* The machine address behind one of our own vaddrs (for DMA). */
uint64_t virt_to_maddr(const void *vaddr);

/* Validates the loader's p2m and builds the m2p; ends the run if bad. */
void p2m_init(const struct start_info *si);

uint32_t nr_capture_pages(void);
uint64_t pfn_to_mfn(uint32_t pfn);
uint32_t mfn_to_pfn(uint64_t mfn);	/* PFN_INVALID: not ours */
const struct m2p *capture_m2p(void);

pte_t __pte(uint64_t pseudo);		/* paddr | flags -> machine PTE */
uint64_t pte_val(pte_t pte);		/* machine PTE -> paddr | flags */
pte_t mfn_pte(uint64_t mfn, uint64_t flags);	/* foreign frame */
uint64_t pte_mfn(pte_t pte);

/* The PTE slot that maps @vaddr in the live tables, or NULL. */
pte_t *lookup_pte(uint32_t vaddr);

#endif
