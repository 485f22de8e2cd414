// SPDX-License-Identifier: GPL-2.0
/* The transition page table.  See transition.h. */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/special_insns.h>
#include "p2mdump.h"

#define ENTRY_TABLE	(_PAGE_PRESENT | _PAGE_RW)
#define ENTRY_2M	(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)
#define KERNEL_HALF	256

static u64 *new_table(struct transition *t)
{
	struct page *page = page_take(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	t->pages[t->nr_pages++] = page;
	return page_address(page);
}

int transition_build(struct transition *t)
{
	u64 *upper, *pud, *pd;
	unsigned int gib, i;

	t->nr_pages = 0;
	t->levels = pgtable_l5_enabled() ? 5 : 4;
	t->top = new_table(t);
	upper = t->top;
	if (upper && t->levels == 5) {		/* PML5[0] -> P4D */
		u64 *p4d = new_table(t);

		if (!p4d)
			goto nomem;
		upper[0] = __pa(p4d) | ENTRY_TABLE;
		upper = p4d;
	}
	pud = upper ? new_table(t) : NULL;
	if (!pud)
		goto nomem;
	upper[0] = __pa(pud) | ENTRY_TABLE;
	for (gib = 0; gib < 4; gib++) {
		pd = new_table(t);
		if (!pd)
			goto nomem;
		pud[gib] = __pa(pd) | ENTRY_TABLE;
		for (i = 0; i < 512; i++)
			pd[i] = (((u64)gib << 30) + ((u64)i << 21)) | ENTRY_2M;
	}
	return 0;
nomem:
	transition_free(t);
	return -ENOMEM;
}

void transition_free(struct transition *t)
{
	while (t->nr_pages)
		page_give(t->pages[--t->nr_pages]);
	t->top = NULL;
}

void transition_copy_kernel_half(struct transition *t)
{
	const u64 *live = __va(__native_read_cr3() & CR3_ADDR_MASK);
	unsigned int i;

	for (i = KERNEL_HALF; i < 512; i++)
		t->top[i] = live[i];
}

u64 transition_cr3(const struct transition *t)
{
	return __pa(t->top);
}
