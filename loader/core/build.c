// SPDX-License-Identifier: GPL-2.0
/* The capture kernel's domain builder.  See build.h for the layout. */
#include "build.h"
#include "elf32.h"
#include "pool.h"
#include <p2mdump/pae.h>
#include "lib/csum.h"
#include "lib/extent_map.h"

#define FOUR_GIB_MFN	(1ull << (32 - PAGE_SHIFT))

/* Pages for @n extents (n <= EXTENT_MAP_MAX: the caller checked). */
static uint32_t extent_map_pages(uint32_t n)
{
	return pages_for(n * (uint32_t)sizeof(struct dump_extent));
}

/* Places every region after the image for a kernel of @nr pages. */
static uint32_t place_regions(struct start_info *si, uint32_t nr)
{
	uint32_t pfn = si->image_pages;

	si->start_info_pfn = pfn++;
	si->elfcorehdr_pfn = pfn;
	pfn += pages_for(si->elfcorehdr_size);
	si->extent_map_pfn = pfn;
	pfn += extent_map_pages(si->extent_map_count);
	si->p2m_pfn = pfn;
	si->p2m_pages = pages_for(nr * (uint32_t)sizeof(uint64_t));
	pfn += si->p2m_pages;
	si->m2p_pfn = pfn;
	si->m2p_pages = pages_for(nr * (uint32_t)sizeof(struct m2p_entry));
	pfn += si->m2p_pages;
	si->pool_pfn = pfn;
	pfn += si->pool_pages;
	si->pd_pfn = pfn++;
	si->pt_pfn = pfn;
	si->pt_pages = (nr + PAE_ENTRIES - 1) / PAE_ENTRIES;
	pfn += si->pt_pages;
	si->pdpt_offset = HANDOFF_PDPT_OFFSET;
	si->ident_pd_pfn = pfn++;
	si->ident_pt_pfn = pfn++;
	si->handoff_pfn = pfn++;
	return pfn;
}

/*
 * The tables' sizes depend on nr_pages, which counts the tables: grow the
 * guess until it is a fixed point (every size is monotonic in nr).
 */
static enum loader_err lay_out(struct start_info *si, uint32_t end_paddr,
			       uint32_t pool_pages)
{
	uint32_t nr, next, hdr_pages = pages_for(si->elfcorehdr_size);
	uint32_t map_pages;

	if (si->extent_map_count > EXTENT_MAP_MAX)
		return LOADER_ERR_EXTENT_MAP;
	map_pages = extent_map_pages(si->extent_map_count);
	si->image_pages = pages_for(end_paddr);
	si->pool_pages = pool_pages;
	if (pool_pages > CAPTURE_MAX_PAGES || hdr_pages > CAPTURE_MAX_PAGES ||
	    si->image_pages > CAPTURE_MAX_PAGES - pool_pages - hdr_pages -
			      map_pages)
		return LOADER_ERR_SEG_TOO_BIG;
	for (nr = si->image_pages + pool_pages + hdr_pages + map_pages;;
	     nr = next) {
		next = place_regions(si, nr);
		if (next > CAPTURE_MAX_PAGES)
			return LOADER_ERR_SEG_TOO_BIG;
		if (next == nr)
			break;
	}
	si->nr_pages = nr;
	return LOADER_OK;
}

enum loader_err loader_count_pages(const void *image, size_t image_size,
				   uint32_t pool_pages, uint32_t elfcorehdr_size,
				   uint32_t nr_extents, uint32_t *nr_pages)
{
	struct elf32_image img;
	struct start_info si;
	enum loader_err err;

	err = elf32_parse(&img, image, image_size);
	if (err != LOADER_OK)
		return err;
	si.elfcorehdr_size = elfcorehdr_size;
	si.extent_map_count = nr_extents;
	err = lay_out(&si, img.end_paddr, pool_pages);
	if (err == LOADER_OK)
		*nr_pages = si.nr_pages;
	return err;
}

