// SPDX-License-Identifier: GPL-2.0
/* The isolated GDT page.  See gdt.h. */
#include "gdt.h"
#include "cpu.h"
#include "mmu.h"
#include "lib/bug.h"
#include "lib/printk.h"
#include "lib/string.h"

union gdt_page gdt_page
	__attribute__((section(".gdt_page"), aligned(4096))) = {
	.desc = {
		[GDT_KERNEL_CS / 8] = BOOT_DESC_CODE32,
		[GDT_KERNEL_DS / 8] = BOOT_DESC_DATA32,
	},
};

_Static_assert(sizeof(union gdt_page) == 4096, "GDT must fill its page");

static int sealed;

void gdt_init(void)
{
	struct desc_ptr d = {
		.limit = sizeof(gdt_page) - 1,
		.base = (uint32_t)(uintptr_t)&gdt_page,
	};

	lgdt(&d);
	load_segments(GDT_KERNEL_CS, GDT_KERNEL_DS);
}

/* Sets or clears RW on a GDT page's PTE: one update, flushed at once. */
static void page_set_writable(union gdt_page *page, int writable)
{
	pte_t *ptep = lookup_pte((uint32_t)(uintptr_t)page);
	uint64_t pseudo;

	BUG_ON(!ptep);
	BUG_ON(lazy_mmu_active());
	pseudo = pte_val(*ptep);
	pseudo = writable ? pseudo | PAE_RW : pseudo & ~PAE_RW;
	set_pte(ptep, __pte(pseudo));
}

static void gdt_set_writable(int writable)
{
	page_set_writable(&gdt_page, writable);
}

void gdt_page_init_readonly(union gdt_page *page)
{
	memset(page, 0, sizeof(*page));
	page->desc[GDT_KERNEL_CS / 8] = BOOT_DESC_CODE32;
	page->desc[GDT_KERNEL_DS / 8] = BOOT_DESC_DATA32;
	page_set_writable(page, 0);
}

void gdt_seal(void)
{
	if (!(read_cr0() & CR0_WP))
		write_cr0(read_cr0() | CR0_WP);	/* RO must bind ring 0 */
	gdt_set_writable(0);
	sealed = 1;
}

int gdt_sealed(void)
{
	return sealed;
}

void gdt_set_entry(unsigned int index, uint64_t desc)
{
	BUG_ON(index == 0 || index >= GDT_ENTRIES);
	if (sealed)
		gdt_set_writable(1);
	gdt_page.desc[index] = desc;
	if (sealed)
		gdt_set_writable(0);
}
