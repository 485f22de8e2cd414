// SPDX-License-Identifier: GPL-2.0
/* SPARSEMEM sections: the struct page of a frame.  See mem_section.h. */
#include "mem_section.h"
#include <p2mdump/page.h>

#define KERNEL_HALF	(1ull << 63)	/* kernel vaddrs have the top bit set */

/* A value of VMCOREINFO @key in [lo, hi], or -1. */
static int number_in(const struct vmcoreinfo *vi, const char *key,
		     uint64_t lo, uint64_t hi, uint64_t *v)
{
	return vmcoreinfo_number(vi, key, v) || *v < lo || *v > hi ? -1 : 0;
}

/* EXTREME or flat, from LENGTH(mem_section); 0, or -1 if neither. */
static int pick_model(struct mem_sections *ms)
{
	uint64_t per_root = PAGE_SIZE / ms->sec_size;
	uint64_t roots = (ms->nr_sections + per_root - 1) / per_root;

	if (ms->nr_roots == roots) {
		ms->extreme = 1;
		ms->per_root = (uint32_t)per_root;
		return 0;
	}
	if (ms->nr_roots == ms->nr_sections) {
		ms->extreme = 0;
		ms->per_root = 1;
		return 0;
	}
	return -1;
}

const char *mem_sections_init(struct mem_sections *ms,
			      const struct vmcoreinfo *vi)
{
	uint64_t v, bits, phys_bits;

	*ms = (struct mem_sections){ 0 };
	if (number_in(vi, "SYMBOL(mem_section)", KERNEL_HALF, ~0ull, &ms->array))
		return "SYMBOL(mem_section)";
	if (number_in(vi, "SIZE(page)", 8, 1024, &v))
		return "SIZE(page)";
	ms->page_size = (uint32_t)v;
	if (number_in(vi, "SIZE(mem_section)", 8, PAGE_SIZE, &v))
		return "SIZE(mem_section)";
	ms->sec_size = (uint32_t)v;
	if (number_in(vi, "OFFSET(mem_section.section_mem_map)", 0,
		      ms->sec_size - 8, &v))
		return "OFFSET(mem_section.section_mem_map)";
	ms->map_off = (uint32_t)v;
	if (number_in(vi, "NUMBER(MAX_PHYSMEM_BITS)", 32, 52, &phys_bits))
		return "NUMBER(MAX_PHYSMEM_BITS)";
	if (number_in(vi, "NUMBER(SECTION_SIZE_BITS)", PAGE_SHIFT + 1,
		      phys_bits, &bits) || phys_bits - bits > 32)
		return "NUMBER(SECTION_SIZE_BITS)";
	ms->mfn_shift = (uint32_t)bits - PAGE_SHIFT;
	ms->nr_sections = 1ull << (phys_bits - bits);
	if (number_in(vi, "LENGTH(mem_section)", 1, ms->nr_sections,
		      &ms->nr_roots) || pick_model(ms))
		return "LENGTH(mem_section)";
	return NULL;
}

/* The vaddr of section @nr's struct mem_section; MS_OK, MS_HOLE or MS_BAD. */
static enum ms_result section_vaddr(struct mem_sections *ms,
				   struct x86_pgtable *pt, uint64_t nr,
				   uint64_t *va)
{
	uint64_t root;
	uint32_t root_nr;

	if (nr >= ms->nr_sections)
		return MS_HOLE;
	if (!ms->extreme) {
		*va = ms->array + nr * ms->sec_size;
		return MS_OK;
	}
	/* nr < nr_sections <= 2^32: a 32-bit division. */
	root_nr = (uint32_t)nr / ms->per_root;
	if (root_nr >= ms->nr_roots)
		return MS_HOLE;
	if (pgt_read(pt, ms->array + (uint64_t)root_nr * 8, &root, sizeof(root)))
		return MS_BAD;
	if (!root)
		return MS_HOLE;
	if (!(root & KERNEL_HALF))
		return MS_BAD;
	*va = root + ((uint32_t)nr - root_nr * ms->per_root) *
	      (uint64_t)ms->sec_size;
	return MS_OK;
}

/* Reads and decodes section @nr into the cache. */
static void load_section(struct mem_sections *ms, struct x86_pgtable *pt,
			 uint64_t nr)
{
	uint64_t va, map;

	ms->lookups++;
	ms->last_nr = nr;
	ms->last_valid = 1;
	ms->last_res = section_vaddr(ms, pt, nr, &va);
	if (ms->last_res)
		return;
	if (pgt_read(pt, va + ms->map_off, &map, sizeof(map))) {
		ms->last_res = MS_BAD;
		return;
	}
	if (!(map & MS_PRESENT)) {
		ms->last_res = MS_HOLE;
		return;
	}
	ms->last_map = map & MS_MAP_MASK;
	if (!(ms->last_map & KERNEL_HALF))
		ms->last_res = MS_BAD;
}

enum ms_result ms_page_vaddr(struct mem_sections *ms, struct x86_pgtable *pt,
			     uint64_t mfn, uint64_t *page_va)
{
	uint64_t nr = ms_section_nr(ms, mfn), va;

	if (!ms->last_valid || ms->last_nr != nr)
		load_section(ms, pt, nr);
	if (ms->last_res)
		return ms->last_res;
	va = ms->last_map + mfn * ms->page_size;
	if (va < ms->last_map)
		return MS_BAD;
	*page_va = va;
	return MS_OK;
}
