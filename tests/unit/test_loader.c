// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for loader/core: the domain builder run against a fake
 * machine whose frames are scattered over a sparse 2^36-frame space (never
 * two adjacent, many above 4 GiB).  Each good build is checked by walking
 * the PAE tables it wrote as the processor would, by reading back every
 * page, and by recomputing the checksum; then every error path, and a
 * truncation and header-corruption fuzz.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "loader/core/build.h"
#include "loader/core/elf32.h"
#include "loader/core/loader_err.h"
#include <p2mdump/pae.h>
#include "lib/csum.h"

#define FOUR_GIB_MFN	0x100000ull
#define MACHINE_MFNS	(1ull << 36)	/* the fake machine's max_mfn */
#define IDENT_RESERVE	4	/* low frames FRAME_ANY leaves alone */
#define NR_SEEDS	6
#define MAX_PHDRS	12
#define NO_FAULT	(~(uint32_t)0)
#define GARBAGE		0xa5	/* frame bytes before the loader */
#define STALE_MFN	0x5a5a5a5a5ull	/* what work->p2m holds before */
#define STALE_NR_TAKEN	0xdeadbeefu	/* nr_taken before a build */
#define MAX_NOTES	5

/* ---- The fake machine ------------------------------------------------ */

struct frame {
	uint64_t mfn;
	uint8_t *page;
	int taken;
	int reserved;		/* kept for FRAME_IDENT requests */
};

struct machine {
	struct frame *frames;	/* sorted by mfn */
	uint32_t nr;
	uint32_t *order;	/* indexes into frames: the order alloc uses */
	uint32_t cursor;	/* next candidate in order for FRAME_ANY */
	uint32_t calls;		/* alloc calls so far */
	uint64_t given[CAPTURE_MAX_PAGES];	/* answers but MFN_INVALID */
	uint32_t nr_given;
	uint32_t ident_calls;
	uint64_t ident_mfn;	/* the last answer to FRAME_IDENT */
	uint32_t bad_maps;	/* map() of a frame alloc did not hand out */
	/* Fault injection: NO_FAULT / MFN_INVALID turn each off. */
	uint32_t dry_after;	/* this call and later get MFN_INVALID */
	uint32_t inject_call;	/* this call gets inject_mfn */
	uint64_t inject_mfn;
	uint32_t dup_call;	/* this call repeats given[dup_of] */
	uint32_t dup_of;
	uint64_t ident_answer;	/* FRAME_IDENT gets this */
};

static uint8_t scratch_page[PAGE_SIZE];
static const uint8_t zero_page[PAGE_SIZE];

static uint64_t work_p2m[CAPTURE_MAX_PAGES];
static struct m2p_entry work_m2p[CAPTURE_MAX_PAGES];

/* work.nr_taken after the last loader_build through build_stale(). */
static uint32_t last_nr_taken;

static unsigned int notes;

