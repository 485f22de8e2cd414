/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page filtering: which of the crashed system's frames a dump at a given
 * makedumpfile dump level (-d) keeps, from VMCOREINFO and oldmem alone.
 *
 *   filter_init()    VMCOREINFO + RAM ranges + read callback + dump level
 *   filter_window()  one window of frames -> its dumpable bits
 *
 * The capture kernel calls filter_window() window by window, twice (count,
 * then write), as makedumpfile's cyclic mode does; memory stays
 * sizeof(struct filter) whatever the RAM size (no per-frame or
 * per-section tables: the struct pages are read through a two-page
 * cache, sections and page-table leaves are cached one at a time).
 *
 * Frame numbers here are the crashed kernel's pfns, machine frames for
 * us: mfn.  What a window decides does not depend on the windows before
 * it: a free block or compound page that begins before the window is
 * found from the window's own frames (a tail page's head; a free block's
 * first page is at the window start rounded down to its order).
 *
 * A RAM frame is one with any byte inside a PT_LOAD range.  makedumpfile
 * rounds a range's partial last page away (bitmap 1: [start >> 12,
 * end >> 12)), so where a range ends inside a page (0x9fc00 on a PC) we
 * keep one frame it does not have: the writer's bitmap 1 must include it.
 *
 * For the console: filter_bad_entries(f), f->pt.stats and f->st, e.g.
 * "filter: 1 bad page-table entries (1 frame outside RAM), 0 pages in bad
 * sections, 64 unreadable struct pages: those pages kept".
 *
 * Safe by default: a frame is dropped only when its struct page was read
 * through a clean page-table walk and a rule whose VMCOREINFO entries are
 * all present says so.  Anything else (no VMCOREINFO entry, a section
 * that does not decode, a bad page-table entry, a read error) keeps it,
 * and is counted.
 */
#ifndef FILTER_FILTER_H
#define FILTER_FILTER_H

#include <p2mdump/types.h>
#include <p2mdump/page.h>
#include "elfcore/notes.h"
#include "elfcore/vmcoreinfo.h"
#include "ram.h"
#include "x86_pgtable.h"
#include "mem_section.h"
#include "page_class.h"

struct filter_stats {
	uint64_t ram;				/* RAM frames seen */
	uint64_t kept;				/* of them dumpable */
	uint64_t excluded[PAGE_NR_CLASSES];	/* by class ([PAGE_KEEP] 0) */
	uint64_t no_memmap;	/* kept: section absent or not present */
	uint64_t bad_section;	/* kept: section unreadable or undecodable */
	uint64_t unreadable;	/* kept: struct page behind a bad walk */
};

/* One page of struct pages, by the vaddr of its first byte. */
struct filter_vpage {
	uint64_t va;
	uint32_t state;			/* 0 empty, 1 valid, 2 unreadable */
	uint32_t pad;
	uint8_t data[PAGE_SIZE];
};

/* The last compound head a tail page led to. */
struct filter_head {
	uint64_t va, mfn, nr;		/* nr: frames it decides */
	enum page_class cls;
	uint32_t valid;
};

struct filter {
	unsigned int level;		/* DL_* bits */
	const char *off;		/* NULL, or why nothing is filtered */
	struct ram_map ram;
	struct x86_pgtable pt;
	struct mem_sections ms;
	struct page_layout pl;
	struct filter_vpage vp[2];
	uint32_t vp_next;		/* slot to fill next */
	uint32_t ram_hint;		/* range of the last RAM hit */
	struct filter_head head;
	struct filter_stats st;
};

/*
 * Sets @f up.  Returns NULL when filtering is on, else the reason it is
 * off (a missing or impossible VMCOREINFO key): @f is usable either way,
 * and when off, keeps every RAM frame.  @ram is kept, compacted in place
 * (ram_map_init()): it, @read and @ctx must outlive @f.  @level: DL_*
 * bits (0..31).
 */
const char *filter_init(struct filter *f, const struct vmcoreinfo *vi,
			struct ram_range *ram, uint32_t nr_ram,
			oldmem_read_fn read, void *ctx, unsigned int level);

/*
 * Decides frames [@start, @start + @nr): bit i of @bitmap (LSB first:
 * bitmap[i >> 3] & (1 << (i & 7))) is set if frame start + i is RAM and
 * dumpable; the (nr + 7) / 8 bytes are all written.  Returns the number
 * of bits set.  Statistics add up over calls (filter_stats_reset()).
 */
uint64_t filter_window(struct filter *f, uint64_t start, uint32_t nr,
		       uint8_t *bitmap);

/* Zeroes the statistics (page-table ones too), e.g. between passes. */
void filter_stats_reset(struct filter *f);

/* Bad page-table entries met so far (every reason). */
uint64_t filter_bad_entries(const struct filter *f);

#endif