static enum loader_err check_frame(uint64_t mfn, unsigned int flags,
				   const struct loader_params *p)
{
	if (mfn == MFN_INVALID)
		return LOADER_ERR_NO_FRAMES;
	if (p2m_check_mfn(mfn, p->max_mfn, p->phys_bits) != P2M_OK)
		return LOADER_ERR_UNMAPPABLE;
	if ((flags & FRAME_IDENT) && mfn >= HANDOFF_MFN_LIMIT)
		return LOADER_ERR_UNMAPPABLE;
	return LOADER_OK;
}

/* Takes one frame per pfn; then the m2p proves no frame came twice. */
static enum loader_err take_frames(const struct loader_params *p,
				   const struct frame_source *src,
				   const struct start_info *si,
				   struct loader_work *work)
{
	struct m2p m2p;
	uint32_t pfn, bad;
	enum loader_err err;

	work->nr_taken = 0;
	for (pfn = 0; pfn < si->nr_pages; pfn++)
		work->p2m[pfn] = MFN_INVALID;
	for (pfn = 0; pfn < si->nr_pages; pfn++) {
		unsigned int flags = FRAME_ANY;
		uint64_t mfn;

		if (pfn == si->handoff_pfn)
			flags = FRAME_IDENT;
		mfn = src->alloc(src->ctx, flags);
		err = check_frame(mfn, flags, p);
		if (mfn != MFN_INVALID) {
			/* Listed even when bad, so that it is given back. */
			work->p2m[pfn] = mfn;
			work->nr_taken = pfn + 1;
		}
		if (err != LOADER_OK)
			return err;
	}
	if (m2p_build(&m2p, work->m2p, work->p2m, si->nr_pages, p->max_mfn,
		      p->phys_bits, &bad) != P2M_OK)
		return LOADER_ERR_DUP_FRAME;
	return LOADER_OK;
}

/* Copies the parts of the image's segments that fall in page @pfn. */
static void fill_image_page(uint8_t *page, uint32_t pfn,
			    const struct elf32_image *img)
{
	uint32_t start = pfn_to_paddr(pfn), i;

	for (i = 0; i < img->nr_segs; i++) {
		const struct elf32_seg *s = &img->segs[i];
		uint32_t lo = s->paddr > start ? s->paddr : start;
		uint32_t hi = s->paddr + s->filesz;

		if (hi > start + PAGE_SIZE)
			hi = start + PAGE_SIZE;
		if (lo < hi)
			__builtin_memcpy(page + (lo - start),
					 img->data + s->offset + (lo - s->paddr),
					 hi - lo);
	}
}

/* p2m page @k holds the mfns of pfns k*512 .. k*512+511. */
static void fill_p2m_page(uint64_t *page, uint32_t k,
			  const struct start_info *si, const uint64_t *p2m)
{
	uint32_t i, pfn;

	for (i = 0; i < PAE_ENTRIES; i++) {
		pfn = k * PAE_ENTRIES + i;
		if (pfn < si->nr_pages)
			page[i] = p2m[pfn];
	}
}

static void fill_pd(uint64_t *pd, const struct start_info *si,
		    const uint64_t *p2m)
{
	uint32_t i;

	for (i = 0; i < si->pt_pages; i++)
		pd[i] = mfn_to_maddr(p2m[si->pt_pfn + i]) | PAE_KERNEL_PDE;
}

/* PT number @k maps pfns k*512 .. k*512+511 at CAPTURE_KERNEL_BASE. */
static void fill_pt(uint64_t *pt, uint32_t k, const struct start_info *si,
		    const uint64_t *p2m)
{
	uint32_t i, pfn;

	for (i = 0; i < PAE_ENTRIES; i++) {
		pfn = k * PAE_ENTRIES + i;
		if (pfn < si->nr_pages)
			pt[i] = mfn_to_maddr(p2m[pfn]) | PAE_KERNEL_PTE;
	}
}

/* The PDPT: slot 3 maps the kernel, another slot the handoff page. */
static void fill_pdpt(uint64_t *pdpt, const struct start_info *si,
		      const uint64_t *p2m)
{
	uint32_t handoff = (uint32_t)si->handoff_maddr;

	pdpt[pae_pdpt_index(CAPTURE_KERNEL_BASE)] =
		mfn_to_maddr(p2m[si->pd_pfn]) | PAE_P;
	pdpt[pae_pdpt_index(handoff)] =
		mfn_to_maddr(p2m[si->ident_pd_pfn]) | PAE_P;
}