/* Prints a detail line under a failing check (a few per check). */
static void note(const char *fmt, ...)
{
	va_list ap;

	if (notes++ >= MAX_NOTES)
		return;
	va_start(ap, fmt);
	printf("    # ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* qsort comparison of two mfns. */
static int cmp_mfn(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The frame with @mfn, or NULL if the machine has none. */
static struct frame *find_frame(struct machine *m, uint64_t mfn)
{
	uint32_t lo = 0, hi = m->nr;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->frames[mid].mfn == mfn)
			return &m->frames[mid];
		if (m->frames[mid].mfn < mfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A random mfn: below 3 GiB, 3..4 GiB, above 4 GiB, or huge. */
static uint64_t random_mfn(struct rng *r)
{
	switch (rng_below(r, 10)) {
	case 0: case 1: case 2:
		return rng_below(r, HANDOFF_MFN_LIMIT);
	case 3:
		return rng_range(r, HANDOFF_MFN_LIMIT, FOUR_GIB_MFN - 1);
	case 4: case 5: case 6:
		return rng_range(r, FOUR_GIB_MFN, (1ull << 28) - 1);
	default:
		return rng_range(r, 1ull << 28, MACHINE_MFNS - 1);
	}
}

/* The edges a scattered machine always has (when n >= NR_EDGES). */
static const uint64_t edge_mfns[] = {
	0, HANDOFF_MFN_LIMIT - 1, FOUR_GIB_MFN, MACHINE_MFNS - 1,
};
#define NR_EDGES 4

/* True if @mfn is one of the edge mfns. */
static int is_edge(uint64_t mfn)
{
	uint32_t i;

	for (i = 0; i < NR_EDGES; i++)
		if (edge_mfns[i] == mfn)
			return 1;
	return 0;
}

/*
 * Fills mfns[0..n) with sorted random mfns, no two equal or adjacent,
 * including the edge mfns.
 */
static void scattered_mfns(struct rng *r, uint64_t *mfns, uint32_t n)
{
	uint32_t have = 0, keep, i;

	for (i = 0; i < NR_EDGES && have < n; i++)
		mfns[have++] = edge_mfns[i];
	while (have < n) {
		while (have < n)
			mfns[have++] = random_mfn(r);
		qsort(mfns, have, sizeof(*mfns), cmp_mfn);
		for (keep = 0, i = 0; i < have; i++) {
			if (!keep || mfns[i] > mfns[keep - 1] + 1)
				mfns[keep++] = mfns[i];
			else if (is_edge(mfns[i]))	/* the edge wins */
				mfns[keep - 1] = mfns[i];
		}
		have = keep;
	}
}

/* Puts the frame source back in its fresh state; optionally re-dirties. */
static void machine_reset(struct machine *m, int dirty)
{
	uint32_t i;

	for (i = 0; i < m->nr; i++) {
		m->frames[i].taken = 0;
		if (dirty)
			memset(m->frames[i].page, GARBAGE, PAGE_SIZE);
	}
	m->cursor = 0;
	m->calls = 0;
	m->nr_given = 0;
	m->ident_calls = 0;
	m->ident_mfn = MFN_INVALID;
	m->bad_maps = 0;
	m->dry_after = NO_FAULT;
	m->inject_call = NO_FAULT;
	m->dup_call = NO_FAULT;
	m->ident_answer = MFN_INVALID;
}

/* Moves the frame with @mfn (if any) to position @k of the order. */
static void order_put(struct machine *m, uint64_t mfn, uint32_t k)
{
	struct frame *f = find_frame(m, mfn);
	uint32_t i, idx, tmp;

	if (!f || k >= m->nr)
		return;
	idx = f - m->frames;
	for (i = 0; m->order[i] != idx; i++)
		;
	tmp = m->order[k];
	m->order[k] = idx;
	m->order[i] = tmp;
}

/*
 * Hands out 4 GiB exactly and the top frame first, and makes mfn 0 or
 * the last frame below 3 GiB (by the seed) the handoff frame.
 */
static void edges_first(struct machine *m, struct rng *r)
{
	order_put(m, FOUR_GIB_MFN, 0);
	order_put(m, MACHINE_MFNS - 1, 1);
	order_put(m, rng_below(r, 2) ? 0 : HANDOFF_MFN_LIMIT - 1, 2);
}

/*
 * A machine of @n frames.  Scattered: random mfns, handed out in random
 * order, a few low ones kept for FRAME_IDENT.  Otherwise contiguous from
 * @base, handed out in order.
 */
static struct machine *machine_new(struct rng *r, uint32_t n, int scattered,
				   uint64_t base)
{
	struct machine *m = calloc(1, sizeof(*m));
	uint64_t *mfns = calloc(n, sizeof(*mfns));
	uint32_t i, reserved = 0;

	m->nr = n;
	m->frames = calloc(n, sizeof(*m->frames));
	m->order = calloc(n, sizeof(*m->order));
	if (scattered)
		scattered_mfns(r, mfns, n);
	for (i = 0; i < n; i++) {
		m->frames[i].mfn = scattered ? mfns[i] : base + i;
		m->frames[i].page = malloc(PAGE_SIZE);
		m->order[i] = i;
	}
	for (i = n; scattered && i-- > 1;) {
		uint32_t other = rng_below(r, i + 1), tmp = m->order[i];

		m->order[i] = m->order[other];
		m->order[other] = tmp;
	}
	if (scattered)
		edges_first(m, r);
	for (i = 0; scattered && i < n && reserved < IDENT_RESERVE; i++) {
		struct frame *f = &m->frames[m->order[i]];

		if (f->mfn < HANDOFF_MFN_LIMIT) {
			f->reserved = 1;
			reserved++;
		}
	}
	free(mfns);
	machine_reset(m, 1);
	return m;
}

/* Gives the machine's memory back. */
static void machine_free(struct machine *m)
{
	uint32_t i;

	for (i = 0; i < m->nr; i++)
		free(m->frames[i].page);
	free(m->frames);
	free(m->order);
	free(m);
}

/* Takes the next free unreserved frame, in the machine's order. */
static uint64_t take_any(struct machine *m)
{
	while (m->cursor < m->nr) {
		struct frame *f = &m->frames[m->order[m->cursor++]];

		if (!f->taken && !f->reserved) {
			f->taken = 1;
			return f->mfn;
		}
	}
	return MFN_INVALID;
}

/* Takes the first free frame below 3 GiB, in the machine's order. */
static uint64_t take_low(struct machine *m)
{
	uint32_t i;

	for (i = 0; i < m->nr; i++) {
		struct frame *f = &m->frames[m->order[i]];

		if (!f->taken && f->mfn < HANDOFF_MFN_LIMIT) {
			f->taken = 1;
			return f->mfn;
		}
	}
	return MFN_INVALID;
}

/* frame_source.alloc: a free frame, or an injected fault. */
static uint64_t fake_alloc(void *ctx, unsigned int flags)
{
	struct machine *m = ctx;
	uint32_t call = m->calls++;
	uint64_t mfn;

	if (flags & FRAME_IDENT)
		m->ident_calls++;
	if (call >= m->dry_after)
		return MFN_INVALID;
	if (call == m->inject_call)
		mfn = m->inject_mfn;
	else if (call == m->dup_call)
		mfn = m->given[m->dup_of];
	else if ((flags & FRAME_IDENT) && m->ident_answer != MFN_INVALID)
		mfn = m->ident_answer;
	else if (flags & FRAME_IDENT)
		mfn = take_low(m);
	else
		mfn = take_any(m);
	if (flags & FRAME_IDENT)
		m->ident_mfn = mfn;
	if (mfn != MFN_INVALID)
		m->given[m->nr_given++] = mfn;
	return mfn;
}

/* frame_source.map: the page of a frame handed out; counts any other. */
static void *fake_map(void *ctx, uint64_t mfn)
{
	struct machine *m = ctx;
	struct frame *f = find_frame(m, mfn);

	if (!f || !f->taken) {
		m->bad_maps++;
		return scratch_page;
	}
	return f->page;
}

/* The frame source over @m. */
static struct frame_source source_of(struct machine *m)
{
	struct frame_source src = { m, fake_alloc, fake_map };

	return src;
}

/* The test's own view of machine memory at @maddr (zeros if none). */
static const void *peek(struct machine *m, uint64_t maddr)
{
	struct frame *f = find_frame(m, maddr_to_mfn(maddr));

	if (!f)
		return zero_page;
	return f->page + (maddr & (PAGE_SIZE - 1));
}

/* The page of the frame behind capture page @pfn. */
static uint8_t *page_of(struct machine *m, uint32_t pfn)
{
	struct frame *f = find_frame(m, work_p2m[pfn]);

	return f ? f->page : scratch_page;
}

/* ---- ELF images ------------------------------------------------------ */

struct phdr_spec {
	uint32_t type, offset, vaddr, filesz, memsz;
};

struct image {
	uint8_t *data;
	size_t size;
	uint32_t entry;
	uint32_t nr_phdrs;
	struct phdr_spec ph[MAX_PHDRS];
};

#define PT_LOAD		1
#define PT_NOTE		4
#define EHDR_SIZE	52
#define PHDR_SIZE	32
/* Byte offsets of the fields the tests patch. */
#define E_TYPE		16
#define E_MACHINE	18
#define E_ENTRY		24
#define E_PHOFF		28
#define E_PHENTSIZE	42
#define E_PHNUM		44
#define P_TYPE		0
#define P_OFFSET	4
#define P_VADDR		8
#define P_FILESZ	16
#define P_MEMSZ		20

/* Stores a little-endian 16-bit value. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Stores a little-endian 32-bit value. */
static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* The byte offset of field @field of program header @i. */
static size_t phdr_field(uint32_t i, uint32_t field)
{
	return EHDR_SIZE + i * PHDR_SIZE + field;
}

/* True if the loader places this program header. */
static int is_loaded(const struct phdr_spec *ph)
{
	return ph->type == PT_LOAD && ph->memsz;
}

/* Writes the ELF header and program headers of @img into its data. */
static void write_headers(struct image *img)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };
	uint8_t *p = img->data;
	uint32_t i;

	memcpy(p, ident, sizeof(ident));
	put16(p + E_TYPE, 2);		/* ET_EXEC */
	put16(p + E_MACHINE, 3);	/* EM_386 */
	put32(p + 20, 1);		/* EV_CURRENT */
	put32(p + E_ENTRY, img->entry);
	put32(p + E_PHOFF, EHDR_SIZE);
	put32(p + 32, 0);		/* no section headers */
	put32(p + 36, 0);
	put16(p + 40, EHDR_SIZE);
	put16(p + E_PHENTSIZE, PHDR_SIZE);
	put16(p + E_PHNUM, (uint16_t)img->nr_phdrs);
	put16(p + 46, 40);
	put16(p + 48, 0);
	put16(p + 50, 0);
	for (i = 0; i < img->nr_phdrs; i++) {
		const struct phdr_spec *ph = &img->ph[i];

		put32(p + phdr_field(i, P_TYPE), ph->type);
		put32(p + phdr_field(i, P_OFFSET), ph->offset);
		put32(p + phdr_field(i, P_VADDR), ph->vaddr);
		put32(p + phdr_field(i, 12), ph->vaddr);
		put32(p + phdr_field(i, P_FILESZ), ph->filesz);
		put32(p + phdr_field(i, P_MEMSZ), ph->memsz);
		put32(p + phdr_field(i, 24), 7);	/* RWX */
		put32(p + phdr_field(i, 28), PAGE_SIZE);
	}
}

/* Lays @img out in a fresh buffer: headers, then random segment bytes. */
static void image_write(struct image *img, struct rng *r)
{
	size_t size = EHDR_SIZE + img->nr_phdrs * PHDR_SIZE, i;

	for (i = 0; i < img->nr_phdrs; i++)
		if (is_loaded(&img->ph[i]) &&
		    img->ph[i].offset + img->ph[i].filesz > size)
			size = img->ph[i].offset + img->ph[i].filesz;
	img->data = malloc(size);
	img->size = size;
	for (i = 0; i < size; i++)
		img->data[i] = (uint8_t)rng_next(r);
	write_headers(img);
}

/* Adds a program header to @img. */
static void add_phdr(struct image *img, uint32_t type, uint32_t offset,
		     uint32_t vaddr, uint32_t filesz, uint32_t memsz)
{
	struct phdr_spec ph = { type, offset, vaddr, filesz, memsz };

	img->ph[img->nr_phdrs++] = ph;
}

/*
 * The fixed test image, phdrs deliberately out of order: a data segment
 * with bss, a PT_NOTE with nonsense fields, text at the kernel base
 * (file offset 0x100: not page aligned), an empty PT_LOAD, and rodata
 * sharing text's last page and crossing into the next.
 */
static void default_image(struct image *img, struct rng *r)
{
	const uint32_t text = 0x100, text_sz = 3 * PAGE_SIZE + 123;
	const uint32_t ro = text + text_sz + 0x11, ro_sz = 0x300;
	const uint32_t data = ro + ro_sz + 5, data_sz = 5000;

	memset(img, 0, sizeof(*img));
	add_phdr(img, PT_LOAD, data, 0xC0006010, data_sz,
		 data_sz + 3 * PAGE_SIZE + 77);
	add_phdr(img, PT_NOTE, 0xffffff00, 0, 0x1000, 0x1000);
	add_phdr(img, PT_LOAD, text, CAPTURE_KERNEL_BASE, text_sz, text_sz);
	add_phdr(img, PT_LOAD, 0, 0xC0100000, 0, 0);
	add_phdr(img, PT_LOAD, ro, 0xC0003F00, ro_sz, ro_sz);
	img->entry = CAPTURE_KERNEL_BASE + 0x40;
	image_write(img, r);
}

/* A random image: 1-4 segments, random gaps, bss and phdr order. */
static void random_image(struct image *img, struct rng *r)
{
	uint32_t nseg = 1 + rng_below(r, 4), i, filesz, memsz;
	uint32_t vaddr = CAPTURE_KERNEL_BASE + rng_below(r, 3) * PAGE_SIZE +
			 rng_below(r, 64);
	uint32_t offset = EHDR_SIZE + nseg * PHDR_SIZE + rng_below(r, 300);
	struct phdr_spec tmp;

	memset(img, 0, sizeof(*img));
	for (i = 0; i < nseg; i++) {
		filesz = i ? rng_below(r, 10000) : 16 + rng_below(r, 10000);
		memsz = filesz + (rng_below(r, 2) ? rng_below(r, 10000) : 0);
		if (!memsz)
			memsz = 1;
		add_phdr(img, PT_LOAD, offset, vaddr, filesz, memsz);
		if (!i)
			img->entry = vaddr + rng_below(r, filesz);
		offset += filesz + rng_below(r, 100);
		vaddr += memsz + rng_below(r, 6000);
	}
	for (i = nseg; i-- > 1;) {
		uint32_t other = rng_below(r, i + 1);

		tmp = img->ph[i];
		img->ph[i] = img->ph[other];
		img->ph[other] = tmp;
	}
	image_write(img, r);
}

/* What pfns [0, image_pages) must hold: segment bytes, zeros elsewhere. */
static uint8_t *expected_image(const struct image *img, uint32_t *pages)
{
	uint32_t end = 0, i;
	uint8_t *mem;

	for (i = 0; i < img->nr_phdrs; i++) {
		const struct phdr_spec *ph = &img->ph[i];

		uint32_t seg_end = ph->vaddr - CAPTURE_KERNEL_BASE + ph->memsz;

		if (is_loaded(ph) && seg_end > end)
			end = seg_end;
	}
	*pages = pages_for(end);
	mem = calloc(*pages ? *pages : 1, PAGE_SIZE);
	for (i = 0; i < img->nr_phdrs; i++) {
		const struct phdr_spec *ph = &img->ph[i];

		if (is_loaded(ph))
			memcpy(mem + ph->vaddr - CAPTURE_KERNEL_BASE,
			       img->data + ph->offset, ph->filesz);
	}
	return mem;
}

/* ---- Running the loader ---------------------------------------------- */

/* Parameters for @img on the fake machine. */
static struct loader_params params_for(const struct image *img,
				       uint32_t pool_pages)
{
	struct loader_params p = {
		.image = img->data,
		.image_size = img->size,
		.cmdline = "console=ttyS0 p2mdump.test=1",
		.pool_pages = pool_pages,
		.max_mfn = MACHINE_MFNS,
		.phys_bits = 48,
	};

	return p;
}

/* Fills work.p2m[0..n) with stale entries, as a reused buffer holds. */
static void stale_work(uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		work_p2m[i] = STALE_MFN + i;
	memset(work_m2p, 0x77, n * sizeof(*work_m2p));
}

/* Runs loader_build on @m, work.p2m[0..stale) stale beforehand. */
static enum loader_err build_stale(struct machine *m,
				   const struct loader_params *p,
				   struct loader_result *res, uint32_t stale)
{
	struct frame_source src = source_of(m);
	struct loader_work work = {
		work_p2m, work_m2p, CAPTURE_MAX_PAGES, STALE_NR_TAKEN,
	};
	enum loader_err err;

	stale_work(stale);
	err = loader_build(p, &src, &work, res);
	last_nr_taken = work.nr_taken;
	return err;
}

/* Runs loader_build on @m with a wholly stale work area. */
static enum loader_err build(struct machine *m, const struct loader_params *p,
			     struct loader_result *res)
{
	return build_stale(m, p, res, CAPTURE_MAX_PAGES);
}

/* ---- Walking the page tables ----------------------------------------- */

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

/* ---- Reading back the pages ------------------------------------------ */

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
	bad += si->pool_pages != p->pool_pages;
	bad += si->start_info_pfn != image_pages;
	bad += si->elfcorehdr_pfn != si->start_info_pfn + 1;
	bad += si->elfcorehdr_size != (p->elfcorehdr ? p->elfcorehdr_size : 0);
	bad += si->p2m_pages != pages_for(nr * 8);
	bad += si->m2p_pages != pages_for(nr * (uint32_t)sizeof(struct m2p_entry));
	bad += si->pt_pages != (nr + PAE_ENTRIES - 1) / PAE_ENTRIES;
	bad += si->handoff_pfn != nr - 1;
	bad += si->pdpt_offset != HANDOFF_PDPT_OFFSET;
	bad += nr > CAPTURE_MAX_PAGES;
	if (bad)
		note("sizes: image %u/%u pool %u/%u p2m %u m2p %u pts %u "
		     "handoff %u nr %u", si->image_pages, image_pages,
		     si->pool_pages, p->pool_pages, si->p2m_pages,
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

/* The elfcorehdr pages hold the caller's header, then zeros. */
static uint32_t check_elfcorehdr_pages(struct machine *m,
				       const struct start_info *si,
				       const struct loader_params *p)
{
	uint32_t k, len, bad = 0;
	const uint8_t *page;

	for (k = 0; k < pages_for(si->elfcorehdr_size); k++) {
		page = page_of(m, si->elfcorehdr_pfn + k);
		len = si->elfcorehdr_size - k * PAGE_SIZE;
		if (len > PAGE_SIZE)
			len = PAGE_SIZE;
		if (memcmp(page, (const uint8_t *)p->elfcorehdr + k * PAGE_SIZE,
			   len) ||
		    memcmp(page + len, zero_page, PAGE_SIZE - len)) {
			note("elfcorehdr page %u differs", k);
			bad++;
		}
	}
	return bad;
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

/* ---- The checksum ---------------------------------------------------- */

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

/* loader_checksum of the current memory. */
static uint64_t recompute(struct machine *m, const struct start_info *si)
{
	struct frame_source src = source_of(m);

	return loader_checksum(&src, work_p2m, si);
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

/* ---- A whole good build ---------------------------------------------- */

/* Builds @img on @m and checks everything about the result. */
static void check_good_build(const char *tag, struct machine *m,
			     const struct image *img,
			     const struct loader_params *p, struct rng *r)
{
	struct loader_result res;
	uint32_t image_pages, counted = 0;
	uint8_t *expect = expected_image(img, &image_pages);
	enum loader_err err;

	notes = 0;
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
	CHECK(loader_count_pages(img->data, img->size, p->pool_pages,
				 p->elfcorehdr ? p->elfcorehdr_size : 0,
				 &counted) == LOADER_OK &&
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

/* Random loader parameters for @img, with @pool_pages. */
static struct loader_params random_params(struct rng *r,
					  const struct image *img,
					  uint32_t pool_pages, char *cmdline)
{
	static uint8_t hdr[5 * PAGE_SIZE + 123];
	struct loader_params p = params_for(img, pool_pages);
	uint32_t len = rng_below(r, CAPTURE_CMDLINE_MAX), i;

	for (i = 0; i < len; i++)
		cmdline[i] = (char)rng_range(r, ' ', '~');
	cmdline[len] = 0;
	p.cmdline = rng_below(r, 4) ? cmdline : NULL;
	p.phys_bits = rng_below(r, 2) ? 48 : 52;
	if (rng_below(r, 2)) {
		for (i = 0; i < sizeof(hdr); i++)
			hdr[i] = (uint8_t)rng_next(r);
		p.elfcorehdr = hdr;
		p.elfcorehdr_size = rng_range(r, 1, sizeof(hdr));
	}
	return p;
}

/* Good builds on scattered machines for one seed (the @n'th). */
static void test_good_builds(uint64_t seed, uint32_t n)
{
	static const uint32_t pools[] = { 0, 1, 37, 511, 1200 };
	char tag[64], cmdline[CAPTURE_CMDLINE_MAX];
	struct loader_params p;
	struct machine *m;
	struct image img;
	uint32_t nr = 0;
	struct rng r;
	int i;

	rng_init(&r, seed);
	for (i = 0; i < 2; i++) {
		if (i)
			random_image(&img, &r);
		else
			default_image(&img, &r);
		p = random_params(&r, &img, pools[(n + 2 * i) % 5], cmdline);
		loader_count_pages(img.data, img.size, p.pool_pages,
				   p.elfcorehdr_size, &nr);
		m = machine_new(&r, nr + IDENT_RESERVE + rng_below(&r, nr + 1),
				1, 0);
		snprintf(tag, sizeof(tag), "seed %llu %s image, pool %u",
			 (unsigned long long)seed, i ? "random" : "default",
			 p.pool_pages);
		check_good_build(tag, m, &img, &p, &r);
		machine_free(m);
		free(img.data);
	}
}

/* Contiguous frames ending at 3 GiB - 4 KiB: one run, handoff at the edge. */
static void test_contiguous(struct rng *r)
{
	struct loader_params p;
	struct loader_result res;
	struct machine *m;
	struct image img;
	uint32_t nr = 0;

	default_image(&img, r);
	p = params_for(&img, 3);
	loader_count_pages(img.data, img.size, p.pool_pages, 0, &nr);
	m = machine_new(r, nr, 0, HANDOFF_MFN_LIMIT - nr);
	check_good_build("contiguous below 3 GiB", m, &img, &p, r);
	machine_reset(m, 1);
	CHECK(build(m, &p, &res) == LOADER_OK && res.contiguous_runs == 1 &&
	      res.frames_above_4g == 0 &&
	      res.si.handoff_maddr == mfn_to_maddr(HANDOFF_MFN_LIMIT - 1),
	      "contiguous machine: 1 run, handoff in the frame below 3 GiB");
	p.phys_bits = 32;	/* the lowest accepted: every frame fits */
	machine_reset(m, 1);
	CHECK(build(m, &p, &res) == LOADER_OK && res.si.phys_bits == 32,
	      "phys_bits 32 is accepted for frames below 4 GiB");
	machine_free(m);
	free(img.data);
}

/* nr_pages a multiple of 512: the last PT is full, no PT more. */
static void test_full_pt(struct rng *r)
{
	struct loader_params p;
	struct machine *m;
	struct image img;
	uint32_t pool, nr = 0, hits = 0;
	char tag[64];

	default_image(&img, r);
	for (pool = 0; pool < 2100 && hits < 2; pool++) {
		if (loader_count_pages(img.data, img.size, pool, 0, &nr) ||
		    nr % PAE_ENTRIES)
			continue;
		p = params_for(&img, pool);
		m = machine_new(r, nr + IDENT_RESERVE + 3, 1, 0);
		snprintf(tag, sizeof(tag), "nr_pages %u (full PTs)", nr);
		check_good_build(tag, m, &img, &p, r);
		machine_free(m);
		hits++;
	}
	CHECK(hits == 2, "found pools giving nr_pages 512 and 1024");
	free(img.data);
}

/* Exactly ELF32_MAX_SEGS segments, one page apart, each at a page edge. */
static void test_max_segments(struct rng *r)
{
	struct loader_params p;
	struct machine *m;
	struct image img;
	uint32_t i, nr = 0;

	memset(&img, 0, sizeof(img));
	for (i = 0; i < ELF32_MAX_SEGS; i++)
		add_phdr(&img, PT_LOAD, 0x200 + i * 300,
			 CAPTURE_KERNEL_BASE + i * 2 * PAGE_SIZE + PAGE_SIZE - 100 + i,
			 200 + i, 300 + i);
	img.entry = CAPTURE_KERNEL_BASE + PAGE_SIZE - 100;
	image_write(&img, r);
	p = params_for(&img, 0);
	p.cmdline = NULL;
	loader_count_pages(img.data, img.size, 0, 0, &nr);
	m = machine_new(r, nr + IDENT_RESERVE + 10, 1, 0);
	check_good_build("8 segments across page edges", m, &img, &p, r);
	machine_free(m);
	free(img.data);
}

/* ---- Error paths ----------------------------------------------------- */

/* An error before any frame is taken: the code, no alloc, nr_taken 0. */
static void expect_early(const char *what, struct machine *m,
			 const struct loader_params *p, enum loader_err want)
{
	struct loader_result res;
	enum loader_err err;

	machine_reset(m, 0);
	err = build(m, p, &res);
	CHECK(err == want && m->calls == 0 && last_nr_taken == 0,
	      "%s: %s (got %s, %u allocs, nr_taken %u)", what,
	      loader_strerror(want), loader_strerror(err), m->calls,
	      last_nr_taken);
}

/* Like expect_early, on a patched copy of @img's bytes of @size. */
static void expect_image_err(const char *what, struct machine *m,
			     const uint8_t *bytes, size_t size,
			     enum loader_err want)
{
	struct loader_params p = {
		.image = bytes, .image_size = size, .pool_pages = 2,
		.max_mfn = MACHINE_MFNS, .phys_bits = 48,
	};
	uint32_t nr;

	expect_early(what, m, &p, want);
	CHECK(loader_count_pages(bytes, size, 2, 0, &nr) == want,
	      "%s: loader_count_pages agrees", what);
}

/* Copies the image, patches a 32-bit field, expects @want. */
static void patch32(const char *what, struct machine *m,
		    const struct image *img, size_t off, uint32_t v,
		    enum loader_err want)
{
	uint8_t *copy = malloc(img->size);

	memcpy(copy, img->data, img->size);
	put32(copy + off, v);
	expect_image_err(what, m, copy, img->size, want);
	free(copy);
}

/* Copies the image, patches one byte (or 16-bit field), expects @want. */
static void patch16(const char *what, struct machine *m,
		    const struct image *img, size_t off, uint16_t v,
		    int byte, enum loader_err want)
{
	uint8_t *copy = malloc(img->size);

	memcpy(copy, img->data, img->size);
	if (byte)
		copy[off] = (uint8_t)v;
	else
		put16(copy + off, v);
	expect_image_err(what, m, copy, img->size, want);
	free(copy);
}

/* Not ELF, not i386, and bad program headers. */
static void test_err_identity(struct machine *m, const struct image *img)
{
	expect_image_err("empty file", m, img->data, 0, LOADER_ERR_NOT_ELF);
	expect_image_err("51-byte file", m, img->data, 51, LOADER_ERR_NOT_ELF);
	patch16("bad magic byte 0", m, img, 0, 0x7e, 1, LOADER_ERR_NOT_ELF);
	patch16("bad magic byte 3", m, img, 3, 'G', 1, LOADER_ERR_NOT_ELF);
	patch16("ELFCLASS64", m, img, 4, 2, 1, LOADER_ERR_NOT_I386);
	patch16("big-endian", m, img, 5, 2, 1, LOADER_ERR_NOT_I386);
	patch16("EM_X86_64", m, img, E_MACHINE, 62, 0, LOADER_ERR_NOT_I386);
	patch16("ET_DYN", m, img, E_TYPE, 3, 0, LOADER_ERR_NOT_I386);
	patch16("ET_REL", m, img, E_TYPE, 1, 0, LOADER_ERR_NOT_I386);
	expect_image_err("phdrs cut off", m, img->data,
			 EHDR_SIZE + img->nr_phdrs * PHDR_SIZE - 1,
			 LOADER_ERR_BAD_PHDRS);
	patch32("phoff beyond the file", m, img, E_PHOFF, img->size + 1,
		LOADER_ERR_BAD_PHDRS);
	patch32("phoff near 4 GiB", m, img, E_PHOFF, 0xfffffff0u,
		LOADER_ERR_BAD_PHDRS);
	patch32("phdrs end past the file", m, img, E_PHOFF, img->size - 40,
		LOADER_ERR_BAD_PHDRS);
	patch16("phnum 0xffff", m, img, E_PHNUM, 0xffff, 0,
		LOADER_ERR_BAD_PHDRS);
	patch16("phentsize 56", m, img, E_PHENTSIZE, 56, 0,
		LOADER_ERR_BAD_PHDRS);
	patch16("phnum 0", m, img, E_PHNUM, 0, 0, LOADER_ERR_NO_SEGMENTS);
}

/* Copies the image, sets every PT_LOAD to @type, expects no segments. */
static void test_err_no_load(struct machine *m, const struct image *img)
{
	uint8_t *copy = malloc(img->size);
	uint32_t i;

	memcpy(copy, img->data, img->size);
	for (i = 0; i < img->nr_phdrs; i++)
		if (img->ph[i].type == PT_LOAD)
			put32(copy + phdr_field(i, P_TYPE), PT_NOTE);
	expect_image_err("no PT_LOAD", m, copy, img->size,
			 LOADER_ERR_NO_SEGMENTS);
	for (i = 0; i < img->nr_phdrs; i++)
		if (img->ph[i].type == PT_LOAD)
			put32(copy + phdr_field(i, P_TYPE), PT_LOAD);
	for (i = 0; i < img->nr_phdrs; i++)
		put32(copy + phdr_field(i, P_MEMSZ), 0);
	for (i = 0; i < img->nr_phdrs; i++)
		put32(copy + phdr_field(i, P_FILESZ), 0);
	expect_image_err("only empty PT_LOADs", m, copy, img->size,
			 LOADER_ERR_NO_SEGMENTS);
	free(copy);
}

/* One more PT_LOAD than ELF32_MAX_SEGS. */
static void test_err_too_many(struct machine *m, struct rng *r)
{
	struct image img;
	uint32_t i;

	memset(&img, 0, sizeof(img));
	for (i = 0; i <= ELF32_MAX_SEGS; i++)
		add_phdr(&img, PT_LOAD, 0x200 + i * 16,
			 CAPTURE_KERNEL_BASE + i * PAGE_SIZE, 16, 16);
	img.entry = CAPTURE_KERNEL_BASE;
	image_write(&img, r);
	expect_image_err("9 PT_LOADs", m, img.data, img.size,
			 LOADER_ERR_TOO_MANY_SEGMENTS);
	free(img.data);
}

/* Segment checks, on the text segment (phdr 2) and data (phdr 0). */
static void test_err_segments(struct machine *m, const struct image *img)
{
	const struct phdr_spec *text = &img->ph[2], *data = &img->ph[0];
	uint32_t text_end = text->vaddr + text->memsz;

	patch32("data filesz past the file", m, img, phdr_field(0, P_FILESZ),
		data->filesz + 1, LOADER_ERR_SEG_OUTSIDE_FILE);
	patch32("text offset past the file", m, img, phdr_field(2, P_OFFSET),
		img->size + 1, LOADER_ERR_SEG_OUTSIDE_FILE);
	patch32("offset + filesz wraps 2^32", m, img, phdr_field(2, P_OFFSET),
		0xffffff00u, LOADER_ERR_SEG_OUTSIDE_FILE);
	patch32("filesz > memsz", m, img, phdr_field(2, P_MEMSZ),
		text->filesz - 1, LOADER_ERR_SEG_FILESZ);
	patch32("vaddr below the base", m, img, phdr_field(2, P_VADDR),
		CAPTURE_KERNEL_BASE - PAGE_SIZE, LOADER_ERR_SEG_BASE);
	patch32("vaddr 0", m, img, phdr_field(0, P_VADDR), 0,
		LOADER_ERR_SEG_BASE);
	patch32("memsz 256 MiB", m, img, phdr_field(0, P_MEMSZ), 0x10000000,
		LOADER_ERR_SEG_TOO_BIG);
	patch32("memsz 0xffffffff", m, img, phdr_field(0, P_MEMSZ),
		0xffffffffu, LOADER_ERR_SEG_TOO_BIG);
	patch32("vaddr near 4 GiB", m, img, phdr_field(0, P_VADDR),
		0xfffff000u, LOADER_ERR_SEG_TOO_BIG);
	patch32("vaddr at the 64 MiB limit", m, img, phdr_field(0, P_VADDR),
		CAPTURE_KERNEL_BASE + CAPTURE_MAX_PAGES * PAGE_SIZE,
		LOADER_ERR_SEG_TOO_BIG);
	patch32("data overlaps text", m, img, phdr_field(0, P_VADDR),
		text_end - 1, LOADER_ERR_SEG_OVERLAP);
	patch32("rodata overlaps text", m, img, phdr_field(4, P_VADDR),
		text->vaddr + 0x100, LOADER_ERR_SEG_OVERLAP);
	patch32("data at text's vaddr", m, img, phdr_field(0, P_VADDR),
		text->vaddr, LOADER_ERR_SEG_OVERLAP);
	patch32("entry past text", m, img, E_ENTRY, text_end,
		LOADER_ERR_BAD_ENTRY);
	patch32("entry below the base", m, img, E_ENTRY, 0x100000,
		LOADER_ERR_BAD_ENTRY);
	patch32("entry in a gap", m, img, E_ENTRY, 0xC0005000,
		LOADER_ERR_BAD_ENTRY);
	patch32("entry in bss", m, img, E_ENTRY,
		data->vaddr + data->filesz + 8, LOADER_ERR_BAD_ENTRY);
}

/* Segments touching without overlap are fine. */
static void test_touching(struct machine *m, const struct image *img)
{
	const struct phdr_spec *text = &img->ph[2];
	uint8_t *copy = malloc(img->size);
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;

	memcpy(copy, img->data, img->size);
	put32(copy + phdr_field(4, P_VADDR), text->vaddr + text->memsz);
	p.image = copy;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK, "rodata starting where text ends: %s",
	      loader_strerror(err));
	free(copy);
}

/* Too big for CAPTURE_MAX_PAGES or for work's capacity. */
static void test_err_size(struct machine *m, const struct image *img)
{
	struct loader_params p = params_for(img, CAPTURE_MAX_PAGES);
	struct frame_source src = source_of(m);
	struct loader_work work = { work_p2m, work_m2p, 10, STALE_NR_TAKEN };
	struct loader_result res;
	uint32_t pool, nr;

	expect_early("pool of CAPTURE_MAX_PAGES", m, &p,
		     LOADER_ERR_SEG_TOO_BIG);
	p.pool_pages = 0xffffffffu;
	expect_early("pool of 2^32-1 pages", m, &p, LOADER_ERR_SEG_TOO_BIG);
	/* The biggest pool that fits, and one more. */
	for (pool = CAPTURE_MAX_PAGES; pool > 0; pool--)
		if (loader_count_pages(img->data, img->size, pool, 0, &nr) ==
		    LOADER_OK)
			break;
	CHECK(nr <= CAPTURE_MAX_PAGES && nr > CAPTURE_MAX_PAGES - 8 &&
	      loader_count_pages(img->data, img->size, pool + 1, 0, &nr) ==
	      LOADER_ERR_SEG_TOO_BIG,
	      "largest pool %u fits CAPTURE_MAX_PAGES, one more does not",
	      pool);
	p.pool_pages = 2;
	machine_reset(m, 0);
	stale_work(CAPTURE_MAX_PAGES);
	CHECK(loader_build(&p, &src, &work, &res) == LOADER_ERR_SEG_TOO_BIG &&
	      m->calls == 0 && work.nr_taken == 0,
	      "work capacity 10: LOADER_ERR_SEG_TOO_BIG before any alloc, "
	      "nr_taken 0");
}

/* elfcorehdr sizes: too big for the capture kernel, or 32-bit wrap. */
static void test_err_elfcorehdr(struct machine *m, const struct image *img)
{
	static const uint8_t hdr[64];
	static uint8_t big[5 * PAGE_SIZE + 123];
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;
	uint32_t nr;

	p.elfcorehdr = hdr;
	p.elfcorehdr_size = CAPTURE_MAX_PAGES * PAGE_SIZE;
	expect_early("elfcorehdr of 64 MiB", m, &p, LOADER_ERR_SEG_TOO_BIG);
	p.elfcorehdr_size = 0xfffff000u;
	expect_early("elfcorehdr of 4 GiB - 4 KiB", m, &p,
		     LOADER_ERR_SEG_TOO_BIG);
	/* pages_for() once wrapped to 0 pages from 0xfffff001 bytes up. */
	p.elfcorehdr_size = 0xfffff001u;
	expect_early("elfcorehdr of 4 GiB - 4 KiB + 1", m, &p,
		     LOADER_ERR_SEG_TOO_BIG);
	p.elfcorehdr_size = 0xffffffffu;
	expect_early("elfcorehdr of 4 GiB - 1", m, &p, LOADER_ERR_SEG_TOO_BIG);
	CHECK(loader_count_pages(img->data, img->size, 2, 0xffffffffu,
				 &nr) == LOADER_ERR_SEG_TOO_BIG &&
	      loader_count_pages(img->data, img->size, 2, 0xfffff001u,
				 &nr) == LOADER_ERR_SEG_TOO_BIG &&
	      loader_count_pages(img->data, img->size, 2,
				 CAPTURE_MAX_PAGES * PAGE_SIZE, &nr) ==
	      LOADER_ERR_SEG_TOO_BIG,
	      "loader_count_pages: elfcorehdr of 64 MiB, 4 GiB - 4 KiB + 1, "
	      "4 GiB - 1: LOADER_ERR_SEG_TOO_BIG");
	p.elfcorehdr = big;
	p.elfcorehdr_size = sizeof(big);
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK &&
	      loader_count_pages(img->data, img->size, 2, sizeof(big), &nr) ==
	      LOADER_OK && nr == res.si.nr_pages &&
	      res.si.p2m_pfn - res.si.elfcorehdr_pfn == pages_for(sizeof(big)),
	      "%zu-byte elfcorehdr: %u header pages, loader_count_pages %u "
	      "== nr_pages %u", sizeof(big),
	      res.si.p2m_pfn - res.si.elfcorehdr_pfn, nr, res.si.nr_pages);
	p.elfcorehdr = NULL;
	p.elfcorehdr_size = 5000;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.elfcorehdr_size == 0 &&
	      (res.si.flags & SIF_NO_ELFCOREHDR) &&
	      res.si.p2m_pfn == res.si.elfcorehdr_pfn,
	      "no elfcorehdr buffer: size ignored, region empty, "
	      "SIF_NO_ELFCOREHDR");
}

/* The command line: 511 characters fit, 512 do not. */
static void test_cmdline(struct machine *m, const struct image *img)
{
	static char line[CAPTURE_CMDLINE_MAX + 2];
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;

	memset(line, 'x', CAPTURE_CMDLINE_MAX);
	line[CAPTURE_CMDLINE_MAX] = 0;
	p.cmdline = line;
	expect_early("cmdline of 512 chars", m, &p, LOADER_ERR_CMDLINE);
	memset(line, 'y', CAPTURE_CMDLINE_MAX + 1);
	line[CAPTURE_CMDLINE_MAX + 1] = 0;
	expect_early("cmdline of 513 chars", m, &p, LOADER_ERR_CMDLINE);
	line[CAPTURE_CMDLINE_MAX - 1] = 0;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && strlen(res.si.cmdline) ==
	      CAPTURE_CMDLINE_MAX - 1 && !strcmp(res.si.cmdline, line),
	      "cmdline of 511 chars fits: %s", loader_strerror(err));
	p.cmdline = NULL;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.cmdline[0] == 0,
	      "NULL cmdline gives an empty one");
}

/*
 * The nr_taken contract: work.p2m[0, nr_taken) are exactly the frames the
 * source handed out, in the order it handed them out.
 */
static int taken_as_given(struct machine *m)
{
	uint32_t i;

	if (last_nr_taken != m->nr_given)
		return 0;
	for (i = 0; i < last_nr_taken; i++)
		if (work_p2m[i] != m->given[i])
			return 0;
	return 1;
}

/*
 * Runs a build that fails while taking frames; checks the code, and that
 * work.p2m[0, nr_taken) lists the @taken frames handed out, for giving
 * back.
 */
static void expect_frame_err(const char *what, struct machine *m,
			     const struct loader_params *p,
			     enum loader_err want, uint32_t taken)
{
	struct loader_result res;
	enum loader_err err = build(m, p, &res);

	CHECK(err == want && m->bad_maps == 0, "%s: %s (got %s)", what,
	      loader_strerror(want), loader_strerror(err));
	CHECK(last_nr_taken == taken && taken_as_given(m) &&
	      last_nr_taken <= res.si.nr_pages,
	      "%s: nr_taken %u (want %u, %u handed out), work.p2m[0, "
	      "nr_taken) lists them in order", what, last_nr_taken, taken,
	      m->nr_given);
}

/* The source runs dry at various points: the frames before are listed. */
static void test_err_dry(struct machine *m, const struct image *img,
			 struct rng *r)
{
	struct loader_params p = params_for(img, 5);
	uint32_t nr = 0, at[4], i;
	char what[80];

	loader_count_pages(img->data, img->size, 5, 0, &nr);
	at[0] = 0;
	at[1] = 1;
	at[2] = rng_range(r, 2, nr - 2);
	at[3] = nr - 1;		/* the handoff's FRAME_IDENT request */
	for (i = 0; i < 4; i++) {
		machine_reset(m, 0);
		m->dry_after = at[i];
		snprintf(what, sizeof(what), "source dry after %u of %u frames",
			 at[i], nr);
		expect_frame_err(what, m, &p, LOADER_ERR_NO_FRAMES, at[i]);
	}
}

/*
 * Frames the capture kernel could not map (listed, so given back, up to
 * and including the bad one), or a frame given twice (all listed).
 */
static void test_err_bad_frames(struct machine *m, const struct image *img,
				struct rng *r)
{
	static const uint64_t high[] = {
		HANDOFF_MFN_LIMIT, HANDOFF_MFN_LIMIT + 1, FOUR_GIB_MFN,
		MACHINE_MFNS - 1,
	};
	struct loader_params p = params_for(img, 5);
	uint32_t nr = 0, k, i;
	char what[96];

	loader_count_pages(img->data, img->size, 5, 0, &nr);
	k = rng_range(r, 1, nr - 2);
	machine_reset(m, 0);
	m->inject_call = k;
	m->inject_mfn = MACHINE_MFNS;
	snprintf(what, sizeof(what), "frame %u at max_mfn", k);
	expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, k + 1);
	machine_reset(m, 0);
	m->inject_call = 0;
	m->inject_mfn = MACHINE_MFNS + 12345;
	expect_frame_err("frame 0 above max_mfn", m, &p,
			 LOADER_ERR_UNMAPPABLE, 1);
	machine_reset(m, 0);
	p.phys_bits = 40;	/* frames below 1 << 28 */
	m->inject_call = k;
	m->inject_mfn = 1ull << 28;
	snprintf(what, sizeof(what), "frame %u beyond phys_bits 40", k);
	/* edges_first hands out the machine's top frame second: too high. */
	expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, 2);
	machine_reset(m, 0);
	p.phys_bits = 48;	/* frames below 1 << 36, max_mfn above */
	p.max_mfn = 1ull << 40;
	m->inject_call = k;
	m->inject_mfn = 1ull << 36;
	snprintf(what, sizeof(what), "frame %u beyond phys_bits 48, below "
		 "max_mfn", k);
	expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, k + 1);
	p.max_mfn = MACHINE_MFNS;
	machine_reset(m, 0);
	p.phys_bits = 32;	/* the machine's own frames beyond 4 GiB */
	/* edges_first: the first frame handed out is the one at 4 GiB. */
	expect_frame_err("machine frames beyond phys_bits 32", m, &p,
			 LOADER_ERR_UNMAPPABLE, 1);
	p.phys_bits = 48;
	machine_reset(m, 0);
	p.max_mfn = 1;		/* in range, but no frame but 0 fits */
	expect_frame_err("max_mfn 1: the first frame", m, &p,
			 LOADER_ERR_UNMAPPABLE, 1);
	p.max_mfn = MACHINE_MFNS;
	for (i = 0; i < 4; i++) {
		machine_reset(m, 0);
		m->ident_answer = high[i];
		snprintf(what, sizeof(what), "handoff frame %#llx (>= 3 GiB)",
			 (unsigned long long)high[i]);
		expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, nr);
	}
	machine_reset(m, 0);
	m->dup_call = k;
	m->dup_of = rng_below(r, k);
	snprintf(what, sizeof(what), "frame %u repeats frame %u", k, m->dup_of);
	expect_frame_err(what, m, &p, LOADER_ERR_DUP_FRAME, nr);
	machine_reset(m, 0);
	m->dup_call = nr - 2;
	m->dup_of = nr - 3;
	expect_frame_err("last two FRAME_ANY frames equal", m, &p,
			 LOADER_ERR_DUP_FRAME, nr);
}

