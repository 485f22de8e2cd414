/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed system's pages into a kdump writer: bitmap 1 from the
 * PT_LOADs, bitmap 2 from the caller's filter (or equal to bitmap 1), and
 * every dumpable page in pfn order, zero pages as the shared zero page,
 * the rest compressed when that makes them smaller.  Pages that RAM
 * covers only in part are read for the part it covers and zero-filled,
 * as makedumpfile does.  Memory is reached through the source's map hook
 * only, a run of RAM frames at a time.
 */
#ifndef KDUMP_PAGES_H
#define KDUMP_PAGES_H

#include "bitmap.h"
#include "writer.h"

struct kdump_jobs;

#define KDUMP_MAP_RUN	256		/* pages per map call, at most */

struct kdump_source {
	void *ctx;
	/* Maps frames [mfn, mfn + nr), all RAM, nr <= KDUMP_MAP_RUN. */
	const uint8_t *(*map)(void *ctx, uint64_t mfn, uint32_t nr);
	/* Nonzero for a frame to write as zeros (the capture kernel's own). */
	int (*blank)(void *ctx, uint64_t mfn);
	/* Compresses a page: its compressed bytes (*@size of them, fewer
	 * than a page), or NULL to store it raw.  NULL hook: all raw. */
	const uint8_t *(*compress)(void *cctx, const uint8_t *page,
				   uint32_t *size);
	void *cctx;			/* compress()'s context on the boot CPU
					 * (a helper CPU passes its own) */
	uint32_t compression;		/* page_desc flag compress() makes */
	/* Bitmap 2 block @i from bitmap 1 block @ram; NULL: a copy of it. */
	void (*filter)(void *ctx, uint64_t i, const uint8_t *ram,
		       uint8_t *block);
	/* Called after each mapped run with the pages done; may be NULL. */
	void (*progress)(void *ctx, uint64_t pages_done);
	/* Helper CPUs classify and compress (kdump/jobs.h); NULL: this CPU. */
	struct kdump_jobs *jobs;
};

/* What a dumpable page goes into the file as. */
enum kdump_page_kind {
	KDUMP_PAGE_HOLE,		/* RAM covers none of it: the zero page */
	KDUMP_PAGE_ZERO,		/* all zero bytes: the zero page */
	KDUMP_PAGE_BLANK,		/* our own frame: the zero page */
	KDUMP_PAGE_COMPRESSED,
	KDUMP_PAGE_RAW,
};

struct kdump_counts {
	uint64_t ram, dumpable;		/* bits in bitmap 1, bitmap 2 */
	uint64_t zero, blank, compressed, raw;
	uint64_t bytes_in, bytes_out;	/* of the compressed pages */
};

/*
 * Classifies the page of frame @mfn, mapped at @mapped, with compress()
 * given @cctx: for KDUMP_PAGE_COMPRESSED, *@size bytes at *@out (the
 * compressor's buffer); for KDUMP_PAGE_RAW the page at *@out (@mapped, or
 * @copy, a page, when RAM covers only part of it).  Any CPU may call it
 * with its own @cctx and @copy: it writes nothing else.
 */
enum kdump_page_kind kdump_classify(const struct core_desc *d,
				    const struct kdump_source *src, void *cctx,
				    uint64_t mfn, const uint8_t *mapped,
				    uint8_t *copy, const uint8_t **out,
				    uint32_t *size);

/* Puts a classified page into @w and counts it in @c. */
enum kdump_result kdump_put_classified(struct kdump_writer *w,
				       const struct kdump_source *src,
				       enum kdump_page_kind kind,
				       const uint8_t *out, uint32_t size,
				       struct kdump_counts *c);

/* Both on the CPU that feeds @w: frame @mfn classified, then put. */
enum kdump_result kdump_put_frame(struct kdump_writer *w,
				  const struct core_desc *d,
				  const struct kdump_source *src, void *cctx,
				  uint64_t mfn, const uint8_t *mapped,
				  uint8_t *copy, struct kdump_counts *c);

/* Scratch the two passes need: bitmap 1, bitmap 2, a page. */
#define KDUMP_PAGES_SCRATCH_BLOCKS	3

/* Pass 1: counts both bitmaps' bits into c->ram and c->dumpable. */
void kdump_count(const struct core_desc *d, struct kdump_source *src,
		 uint8_t *scratch, struct kdump_counts *c);

/*
 * Pass 2: writes bitmap 1, then each bitmap 2 block and its pages, into
 * @w (begun with nr_dumpable = c->dumpable).  The caller finishes @w.
 */
enum kdump_result kdump_write_pages(struct kdump_writer *w,
				    const struct core_desc *d,
				    struct kdump_source *src,
				    uint8_t *scratch, struct kdump_counts *c);

#endif
