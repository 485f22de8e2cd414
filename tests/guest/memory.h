/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness's view of machine memory: the RAM map from Multiboot, PAE
 * paging with 0..3 GiB identity-mapped and a one-page window for frames
 * above, and a seeded random frame source for the loader core.
 */
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include <stdint.h>
#include "multiboot.h"
#include "loader/core/build.h"

#define MAX_RAM_RANGES	16
#define MAX_PICKS	4096

struct ram_range {
	uint64_t first_mfn, end_mfn;	/* [first, end) */
};

struct machine_mem {
	struct ram_range ram[MAX_RAM_RANGES];
	uint32_t nr_ram;
	uint64_t max_mfn;		/* end of the highest RAM range */
	uint64_t reserved_end_mfn;	/* harness, modules: never picked */
	uint64_t rng;			/* xorshift64* state */
	uint64_t picked[MAX_PICKS];
	uint32_t nr_picked;
	uint32_t limit;			/* run dry after this many (0: none) */
};

/* Reads the RAM map; returns 0 or -1 with a message printed. */
int mem_init(struct machine_mem *mem, const struct mb_info *mbi,
	     uint64_t seed, uint32_t reserved_end);

/* Turns on PAE paging with the harness's own tables. */
void paging_init(void);

/* The loader core's frame source over @mem. */
void mem_frame_source(struct machine_mem *mem, struct frame_source *src);

#endif
