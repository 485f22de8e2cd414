// SPDX-License-Identifier: GPL-2.0
/*
 * The loader core's frame source in Linux: one page at a time from the
 * buddy allocator (no contiguous block, no reservation).  The handoff page
 * must be identity-mappable by the capture kernel (below 3 GiB), so it
 * comes from ZONE_DMA32, retried past frames at or above 3 GiB.
 *
 * scatter=1 (tests and development): the buddy allocator often hands out
 * ascending neighbours, which leaves the p2m close to an offset.  With it
 * the pages of a build are taken up front, sorted, and handed out
 * interleaved (lowest, middle, second lowest, middle + 1, ...), so that no
 * pfn's frame is next to its predecessor's (docs/linux.md).
 *
 * Every page the module takes from or gives back to the page allocator
 * goes through page_take() / page_give(), which count them for status:
 * when nothing is armed the two counts are equal, or a page leaked.
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sort.h>
#include "p2mdump.h"

#define IDENT_TRIES		64

static bool scatter;
module_param(scatter, bool, 0444);
MODULE_PARM_DESC(scatter, "test: no two adjacent capture pages in adjacent frames");

static atomic64_t pages_taken = ATOMIC64_INIT(0);
static atomic64_t pages_returned = ATOMIC64_INIT(0);

struct page *page_take(gfp_t gfp)
{
	struct page *page = alloc_page(gfp);

	if (page)
		atomic64_inc(&pages_taken);
	return page;
}

void page_give(struct page *page)
{
	atomic64_inc(&pages_returned);
	__free_page(page);
}

void pages_counted(u64 *taken, u64 *returned)
{
	*returned = atomic64_read(&pages_returned);	/* first: never above */
	*taken = atomic64_read(&pages_taken);
}

/* scatter=1: the frames of one build, in the order they are handed out. */
struct scatter_pool {
	uint64_t *mfns;
	uint32_t nr, next;
};

static uint64_t alloc_ident(void)
{
	struct page *reject[IDENT_TRIES];
	uint64_t mfn = MFN_INVALID;
	unsigned int n = 0;

	while (n < IDENT_TRIES) {
		struct page *page = page_take(GFP_KERNEL | GFP_DMA32 |
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
		page_give(reject[--n]);
	return mfn;
}

static uint64_t frame_alloc(void *ctx, unsigned int flags)
{
	struct scatter_pool *pool = ctx;
	struct page *page;

	if (flags & FRAME_IDENT)
		return alloc_ident();
	if (pool)
		return pool->next < pool->nr ? pool->mfns[pool->next++] :
		       MFN_INVALID;
	page = page_take(GFP_KERNEL | __GFP_NOWARN);
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

static int cmp_mfn(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Takes @n pages into @pool in the interleaved order; 0 or -ENOMEM. */
static int pool_fill(struct scatter_pool *pool, uint32_t n)
{
	uint64_t *taken = kvmalloc_array(n, sizeof(*taken), GFP_KERNEL);
	int err = -ENOMEM;

	pool->mfns = kvmalloc_array(n, sizeof(*pool->mfns), GFP_KERNEL);
	if (!taken || !pool->mfns)
		goto out;
	for (pool->nr = 0; pool->nr < n; pool->nr++) {
		struct page *page = page_take(GFP_KERNEL | __GFP_NOWARN);

		if (!page) {
			frames_give_back(taken, pool->nr);
			pool->nr = 0;
			goto out;
		}
		taken[pool->nr] = page_to_pfn(page);
	}
	sort(taken, n, sizeof(*taken), cmp_mfn, NULL);
	p2m_interleave(taken, pool->mfns, n);
	err = 0;
out:
	kvfree(taken);
	return err;
}

int frames_source_begin(struct frame_source *src, uint32_t nr_pages)
{
	struct scatter_pool *pool;
	int err;

	frames_source(src);
	if (!scatter || nr_pages < 2)
		return 0;
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;
	err = pool_fill(pool, nr_pages - 1);	/* all but the handoff page */
	if (err) {
		kvfree(pool->mfns);
		kfree(pool);
		return err;
	}
	src->ctx = pool;
	return 0;
}

void frames_source_end(struct frame_source *src)
{
	struct scatter_pool *pool = src->ctx;

	if (!pool)
		return;
	frames_give_back(pool->mfns + pool->next, pool->nr - pool->next);
	kvfree(pool->mfns);
	kfree(pool);
	src->ctx = NULL;
}

void frames_give_back(const uint64_t *p2m, uint32_t n)
{
	while (n)
		page_give(pfn_to_page(p2m[--n]));
}
