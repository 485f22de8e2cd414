// SPDX-License-Identifier: GPL-2.0
/* A bump allocator: the capture kernel never frees. */
#include "pool.h"
#include "lib/bug.h"
#include "lib/printk.h"
#include "arch/i386/pgtable.h"

static uint32_t next_pfn, end_pfn;

void pool_init(const struct start_info *si)
{
	next_pfn = si->pool_pfn;
	end_pfn = si->pool_pfn + si->pool_pages;
}

void *pool_alloc(uint32_t n)
{
	void *vaddr = __va(pfn_to_paddr(next_pfn));

	if (n > end_pfn - next_pfn)
		panic("page pool dry: %u pages wanted, %u left", n,
		      end_pfn - next_pfn);
	next_pfn += n;
	return vaddr;		/* the loader zeroed the pool */
}

uint32_t pool_free_pages(void)
{
	return end_pfn - next_pfn;
}
