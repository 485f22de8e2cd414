// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of a good build on the fake machine.  See loader_verify.h.  The
 * check_* helpers return how many things are wrong and note() the first
 * few; check_checksum and check_good_build print the CHECK lines.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include <p2mdump/pae.h>
#include "loader/core/elf32.h"
#include "loader_image.h"
#include "loader_verify.h"

#define EXTENT_BYTES	((uint32_t)sizeof(struct dump_extent))

struct walk {
	uint64_t pdpte, pde, pte;
	int dirty;		/* a non-present entry with other bits set */
};

/* Reads entry @i of the table at @maddr as the processor would. */
static uint64_t table_entry(struct machine *m, uint64_t maddr, unsigned int i,
			    struct walk *w)
{
	uint64_t e = ((const uint64_t *)peek(m, maddr))[i];

	if (!(e & PAE_P) && e)
		w->dirty = 1;
	return e;
}

/* Translates @vaddr through the PDPT at @cr3; 1 if mapped (4 KiB). */
static int walk(struct machine *m, uint64_t cr3, uint32_t vaddr,
		struct walk *w)
{
	memset(w, 0, sizeof(*w));
	w->pdpte = table_entry(m, cr3, pae_pdpt_index(vaddr), w);
	if (!(w->pdpte & PAE_P))
		return 0;
	w->pde = table_entry(m, w->pdpte & PAE_ADDR_MASK, pae_pd_index(vaddr),
			     w);
	if (!(w->pde & PAE_P) || (w->pde & PAE_PS))
		return 0;
	w->pte = table_entry(m, w->pde & PAE_ADDR_MASK, pae_pt_index(vaddr), w);
	return (w->pte & PAE_P) != 0;
}

/* The 4 PDPTEs: only P; slot 3 -> kernel PD, handoff's slot -> ident PD. */
static uint32_t check_pdpt(struct machine *m, const struct loader_result *res)
{
	const struct start_info *si = &res->si;
	const uint64_t *pdpt = peek(m, res->pdpt_maddr);
	unsigned int slot, ident = pae_pdpt_index((uint32_t)si->handoff_maddr);
	uint32_t bad = 0;
	uint64_t want;

	for (slot = 0; slot < PDPT_ENTRIES; slot++) {
		if (slot == 3)
			want = mfn_to_maddr(work_p2m[si->pd_pfn]) | PAE_P;
		else if (slot == ident)
			want = mfn_to_maddr(work_p2m[si->ident_pd_pfn]) | PAE_P;
		else
			want = 0;
		if (pdpt[slot] != want || (pdpt[slot] & ~PAE_ADDR_MASK &
					    ~PDPTE_ALLOWED)) {
			note("PDPTE %u = %#llx, want %#llx", slot,
			     (unsigned long long)pdpt[slot],
			     (unsigned long long)want);
			bad++;
		}
	}
	return bad;
}

/* Every 4 KiB vaddr of slot 3: pfn -> p2m[pfn] P|RW|A|D, nothing beyond. */
static uint32_t check_kernel_map(struct machine *m,
				 const struct loader_result *res)
{
	const struct start_info *si = &res->si;
	uint32_t pfn, bad = 0;
	uint64_t pt_mfn;
	struct walk w;

	for (pfn = 0; pfn < PAE_ENTRIES * PAE_ENTRIES; pfn++) {
		uint32_t vaddr = CAPTURE_KERNEL_BASE + pfn_to_paddr(pfn);
		int mapped = walk(m, res->pdpt_maddr, vaddr, &w);

		if (!(w.pdpte & PAE_P)) {
			note("slot 3 not present");
			return bad + 1;
		}
		if (!(w.pde & PAE_P) && pfn >= si->nr_pages) {
			/* A whole 2 MiB unmapped: nothing to walk in it. */
			bad += w.dirty;
			pfn |= PAE_ENTRIES - 1;
			continue;
		}
		if (w.dirty) {
			note("vaddr %#x: non-present entry with bits set",
			     vaddr);
			bad++;
		}
		if (pfn >= si->nr_pages) {
			if (mapped || ((w.pde & PAE_P) &&
				       pfn / PAE_ENTRIES >= si->pt_pages)) {
				note("vaddr %#x beyond nr_pages is mapped",
				     vaddr);
				bad++;
			}
			continue;
		}
		pt_mfn = work_p2m[si->pt_pfn + pfn / PAE_ENTRIES];
		if (!mapped ||
		    w.pde != (mfn_to_maddr(pt_mfn) | PAE_KERNEL_PDE) ||
		    w.pte != (mfn_to_maddr(work_p2m[pfn]) | PAE_KERNEL_PTE)) {
			note("vaddr %#x: pde %#llx pte %#llx, want pte %#llx",
			     vaddr, (unsigned long long)w.pde,
			     (unsigned long long)w.pte,
			     (unsigned long long)(mfn_to_maddr(work_p2m[pfn]) |
						  PAE_KERNEL_PTE));
			bad++;
		}
	}
	return bad;
}