/*
 * phys_bits outside 32..52 or max_mfn 0: LOADER_ERR_BAD_PARAMS before
 * any frame is taken.  32 and 52 themselves are fine.
 */
static void test_err_params(struct machine *m, const struct image *img)
{
	static const unsigned int bad_bits[] = { 0, 12, 31, 53, 64 };
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;
	char what[64];
	uint32_t i;

	for (i = 0; i < sizeof(bad_bits) / sizeof(bad_bits[0]); i++) {
		p.phys_bits = bad_bits[i];
		snprintf(what, sizeof(what), "phys_bits %u", bad_bits[i]);
		expect_early(what, m, &p, LOADER_ERR_BAD_PARAMS);
	}
	p.phys_bits = 0xffffffffu;
	expect_early("phys_bits 2^32 - 1", m, &p, LOADER_ERR_BAD_PARAMS);
	p.phys_bits = 48;
	p.max_mfn = 0;
	expect_early("max_mfn 0", m, &p, LOADER_ERR_BAD_PARAMS);
	p.phys_bits = 0;
	expect_early("max_mfn 0 and phys_bits 0", m, &p,
		     LOADER_ERR_BAD_PARAMS);
	p.max_mfn = MACHINE_MFNS;
	p.phys_bits = 52;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.phys_bits == 52,
	      "phys_bits 52 is accepted: %s", loader_strerror(err));
}

