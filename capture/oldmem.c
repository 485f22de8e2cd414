// SPDX-License-Identifier: GPL-2.0
/* oldmem through the map window.  See oldmem.h. */
#include "oldmem.h"
#include "lib/string.h"
#include "arch/i386/mmu.h"

static uint64_t mfns[MAP_WINDOW_OLDMEM_PAGES];
static int batched = 1;
static uint64_t pages_mapped;

void oldmem_set_batched(int on)
{
	batched = on;
}

void *oldmem_map(uint64_t first_mfn, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		mfns[i] = first_mfn + i;
	pages_mapped += n;
	return map_window(mfns, n, batched);
}

int oldmem_read(void *ctx, uint64_t maddr, void *dst, uint32_t len)
{
	uint64_t first = maddr_to_mfn(maddr);
	uint64_t last = maddr_to_mfn(maddr + len - 1);
	uint8_t *vaddr;

	(void)ctx;
	if (len == 0)
		return 0;
	if (last - first + 1 > MAP_WINDOW_OLDMEM_PAGES)
		return -1;
	vaddr = oldmem_map(first, (uint32_t)(last - first + 1));
	memcpy(dst, vaddr + offset_in_page(maddr), len);
	return 0;
}

uint64_t oldmem_pages_mapped(void)
{
	return pages_mapped;
}
