/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one struct page says about its frame, by makedumpfile's rules
 * (1.7.2, with the 6.2 fix that slab pages are never anonymous), every
 * rule keyed on VMCOREINFO entries and never on a kernel version.  First
 * match wins:
 *
 *   rule        fires when                                  excludes   needs
 *   tail        compound_head & 1: decided by its head      -          OFFSET(page.compound_head)
 *   free  (16)  _mapcount == PAGE_BUDDY_MAPCOUNT_VALUE,     2^private  OFFSET(page._mapcount, .private),
 *               not PG_slab, private < LENGTH(zone.free_area),         NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE,
 *               frame aligned to 2^private                             PG_slab), LENGTH(zone.free_area)
 *   cache  (2)  cache page, not PG_private, not anonymous   2^order    OFFSET(page.mapping), NUMBER(PG_private)
 *   private(4)  cache page, not anonymous                   2^order    and PG_lru or PG_swapcache+PG_swapbacked
 *   user   (8)  anonymous (mapping & 1, not PG_slab), or    2^order    OFFSET(page.mapping), NUMBER(PG_slab);
 *               a compound head whose dtor is hugetlb's                OFFSET(page.compound_dtor),
 *                                                                      NUMBER(HUGETLB_PAGE_DTOR)
 *   hwpoison    PG_hwpoison (any dump level)                2^order    NUMBER(PG_hwpoison)
 *   offline     _mapcount == PAGE_OFFLINE_MAPCOUNT_VALUE,   2^order    NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE,
 *               not PG_slab (any dump level)                           PG_slab), OFFSET(page._mapcount)
 *   else keep
 *
 * "cache page": PG_lru, or PG_swapcache with PG_swapbacked.  "order": a
 * compound head's (PG_head_mask) order, read from its first tail page at
 * OFFSET(page.compound_order) like its dtor at OFFSET(page.compound_dtor),
 * one byte each (since Linux 4.16; the low byte of the older 16-bit field
 * on little-endian); an order of 64 or more, or a head not aligned to it,
 * counts as 0, as in makedumpfile.  _mapcount is compared as a 32-bit
 * signed value, exactly, as makedumpfile 1.7.2 does for 6.1 (page types
 * moved to the top byte only in 6.12).
 *
 * A rule whose entries are missing, or hold an impossible value (a bit
 * number of 64 or more, a field past SIZE(page)), never fires: the page
 * is kept.  Pure logic on bytes already read; no memory access.
 */
#ifndef FILTER_PAGE_CLASS_H
#define FILTER_PAGE_CLASS_H

#include <p2mdump/types.h>
#include "elfcore/vmcoreinfo.h"

/* makedumpfile's dump level (-d) bits. */
#define DL_EXCLUDE_ZERO		1	/* found while writing: not here */
#define DL_EXCLUDE_CACHE	2
#define DL_EXCLUDE_CACHE_PRI	4
#define DL_EXCLUDE_USER		8
#define DL_EXCLUDE_FREE		16
#define DL_MAX			31

enum page_class {
	PAGE_KEEP = 0,
	PAGE_FREE,
	PAGE_CACHE,
	PAGE_CACHE_PRIVATE,
	PAGE_USER,
	PAGE_HWPOISON,
	PAGE_OFFLINE,
	PAGE_NR_CLASSES
};

/* Rules that can fire (page_layout.rules). */
#define PL_RULE_TAIL		(1u << 0)
#define PL_RULE_FREE		(1u << 1)
#define PL_RULE_CACHE		(1u << 2)
#define PL_RULE_ANON		(1u << 3)
#define PL_RULE_HUGETLB		(1u << 4)
#define PL_RULE_HWPOISON	(1u << 5)
#define PL_RULE_OFFLINE		(1u << 6)
#define PL_RULE_ORDER		(1u << 7)	/* compound heads and their order */

#define PL_NONE			0xffffffffu	/* an offset or value not known */
#define PL_MAX_SIZE		256		/* largest SIZE(page) taken */

struct page_layout {
	uint32_t size;			/* SIZE(page) */
	uint32_t flags, mapping, mapcount, private, head;	/* offsets */
	uint32_t order, dtor;		/* offsets in the first tail page */
	uint64_t pg_lru, pg_private, pg_swapcache, pg_swapbacked;	/* masks, */
	uint64_t pg_slab, pg_hwpoison, pg_head;		/* 0 if unknown */
	int32_t buddy, offline;		/* _mapcount values */
	uint32_t hugetlb_dtor;		/* or PL_NONE */
	uint32_t max_order;		/* LENGTH(zone.free_area), 0 if unknown */
	uint32_t rules;			/* PL_RULE_* */
};

/*
 * Reads the layout from VMCOREINFO.  Returns NULL, or the key without
 * which no rule can fire (SIZE(page), OFFSET(page.flags)).  Other missing
 * keys only clear bits of pl->rules.
 */
const char *page_layout_init(struct page_layout *pl,
			     const struct vmcoreinfo *vi);

/* True if @page is a tail page; *@head_va is its head's struct page. */
int page_tail_of(const struct page_layout *pl, const uint8_t *page,
		 uint64_t *head_va);

/* True if @page is a compound head whose first tail page is worth reading. */
int page_is_head(const struct page_layout *pl, const uint8_t *page);

/*
 * Classifies the struct page @page of frame @mfn at dump level @level
 * (DL_* bits); @tail is its first tail page when page_is_head(), else
 * NULL.  Returns the class and in *@nr the frames the decision covers
 * from @mfn (2^order for a free block or a compound head, else 1).
 * Tail pages are the caller's (page_tail_of()): passed here, they are kept.
 */
enum page_class page_classify(const struct page_layout *pl,
			      unsigned int level, uint64_t mfn,
			      const uint8_t *page, const uint8_t *tail,
			      uint64_t *nr);

/* A short name for @c ("free", "cache", ...). */
const char *page_class_name(enum page_class c);

#endif
