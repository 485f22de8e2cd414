/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture kernel's page pool, planned: the pages a dump takes from it,
 * computed in this one place for both sides.  The capture kernel checks
 * its pool against it before it writes anything; the loader refuses at
 * load a pool below it (loader/core/pool.c), and sizes the default pool
 * from it.  Every pool_alloc() of the dump path is counted below; a guest
 * test dumps with a pool of exactly pool_need_max() pages and sees every
 * page but the disk-reopen reserve used, and one page fewer refused.
 *
 *   disk        POOL_DISK_PAGES, twice: end_incomplete() opens the disk
 *               afresh after a failed write (virtio-blk: new rings, new
 *               buffers; NVMe takes NVME_POOL_PAGES, capture/nvme.h, at
 *               most this twice, once: its reopen reuses them)
 *   dump        POOL_DUMP_PAGES: dump disk header, zero page, scatter list,
 *               the piece list of target_write() (capture/target.h)
 *   notes       POOL_NOTES_SCRATCH_PAGES to read one note buffer, and the
 *               merged notes: pages_for(notes_bytes)
 *   loads       the parsed PT_LOAD table: nr_loads * sizeof(core_load)
 *   elf         the vmcore's ELF header and 1 + nr_loads program headers
 *   kdump       bitmaps and page scratch, the writer's work blocks, the
 *               RAM ranges for the filter (nr_loads), and the compressor
 *               (LZO1X-1 work and output, or zlib's; none for raw)
 *   helpers     not the dump's: helper CPUs (capture/helpers.c) take
 *               POOL_HELPER_PAGES each and POOL_HELPERS_SHARED_PAGES once,
 *               and only what the pool holds beyond pool_need_max(); the
 *               loader adds pool_helpers_need() for the CPUs it names
 *
 * Freestanding arithmetic on counts (elfcore/vmcore.h, elfcorehdr_count):
 * the same answer on i386 and x86_64.
 */
#ifndef LIB_POOL_NEED_H
#define LIB_POOL_NEED_H

#include <p2mdump/types.h>
#include "elfcore/vmcore.h"

#define POOL_PAGES_FOR(bytes)	(((bytes) + 4095u) / 4096u)

#define POOL_DISK_PAGES		5	/* virtio: 3 ring pages; virtio-blk:
					 * request header, scatter list */
#define POOL_DUMP_PAGES		4	/* header, zero page, scatter list,
					 * the target's piece list */
#define POOL_NOTES_SCRATCH_PAGES POOL_PAGES_FOR(CORE_NOTE_READ_MAX)
#define POOL_KDUMP_DATA_BLOCKS	32u	/* kdump page data per request */
/* kdump/pages.h KDUMP_PAGES_SCRATCH_BLOCKS + kdump/writer.h
 * KDUMP_WORK_BLOCKS(POOL_KDUMP_DATA_BLOCKS); dump_kdump.c checks both. */
#define POOL_KDUMP_PAGES	(3u + 3u + POOL_KDUMP_DATA_BLOCKS)
/* lib/compress.c checks these against the i386 sizes it allocates. */
#define POOL_LZO_PAGES		(16u + 2u)	/* 64 KiB work, 4419 out */
#define POOL_ZLIB_PAGES		(14u + 1u)	/* 56 KiB work, 4096 out */
#define POOL_RAM_RANGE_BYTES	16u	/* filter/ram.h struct ram_range */

/* A helper CPU: its stack and GDT page (capture/helpers.c), then for its
 * page jobs (capture/dump_jobs.c) a compressor (LZO1X-1's, the larger), a
 * scratch page and two job slots' arenas of kdump/jobs.h's 16 pages. */
#define POOL_HELPER_PAGES	(2u + POOL_LZO_PAGES + 1u + 2u * 16u)
/* Once: the borrowed start page's bytes, the job tables, the boot CPU's
 * two job slots and scratch page, 4 bitmap 2 blocks waiting for jobs. */
#define POOL_HELPERS_SHARED_PAGES (1u + 2u + 2u * 16u + 1u + 4u)
#define POOL_HELPERS_MAX	15u	/* kdump/jobs.h: 16 workers, boot too */

/* The dump a pool is planned for: the capture kernel's format= and
 * compress= (dump_elf.c, dump_kdump.c). */
enum pool_format {
	POOL_ELF,
	POOL_KDUMP_RAW,
	POOL_KDUMP_LZO,
	POOL_KDUMP_ZLIB,
	POOL_NR_FORMATS,
};

/* Pool pages a dump in format @f takes for @c's loads and notes. */
uint32_t pool_need(enum pool_format f, const struct core_counts *c);

/* The most any format takes: what the loader asks of a pool. */
uint32_t pool_need_max(const struct core_counts *c);

/* Pool pages @helpers helper CPUs take (at most POOL_HELPERS_MAX count):
 * 0 for none. */
uint32_t pool_helpers_need(uint32_t helpers);

/* Pages for the vmcore's ELF header and 1 + @nr_loads program headers. */
uint32_t pool_elf_header_pages(uint32_t nr_loads);

#endif