/* The handoff's slot maps exactly one page: the handoff, vaddr == maddr. */
static uint32_t check_ident_map(struct machine *m,
				const struct loader_result *res)
{
	const struct start_info *si = &res->si;
	uint32_t handoff = (uint32_t)si->handoff_maddr, bad = 0, i, vaddr;
	uint32_t slot_base = pae_slot_base(handoff);
	struct walk w;

	for (i = 0; i < PAE_ENTRIES * PAE_ENTRIES; i++) {
		vaddr = slot_base + pfn_to_paddr(i);
		if (!walk(m, res->pdpt_maddr, vaddr, &w) && !w.dirty) {
			if (!(w.pde & PAE_P) &&
			    pae_pd_index(vaddr) != pae_pd_index(handoff))
				i |= PAE_ENTRIES - 1;	/* skip 2 MiB */
			if (vaddr == handoff) {
				note("handoff vaddr %#x is not mapped", vaddr);
				bad++;
			}
			continue;
		}
		if (w.dirty || vaddr != handoff ||
		    w.pde != (mfn_to_maddr(work_p2m[si->ident_pt_pfn]) |
			      PAE_KERNEL_PDE) ||
		    w.pte != (si->handoff_maddr | PAE_KERNEL_PTE)) {
			note("ident slot vaddr %#x: pde %#llx pte %#llx", vaddr,
			     (unsigned long long)w.pde,
			     (unsigned long long)w.pte);
			bad++;
		}
	}
	return bad;
}

struct region {
	const char *name;
	uint32_t pfn, pages;
};

/*
 * The regions tile pfns 0..nr_pages-1 exactly, in the order of
 * docs/boot-protocol.md (empty ones take no room).
 */
static uint32_t check_regions(const struct start_info *si)
{
	struct region reg[] = {
		{ "image", 0, si->image_pages },
		{ "start info", si->start_info_pfn, 1 },
		{ "elfcorehdr", si->elfcorehdr_pfn,
		  pages_for(si->elfcorehdr_size) },
		{ "extent map", si->extent_map_pfn,
		  pages_for(si->extent_map_count * EXTENT_BYTES) },
		{ "p2m", si->p2m_pfn, si->p2m_pages },
		{ "m2p", si->m2p_pfn, si->m2p_pages },
		{ "pool", si->pool_pfn, si->pool_pages },
		{ "pd", si->pd_pfn, 1 },
		{ "pts", si->pt_pfn, si->pt_pages },
		{ "ident pd", si->ident_pd_pfn, 1 },
		{ "ident pt", si->ident_pt_pfn, 1 },
		{ "handoff", si->handoff_pfn, 1 },
	};
	const uint32_t n = sizeof(reg) / sizeof(reg[0]);
	uint32_t i, next = 0, bad = 0;

	for (i = 0; i < n; i++) {
		if (reg[i].pfn != next) {
			note("region %s at pfn %u, expected %u", reg[i].name,
			     reg[i].pfn, next);
			bad++;
		}
		next = reg[i].pfn + reg[i].pages;
	}
	if (next != si->nr_pages) {
		note("regions end at %u, nr_pages %u", next, si->nr_pages);
		bad++;
	}
	return bad;
}

