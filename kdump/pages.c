// SPDX-License-Identifier: GPL-2.0
/* The crashed system's pages into the kdump writer.  See pages.h. */
#include "pages.h"
#include "jobs.h"
#include "lib/string.h"
#include "p2m/p2m.h"

#define BS	KDUMP_BLOCK_SIZE

/* Scratch blocks. */
enum { S_RAM, S_DUMP, S_PAGE };

/* Bitmap 1 block @i into s[S_RAM], bitmap 2 (never more) into s[S_DUMP]. */
static void bitmaps(const struct core_desc *d, struct kdump_source *src,
		    uint64_t i, uint8_t *s)
{
	uint8_t *ram = s + S_RAM * BS, *dump = s + S_DUMP * BS;
	uint32_t k;

	kdump_ram_bitmap(ram, i, d);
	if (!src->filter) {
		memcpy(dump, ram, BS);
		return;
	}
	src->filter(src->ctx, i, ram, dump);
	for (k = 0; k < BS; k++)
		dump[k] &= ram[k];
}

/* The number of bitmap blocks per bitmap. */
static uint64_t nr_blocks(const struct core_desc *d)
{
	return (kdump_max_mapnr(d) + KDUMP_BITMAP_PFNS - 1) / KDUMP_BITMAP_PFNS;
}

void kdump_count(const struct core_desc *d, struct kdump_source *src,
		 uint8_t *scratch, struct kdump_counts *c)
{
	uint64_t i, n = nr_blocks(d);

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++) {
		bitmaps(d, src, i, scratch);
		c->ram += bitmap_weight(scratch + S_RAM * BS);
		c->dumpable += bitmap_weight(scratch + S_DUMP * BS);
	}
}

/*
 * The page of frame @mfn, mapped at @mapped: itself if RAM covers all of
 * it, else a copy in @copy of the parts RAM covers, zeros elsewhere.
 */
static const uint8_t *whole_page(const struct core_desc *d, uint64_t mfn,
				 const uint8_t *mapped, uint8_t *copy)
{
	uint64_t start = mfn_to_maddr(mfn), end = start + BS, lo, hi;
	uint32_t k, covered = 0;

	for (k = 0; k < d->nr_loads; k++) {
		lo = d->loads[k].maddr;
		hi = lo + d->loads[k].size;
		if (lo <= start && hi >= end)
			return mapped;
	}
	memset(copy, 0, BS);
	for (k = 0; k < d->nr_loads; k++) {
		lo = d->loads[k].maddr > start ? d->loads[k].maddr : start;
		hi = d->loads[k].maddr + d->loads[k].size;
		hi = hi < end ? hi : end;
		if (lo < hi) {
			memcpy(copy + (lo - start), mapped + (lo - start), hi - lo);
			covered = 1;
		}
	}
	return covered ? copy : NULL;
}

/* True if the page is all zero bytes. */
static int is_zero(const uint8_t *page)
{
	const uint32_t *w = (const uint32_t *)page;
	uint32_t i, acc = 0;

	for (i = 0; i < BS / 4; i++)
		acc |= w[i];
	return acc == 0;
}

enum kdump_page_kind kdump_classify(const struct core_desc *d,
				    const struct kdump_source *src, void *cctx,
				    uint64_t mfn, const uint8_t *mapped,
				    uint8_t *copy, const uint8_t **out,
				    uint32_t *size)
{
	const uint8_t *page;
	uint32_t n = 0;

	if (src->blank && src->blank(src->ctx, mfn))
		return KDUMP_PAGE_BLANK;
	page = mapped ? whole_page(d, mfn, mapped, copy) : NULL;
	if (!page)
		return KDUMP_PAGE_HOLE;
	if (is_zero(page))
		return KDUMP_PAGE_ZERO;
	*out = src->compress ? src->compress(cctx, page, &n) : NULL;
	if (*out && n && n < BS) {
		*size = n;
		return KDUMP_PAGE_COMPRESSED;
	}
	*out = page;
	*size = BS;
	return KDUMP_PAGE_RAW;
}

enum kdump_result kdump_put_classified(struct kdump_writer *w,
				       const struct kdump_source *src,
				       enum kdump_page_kind kind,
				       const uint8_t *out, uint32_t size,
				       struct kdump_counts *c)
{
	switch (kind) {
	case KDUMP_PAGE_COMPRESSED:
		c->compressed++;
		c->bytes_in += BS;
		c->bytes_out += size;
		return kdump_put_page(w, out, size, src->compression);
	case KDUMP_PAGE_RAW:
		c->raw++;
		return kdump_put_page(w, out, BS, 0);
	case KDUMP_PAGE_ZERO:
		c->zero++;
		break;
	case KDUMP_PAGE_BLANK:
		c->blank++;
		break;
	case KDUMP_PAGE_HOLE:
		break;
	}
	return kdump_put_zero_page(w);
}