/*
 * loader_count_pages with an elfcorehdr of N bytes: pages_for(N) pages more,
 * plus whatever the p2m, m2p and page tables grow by to cover them;
 * exactly what a pool pages_for(N) pages bigger costs.
 */
static void test_count_elfcorehdr(const struct image *img, struct rng *r)
{
	static const uint32_t sizes[] = {
		1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 5 * PAGE_SIZE + 123, 300 * PAGE_SIZE,
		1000 * PAGE_SIZE + 1,
	};
	const uint32_t n = sizeof(sizes) / sizeof(sizes[0]);
	uint32_t i, pool, size, base, with, shifted, grow, bad = 0, exact = 0;

	for (i = 0; i < n + 10; i++) {
		pool = i < n ? 5 : rng_below(r, 3000);
		size = i < n ? sizes[i] : rng_range(r, 1, 2000 * PAGE_SIZE);
		base = with = shifted = 0;
		if (loader_count_pages(img->data, img->size, pool, 0, &base) ||
		    loader_count_pages(img->data, img->size, pool, size,
				       &with) ||
		    loader_count_pages(img->data, img->size,
				       pool + pages_for(size), 0, &shifted)) {
			bad++;
			continue;
		}
		/* What the tables grow by between the two sizes. */
		grow = pages_for(with * 8) - pages_for(base * 8) +
		       pages_for(with * (uint32_t)sizeof(struct m2p_entry)) -
		       pages_for(base * (uint32_t)sizeof(struct m2p_entry)) +
		       (with + PAE_ENTRIES - 1) / PAE_ENTRIES -
		       (base + PAE_ENTRIES - 1) / PAE_ENTRIES;
		if (with != base + pages_for(size) + grow || with != shifted) {
			note("pool %u, %u-byte header: %u pages, %u without, "
			     "%u with a bigger pool", pool, size, with, base,
			     shifted);
			bad++;
		}
		exact += i < n && with == base + pages_for(size);
	}
	CHECK(bad == 0, "loader_count_pages: an elfcorehdr of N bytes "
	      "counts pages_for(N) pages more, plus the bigger tables (%u "
	      "wrong)", bad);
	CHECK(exact >= 4, "loader_count_pages: small elfcorehdrs add "
	      "exactly pages_for(N) pages (%u of %u)", exact, n);
	CHECK(loader_count_pages(img->data, img->size, 5, 0, &base) ==
	      LOADER_OK &&
	      loader_count_pages(img->data, img->size, 5, 1, &with) ==
	      LOADER_OK && with == base + 1,
	      "loader_count_pages: a 1-byte elfcorehdr is one page more");
}