/* Elfcorehdr page @k holds bytes k*4096 .. of the caller's header. */
static void fill_elfcorehdr_page(uint8_t *page, uint32_t k,
				 const struct start_info *si,
				 const struct loader_params *p)
{
	uint32_t off = pfn_to_paddr(k), len = si->elfcorehdr_size - off;

	if (len > PAGE_SIZE)
		len = PAGE_SIZE;
	__builtin_memcpy(page, (const uint8_t *)p->elfcorehdr + off, len);
}

/* Extent map page @k holds bytes k*4096 .. of the caller's map. */
static void fill_extent_map_page(uint8_t *page, uint32_t k,
				 const struct start_info *si,
				 const struct loader_params *p)
{
	uint32_t off = pfn_to_paddr(k);
	uint32_t len = si->extent_map_count *
		       (uint32_t)sizeof(struct dump_extent) - off;

	if (len > PAGE_SIZE)
		len = PAGE_SIZE;
	__builtin_memcpy(page, (const uint8_t *)p->extents + off, len);
}

/* Writes the contents of capture page @pfn into @page (already zeroed). */
static void fill_page(void *page, uint32_t pfn, const struct start_info *si,
		      const uint64_t *p2m, const struct elf32_image *img,
		      const struct loader_params *p)
{
	uint64_t *entry = page;
	uint32_t handoff = (uint32_t)si->handoff_maddr;

	if (pfn < si->image_pages)
		fill_image_page(page, pfn, img);
	else if (pfn == si->start_info_pfn)
		__builtin_memcpy(page, si, sizeof(*si));
	else if (pfn - si->elfcorehdr_pfn < pages_for(si->elfcorehdr_size))
		fill_elfcorehdr_page(page, pfn - si->elfcorehdr_pfn, si, p);
	else if (pfn - si->extent_map_pfn <
		 extent_map_pages(si->extent_map_count))
		fill_extent_map_page(page, pfn - si->extent_map_pfn, si, p);
	else if (pfn - si->p2m_pfn < si->p2m_pages)
		fill_p2m_page(entry, pfn - si->p2m_pfn, si, p2m);
	else if (pfn == si->pd_pfn)
		fill_pd(entry, si, p2m);
	else if (pfn - si->pt_pfn < si->pt_pages)
		fill_pt(entry, pfn - si->pt_pfn, si, p2m);
	else if (pfn == si->ident_pd_pfn)
		entry[pae_pd_index(handoff)] =
			mfn_to_maddr(p2m[si->ident_pt_pfn]) | PAE_KERNEL_PDE;
	else if (pfn == si->ident_pt_pfn)
		entry[pae_pt_index(handoff)] = si->handoff_maddr | PAE_KERNEL_PTE;
	else if (pfn == si->handoff_pfn)
		fill_pdpt(entry + HANDOFF_PDPT_OFFSET / 8, si, p2m);
	/* The m2p room and the pool stay zero. */
}

static enum loader_err set_cmdline(struct start_info *si, const char *cmdline)
{
	uint32_t i;

	for (i = 0; cmdline && cmdline[i]; i++) {
		if (i == CAPTURE_CMDLINE_MAX - 1)
			return LOADER_ERR_CMDLINE;
		si->cmdline[i] = cmdline[i];
	}
	return LOADER_OK;
}

static void fill_start_info(struct start_info *si,
			    const struct loader_params *p, const uint64_t *p2m)
{
	si->magic = START_INFO_MAGIC;
	si->version = START_INFO_VERSION;
	si->size = sizeof(*si);
	si->phys_bits = p->phys_bits;
	si->max_mfn = p->max_mfn;
	si->handoff_maddr = mfn_to_maddr(p2m[si->handoff_pfn]);
	if (!p->elfcorehdr)
		si->flags |= SIF_NO_ELFCOREHDR;
}