enum kdump_result kdump_put_frame(struct kdump_writer *w,
				  const struct core_desc *d,
				  const struct kdump_source *src, void *cctx,
				  uint64_t mfn, const uint8_t *mapped,
				  uint8_t *copy, struct kdump_counts *c)
{
	const uint8_t *out = NULL;
	uint32_t size = 0;
	enum kdump_page_kind kind;

	kind = kdump_classify(d, src, cctx, mfn, mapped, copy, &out, &size);
	return kdump_put_classified(w, src, kind, out, size, c);
}

/* The length of the run of set bits from @bit in @block, at most @max. */
static uint32_t run_length(const uint8_t *block, uint32_t bit, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && bit + n < KDUMP_BITMAP_PFNS && bitmap_test(block, bit + n))
		n++;
	return n;
}

/* Writes the dumpable pages of bitmap block @i (bitmaps in @s). */
static enum kdump_result block_pages(struct kdump_writer *w,
				     const struct core_desc *d,
				     struct kdump_source *src, uint64_t i,
				     uint8_t *s, struct kdump_counts *c)
{
	const uint8_t *ram = s + S_RAM * BS, *dump = s + S_DUMP * BS, *win;
	uint64_t first = i * KDUMP_BITMAP_PFNS, pfn;
	uint32_t bit = 0, run, k;
	enum kdump_result r = KDUMP_OK;

	while (bit < KDUMP_BITMAP_PFNS && r == KDUMP_OK) {
		if (!bitmap_test(dump, bit)) {
			bit++;
			continue;
		}
		/* Dumpable implies RAM: map the RAM run from here at once. */
		run = run_length(ram, bit, KDUMP_MAP_RUN);
		pfn = first + bit;
		win = run ? src->map(src->ctx, pfn, run) : NULL;

		for (k = 0; k < (run ? run : 1) && r == KDUMP_OK; k++, bit++)
			if (bitmap_test(dump, bit))
				r = kdump_put_frame(w, d, src, src->cctx, pfn + k,
						    win ? win + (uint64_t)k * BS : NULL,
						    s + S_PAGE * BS, c);
		if (src->progress)
			src->progress(src->ctx, w->nr_put);
	}
	return r;
}

/* Block @i's dumpable pages as jobs for the helper CPUs (jobs.h), its
 * bitmap 2 block put before them: the blocks' jobs follow each other
 * without a wait between them. */
static enum kdump_result block_jobs(struct kdump_writer *w,
				    struct kdump_source *src, uint64_t i,
				    const uint8_t *s, struct kdump_counts *c)
{
	const uint8_t *dump = s + S_DUMP * BS;
	uint64_t mfns[KDUMP_JOB_PAGES];
	uint32_t bit, n = 0;
	enum kdump_result r = KDUMP_OK;

	for (bit = 0; bit < KDUMP_BITMAP_PFNS && r == KDUMP_OK; bit++) {
		if (!bitmap_test(dump, bit))
			continue;
		mfns[n++] = i * KDUMP_BITMAP_PFNS + bit;
		if (n < KDUMP_JOB_PAGES)
			continue;
		r = kdump_jobs_submit(src->jobs, w, mfns, n, c);
		n = 0;
		if (src->progress)
			src->progress(src->ctx, w->nr_put);
	}
	if (n && r == KDUMP_OK)
		r = kdump_jobs_submit(src->jobs, w, mfns, n, c);
	return r;
}

enum kdump_result kdump_write_pages(struct kdump_writer *w,
				    const struct core_desc *d,
				    struct kdump_source *src,
				    uint8_t *scratch, struct kdump_counts *c)
{
	uint64_t i, n = nr_blocks(d);
	enum kdump_result r = KDUMP_OK;

	for (i = 0; i < n && r == KDUMP_OK; i++) {
		kdump_ram_bitmap(scratch + S_RAM * BS, i, d);
		r = kdump_put_bitmap(w, scratch + S_RAM * BS);
	}
	for (i = 0; i < n && r == KDUMP_OK; i++) {
		bitmaps(d, src, i, scratch);
		if (src->jobs) {
			r = kdump_jobs_bitmap(src->jobs, w, scratch + S_DUMP * BS, c);
			if (r == KDUMP_OK)
				r = block_jobs(w, src, i, scratch, c);
			continue;
		}
		r = kdump_put_bitmap2(w, scratch + S_DUMP * BS);
		if (r == KDUMP_OK)
			r = block_pages(w, d, src, i, scratch, c);
	}
	if (src->jobs && r == KDUMP_OK)
		r = kdump_jobs_drain(src->jobs, w, c);
	if (src->jobs && src->progress)
		src->progress(src->ctx, w->nr_put);
	return r;
}