/* loader_strerror: a distinct non-empty message for every code. */
static void test_strerror(void)
{
	int i, j, ok = 1;

	for (i = 0; i < LOADER_ERR_NR; i++) {
		const char *a = loader_strerror(i);

		if (!a || !a[0])
			ok = 0;
		for (j = 0; ok && j < i; j++)
			if (!strcmp(a, loader_strerror(j)))
				ok = 0;
	}
	CHECK(ok, "loader_strerror: %d distinct non-empty messages",
	      LOADER_ERR_NR);
	CHECK(loader_strerror(LOADER_ERR_NR) && loader_strerror(-1) &&
	      loader_strerror(LOADER_ERR_NR)[0],
	      "loader_strerror of an unknown code is a message");
	for (i = 0, ok = 1; i < LOADER_ERR_NR + 1; i++)
		if (i != LOADER_ERR_BAD_PARAMS &&
		    !strcmp(loader_strerror(LOADER_ERR_BAD_PARAMS),
			    loader_strerror(i)))
			ok = 0;
	CHECK(ok && loader_strerror(LOADER_ERR_BAD_PARAMS)[0],
	      "loader_strerror(LOADER_ERR_BAD_PARAMS) is its own message: "
	      "%s", loader_strerror(LOADER_ERR_BAD_PARAMS));
}

