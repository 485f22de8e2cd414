// SPDX-License-Identifier: GPL-2.0
/*
 * The loader core's frame source in Linux: one page at a time from the
 * buddy allocator (no contiguous block, no reservation).  The handoff page
 * must be identity-mappable by the capture kernel (below 3 GiB), so it
 * comes from ZONE_DMA32, retried past frames at or above 3 GiB.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include "p2mdump.h"

#define IDENT_TRIES		64

static uint64_t alloc_ident(void)
{
	struct page *reject[IDENT_TRIES];
	uint64_t mfn = MFN_INVALID;
	unsigned int n = 0;

	while (n < IDENT_TRIES) {
		struct page *page = alloc_page(GFP_KERNEL | GFP_DMA32 |
					       __GFP_NOWARN);

		if (!page)
			break;
		if (page_to_pfn(page) < HANDOFF_MFN_LIMIT) {
			mfn = page_to_pfn(page);
			break;
		}
		reject[n++] = page;	/* keep it, or we get it again */
	}
	while (n)
		__free_page(reject[--n]);
	return mfn;
}

static uint64_t frame_alloc(void *ctx, unsigned int flags)
{
	struct page *page;

	if (flags & FRAME_IDENT)
		return alloc_ident();
	page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	return page ? page_to_pfn(page) : MFN_INVALID;
}

static void *frame_map(void *ctx, uint64_t mfn)
{
	return pfn_to_kaddr(mfn);	/* every RAM frame is in the direct map */
}

void frames_source(struct frame_source *src)
{
	src->ctx = NULL;
	src->alloc = frame_alloc;
	src->map = frame_map;
}

void frames_give_back(const uint64_t *p2m, uint32_t n)
{
	while (n)
		__free_page(pfn_to_page(p2m[--n]));
}
