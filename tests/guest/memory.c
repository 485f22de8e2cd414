// SPDX-License-Identifier: GPL-2.0
/* RAM map, harness paging and the random frame source.  See memory.h. */
#include "memory.h"
#include "arch/i386/cpu.h"
#include <p2mdump/pae.h>
#include "lib/printk.h"

#define IDENT_GIB	3			/* identity-mapped: 0..3 GiB */
#define WINDOW_VADDR	0xFFE00000u		/* one page for high frames */
#define TWO_MIB		0x200000ull

static uint64_t pdpt[PDPT_ENTRIES] __attribute__((aligned(32)));
static uint64_t pd[PDPT_ENTRIES][PAE_ENTRIES] __attribute__((aligned(4096)));
static uint64_t window_pt[PAE_ENTRIES] __attribute__((aligned(4096)));

void paging_init(void)
{
	uint32_t g, i;

	for (g = 0; g < PDPT_ENTRIES; g++) {
		pdpt[g] = (uint32_t)(uintptr_t)pd[g] | PAE_P;
		for (i = 0; g < IDENT_GIB && i < PAE_ENTRIES; i++)
			pd[g][i] = (((uint64_t)g << 30) + i * TWO_MIB) |
				   PAE_P | PAE_RW | PAE_PS;
	}
	pd[3][pae_pd_index(WINDOW_VADDR)] =
		(uint32_t)(uintptr_t)window_pt | PAE_P | PAE_RW;
	write_cr4(read_cr4() | CR4_PAE);
	write_cr3((uint32_t)(uintptr_t)pdpt);
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
}

static void *map_frame(void *ctx, uint64_t mfn)
{
	(void)ctx;
	if (mfn < ((uint64_t)IDENT_GIB << 18))
		return (void *)(uintptr_t)mfn_to_maddr(mfn);
	window_pt[0] = mfn_to_maddr(mfn) | PAE_P | PAE_RW;
	invlpg(WINDOW_VADDR);
	return (void *)WINDOW_VADDR;
}

static uint64_t next_random(struct machine_mem *mem)
{
	mem->rng ^= mem->rng >> 12;
	mem->rng ^= mem->rng << 25;
	mem->rng ^= mem->rng >> 27;
	return mem->rng * 0x2545F4914F6CDD1Dull;
}

/* A frame is usable if free, not reserved, and not next to a pick. */
static int usable(const struct machine_mem *mem, uint64_t mfn,
		  uint64_t below)
{
	uint32_t i;

	if (mfn < mem->reserved_end_mfn || mfn >= below)
		return 0;
	for (i = 0; i < mem->nr_picked; i++)
		if (mfn + 1 >= mem->picked[i] && mfn <= mem->picked[i] + 1)
			return 0;
	return 1;
}

/* Uniform over all RAM: with -m 6G half the frames lie above 4 GiB. */
static uint64_t pick_frame(void *ctx, unsigned int flags)
{
	struct machine_mem *mem = ctx;
	uint64_t below = MFN_INVALID, total = 0, r;
	uint32_t i, tries;

	if (flags & FRAME_IDENT)
		below = maddr_to_mfn((uint64_t)IDENT_GIB << 30);
	if (mem->nr_picked == MAX_PICKS ||
	    (mem->limit && mem->nr_picked == mem->limit))
		return MFN_INVALID;
	for (i = 0; i < mem->nr_ram; i++)
		total += mem->ram[i].end_mfn - mem->ram[i].first_mfn;
	for (tries = 0; tries < 100000; tries++) {
		r = next_random(mem) % total;
		for (i = 0; r >= mem->ram[i].end_mfn - mem->ram[i].first_mfn; i++)
			r -= mem->ram[i].end_mfn - mem->ram[i].first_mfn;
		r += mem->ram[i].first_mfn;
		if (usable(mem, r, below)) {
			mem->picked[mem->nr_picked++] = r;
			return r;
		}
	}
	return MFN_INVALID;
}

void mem_frame_source(struct machine_mem *mem, struct frame_source *src)
{
	src->ctx = mem;
	src->alloc = pick_frame;
	src->map = map_frame;
}

int mem_init(struct machine_mem *mem, const struct mb_info *mbi,
	     uint64_t seed, uint32_t reserved_end)
{
	uint32_t off = 0;

	mem->nr_ram = 0;
	mem->max_mfn = 0;
	mem->nr_picked = 0;
	mem->rng = seed ? seed : 1;
	mem->reserved_end_mfn = maddr_to_mfn(reserved_end + 0x3fffffu) &
				~0x3ffull;	/* round up to 4 MiB */
	if (!(mbi->flags & MB_INFO_MMAP)) {
		printk("harness: no memory map from the boot loader\n");
		return -1;
	}
	while (off < mbi->mmap_length && mem->nr_ram < MAX_RAM_RANGES) {
		const struct mb_mmap_entry *e =
			(const void *)(uintptr_t)(mbi->mmap_addr + off);
		uint64_t first = maddr_to_mfn(page_round_up(e->addr));
		uint64_t end = maddr_to_mfn(e->addr + e->len);

		if (e->type == MB_MEMORY_RAM && end > first) {
			mem->ram[mem->nr_ram].first_mfn = first;
			mem->ram[mem->nr_ram++].end_mfn = end;
			if (end > mem->max_mfn)
				mem->max_mfn = end;
		}
		off += e->size + 4;
	}
	return mem->nr_ram ? 0 : -1;
}
