// SPDX-License-Identifier: GPL-2.0
/*
 * corrupt.ko: TEST ONLY.  Damages one thing the capture kernel's filter
 * (filter/) reads in the crashed kernel, right before the test panics it
 * (guest-init.sh p2mcorrupt=, tests/linux/t_corrupt.sh):
 *
 *   insmod corrupt.ko what=pte      a vmemmap PTE: bit 51 set
 *   insmod corrupt.ko what=section  a mem_section's section_mem_map:
 *                                   a user-half address, flags kept
 *   insmod corrupt.ko what=handoff maddr=M
 *                                   one byte of the handoff code in p2mdump's
 *                                   handoff page at M (`p2mdump status`):
 *                                   the panic path must refuse to jump
 *                                   (t_linux.sh, docs/handoff.md)
 *
 * Both aim at the struct pages of one quiet free block: the last
 * MAX_ORDER - 1 block on the movable free list of node 0's highest zone.
 * The allocator takes blocks from the head of that list, so this one is
 * split only after every other block of its order, and nothing else reads
 * the struct pages of a free block (its buddy, at MAX_ORDER - 1, never
 * merges).  Its struct pages are what a dump at level 31 needs to drop
 * the block as free: with them unreadable the filter must keep it.
 *
 * The module then stays loaded (no exit function: it cannot be undone),
 * and prints one line for the host:
 *
 *   P2MTEST-CORRUPT what=pte pfn=P nr=N block=B order=O ...
 *
 * pfn, nr: the frames whose struct pages the damaged entry covers; block,
 * order: the free block.  Only exported symbols are used: lookup_address,
 * node_data, mem_section, __flush_tlb_all, and the vmemmap_base and
 * page_offset_base behind page_to_pfn() and __pa().
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/spinlock.h>
#include <asm/io.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

static char *what = "";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "pte, section or handoff: what to corrupt");
static unsigned long maddr;
module_param(maddr, ulong, 0444);
MODULE_PARM_DESC(maddr, "what=handoff: the handoff page (p2mdump status)");

/* Bit 51: an address bit above any RAM and above MAXPHYADDR (5-level:
 * a frame outside RAM; 4-level, MAX_PHYSMEM_BITS 46: a reserved bit). */
#define BAD_PTE_BIT		(1ULL << 51)
/* A section_mem_map in the user half: no kernel address, so no map. */
#define BAD_SECTION_MAP		0x0000dead00000000ULL

/* Node 0's highest zone with a free block of the largest order. */
static struct zone *zone_with_big_block(void)
{
	struct pglist_data *pgdat = NODE_DATA(0);
	int i;

	for (i = MAX_NR_ZONES - 1; i >= 0; i--) {
		struct zone *z = &pgdat->node_zones[i];

		if (populated_zone(z) &&
		    !list_empty(&z->free_area[MAX_ORDER - 1].free_list[MIGRATE_MOVABLE]))
			return z;
	}
	return NULL;
}

/* The tail of @z's movable free list of the largest order (zone->lock held). */
static struct page *quiet_free_block(struct zone *z)
{
	struct list_head *l = &z->free_area[MAX_ORDER - 1].free_list[MIGRATE_MOVABLE];

	if (list_empty(l))
		return NULL;
	return list_last_entry(l, struct page, buddy_list);
}

/*
 * Replaces the 2 MiB vmemmap mapping at @pmd by a table of 512 4 KiB PTEs
 * in @table that map the same frames with the same attributes, so that
 * one PTE can be damaged without touching 128 MiB worth of struct pages.
 * Not a corruption: a split like the kernel's own (split_large_page()).
 * The other CPU may keep the old 2 MiB TLB entry: it translates the same.
 */
static void split_vmemmap_pmd(pmd_t *pmd, pte_t *table)
{
	pgprot_t prot = pgprot_large_2_4k(pmd_pgprot(*pmd));
	unsigned long pfn = pmd_pfn(*pmd);
	int i;

	for (i = 0; i < PTRS_PER_PTE; i++)
		set_pte(&table[i], pfn_pte(pfn + i, prot));
	set_pmd(pmd, __pmd(__pa(table) | _KERNPG_TABLE));
	__flush_tlb_all();
}

/*
 * what=pte: the PTE that maps the page of struct pages holding @block's
 * head (its first 4096 / sizeof(struct page) frames) gets BAD_PTE_BIT.
 * Safe until the panic: those struct pages belong to the free block only
 * (its head is 64-frame aligned, so one 4 KiB page of struct pages holds
 * nothing else), and no CPU reads them unless the block is allocated,
 * which takes every other block of its order first.  A CPU that still
 * holds the entry in its TLB would even read them fine.  The capture
 * kernel reads page tables from memory, not from a TLB: it sees the bit.
 */
