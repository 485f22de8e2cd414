// SPDX-License-Identifier: GPL-2.0
/* Scatter lists over the p2m.  See dma.h. */
#include "dma.h"
#include "arch/i386/pgtable.h"

int sg_add_maddr(struct sg_list *sg, uint64_t maddr, uint32_t len)
{
	struct sg_entry *last = sg->n ? &sg->e[sg->n - 1] : (struct sg_entry *)0;

	if (last && last->maddr + last->len == maddr &&
	    last->len + len <= sg->max_len) {
		last->len += len;
		return 0;
	}
	if (sg->n == sg->max)
		return -1;
	sg->e[sg->n].maddr = maddr;
	sg->e[sg->n].len = len;
	sg->n++;
	return 0;
}

int sg_add_buffer(struct sg_list *sg, const void *vaddr, uint32_t len)
{
	uint32_t paddr = __pa(vaddr);

	while (len) {
		uint32_t in_page = PAGE_SIZE - offset_in_page(paddr);
		uint32_t chunk = len < in_page ? len : in_page;
		uint64_t maddr = virt_to_maddr(__va(paddr));

		if (sg_add_maddr(sg, maddr, chunk) < 0)
			return -1;
		paddr += chunk;
		len -= chunk;
	}
	return 0;
}
