// SPDX-License-Identifier: GPL-2.0
/* Page filtering, window by window.  See filter.h. */
#include "filter.h"
#include "p2m/p2m.h"

#define HEAD_MAX_ORDER	20	/* a tail further than 2^20 frames from its head is bad */

const char *filter_init(struct filter *f, const struct vmcoreinfo *vi,
			struct ram_range *ram, uint32_t nr_ram,
			oldmem_read_fn read, void *ctx, unsigned int level)
{
	const char *why;
	uint64_t v;

	__builtin_memset(f, 0, sizeof(*f));
	f->level = level & DL_MAX;
	ram_map_init(&f->ram, ram, nr_ram);
	if (!vi)
		return f->off = "no VMCOREINFO";
	if (vmcoreinfo_number(vi, "PAGESIZE", &v) || v != PAGE_SIZE)
		return f->off = "PAGESIZE";
	why = pgt_init_vmcoreinfo(&f->pt, vi, &f->ram, read, ctx);
	if (!why)
		why = mem_sections_init(&f->ms, vi);
	if (!why)
		why = page_layout_init(&f->pl, vi);
	if (!why && f->pl.size != f->ms.page_size)
		why = "SIZE(page)";
	return f->off = why;
}

void filter_stats_reset(struct filter *f)
{
	__builtin_memset(&f->st, 0, sizeof(f->st));
	__builtin_memset(&f->pt.stats, 0, sizeof(f->pt.stats));
}

uint64_t filter_bad_entries(const struct filter *f)
{
	return pgt_errors(&f->pt.stats);
}

/* True if frame @mfn overlaps RAM (the last range hit is tried first). */
static int is_ram(struct filter *f, uint64_t mfn)
{
	const struct ram_range *r = &f->ram.r[f->ram_hint];
	uint64_t start = mfn_to_maddr(mfn);
	uint32_t i;

	if (f->ram_hint < f->ram.nr && start < r->end && r->start < start + PAGE_SIZE)
		return 1;
	for (i = 0; i < f->ram.nr; i++) {
		r = &f->ram.r[i];
		if (start < r->end && r->start < start + PAGE_SIZE) {
			f->ram_hint = i;
			return 1;
		}
	}
	return 0;
}

/* The cache slot holding the page of struct pages at @va, filled if need be. */
static struct filter_vpage *vpage(struct filter *f, uint64_t va)
{
	struct filter_vpage *p;
	uint32_t i;

	for (i = 0; i < 2; i++)
		if (f->vp[i].state && f->vp[i].va == va)
			return &f->vp[i];
	p = &f->vp[f->vp_next];
	f->vp_next ^= 1;
	p->va = va;
	p->state = pgt_read(&f->pt, va, p->data, PAGE_SIZE) ? 2 : 1;
	return p;
}

/* Copies @len bytes of struct pages at @va; 0, or -1 if unreadable. */
static int read_vmem(struct filter *f, uint64_t va, uint8_t *dst, uint32_t len)
{
	struct filter_vpage *p;
	uint32_t off, n;

	while (len) {
		off = offset_in_page(va);
		n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		p = vpage(f, va - off);
		if (p->state != 1)
			return -1;
		__builtin_memcpy(dst, p->data + off, n);
		dst += n;
		va += n;
		len -= n;
	}
	return 0;
}

/* Classifies the non-tail struct page @page of @mfn at @va (reads its first tail). */
static enum page_class classify_at(struct filter *f, uint64_t mfn,
				   uint64_t va, const uint8_t *page,
				   unsigned int level, uint64_t *nr)
{
	uint8_t tail[PL_MAX_SIZE];
	const uint8_t *t = NULL;
	uint64_t head_va;

	/* The first tail must point back at this head, or its order is noise. */
	if (page_is_head(&f->pl, page) &&
	    !read_vmem(f, va + f->pl.size, tail, f->pl.size) &&
	    page_tail_of(&f->pl, tail, &head_va) && head_va == va)
		t = tail;
	return page_classify(&f->pl, level, mfn, page, t, nr);
}

/*
 * The frame of the head at @head_va that the tail page @va of @mfn names:
 * 0 and *@head_mfn, or -1 if the tail cannot belong to it.
 */
static int head_mfn_of(struct filter *f, uint64_t mfn, uint64_t va,
		       uint64_t head_va, uint64_t *head_mfn)
{
	uint64_t dist = va - head_va;
	uint32_t back;

	if (head_va >= va || dist >= (uint64_t)f->pl.size << HEAD_MAX_ORDER ||
	    (uint32_t)dist % f->pl.size)
		return -1;
	back = (uint32_t)dist / f->pl.size;
	if (back > mfn)
		return -1;
	*head_mfn = mfn - back;
	return 0;
}

/*
 * Fills f->head for the head at @head_va of frame @head_mfn.  What it finds
 * depends on those two alone, never on the tail that asked, so a cached
 * answer is the same for every tail (and every window) that reaches it.
 */
static void resolve_head(struct filter *f, uint64_t head_mfn,
			 uint64_t head_va)
{
	struct filter_head *h = &f->head;
	uint8_t page[PL_MAX_SIZE];
	uint64_t hva, x;

	*h = (struct filter_head){ .va = head_va, .mfn = head_mfn,
				   .cls = PAGE_KEEP, .valid = 1 };
	if (!is_ram(f, head_mfn) ||
	    ms_page_vaddr(&f->ms, &f->pt, head_mfn, &hva) ||
	    hva != head_va || read_vmem(f, head_va, page, f->pl.size) ||
	    page_tail_of(&f->pl, page, &x) || !page_is_head(&f->pl, page))
		return;
	h->cls = classify_at(f, head_mfn, head_va, page, f->level, &h->nr);
}