/* Writes every frame once, summing it as it goes; then the checksum. */
static void write_frames(const struct frame_source *src, struct start_info *si,
			 const uint64_t *p2m, const struct elf32_image *img,
			 const struct loader_params *p)
{
	struct csum c;
	uint32_t pfn;
	void *page;

	csum_init(&c);
	for (pfn = 0; pfn < si->nr_pages; pfn++) {
		page = src->map(src->ctx, p2m[pfn]);
		__builtin_memset(page, 0, PAGE_SIZE);
		fill_page(page, pfn, si, p2m, img, p);
		csum_add_capture_page(&c, pfn, page, si->start_info_pfn,
				      si->handoff_pfn);
	}
	si->checksum = csum_final(&c);
	page = src->map(src->ctx, p2m[si->start_info_pfn]);
	__builtin_memcpy(page, si, sizeof(*si));
}

static void summarize(struct loader_result *out, const uint64_t *p2m,
		      const struct elf32_image *img)
{
	const struct start_info *si = &out->si;
	uint32_t pfn;

	out->entry_vaddr = img->entry;
	out->start_info_vaddr = CAPTURE_KERNEL_BASE +
				pfn_to_paddr(si->start_info_pfn);
	out->pdpt_maddr = si->handoff_maddr + HANDOFF_PDPT_OFFSET;
	out->contiguous_runs = p2m_count_runs(p2m, si->nr_pages);
	out->frames_above_4g = 0;
	for (pfn = 0; pfn < si->nr_pages; pfn++)
		if (p2m[pfn] >= FOUR_GIB_MFN)
			out->frames_above_4g++;
}

/* The caller's extent map, by every rule the loader can check: all but
 * the device's size, which the capture kernel checks against the disk. */
static enum loader_err check_extents(const struct loader_params *p)
{
	if (p->nr_extents == 0)
		return LOADER_OK;
	if (!p->extents || extent_map_check(p->extents, p->nr_extents,
					    EXTENT_SECTOR_LIMIT,
					    (uint32_t *)0) != EXTENT_OK)
		return LOADER_ERR_EXTENT_MAP;
	return LOADER_OK;
}

enum loader_err loader_build(const struct loader_params *params,
			     const struct frame_source *src,
			     struct loader_work *work,
			     struct loader_result *out)
{
	struct start_info *si = &out->si;
	struct loader_pool pool;
	struct elf32_image img;
	enum loader_err err;

	__builtin_memset(out, 0, sizeof(*out));
	work->nr_taken = 0;
	if (params->phys_bits < 32 || params->phys_bits > PAE_MAX_PHYS_BITS ||
	    params->max_mfn == 0)
		return LOADER_ERR_BAD_PARAMS;
	err = elf32_parse(&img, params->image, params->image_size);
	if (err != LOADER_OK)
		return err;
	err = set_cmdline(si, params->cmdline);
	if (err != LOADER_OK)
		return err;
	si->elfcorehdr_size = params->elfcorehdr ? params->elfcorehdr_size : 0;
	err = check_extents(params);
	if (err != LOADER_OK)
		return err;
	si->extent_map_count = params->nr_extents;
	err = loader_pool(params, &pool);
	if (err != LOADER_OK)
		return err;
	err = lay_out(si, img.end_paddr, pool.pages);
	if (err != LOADER_OK)
		return err;
	if (si->nr_pages > work->capacity)
		return LOADER_ERR_SEG_TOO_BIG;
	err = take_frames(params, src, si, work);
	if (err != LOADER_OK)
		return err;
	fill_start_info(si, params, work->p2m);
	write_frames(src, si, work->p2m, &img, params);
	summarize(out, work->p2m, &img);
	return LOADER_OK;
}

uint64_t loader_checksum(const struct frame_source *src,
			 const uint64_t *p2m, const struct start_info *si)
{
	struct csum c;
	uint32_t pfn;

	csum_init(&c);
	for (pfn = 0; pfn < si->nr_pages; pfn++)
		csum_add_capture_page(&c, pfn, src->map(src->ctx, p2m[pfn]),
				      si->start_info_pfn, si->handoff_pfn);
	return csum_final(&c);
}