/* The sizes in the start info fit nr_pages and the request. */
static uint32_t check_sizes(const struct start_info *si, uint32_t image_pages,
			    const struct loader_params *p)
{
	uint32_t nr = si->nr_pages, bad = 0;

	bad += si->image_pages != image_pages;
	bad += si->pool_pages != resolved_pool(p);
	bad += si->start_info_pfn != image_pages;
	bad += si->elfcorehdr_pfn != si->start_info_pfn + 1;
	bad += si->elfcorehdr_size != (p->elfcorehdr ? p->elfcorehdr_size : 0);
	bad += si->extent_map_count != p->nr_extents;
	bad += si->p2m_pages != pages_for(nr * 8);
	bad += si->m2p_pages != pages_for(nr * (uint32_t)sizeof(struct m2p_entry));
	bad += si->pt_pages != (nr + PAE_ENTRIES - 1) / PAE_ENTRIES;
	bad += si->handoff_pfn != nr - 1;
	bad += si->pdpt_offset != HANDOFF_PDPT_OFFSET;
	bad += nr > CAPTURE_MAX_PAGES;
	if (bad)
		note("sizes: image %u/%u pool %u/%u p2m %u m2p %u pts %u "
		     "handoff %u nr %u", si->image_pages, image_pages,
		     si->pool_pages, resolved_pool(p), si->p2m_pages,
		     si->m2p_pages, si->pt_pages, si->handoff_pfn, nr);
	return bad;
}

/* The start-info fields the loader copies from its parameters. */
static uint32_t check_si_fields(const struct start_info *si,
				const struct loader_params *p)
{
	const char *cmdline = p->cmdline ? p->cmdline : "";
	uint32_t flags = p->elfcorehdr ? 0 : SIF_NO_ELFCOREHDR;
	uint32_t bad = 0;

	bad += si->magic != START_INFO_MAGIC;
	bad += si->version != START_INFO_VERSION;
	bad += si->size != sizeof(*si);
	bad += si->flags != flags;
	bad += si->phys_bits != p->phys_bits;
	bad += si->max_mfn != p->max_mfn;
	bad += si->handoff_maddr != mfn_to_maddr(work_p2m[si->handoff_pfn]);
	bad += si->handoff_maddr >= CAPTURE_KERNEL_BASE;
	bad += strncmp(si->cmdline, cmdline, CAPTURE_CMDLINE_MAX) != 0;
	bad += memchr(si->cmdline, 0, CAPTURE_CMDLINE_MAX) == NULL;
	if (bad)
		note("start info: magic %#x version %u size %u flags %#x "
		     "cmdline '%.40s'", si->magic, si->version, si->size,
		     si->flags, si->cmdline);
	return bad;
}

/* The start-info page is the result's start info, then zeros. */
static uint32_t check_si_page(struct machine *m, const struct start_info *si)
{
	const uint8_t *page = page_of(m, si->start_info_pfn);

	if (memcmp(page, si, sizeof(*si)) ||
	    memcmp(page + sizeof(*si), zero_page, PAGE_SIZE - sizeof(*si))) {
		note("start-info page differs from result.si");
		return 1;
	}
	return 0;
}

/* The p2m pages hold work.p2m, then zeros. */
static uint32_t check_p2m_pages(struct machine *m, const struct start_info *si)
{
	uint32_t k, i, pfn, bad = 0;
	uint64_t want;

	for (k = 0; k < si->p2m_pages; k++) {
		const uint64_t *page = (const void *)page_of(m,
							       si->p2m_pfn + k);

		for (i = 0; i < PAE_ENTRIES; i++) {
			pfn = k * PAE_ENTRIES + i;
			want = pfn < si->nr_pages ? work_p2m[pfn] : 0;
			if (page[i] != want) {
				note("p2m page %u entry %u = %#llx", k, i,
				     (unsigned long long)page[i]);
				bad++;
			}
		}
	}
	return bad;
}

