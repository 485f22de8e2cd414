// SPDX-License-Identifier: GPL-2.0
/*
 * lzo_bench=N, zlib_bench=N: LZO1X-1 or zlib level 1 over N pages of the
 * capture kernel's own memory (image, tables and zeroed pool, cycling),
 * timed with the TSC.  Each takes its work area and output from the pool
 * (LZO 18 pages, zlib 15: lib/pool_need.h), which the default pool's
 * margin (loader/core/pool.h) leaves room for, before a dump.
 */
#include "compress_bench.h"
#include "pool.h"
#include "lib/compress.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "arch/i386/pgtable.h"
#include "arch/i386/timer.h"

#define MEMSET_ROUNDS	64

/* Whole pages for @bytes from the pool. */
static void *pool_bytes(size_t bytes)
{
	return pool_alloc((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
}

/* Microseconds of one clear of LZO1X-1's 32 KiB dictionary (@work). */
static uint64_t memset_cost_us(void *work)
{
	uint64_t t0 = now_us();
	int i;

	for (i = 0; i < MEMSET_ROUNDS; i++)
		memset(work, 0, 32768);
	return (now_us() - t0) / MEMSET_ROUNDS;
}

void compress_bench(const struct start_info *si, enum compress_method m,
		    uint32_t pages)
{
	const char *name = m == COMPRESS_ZLIB ? "zlib" : "lzo";
	size_t work_size = compress_work_size(m);
	size_t out_size = compress_bound(m, PAGE_SIZE);
	void *work = pool_bytes(work_size), *out = pool_bytes(out_size);
	uint64_t in = 0, stored = 0, t0, us;
	struct compressor c;
	uint32_t i, raw = 0;

	if (compress_init(&c, m, work, work_size, out, out_size) != 0) {
		printk("%s-bench: compress_init failed\n", name);
		return;
	}
	t0 = now_us();
	for (i = 0; i < pages; i++) {
		size_t n = compress_page(&c, __va(pfn_to_paddr(i % si->nr_pages)),
					 PAGE_SIZE);

		in += PAGE_SIZE;
		stored += n ? n : PAGE_SIZE;
		raw += !n;
	}
	us = now_us() - t0;
	if (!us)
		us = 1;
	printk("%s-bench: %u pages, %llu bytes in, %llu out (%u raw), "
	       "%llu us, %llu.%llu MB/s\n", name, pages, in, stored, raw, us,
	       in / us, in * 10 / us % 10);
	if (m == COMPRESS_LZO1X_1)
		printk("lzo-bench: memset of the 32 KiB dictionary: %llu us\n",
		       memset_cost_us(work));
}
