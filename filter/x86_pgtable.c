// SPDX-License-Identifier: GPL-2.0
/* A crashed x86_64 kernel's page tables, walked untrusted.  See x86_pgtable.h. */
#include "x86_pgtable.h"
#include <p2mdump/page.h>

#define PTE_PRESENT	(1ull << 0)
#define PTE_PS		(1ull << 7)
#define PTE_ADDR_BITS	0x000ffffffffff000ull	/* bits 12..51 */
#define PTES_PER_TABLE	512u

/* The vaddr bits below level @level's entries: 12, 21, 30, 39, 48. */
static uint32_t level_shift(uint32_t level)
{
	return PAGE_SHIFT + 9 * (level - 1);
}

int pgt_init(struct x86_pgtable *pt, uint64_t root, uint32_t levels,
	     uint64_t sme_mask, uint32_t phys_bits, const struct ram_map *ram,
	     oldmem_read_fn read, void *ctx)
{
	if ((levels != 4 && levels != 5) || phys_bits < 36 || phys_bits > 52 ||
	    !read || !ram)
		return -1;
	*pt = (struct x86_pgtable){ 0 };
	pt->read = read;
	pt->ctx = ctx;
	pt->ram = ram;
	pt->root = root;
	pt->sme_mask = sme_mask;
	pt->frame_mask = PTE_ADDR_BITS & ((1ull << phys_bits) - 1);
	pt->levels = levels;
	return 0;
}

const char *pgt_init_vmcoreinfo(struct x86_pgtable *pt,
				const struct vmcoreinfo *vi,
				const struct ram_map *ram,
				oldmem_read_fn read, void *ctx)
{
	uint64_t top, phys_base, l5, sme = 0, bits = 52;

	if (vmcoreinfo_number(vi, "SYMBOL(init_top_pgt)", &top) ||
	    top < PGT_START_KERNEL_MAP)
		return "SYMBOL(init_top_pgt)";
	if (vmcoreinfo_number(vi, "NUMBER(phys_base)", &phys_base))
		return "NUMBER(phys_base)";
	if (vmcoreinfo_number(vi, "NUMBER(pgtable_l5_enabled)", &l5) || l5 > 1)
		return "NUMBER(pgtable_l5_enabled)";
	vmcoreinfo_number(vi, "NUMBER(sme_mask)", &sme);
	if (!vmcoreinfo_number(vi, "NUMBER(MAX_PHYSMEM_BITS)", &bits) &&
	    (bits < 36 || bits > 52))
		return "NUMBER(MAX_PHYSMEM_BITS)";
	top = top - PGT_START_KERNEL_MAP + phys_base;
	if (offset_in_page(top) || !ram_contains(ram, top, PAGE_SIZE))
		return "SYMBOL(init_top_pgt)";
	if (pgt_init(pt, top, l5 ? 5 : 4, sme, (uint32_t)bits, ram, read, ctx))
		return "NUMBER(MAX_PHYSMEM_BITS)";
	return NULL;
}

void pgt_flush(struct x86_pgtable *pt)
{
	pt->leaf_size = 0;
	pt->tbl_level = 0;
}

/* True if @vaddr's top bits copy its highest translated bit (47 or 56). */
static int canonical(const struct x86_pgtable *pt, uint64_t vaddr)
{
	uint32_t top = level_shift(pt->levels) + 8;	/* 47 or 56 */
	uint64_t high = vaddr >> top;

	return high == 0 || high == (~0ull >> top);
}

/*
 * Checks entry @e of a table at @level and finds what it points at:
 * *@frame (next table, or the leaf's first byte) and *@size (0 for a
 * table, else the leaf's size).
 */
static enum pgt_err check_entry(const struct x86_pgtable *pt, uint64_t e,
				uint32_t level, uint64_t *frame,
				uint64_t *size)
{
	uint64_t large;

	e &= ~pt->sme_mask;
	if (!(e & PTE_PRESENT))
		return PGT_NOT_PRESENT;
	if (e & PTE_ADDR_BITS & ~pt->frame_mask)
		return PGT_RESERVED;
	*frame = e & pt->frame_mask;
	*size = 0;
	if (level == 1) {
		*size = PAGE_SIZE;
	} else if (e & PTE_PS) {
		if (level > 3)
			return PGT_RESERVED;
		large = 1ull << level_shift(level);
		/* Bit 12 is the large page's PAT bit; 13 .. shift-1 reserved. */
		if (*frame & (large - 1) & ~(2ull * PAGE_SIZE - 1))
			return PGT_RESERVED;
		*frame &= ~(large - 1);
		*size = large;
	}
	return PGT_OK;
}

