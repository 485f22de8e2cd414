/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debian 6.1's struct page layout and page flags as its VMCOREINFO gives
 * them (the shared reference, outside the tree): VMCOREINFO lines for the
 * filter's tests and fuzz target to splice into their own text.
 */
#ifndef TESTS_UNIT_PAGE_LAYOUT_61_H
#define TESTS_UNIT_PAGE_LAYOUT_61_H

#define PAGE_LAYOUT_61_VMCOREINFO			\
	"SIZE(page)=64\n"				\
	"OFFSET(page.flags)=0\n"			\
	"OFFSET(page._refcount)=52\n"			\
	"OFFSET(page.mapping)=24\n"			\
	"OFFSET(page.lru)=8\n"				\
	"OFFSET(page._mapcount)=48\n"			\
	"OFFSET(page.private)=40\n"			\
	"OFFSET(page.compound_dtor)=16\n"		\
	"OFFSET(page.compound_order)=17\n"		\
	"OFFSET(page.compound_head)=8\n"		\
	"LENGTH(zone.free_area)=11\n"			\
	"NUMBER(PG_lru)=4\n"				\
	"NUMBER(PG_private)=13\n"			\
	"NUMBER(PG_swapcache)=10\n"			\
	"NUMBER(PG_swapbacked)=19\n"			\
	"NUMBER(PG_slab)=9\n"				\
	"NUMBER(PG_hwpoison)=23\n"			\
	"NUMBER(PG_head_mask)=65536\n"			\
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"	\
	"NUMBER(HUGETLB_PAGE_DTOR)=2\n"			\
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\n"

#endif