/* The pages from @pfn hold @size bytes of the caller's @src, then zeros. */
static uint32_t check_copy_pages(struct machine *m, const char *what,
				 uint32_t pfn, uint32_t size, const void *src)
{
	uint32_t k, len, bad = 0;
	const uint8_t *page;

	for (k = 0; k < pages_for(size); k++) {
		page = page_of(m, pfn + k);
		len = size - k * PAGE_SIZE;
		if (len > PAGE_SIZE)
			len = PAGE_SIZE;
		if (memcmp(page, (const uint8_t *)src + k * PAGE_SIZE, len) ||
		    memcmp(page + len, zero_page, PAGE_SIZE - len)) {
			note("%s page %u differs", what, k);
			bad++;
		}
	}
	return bad;
}

/* The elfcorehdr pages and the extent map pages: the caller's copies. */
static uint32_t check_elfcorehdr_pages(struct machine *m,
				       const struct start_info *si,
				       const struct loader_params *p)
{
	return check_copy_pages(m, "elfcorehdr", si->elfcorehdr_pfn,
				si->elfcorehdr_size, p->elfcorehdr) +
	       check_copy_pages(m, "extent map", si->extent_map_pfn,
				si->extent_map_count * EXTENT_BYTES,
				p->extents);
}

/* The image pages, m2p room, pool and handoff page hold what they must. */
static uint32_t check_other_pages(struct machine *m,
				  const struct loader_result *res,
				  const uint8_t *expect, uint32_t image_pages)
{
	const struct start_info *si = &res->si;
	const uint8_t *page;
	uint32_t pfn, bad = 0;

	if (si->image_pages != image_pages) {
		note("image_pages %u, expected %u", si->image_pages,
		     image_pages);
		return 1;
	}
	for (pfn = 0; pfn < si->image_pages; pfn++) {
		if (memcmp(page_of(m, pfn), expect + pfn_to_paddr(pfn), PAGE_SIZE)) {
			note("image page %u differs", pfn);
			bad++;
		}
	}
	for (pfn = si->m2p_pfn; pfn < si->pool_pfn + si->pool_pages; pfn++) {
		if (memcmp(page_of(m, pfn), zero_page, PAGE_SIZE)) {
			note("m2p/pool page %u is not zero", pfn);
			bad++;
		}
	}
	page = page_of(m, si->handoff_pfn);
	if (memcmp(page + 8 * PDPT_ENTRIES, zero_page,
		   PAGE_SIZE - 8 * PDPT_ENTRIES)) {
		note("handoff page beyond the PDPT is not zero");
		bad++;
	}
	return bad;
}

/* Every mfn distinct, from the machine, handed out by this build. */
static uint32_t check_frames(struct machine *m, const struct start_info *si)
{
	static uint64_t sorted[CAPTURE_MAX_PAGES];
	uint32_t pfn, bad = 0;

	memcpy(sorted, work_p2m, si->nr_pages * sizeof(*sorted));
	qsort(sorted, si->nr_pages, sizeof(*sorted), cmp_mfn);
	for (pfn = 0; pfn < si->nr_pages; pfn++) {
		struct frame *f = find_frame(m, sorted[pfn]);

		if (!f || !f->taken || (pfn && sorted[pfn] == sorted[pfn - 1]))
			bad++;
	}
	if (m->nr_given != si->nr_pages || m->bad_maps || m->ident_calls != 1 ||
	    m->ident_mfn != work_p2m[si->handoff_pfn])
		bad++;
	if (bad)
		note("frames: %u given for %u pages, %u bad maps, %u ident "
		     "calls", m->nr_given, si->nr_pages, m->bad_maps,
		     m->ident_calls);
	return bad;
}

/* The result's own fields. */
static uint32_t check_result(const struct loader_result *res,
			     const struct image *img)
{
	const struct start_info *si = &res->si;
	uint32_t pfn, above = 0, bad = 0;

	for (pfn = 0; pfn < si->nr_pages; pfn++)
		above += work_p2m[pfn] >= FOUR_GIB_MFN;
	bad += res->entry_vaddr != img->entry;
	bad += res->start_info_vaddr !=
	       CAPTURE_KERNEL_BASE + pfn_to_paddr(si->start_info_pfn);
	bad += res->pdpt_maddr != si->handoff_maddr + HANDOFF_PDPT_OFFSET;
	bad += res->contiguous_runs != p2m_count_runs(work_p2m, si->nr_pages);
	bad += res->frames_above_4g != above;
	if (bad)
		note("result: entry %#x si %#x cr3 %#llx runs %u above4g %u/%u",
		     res->entry_vaddr, res->start_info_vaddr,
		     (unsigned long long)res->pdpt_maddr, res->contiguous_runs,
		     res->frames_above_4g, above);
	return bad;
}