static int corrupt_pte(struct page *block, pte_t *table, bool *split)
{
	unsigned long va = (unsigned long)block, pfn = page_to_pfn(block);
	unsigned int level;
	pte_t *pte = lookup_address(va, &level);
	pteval_t old;

	if (!pte || (level != PG_LEVEL_2M && level != PG_LEVEL_4K))
		return -ENXIO;
	*split = level == PG_LEVEL_2M;
	if (*split)
		split_vmemmap_pmd((pmd_t *)pte, table);
	pte = lookup_address(va, &level);
	if (!pte || level != PG_LEVEL_4K)
		return -ENXIO;
	old = pte_val(*pte);
	set_pte(pte, __pte(old | BAD_PTE_BIT));
	pr_info("P2MTEST-CORRUPT what=pte pfn=%lu nr=%lu block=%lu order=%d "
		"vmemmap=%#lx pte_pa=%#llx old=%#llx new=%#llx split=%d\n",
		pfn, PAGE_SIZE / sizeof(struct page), pfn, MAX_ORDER - 1, va,
		(unsigned long long)__pa(pte), (unsigned long long)old,
		(unsigned long long)pte_val(*pte), *split);
	return 0;
}

/*
 * what=section: the section holding @block gets a section_mem_map in the
 * user half, its flag bits (present, has-mem-map, online, early) kept.
 * Safe until the panic: with SPARSEMEM_VMEMMAP the kernel finds a struct
 * page as vmemmap + pfn and never decodes section_mem_map (only memory
 * hot-(un)plug does, and nothing plugs here); pfn_valid() and
 * pfn_to_online_page() read only the flag bits, which are unchanged.
 */
static int corrupt_section(struct page *block)
{
	unsigned long pfn = page_to_pfn(block), nr = pfn_to_section_nr(pfn);
	struct mem_section *ms = __nr_to_section(nr);
	unsigned long old;

	if (!ms)
		return -ENXIO;
	old = READ_ONCE(ms->section_mem_map);
	WRITE_ONCE(ms->section_mem_map, BAD_SECTION_MAP | (old & ~SECTION_MAP_MASK));
	pr_info("P2MTEST-CORRUPT what=section pfn=%lu nr=%lu block=%lu order=%d "
		"section=%lu old=%#lx new=%#lx\n", section_nr_to_pfn(nr),
		PAGES_PER_SECTION, pfn, MAX_ORDER - 1, nr, old,
		READ_ONCE(ms->section_mem_map));
	return 0;
}

/* what=handoff: flips the first byte of the handoff code (offset 64). */
static int corrupt_handoff(void)
{
	u8 *code;

	if (!maddr || !PAGE_ALIGNED(maddr) || !pfn_valid(PHYS_PFN(maddr)))
		return -EINVAL;
	code = (u8 *)phys_to_virt(maddr) + 64;
	*code ^= 0xff;
	pr_info("P2MTEST-CORRUPT what=handoff maddr=0x%lx\n", maddr);
	return 0;
}

static int __init corrupt_init(void)
{
	struct page *table_page = NULL, *block;
	struct zone *z;
	unsigned long flags;
	int pte = !strcmp(what, "pte"), err;
	bool split = false;

	if (!strcmp(what, "handoff"))
		return corrupt_handoff();
	if (!pte && strcmp(what, "section"))
		return -EINVAL;
	/* Before the block is chosen: allocating may split blocks. */
	if (pte) {
		table_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!table_page)
			return -ENOMEM;
	}
	z = zone_with_big_block();
	if (!z) {
		if (table_page)
			__free_page(table_page);
		return -ENOSPC;
	}
	/* Under the zone lock: the block stays free while it is damaged. */
	spin_lock_irqsave(&z->lock, flags);
	block = quiet_free_block(z);
	if (!block)
		err = -ENOSPC;
	else if (pte)
		err = corrupt_pte(block, page_address(table_page), &split);
	else
		err = corrupt_section(block);
	spin_unlock_irqrestore(&z->lock, flags);
	/* The table page, once in use, stays: never freed. */
	if (table_page && !split)
		__free_page(table_page);
	return err;
}
module_init(corrupt_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("p2mdump test: corrupts a page-table or mem_section entry before a panic");