/* A tail page: its head's class if the head's decision covers @mfn. */
static enum page_class by_head(struct filter *f, uint64_t mfn, uint64_t va,
			       uint64_t head_va, uint64_t *n)
{
	struct filter_head *h = &f->head;
	uint64_t head_mfn;

	if (head_mfn_of(f, mfn, va, head_va, &head_mfn))
		return PAGE_KEEP;
	if (!h->valid || h->va != head_va || h->mfn != head_mfn)
		resolve_head(f, head_mfn, head_va);
	if (h->cls == PAGE_KEEP || mfn < h->mfn || mfn - h->mfn >= h->nr)
		return PAGE_KEEP;
	*n = h->nr - (mfn - h->mfn);
	return h->cls;
}

/*
 * How many of the @n frames from @mfn (a compound's head or tail) a
 * decision for the compound at @head_va covers: up to the first frame
 * whose struct page is not its tail.  That frame is then decided by its
 * own struct page, as it is when a window starts there, so a corrupt
 * memmap cannot make the result depend on where windows begin.
 */
static uint64_t tails_upto(struct filter *f, uint64_t mfn, uint64_t n,
			   uint64_t head_va)
{
	uint8_t page[PL_MAX_SIZE];
	uint64_t i, va, hva;

	for (i = 1; i < n; i++)
		if (ms_page_vaddr(&f->ms, &f->pt, mfn + i, &va) ||
		    read_vmem(f, va, page, f->pl.size) ||
		    !page_tail_of(&f->pl, page, &hva) || hva != head_va)
			break;
	return i;
}

/* Decides RAM frame @mfn; *@n: frames from @mfn the decision covers. */
static enum page_class decide(struct filter *f, uint64_t mfn, uint64_t *n)
{
	uint8_t page[PL_MAX_SIZE];
	uint64_t va, head_va;
	enum page_class cls;

	*n = 1;
	switch (ms_page_vaddr(&f->ms, &f->pt, mfn, &va)) {
	case MS_OK:
		break;
	case MS_HOLE:
		f->st.no_memmap++;
		return PAGE_KEEP;
	default:
		f->st.bad_section++;
		return PAGE_KEEP;
	}
	if (read_vmem(f, va, page, f->pl.size)) {
		f->st.unreadable++;
		return PAGE_KEEP;
	}
	if (page_tail_of(&f->pl, page, &head_va)) {
		cls = by_head(f, mfn, va, head_va, n);
	} else {
		cls = classify_at(f, mfn, va, page, f->level, n);
		if (!page_is_head(&f->pl, page))
			return cls;	/* a free block: no tails to check */
		head_va = va;
	}
	if (*n > 1)
		*n = tails_upto(f, mfn, *n, head_va);
	return cls;
}

/*
 * The end of a free block that begins before @start and covers it (its
 * first frame is @start rounded down to the block's order), or @start.
 */
static uint64_t free_before(struct filter *f, uint64_t start)
{
	uint8_t page[PL_MAX_SIZE];
	uint64_t best = start, a, va, nr, head_va;
	uint32_t o;

	if (!(f->level & DL_EXCLUDE_FREE) || !(f->pl.rules & PL_RULE_FREE))
		return start;
	for (o = 1; o < f->pl.max_order; o++) {
		a = start & ~((1ull << o) - 1);
		if (a == start || !is_ram(f, a) ||
		    ms_page_vaddr(&f->ms, &f->pt, a, &va) ||
		    read_vmem(f, va, page, f->pl.size) ||
		    page_tail_of(&f->pl, page, &head_va))
			continue;
		if (page_classify(&f->pl, DL_EXCLUDE_FREE, a, page, NULL, &nr) ==
		    PAGE_FREE && a + nr > best)
			best = a + nr;
	}
	return best;
}

/* Applies @cls to the RAM frames in [@mfn, @mfn + @n) of the window at @start. */
static uint64_t apply(struct filter *f, uint64_t start, uint64_t mfn,
		      uint64_t n, enum page_class cls, uint8_t *bitmap)
{
	uint64_t set = 0, i;

	for (; n; n--, mfn++) {
		if (!is_ram(f, mfn))
			continue;
		f->st.ram++;
		if (cls != PAGE_KEEP) {
			f->st.excluded[cls]++;
			continue;
		}
		i = mfn - start;
		bitmap[i >> 3] |= (uint8_t)(1u << (i & 7));
		f->st.kept++;
		set++;
	}
	return set;
}

uint64_t filter_window(struct filter *f, uint64_t start, uint32_t nr,
		       uint8_t *bitmap)
{
	uint64_t end = start + nr, mfn = start, set = 0, n, first;
	enum page_class cls;

	__builtin_memset(bitmap, 0, (nr + 7) / 8);
	if (end < start)
		return 0;
	if (!f->off) {
		first = free_before(f, start);
		n = (first < end ? first : end) - start;
		set += apply(f, start, mfn, n, PAGE_FREE, bitmap);
		mfn += n;
	}
	while (mfn < end) {
		if (!is_ram(f, mfn)) {
			mfn++;
			continue;
		}
		n = 1;
		cls = f->off ? PAGE_KEEP : decide(f, mfn, &n);
		if (n > end - mfn)
			n = end - mfn;
		set += apply(f, start, mfn, n, cls, bitmap);
		mfn += n;
	}
	return set;
}
