/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot protocol between the loader and the capture kernel.
 *
 * The loader (domain builder) places every pseudo-physical page of the
 * capture kernel in a machine frame of its own, builds PAE page tables that
 * map  vaddr = CAPTURE_KERNEL_BASE + paddr  for every pfn, and enters the
 * capture kernel with paging on and ESI = vaddr of this start-info page.
 * docs/boot-protocol.md is the prose version of this header.
 *
 * Fixed-width fields only; 64-bit fields on 8-byte offsets, because i386
 * and x86_64 align uint64_t differently.
 */
#ifndef P2MDUMP_START_INFO_H
#define P2MDUMP_START_INFO_H

#include <p2mdump/page.h>

#define START_INFO_MAGIC	0x534d3250u	/* "P2MS" */
#define START_INFO_VERSION	3	/* 2: elfcorehdr in our own pages;
					 * 3: the dump target's extent map */

#define CAPTURE_KERNEL_BASE	0xC0000000	/* vaddr of pfn 0: PDPT slot 3 */
#define CAPTURE_MAX_PAGES	16384u		/* 64 MiB: kernel PD entries 0..31 */
#define CAPTURE_CMDLINE_MAX	512

/*
 * The handoff page (the last pfn, below 3 GiB, identity-mapped) holds the
 * PAE PDPT at offset 0, the handoff code from HANDOFF_CODE_OFFSET (the
 * loader's caller puts it there), and the entry stack at its top.  The
 * PDPT cannot be checksummed: processors may set its reserved A bit.
 */
#define HANDOFF_PDPT_OFFSET	0
#define HANDOFF_CODE_OFFSET	64

/* The handoff page is identity-mapped, so it must lie below the kernel map. */
#define HANDOFF_MFN_LIMIT	(CAPTURE_KERNEL_BASE >> PAGE_SHIFT)

/*
 * The segments the capture kernel is entered with: flat 4 GiB ring 0, the
 * accessed bit preset so the CPU never writes a (read-only) GDT page.  The
 * handoff, the guest harness and the capture kernel's own GDT all use them.
 */
#define BOOT_CS			0x08
#define BOOT_DS			0x10
#define BOOT_DESC_CODE32	0x00cf9b000000ffff
#define BOOT_DESC_DATA32	0x00cf93000000ffff

#ifndef __ASSEMBLY__
/* start_info.flags */
#define SIF_NO_ELFCOREHDR	0x1	/* no elfcorehdr: boot self-tests only */

struct start_info {
	uint32_t magic;			/* START_INFO_MAGIC */
	uint16_t version;		/* START_INFO_VERSION */
	uint16_t size;			/* sizeof(struct start_info) */
	uint64_t checksum;		/* see below; read as 0 while summing */

	uint32_t nr_pages;		/* pfns 0 .. nr_pages-1, all mapped */
	uint32_t flags;			/* SIF_* */
	uint32_t image_pages;		/* pfns [0, image_pages): the ELF image */
	uint32_t start_info_pfn;	/* this page */
	uint32_t p2m_pfn;		/* uint64_t mfn[nr_pages] */
	uint32_t p2m_pages;
	uint32_t m2p_pfn;		/* zeroed room for the kernel's m2p */
	uint32_t m2p_pages;
	uint32_t elfcorehdr_pfn;	/* the crashed system's ELF core header, */
	uint32_t elfcorehdr_size;	/* copied into our pages (bytes) */
	uint32_t pool_pfn;		/* zeroed pages the kernel may allocate */
	uint32_t pool_pages;
	uint32_t pdpt_offset;		/* PAE PDPT: in the handoff page */
	uint32_t pd_pfn;		/* PD of slot 3 (the kernel map) */
	uint32_t pt_pfn;		/* first of pt_pages PTs of the kernel map */
	uint32_t pt_pages;
	uint32_t ident_pd_pfn;		/* PD + PT that identity-map ... */
	uint32_t ident_pt_pfn;
	uint32_t handoff_pfn;		/* ... the handoff page */
	uint32_t phys_bits;		/* machine address width (MAXPHYADDR) */

	uint64_t handoff_maddr;		/* == its identity vaddr, < 3 GiB */
	uint64_t max_mfn;		/* machine frames are below this */
	uint32_t extent_map_pfn;	/* the dump target: struct dump_extent */
	uint32_t extent_map_count;	/* [count] (p2mdump/extent_map.h), in
					 * our pages; 0: none (no dump) */

	char cmdline[CAPTURE_CMDLINE_MAX];	/* NUL-terminated */
};

_Static_assert(sizeof(struct start_info) == 120 + CAPTURE_CMDLINE_MAX,
	       "start_info layout changed: bump START_INFO_VERSION");
_Static_assert(__builtin_offsetof(struct start_info, checksum) == 8,
	       "checksum must be at offset 8");
_Static_assert(__builtin_offsetof(struct start_info, handoff_maddr) % 8 == 0,
	       "64-bit fields need 8-byte offsets");

/*
 * The checksum covers every capture page in pfn order except the handoff
 * page (it holds the PDPT and the handoff code, and the capture kernel
 * uses it as its stack while it checks).  The algorithm is in lib/csum.h.
 */
#endif /* __ASSEMBLY__ */

#endif