/*
 * The checksum by the protocol's prose (docs/boot-protocol.md section 7):
 * two uint64_t sums that wrap, then b + a * 2^32.
 */
static int checksum_by_hand(struct machine *m, const struct start_info *si,
			    uint64_t got)
{
	uint64_t a = 0, b = 0;
	uint32_t pfn, i;

	for (pfn = 0; pfn < si->nr_pages; pfn++) {
		const uint32_t *word = (const void *)page_of(m, pfn);

		if (pfn == si->handoff_pfn)
			continue;
		for (i = 0; i < PAGE_SIZE / 4; i++) {
			uint32_t w = pfn == si->start_info_pfn &&
				     (i == 2 || i == 3) ? 0 : word[i];

			a += w;
			b += a;
		}
	}
	return got == b + (a & 0xffffffffu) * 0x100000000ull;
}

/* Flips byte @off of page @pfn; 1 if that changes the checksum. */
static int flip_changes(struct machine *m, const struct start_info *si,
			uint32_t pfn, uint32_t off, uint8_t mask)
{
	uint8_t *page = page_of(m, pfn);
	int changed;

	page[off] ^= mask;
	changed = recompute(m, si) != si->checksum;
	page[off] ^= mask;
	return changed;
}

/* A random byte offset outside the start-info checksum field. */
static uint32_t summed_offset(struct rng *r, const struct start_info *si,
			      uint32_t pfn)
{
	uint32_t off;

	do
		off = rng_below(r, PAGE_SIZE);
	while (pfn == si->start_info_pfn && off >= 8 && off < 16);
	return off;
}

/* The pfns whose flips are tried: every region's edges and some more. */
static uint32_t flip_pfns(struct rng *r, const struct start_info *si,
			  uint32_t *pfns)
{
	uint32_t n = 0, i;

	pfns[n++] = 0;
	pfns[n++] = si->image_pages - 1;
	pfns[n++] = si->start_info_pfn;
	if (si->elfcorehdr_size)
		pfns[n++] = si->elfcorehdr_pfn +
			    pages_for(si->elfcorehdr_size) - 1;
	if (si->extent_map_count)
		pfns[n++] = si->extent_map_pfn +
			    pages_for(si->extent_map_count * EXTENT_BYTES) - 1;
	pfns[n++] = si->p2m_pfn;
	pfns[n++] = si->p2m_pfn + si->p2m_pages - 1;
	pfns[n++] = si->m2p_pfn;
	pfns[n++] = si->pd_pfn;
	pfns[n++] = si->pt_pfn;
	pfns[n++] = si->pt_pfn + si->pt_pages - 1;
	pfns[n++] = si->ident_pd_pfn;
	pfns[n++] = si->ident_pt_pfn;
	if (si->pool_pages)
		pfns[n++] = si->pool_pfn + si->pool_pages - 1;
	for (i = 0; i < 12; i++)
		pfns[n++] = rng_below(r, si->nr_pages - 1);
	return n;
}

