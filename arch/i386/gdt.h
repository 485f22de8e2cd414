/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDT lives alone on its own page: page-aligned, page-padded and
 * zero-filled, with nothing else on the page, and mapped read-only once
 * loaded (gdt_seal).  This is the rule Xen imposes on PV guests: the page
 * is write-protected, so anything sharing it would fault.  Entries change
 * only through gdt_set_entry(), which knows the page is read-only.
 */
#ifndef ARCH_I386_GDT_H
#define ARCH_I386_GDT_H

#include <stdint.h>
#include <p2mdump/start_info.h>

#define GDT_ENTRIES	512		/* one page of 8-byte descriptors */

/* The boot protocol's flat segments, kept at the selectors we entered with. */
#define GDT_KERNEL_CS	BOOT_CS
#define GDT_KERNEL_DS	BOOT_DS

union gdt_page {
	uint64_t desc[GDT_ENTRIES];
	uint8_t bytes[4096];
};

extern union gdt_page gdt_page;

void gdt_init(void);		/* lgdt + reload every segment register */
void gdt_seal(void);		/* map the GDT page read-only */
int gdt_sealed(void);
void gdt_set_entry(unsigned int index, uint64_t desc);
/* Fills @page (a page of its own) as a helper CPU's GDT, the boot GDT's
 * three entries, and maps it read-only before any CPU loads it. */
void gdt_page_init_readonly(union gdt_page *page);

#endif
