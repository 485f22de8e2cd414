/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a frame's struct page is: SPARSEMEM(_EXTREME) as VMCOREINFO
 * describes it, read through the crashed kernel's page tables.
 *
 *   SYMBOL(mem_section) ─► roots[LENGTH(mem_section)]    (EXTREME: pointers,
 *                            │                             0 = no sections)
 *                            ▼
 *          struct mem_section[per_root], SIZE(mem_section) bytes each,
 *          per_root = 4096 / SIZE(mem_section) (1 without EXTREME: the
 *          sections themselves are the array)
 *                            │ OFFSET(mem_section.section_mem_map)
 *                            ▼
 *          section_mem_map: bit 0 = present; & ~0x1f = coded map
 *          struct page of mfn = coded map + mfn * SIZE(page)
 *
 * section nr = mfn >> (SECTION_SIZE_BITS - 12).  EXTREME is recognised as
 * makedumpfile 1.7.2 does: LENGTH(mem_section) equals the number of roots,
 * 2^(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS) / per_root; LENGTH equal to the
 * number of sections means the flat array.  SYMBOL(mem_section) is taken
 * as the array itself (what VMCOREINFO holds since Linux 4.15); the
 * "pointer to the array" fallback makedumpfile has for vmlinux symbols is
 * not needed.  The mask 0x1f (SECTION_MAP_LAST_BIT = 1 << 5) is
 * makedumpfile's since Linux 4.13.
 *
 * Memory: the last root and the last section looked up, nothing per RAM.
 */
#ifndef FILTER_MEM_SECTION_H
#define FILTER_MEM_SECTION_H

#include <p2mdump/types.h>
#include "elfcore/vmcoreinfo.h"
#include "x86_pgtable.h"

#define MS_MAP_MASK	(~0x1full)	/* ~(SECTION_MAP_LAST_BIT - 1) */
#define MS_PRESENT	1ull		/* SECTION_MARKED_PRESENT */

enum ms_result {
	MS_OK = 0,
	MS_HOLE,		/* no root, or section not present */
	MS_BAD,			/* unreadable, or a map that is no kernel address */
};

struct mem_sections {
	uint64_t array;			/* SYMBOL(mem_section) */
	uint64_t nr_roots;		/* LENGTH(mem_section) */
	uint64_t nr_sections;		/* 2^(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS) */
	uint32_t extreme;		/* roots are pointers */
	uint32_t per_root;		/* sections per root */
	uint32_t sec_size;		/* SIZE(mem_section) */
	uint32_t map_off;		/* OFFSET(mem_section.section_mem_map) */
	uint32_t mfn_shift;		/* SECTION_SIZE_BITS - PAGE_SHIFT */
	uint32_t page_size;		/* SIZE(page) */
	/* The last section looked up. */
	uint64_t last_nr;
	uint64_t last_map;		/* coded map, present bit cleared */
	enum ms_result last_res;
	uint32_t last_valid;
	uint64_t lookups;		/* sections read (not from the cache) */
};

/* From VMCOREINFO; NULL, or the key that is missing or impossible. */
const char *mem_sections_init(struct mem_sections *ms,
			      const struct vmcoreinfo *vi);

/* The section that holds @mfn. */
static inline uint64_t ms_section_nr(const struct mem_sections *ms,
				     uint64_t mfn)
{
	return mfn >> ms->mfn_shift;
}

/*
 * The vaddr of @mfn's struct page in *@page_va.  Reads root and section
 * through @pt (cached: consecutive frames cost nothing).
 */
enum ms_result ms_page_vaddr(struct mem_sections *ms, struct x86_pgtable *pt,
			     uint64_t mfn, uint64_t *page_va);

#endif