/* The checksum: matches, catches flips, ignores the handoff page. */
static void check_checksum(const char *tag, struct machine *m,
			   const struct start_info *si, struct rng *r)
{
	uint32_t pfns[32], n, i, missed = 0, off;
	uint8_t *handoff = page_of(m, si->handoff_pfn), saved[PAGE_SIZE];

	CHECK(recompute(m, si) == si->checksum,
	      "%s: loader_checksum equals result.si.checksum", tag);
	CHECK(checksum_by_hand(m, si, si->checksum),
	      "%s: checksum agrees with the two 64-bit sums done by hand",
	      tag);
	n = flip_pfns(r, si, pfns);
	for (i = 0; i < n; i++) {
		off = summed_offset(r, si, pfns[i]);
		if (!flip_changes(m, si, pfns[i], 0, 0x01) ||
		    !flip_changes(m, si, pfns[i], PAGE_SIZE - 1, 0x80) ||
		    !flip_changes(m, si, pfns[i], off, 1u << rng_below(r, 8))) {
			note("flip in pfn %u not caught", pfns[i]);
			missed++;
		}
	}
	CHECK(missed == 0, "%s: flipping a byte in any of %u capture pages "
	      "changes the checksum", tag, n);
	for (off = 8, missed = 0; off < 16; off++)
		missed += flip_changes(m, si, si->start_info_pfn, off, 0xff);
	CHECK(missed == 0, "%s: the start-info checksum field is not summed",
	      tag);
	memcpy(saved, handoff, PAGE_SIZE);
	for (i = 0; i < 64; i++)
		handoff[rng_below(r, PAGE_SIZE)] ^= (uint8_t)rng_range(r, 1, 255);
	memset(handoff + HANDOFF_CODE_OFFSET, 0xcc, 256);
	CHECK(recompute(m, si) == si->checksum,
	      "%s: changing the handoff page leaves the checksum", tag);
	memcpy(handoff, saved, PAGE_SIZE);
}

/* Builds @img on @m and checks everything about the result. */
void check_good_build(const char *tag, struct machine *m,
		      const struct image *img,
		      const struct loader_params *p, struct rng *r)
{
	struct loader_result res;
	uint32_t image_pages, counted = 0;
	uint8_t *expect = expected_image(img, &image_pages);
	enum loader_err err;

	notes_reset();
	err = build(m, p, &res);
	CHECK(err == LOADER_OK, "%s: loader_build: %s", tag,
	      loader_strerror(err));
	if (err != LOADER_OK) {
		free(expect);
		return;
	}
	CHECK(last_nr_taken == res.si.nr_pages,
	      "%s: work.nr_taken %u == nr_pages %u", tag, last_nr_taken,
	      res.si.nr_pages);
	CHECK(loader_count_pages(img->data, img->size, resolved_pool(p),
				 p->elfcorehdr ? p->elfcorehdr_size : 0,
				 p->nr_extents,				 &counted) == LOADER_OK &&
	      counted == res.si.nr_pages,
	      "%s: loader_count_pages %u == nr_pages %u (%u-byte "
	      "elfcorehdr)", tag, counted, res.si.nr_pages,
	      res.si.elfcorehdr_size);
	CHECK(check_regions(&res.si) == 0 &&
	      check_sizes(&res.si, image_pages, p) == 0,
	      "%s: regions tile pfns 0..%u, handoff last", tag,
	      res.si.nr_pages - 1);
	CHECK(check_si_fields(&res.si, p) == 0 &&
	      check_si_page(m, &res.si) == 0,
	      "%s: start info fields and page", tag);
	CHECK(check_frames(m, &res.si) == 0,
	      "%s: %u distinct frames, all handed out, handoff by FRAME_IDENT",
	      tag, res.si.nr_pages);
	CHECK(check_result(&res, img) == 0, "%s: result fields", tag);
	CHECK(check_pdpt(m, &res) == 0, "%s: PDPT at handoff %#llx",
	      tag, (unsigned long long)res.si.handoff_maddr);
	CHECK(check_kernel_map(m, &res) == 0,
	      "%s: slot 3 maps exactly pfns 0..%u to their frames", tag,
	      res.si.nr_pages - 1);
	CHECK(check_ident_map(m, &res) == 0,
	      "%s: handoff page identity-mapped, alone in its slot", tag);
	CHECK(check_p2m_pages(m, &res.si) == 0, "%s: p2m pages", tag);
	CHECK(check_elfcorehdr_pages(m, &res.si, p) == 0,
	      "%s: %u-byte elfcorehdr copied", tag, res.si.elfcorehdr_size);
	CHECK(check_other_pages(m, &res, expect, image_pages) == 0,
	      "%s: image pages, bss, m2p, pool and handoff contents", tag);
	check_checksum(tag, m, &res.si, r);
	free(expect);
}
