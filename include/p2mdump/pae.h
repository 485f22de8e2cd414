/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PAE paging as the hardware defines it (Intel SDM vol. 3, 4.4).  Shared by
 * the loader core, which builds the capture kernel's first tables, by the
 * capture kernel and by the tests that walk what the loader built.
 */
#ifndef P2MDUMP_PAE_H
#define P2MDUMP_PAE_H

#include <p2mdump/types.h>

#define PAE_P		0x001ull	/* present */
#define PAE_RW		0x002ull
#define PAE_US		0x004ull
#define PAE_PWT		0x008ull
#define PAE_PCD		0x010ull
#define PAE_A		0x020ull	/* preset: the CPU never writes it */
#define PAE_D		0x040ull
#define PAE_PS		0x080ull	/* PDE: 2 MiB page */
#define PAE_NX		(1ull << 63)

/* A PDPTE may only have P, PWT and PCD: anything else is reserved. */
#define PDPTE_ALLOWED	(PAE_P | PAE_PWT | PAE_PCD)

#define PAE_ADDR_MASK	0x000ffffffffff000ull	/* bits 51:12 */
#define PAE_MAX_PHYS_BITS 52

#define PAE_ENTRIES	512
#define PDPT_ENTRIES	4

#define PAE_SLOT_SHIFT	30		/* one PDPT entry maps 1 GiB */

static inline unsigned int pae_pdpt_index(uint32_t vaddr) { return vaddr >> PAE_SLOT_SHIFT; }
static inline unsigned int pae_pd_index(uint32_t vaddr) { return (vaddr >> 21) & 511; }
static inline unsigned int pae_pt_index(uint32_t vaddr) { return (vaddr >> 12) & 511; }
/* The first vaddr of the 1 GiB PDPT slot that holds @vaddr. */
static inline uint32_t pae_slot_base(uint32_t vaddr) { return vaddr & ~((1u << PAE_SLOT_SHIFT) - 1); }

/* The flags every kernel PDE/PTE the loader writes carries. */
#define PAE_KERNEL_PDE	(PAE_P | PAE_RW | PAE_A)
#define PAE_KERNEL_PTE	(PAE_P | PAE_RW | PAE_A | PAE_D)

#endif