/* The error @err, counted. */
static enum pgt_err fail(struct x86_pgtable *pt, enum pgt_err err)
{
	pt->stats.err[err]++;
	return err;
}

/* The leaf's answer for @vaddr, if its 4 KiB frame is RAM. */
static enum pgt_err leaf_maddr(struct x86_pgtable *pt, uint64_t vaddr,
			       uint64_t *maddr)
{
	uint64_t ma = pt->leaf_ma + (vaddr - pt->leaf_va);

	if (!ram_contains(pt->ram, page_round_down(ma), PAGE_SIZE))
		return fail(pt, PGT_OUTSIDE_RAM);
	*maddr = ma;
	return PGT_OK;
}

/* Remembers the leaf found at @level of table @tbl for @vaddr. */
static void cache_leaf(struct x86_pgtable *pt, uint64_t vaddr, uint32_t level,
		       uint64_t tbl, uint64_t frame, uint64_t size)
{
	uint64_t span = size * PTES_PER_TABLE;

	pt->leaf_va = vaddr & ~(size - 1);
	pt->leaf_size = size;
	pt->leaf_ma = frame;
	pt->tbl_level = level;
	pt->tbl_ma = tbl;
	pt->tbl_va = vaddr & ~(span - 1);
}

enum pgt_err pgt_translate(struct x86_pgtable *pt, uint64_t vaddr,
			   uint64_t *maddr)
{
	uint64_t seen[5], tbl = pt->root, e, frame, size;
	uint32_t level = pt->levels, nseen = 0, i;
	enum pgt_err err;

	if (!canonical(pt, vaddr))
		return fail(pt, PGT_NONCANONICAL);
	if (pt->leaf_size && vaddr - pt->leaf_va < pt->leaf_size) {
		pt->stats.leaf_hits++;
		return leaf_maddr(pt, vaddr, maddr);
	}
	pt->stats.walks++;
	if (pt->tbl_level && pt->tbl_level < pt->levels &&
	    (vaddr & ~((1ull << level_shift(pt->tbl_level + 1)) - 1)) == pt->tbl_va) {
		tbl = pt->tbl_ma;
		level = pt->tbl_level;
	}
	for (;;) {
		seen[nseen++] = tbl;
		i = (uint32_t)(vaddr >> level_shift(level)) & (PTES_PER_TABLE - 1);
		if (pt->read(pt->ctx, tbl + 8ull * i, &e, sizeof(e)))
			return fail(pt, PGT_READ);
		err = check_entry(pt, e, level, &frame, &size);
		if (err)
			return fail(pt, err);
		if (size)
			break;
		if (!ram_contains(pt->ram, frame, PAGE_SIZE))
			return fail(pt, PGT_OUTSIDE_RAM);
		for (i = 0; i < nseen; i++)
			if (seen[i] == frame)
				return fail(pt, PGT_LOOP);
		tbl = frame;
		level--;
	}
	cache_leaf(pt, vaddr, level, tbl, frame, size);
	return leaf_maddr(pt, vaddr, maddr);
}

enum pgt_err pgt_read(struct x86_pgtable *pt, uint64_t vaddr, void *dst,
		      uint32_t len)
{
	uint8_t *p = dst;
	uint64_t ma;
	uint32_t n;
	enum pgt_err err;

	while (len) {
		n = PAGE_SIZE - offset_in_page(vaddr);
		if (n > len)
			n = len;
		err = pgt_translate(pt, vaddr, &ma);
		if (err)
			return err;
		if (pt->read(pt->ctx, ma, p, n))
			return fail(pt, PGT_READ);
		vaddr += n;
		p += n;
		len -= n;
	}
	return PGT_OK;
}

const char *pgt_strerror(enum pgt_err err)
{
	static const char *const names[PGT_NR_ERR] = {
		[PGT_OK] = "ok",
		[PGT_NONCANONICAL] = "non-canonical address",
		[PGT_NOT_PRESENT] = "not present",
		[PGT_RESERVED] = "reserved bits set",
		[PGT_OUTSIDE_RAM] = "frame outside RAM",
		[PGT_LOOP] = "table loop",
		[PGT_READ] = "read failed",
	};

	return (unsigned int)err < PGT_NR_ERR ? names[err] : "?";
}

uint64_t pgt_errors(const struct pgt_stats *s)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 1; i < PGT_NR_ERR; i++)
		n += s->err[i];
	return n;
}