/* ---- Fuzz ------------------------------------------------------------ */

/* Runs one build on @bytes (an exact-size copy); 1 if the code is sane. */
static int fuzz_one(struct machine *m, const uint8_t *bytes, size_t size,
		    enum loader_err *err)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct loader_params p = {
		.image = copy, .image_size = size, .pool_pages = 1,
		.max_mfn = MACHINE_MFNS, .phys_bits = 48,
	};
	struct loader_result res;
	int sane;

	memcpy(copy, bytes, size);
	machine_reset(m, 0);
	*err = build_stale(m, &p, &res, 2 * m->nr);
	sane = (unsigned int)*err < LOADER_ERR_NR && m->bad_maps == 0;
	if (*err == LOADER_OK)
		sane = sane && recompute(m, &res.si) == res.si.checksum &&
		       res.si.handoff_maddr < CAPTURE_KERNEL_BASE;
	free(copy);
	return sane;
}

/* Every prefix of the valid image: the right error, never a crash. */
static void test_truncation(struct machine *m, const struct image *img)
{
	size_t phdrs_end = EHDR_SIZE + img->nr_phdrs * PHDR_SIZE, len;
	uint32_t insane = 0, wrong = 0;
	enum loader_err err, want;

	notes = 0;

	for (len = 0; len <= img->size; len++) {
		if (!fuzz_one(m, img->data, len, &err))
			insane++;
		if (len < EHDR_SIZE)
			want = LOADER_ERR_NOT_ELF;
		else if (len < phdrs_end)
			want = LOADER_ERR_BAD_PHDRS;
		else if (len < img->size)
			want = LOADER_ERR_SEG_OUTSIDE_FILE;
		else
			want = LOADER_OK;
		if (err != want) {
			if (!wrong)
				note("prefix %zu: %s", len,
				     loader_strerror(err));
			wrong++;
		}
	}
	CHECK(insane == 0 && wrong == 0,
	      "every prefix 0..%zu of the image fails cleanly with the "
	      "expected code (%u insane, %u unexpected)", img->size, insane,
	      wrong);
}

