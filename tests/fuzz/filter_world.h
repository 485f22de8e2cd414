/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed machine fuzz_filter.c runs filter/ on: a fixed VMCOREINFO
 * (Debian 6.1's struct page, 4-level tables, SPARSEMEM_EXTREME) whose
 * every pointer leads into the fuzz input, which is oldmem from maddr 0.
 * gen_seeds.c builds a sane one; libFuzzer mutates tables, sections and
 * struct pages from there.  Small, so that the fuzzer runs fast: the two
 * walks share their PML4 and PDPT (the direct map: PML4 slot 273, PDPT
 * slot 0, a 1 GiB leaf at 0; vmemmap: PML4 slot 468, PDPT slot 1, PD slot
 * 2, PT slot 4).  A walk may not meet a table twice (PGT_LOOP).
 *
 *   maddr 0x0000   byte 0: dump level (& 31); byte 1: window frames - 1
 *         0x0100   mem_section roots; root 0 -> sections at 0x0200
 *         0x0200   sections (32 bytes each): 0 -> FW_MEMMAP
 *         0x1000   PML4, 0x2000 PDPT, 0x3000 PD, 0x4000 PT
 *         0x5000   struct pages of frames 0..63 (64 bytes each)
 *   RAM: [0, 192 KiB) and [224 KiB, 256 KiB): 56 frames in two ranges.
 */
#ifndef TESTS_FUZZ_FILTER_WORLD_H
#define TESTS_FUZZ_FILTER_WORLD_H

#include "tests/unit/page_layout_61.h"

#define FW_PAGE_OFFSET	0xffff888000000000ull
#define FW_ROOTS	0x100ull
#define FW_SECTIONS	0x200ull
#define FW_PML4		0x1000ull
#define FW_PDPT		0x2000ull
#define FW_PD		0x3000ull
#define FW_PT		0x4000ull
#define FW_PAGES	0x5000ull
#define FW_SIZE		0x6000ull
#define FW_FRAMES	64u
#define FW_RAM_FRAMES	56u
/* vmemmap base (0xffffea0000000000) + PDPT 1, PD 2, PT 4 */
#define FW_MEMMAP	0xffffea0040404000ull

static const char fw_vmcoreinfo[] =
	"OSRELEASE=6.1.0-fuzz\n"
	"PAGESIZE=4096\n"
	"SYMBOL(init_top_pgt)=ffffffff80001000\n"
	"NUMBER(phys_base)=0\n"
	"NUMBER(pgtable_l5_enabled)=0\n"
	"NUMBER(sme_mask)=0\n"
	"SYMBOL(mem_section)=ffff888000000100\n"
	"LENGTH(mem_section)=32768\n"
	"SIZE(mem_section)=32\n"
	"OFFSET(mem_section.section_mem_map)=0\n"
	"NUMBER(SECTION_SIZE_BITS)=24\n"
	"NUMBER(MAX_PHYSMEM_BITS)=46\n"
	PAGE_LAYOUT_61_VMCOREINFO;

#endif
