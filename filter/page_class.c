// SPDX-License-Identifier: GPL-2.0
/* Classifying one struct page by makedumpfile's rules.  See page_class.h. */
#include "page_class.h"

#define ORDER_LIMIT	64	/* makedumpfile: order >= bits per long is invalid */

/* The little-endian value of @n bytes at @p. */
static uint64_t le(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* OFFSET(@key) if a @width-byte field there fits in @size, else PL_NONE. */
static uint32_t field(const struct vmcoreinfo *vi, const char *key,
		      uint32_t width, uint32_t size)
{
	uint64_t v;

	if (vmcoreinfo_number(vi, key, &v) || v > size || size - v < width)
		return PL_NONE;
	return (uint32_t)v;
}

/* 1 << NUMBER(@key) for a bit number 0..63, else 0. */
static uint64_t bit(const struct vmcoreinfo *vi, const char *key)
{
	uint64_t v;

	return vmcoreinfo_number(vi, key, &v) || v > 63 ? 0 : 1ull << v;
}

/* NUMBER(@key) as a 32-bit signed value in *@v; 1 if it is one. */
static uint32_t number32(const struct vmcoreinfo *vi, const char *key,
			 int32_t *v)
{
	uint64_t u;

	if (vmcoreinfo_number(vi, key, &u) ||
	    (int64_t)u != (int64_t)(int32_t)(uint32_t)u)
		return 0;
	*v = (int32_t)(uint32_t)u;
	return 1;
}

/* Which rules have every entry they need. */
static uint32_t pick_rules(const struct page_layout *pl, uint32_t have_buddy,
			   uint32_t have_offline)
{
	uint32_t r = 0;

	if (pl->head != PL_NONE)
		r |= PL_RULE_TAIL;
	if (pl->pg_head && pl->order != PL_NONE)
		r |= PL_RULE_ORDER;
	if (have_buddy && pl->mapcount != PL_NONE && pl->private != PL_NONE &&
	    pl->pg_slab && pl->max_order)
		r |= PL_RULE_FREE;
	if (pl->mapping != PL_NONE && pl->pg_private &&
	    (pl->pg_lru || (pl->pg_swapcache && pl->pg_swapbacked)))
		r |= PL_RULE_CACHE;
	if (pl->mapping != PL_NONE && pl->pg_slab)
		r |= PL_RULE_ANON;
	if (pl->pg_head && pl->dtor != PL_NONE && pl->hugetlb_dtor != PL_NONE)
		r |= PL_RULE_HUGETLB;
	if (pl->pg_hwpoison)
		r |= PL_RULE_HWPOISON;
	if (have_offline && pl->mapcount != PL_NONE && pl->pg_slab)
		r |= PL_RULE_OFFLINE;
	return r;
}

const char *page_layout_init(struct page_layout *pl,
			     const struct vmcoreinfo *vi)
{
	uint64_t v;
	uint32_t have_buddy, have_offline;

	*pl = (struct page_layout){ 0 };
	if (vmcoreinfo_number(vi, "SIZE(page)", &v) || v < 8 || v > PL_MAX_SIZE)
		return "SIZE(page)";
	pl->size = (uint32_t)v;
	pl->flags = field(vi, "OFFSET(page.flags)", 8, pl->size);
	if (pl->flags == PL_NONE)
		return "OFFSET(page.flags)";
	pl->mapping = field(vi, "OFFSET(page.mapping)", 8, pl->size);
	pl->mapcount = field(vi, "OFFSET(page._mapcount)", 4, pl->size);
	pl->private = field(vi, "OFFSET(page.private)", 8, pl->size);
	pl->head = field(vi, "OFFSET(page.compound_head)", 8, pl->size);
	pl->order = field(vi, "OFFSET(page.compound_order)", 1, pl->size);
	pl->dtor = field(vi, "OFFSET(page.compound_dtor)", 1, pl->size);
	pl->pg_lru = bit(vi, "NUMBER(PG_lru)");
	pl->pg_private = bit(vi, "NUMBER(PG_private)");
	pl->pg_swapcache = bit(vi, "NUMBER(PG_swapcache)");
	pl->pg_swapbacked = bit(vi, "NUMBER(PG_swapbacked)");
	pl->pg_slab = bit(vi, "NUMBER(PG_slab)");
	pl->pg_hwpoison = bit(vi, "NUMBER(PG_hwpoison)");
	if (!vmcoreinfo_number(vi, "NUMBER(PG_head_mask)", &v) && v &&
	    !(v & (v - 1)))
		pl->pg_head = v;		/* exactly one bit */
	have_buddy = number32(vi, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", &pl->buddy);
	have_offline = number32(vi, "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)",
				&pl->offline);
	pl->hugetlb_dtor = PL_NONE;
	if (!vmcoreinfo_number(vi, "NUMBER(HUGETLB_PAGE_DTOR)", &v) && v < 256)
		pl->hugetlb_dtor = (uint32_t)v;
	if (!vmcoreinfo_number(vi, "LENGTH(zone.free_area)", &v) &&
	    v && v < ORDER_LIMIT)
		pl->max_order = (uint32_t)v;
	pl->rules = pick_rules(pl, have_buddy, have_offline);
	return NULL;
}

int page_tail_of(const struct page_layout *pl, const uint8_t *page,
		 uint64_t *head_va)
{
	uint64_t h;

	if (!(pl->rules & PL_RULE_TAIL))
		return 0;
	h = le(page + pl->head, 8);
	if (!(h & 1))
		return 0;
	*head_va = h - 1;
	return 1;
}

int page_is_head(const struct page_layout *pl, const uint8_t *page)
{
	return pl->pg_head && (le(page + pl->flags, 8) & pl->pg_head) &&
	       (pl->rules & (PL_RULE_ORDER | PL_RULE_HUGETLB));
}

/* The frames a compound head at @mfn covers (1 if not a valid head). */
static uint64_t compound_nr(const struct page_layout *pl, uint64_t mfn,
			    const uint8_t *tail)
{
	uint32_t order;

	if (!tail || !(pl->rules & PL_RULE_ORDER))
		return 1;
	order = tail[pl->order];
	if (order >= ORDER_LIMIT || (mfn & ((1ull << order) - 1)))
		return 1;
	return 1ull << order;
}

/* The free rule: a buddy block's first page; *@nr its frames. */
static int is_free(const struct page_layout *pl, uint64_t flags,
		   int32_t mapcount, const uint8_t *page, uint64_t mfn,
		   uint64_t *nr)
{
	uint64_t order;

	if (!(pl->rules & PL_RULE_FREE) || (flags & pl->pg_slab) ||
	    mapcount != pl->buddy)
		return 0;
	order = le(page + pl->private, 8);
	if (order >= pl->max_order || (mfn & ((1ull << order) - 1)))
		return 0;		/* impossible: keep */
	*nr = 1ull << order;
	return 1;
}

/* The cache rules: PAGE_CACHE, PAGE_CACHE_PRIVATE or PAGE_KEEP. */
static enum page_class cache_class(const struct page_layout *pl,
				   unsigned int level, uint64_t flags,
				   int anon)
{
	int cache = (flags & pl->pg_lru) ||
		    ((flags & pl->pg_swapbacked) && (flags & pl->pg_swapcache));
	int priv = (flags & pl->pg_private) != 0;

	if (!(pl->rules & PL_RULE_CACHE) || !cache || anon)
		return PAGE_KEEP;
	if ((level & DL_EXCLUDE_CACHE) && !priv)
		return PAGE_CACHE;
	if (level & DL_EXCLUDE_CACHE_PRI)
		return priv ? PAGE_CACHE_PRIVATE : PAGE_CACHE;
	return PAGE_KEEP;
}

/* The user rule: anonymous and not slab, or a hugetlb head. */
static int is_user(const struct page_layout *pl, uint64_t flags, int anon,
		   const uint8_t *tail)
{
	if ((pl->rules & PL_RULE_ANON) && anon && !(flags & pl->pg_slab))
		return 1;
	return (pl->rules & PL_RULE_HUGETLB) && tail &&
	       tail[pl->dtor] == pl->hugetlb_dtor;
}

enum page_class page_classify(const struct page_layout *pl,
			      unsigned int level, uint64_t mfn,
			      const uint8_t *page, const uint8_t *tail,
			      uint64_t *nr)
{
	uint64_t flags = le(page + pl->flags, 8), head_va;
	int32_t mapcount = 0;
	int anon = 0;
	enum page_class c;

	*nr = 1;
	if (page_tail_of(pl, page, &head_va))
		return PAGE_KEEP;
	if (pl->mapcount != PL_NONE)
		mapcount = (int32_t)(uint32_t)le(page + pl->mapcount, 4);
	if ((level & DL_EXCLUDE_FREE) && is_free(pl, flags, mapcount, page, mfn, nr))
		return PAGE_FREE;
	if (pl->mapping != PL_NONE)
		anon = le(page + pl->mapping, 8) & 1;
	c = cache_class(pl, level, flags, anon);
	if (c == PAGE_KEEP && (level & DL_EXCLUDE_USER) &&
	    is_user(pl, flags, anon, tail))
		c = PAGE_USER;
	if (c == PAGE_KEEP && (pl->rules & PL_RULE_HWPOISON) &&
	    (flags & pl->pg_hwpoison))
		c = PAGE_HWPOISON;
	if (c == PAGE_KEEP && (pl->rules & PL_RULE_OFFLINE) &&
	    !(flags & pl->pg_slab) && mapcount == pl->offline)
		c = PAGE_OFFLINE;
	if (c != PAGE_KEEP)
		*nr = compound_nr(pl, mfn, tail);
	return c;
}

const char *page_class_name(enum page_class c)
{
	static const char *const names[PAGE_NR_CLASSES] = {
		[PAGE_KEEP] = "kept",
		[PAGE_FREE] = "free",
		[PAGE_CACHE] = "cache",
		[PAGE_CACHE_PRIVATE] = "private cache",
		[PAGE_USER] = "user",
		[PAGE_HWPOISON] = "hwpoison",
		[PAGE_OFFLINE] = "offline",
	};

	return (unsigned int)c < PAGE_NR_CLASSES ? names[c] : "?";
}
