/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translating a crashed x86_64 kernel's virtual address to a machine
 * address by walking the crashed kernel's own page tables, read from
 * oldmem through a callback.  Nothing in oldmem is trusted:
 *
 *   vaddr ──► canonical for 4 or 5 levels?          no ─► PGT_NONCANONICAL
 *   root  ──► [PML5] ─► PML4 ─► PDPT ─► PD ─► PT ─► 4 KiB frame
 *                                 │      └──► 2 MiB frame (PS)
 *                                 └──► 1 GiB frame (PS)
 *   each entry, NUMBER(sme_mask) taken off first:
 *     present bit clear                             ─► PGT_NOT_PRESENT
 *     address bits at or above phys_bits, PS in a
 *     PML5/PML4 entry, a large frame not aligned    ─► PGT_RESERVED
 *     next table or final 4 KiB frame not in RAM    ─► PGT_OUTSIDE_RAM
 *     next table is one this walk already used      ─► PGT_LOOP
 *     the read callback fails                       ─► PGT_READ
 *
 * A walk never faults and never takes more than 5 reads; a bad entry
 * means "cannot translate" and is counted.  The last leaf and the table
 * that held it are cached: consecutive struct pages in the vmemmap (2 MiB
 * pages) cost one walk per 2 MiB and one entry read per further 2 MiB.
 */
#ifndef FILTER_X86_PGTABLE_H
#define FILTER_X86_PGTABLE_H

#include <p2mdump/types.h>
#include "elfcore/notes.h"	/* oldmem_read_fn */
#include "elfcore/vmcoreinfo.h"
#include "ram.h"

#define PGT_START_KERNEL_MAP	0xffffffff80000000ull	/* __START_KERNEL_map */

enum pgt_err {
	PGT_OK = 0,
	PGT_NONCANONICAL,
	PGT_NOT_PRESENT,
	PGT_RESERVED,
	PGT_OUTSIDE_RAM,
	PGT_LOOP,
	PGT_READ,
	PGT_NR_ERR
};

struct pgt_stats {
	uint64_t walks;			/* table walks started */
	uint64_t leaf_hits;		/* answered from the cached leaf */
	uint64_t err[PGT_NR_ERR];	/* failed translations, by reason */
};

struct x86_pgtable {
	oldmem_read_fn read;
	void *ctx;
	const struct ram_map *ram;
	uint64_t root;			/* maddr of the PML5 or PML4 */
	uint64_t sme_mask;		/* cleared from every entry */
	uint64_t frame_mask;		/* address bits 12 .. phys_bits - 1 */
	uint32_t levels;		/* 4 or 5 */
	/* The last leaf: vaddr [leaf_va, leaf_va + leaf_size) -> leaf_ma. */
	uint64_t leaf_va, leaf_size, leaf_ma;
	/* The table that held it: level tbl_level, covering vaddrs from tbl_va. */
	uint64_t tbl_va, tbl_ma;
	uint32_t tbl_level;		/* 0: no cached table */
	struct pgt_stats stats;
};

/*
 * Sets up a walk from the table at @root (@levels 4 or 5; @phys_bits
 * 36..52).  @ram must outlive @pt.  Returns 0, or -1 for a bad argument.
 */
int pgt_init(struct x86_pgtable *pt, uint64_t root, uint32_t levels,
	     uint64_t sme_mask, uint32_t phys_bits, const struct ram_map *ram,
	     oldmem_read_fn read, void *ctx);

/*
 * The same from VMCOREINFO: root = SYMBOL(init_top_pgt) -
 * __START_KERNEL_map + NUMBER(phys_base), NUMBER(pgtable_l5_enabled),
 * NUMBER(sme_mask) (absent: 0), NUMBER(MAX_PHYSMEM_BITS) (absent: 52).
 * Returns NULL, or the key that is missing or impossible.
 */
const char *pgt_init_vmcoreinfo(struct x86_pgtable *pt,
				const struct vmcoreinfo *vi,
				const struct ram_map *ram,
				oldmem_read_fn read, void *ctx);

/* Translates @vaddr; PGT_OK and *@maddr, or why not (also counted). */
enum pgt_err pgt_translate(struct x86_pgtable *pt, uint64_t vaddr,
			   uint64_t *maddr);

/* Reads @len bytes at @vaddr, page by page; PGT_OK or the first error. */
enum pgt_err pgt_read(struct x86_pgtable *pt, uint64_t vaddr, void *dst,
		      uint32_t len);

/* Forgets the cached leaf and table. */
void pgt_flush(struct x86_pgtable *pt);

/* A short name for @err ("not present", ...). */
const char *pgt_strerror(enum pgt_err err);

/* The number of failed translations in @s, whatever the reason. */
uint64_t pgt_errors(const struct pgt_stats *s);

#endif