/* Random byte and field corruptions of the headers. */
static void test_corruption(struct machine *m, const struct image *img,
			    struct rng *r)
{
	static const uint32_t nasty[] = {
		0, 1, 0x7fffffff, 0x80000000u, 0xffffffffu, 0xfffff000u,
		CAPTURE_KERNEL_BASE, CAPTURE_KERNEL_BASE - 1, 0xC4000000u,
		EHDR_SIZE, PHDR_SIZE, PAGE_SIZE,
	};
	size_t hdr = EHDR_SIZE + img->nr_phdrs * PHDR_SIZE;
	uint8_t *copy = malloc(img->size);
	uint32_t i, j, insane = 0, ok = 0, n;
	enum loader_err err;

	for (i = 0; i < 600; i++) {
		memcpy(copy, img->data, img->size);
		n = 1 + rng_below(r, 4);
		for (j = 0; j < n; j++) {
			size_t off = rng_below(r, hdr - 3);

			if (i & 1)	/* a whole field, a nasty value */
				put32(copy + (off & ~(size_t)3),
				      nasty[rng_below(r, 12)]);
			else
				copy[off] ^= (uint8_t)rng_range(r, 1, 255);
		}
		if (!fuzz_one(m, copy, img->size, &err))
			insane++;
		ok += err == LOADER_OK;
	}
	CHECK(insane == 0, "600 header corruptions: a sane result every time "
	      "(%u built fine)", ok);
	free(copy);
}

int main(void)
{
	uint64_t seed;
	struct machine *m;
	struct image img;
	struct rng r;
	uint32_t nr = 0;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	seed = check_seed(20240611);
	test_strerror();
	for (i = 0; i < NR_SEEDS; i++)
		test_good_builds(seed + i, i);
	rng_init(&r, seed);
	test_contiguous(&r);
	test_max_segments(&r);
	test_full_pt(&r);
	default_image(&img, &r);
	loader_count_pages(img.data, img.size, 5, 0, &nr);
	m = machine_new(&r, nr + IDENT_RESERVE + 64, 1, 0);
	test_err_identity(m, &img);
	test_err_no_load(m, &img);
	test_err_too_many(m, &r);
	test_err_segments(m, &img);
	test_touching(m, &img);
	test_err_size(m, &img);
	test_cmdline(m, &img);
	test_err_elfcorehdr(m, &img);
	test_err_dry(m, &img, &r);
	test_err_bad_frames(m, &img, &r);
	test_err_params(m, &img);
	test_count_elfcorehdr(&img, &r);
	test_truncation(m, &img);
	test_corruption(m, &img, &r);
	machine_free(m);
	free(img.data);
	return check_exit();
}

