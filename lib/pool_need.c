// SPDX-License-Identifier: GPL-2.0
/* The capture kernel's pool, planned.  See pool_need.h for each part. */
#include "pool_need.h"
#include <p2mdump/elf64.h>
#include <p2mdump/page.h>

/* What every format takes: disk (twice), dump, notes, the load table. */
static uint32_t common_pages(const struct core_counts *c)
{
	return 2 * POOL_DISK_PAGES + POOL_DUMP_PAGES +
	       POOL_NOTES_SCRATCH_PAGES + (uint32_t)pages_for(c->notes_bytes) +
	       (uint32_t)pages_for((uint64_t)c->nr_loads *
				   sizeof(struct core_load));
}

uint32_t pool_elf_header_pages(uint32_t nr_loads)
{
	return (uint32_t)pages_for(sizeof(struct elf64_ehdr) +
				   (1ull + nr_loads) * sizeof(struct elf64_phdr));
}

/* The kdump writer, the filter's RAM ranges and @f's compressor. */
static uint32_t kdump_pages(enum pool_format f, const struct core_counts *c)
{
	uint32_t n = POOL_KDUMP_PAGES +
		     (uint32_t)pages_for((uint64_t)c->nr_loads *
					 POOL_RAM_RANGE_BYTES);

	if (f == POOL_KDUMP_LZO)
		n += POOL_LZO_PAGES;
	if (f == POOL_KDUMP_ZLIB)
		n += POOL_ZLIB_PAGES;
	return n;
}

uint32_t pool_need(enum pool_format f, const struct core_counts *c)
{
	if (f == POOL_ELF)
		return common_pages(c) + pool_elf_header_pages(c->nr_loads);
	return common_pages(c) + kdump_pages(f, c);
}

uint32_t pool_need_max(const struct core_counts *c)
{
	uint32_t most = 0, n;
	int f;

	for (f = 0; f < POOL_NR_FORMATS; f++) {
		n = pool_need((enum pool_format)f, c);
		if (n > most)
			most = n;
	}
	return most;
}

uint32_t pool_helpers_need(uint32_t helpers)
{
	if (!helpers)
		return 0;
	if (helpers > POOL_HELPERS_MAX)
		helpers = POOL_HELPERS_MAX;
	return POOL_HELPERS_SHARED_PAGES + helpers * POOL_HELPER_PAGES;
}
