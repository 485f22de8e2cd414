/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page: 4 KiB wherever p2mdump looks (x86 base pages: the capture
 * kernel's frames, the crashed system's frames, the dump formats).  The one
 * definition of its size and of the helpers that take an address apart.
 * Inside the Linux module the kernel's own PAGE_SHIFT, PAGE_SIZE and
 * offset_in_page() stand in, checked to agree.
 */
#ifndef P2MDUMP_PAGE_H
#define P2MDUMP_PAGE_H

#ifdef __KERNEL__
#include <asm/page.h>
#else
#define PAGE_SHIFT	12
#ifdef __ASSEMBLY__			/* assembler and linker scripts */
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#else
#define PAGE_SIZE	(1u << PAGE_SHIFT)
#endif
#endif

#ifndef __ASSEMBLY__
#include <p2mdump/types.h>

_Static_assert(PAGE_SHIFT == 12, "p2mdump formats assume 4 KiB pages");

#ifndef __KERNEL__
/* The byte offset of @addr within its page. */
#define offset_in_page(addr)	((uint32_t)((addr) & (PAGE_SIZE - 1)))
#endif

/* @x rounded down, and up, to a multiple of the page size (up: @x at
 * most 2^64 - PAGE_SIZE). */
static inline uint64_t page_round_down(uint64_t x)
{
	return x & ~(uint64_t)(PAGE_SIZE - 1);
}

static inline uint64_t page_round_up(uint64_t x)
{
	return page_round_down(x + PAGE_SIZE - 1);
}

/* The number of pages that hold @bytes. */
static inline uint64_t pages_for(uint64_t bytes)
{
	return (bytes >> PAGE_SHIFT) + ((bytes & (PAGE_SIZE - 1)) != 0);
}
#endif /* __ASSEMBLY__ */

#endif
