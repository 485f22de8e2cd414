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

#define GDT_ENTRIES	512		/* one page of 8-byte descriptors */
#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10

/* Flat 4 GiB ring-0 segments, accessed bit preset so the CPU never
 * writes the (read-only) page when a selector is loaded. */
#define DESC_CODE32	0x00cf9b000000ffffull
#define DESC_DATA32	0x00cf93000000ffffull

union gdt_page {
	uint64_t desc[GDT_ENTRIES];
	uint8_t bytes[4096];
};

extern union gdt_page gdt_page;

void gdt_init(void);		/* lgdt + reload every segment register */
void gdt_seal(void);		/* map the GDT page read-only */
int gdt_sealed(void);
void gdt_set_entry(unsigned int index, uint64_t desc);

#endif
