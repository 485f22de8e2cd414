// SPDX-License-Identifier: GPL-2.0
/*
 * The kdump-compressed vmcore (format=kdump, the default), as makedumpfile
 * writes it and crash reads it: kdump/ lays it out and writes it through
 * a sink on the dump disk; this file hands it the crashed system's pages
 * through the map window, our own frames as zero pages, and compresses
 * each page with LZO1X-1 (compress=lzo, the default), zlib level 1
 * (compress=zlib: smaller, slower) or not (none).
 * dump_level=N (default 31) as makedumpfile's -d: bit 1, zero pages, by
 * the writer (one shared zero page, so crash reads them as zeros at any
 * level); bits 2-16 by filter/, from VMCOREINFO and the crashed kernel's
 * own page tables, walked without trusting them.
 */
#include "dump_int.h"
#include "dump_jobs.h"
#include "cmdline.h"
#include "oldmem.h"
#include "pool.h"
#include "kdump/pages.h"
#include "kdump/params.h"
#include "filter/filter.h"
#include "lib/compress.h"
#include "lib/pool_need.h"
#include "lib/printk.h"
#include "arch/i386/pgtable.h"
#include "arch/i386/timer.h"
#include "arch/i386/trap.h"

_Static_assert(KDUMP_PAGES_SCRATCH_BLOCKS +
	       KDUMP_WORK_BLOCKS(POOL_KDUMP_DATA_BLOCKS) == POOL_KDUMP_PAGES,
	       "lib/pool_need.h counts the kdump writer's pages");
_Static_assert(sizeof(struct ram_range) == POOL_RAM_RANGE_BYTES,
	       "lib/pool_need.h counts the filter's RAM ranges");

static struct {
	struct kdump_writer w;
	struct kdump_params p;
	struct kdump_counts c;
	struct kdump_source src;
	struct compressor comp;
	struct filter filter;		/* ~10 KiB, whatever the RAM size */
	struct ram_range *ram;		/* nr_loads of them (pool), the filter's */
} kd;

/* The sink: our buffers to the vmcore area of the dump target. */
static int sink_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	(void)ctx;
	return write_buffer(DUMPDISK_VMCORE_OFFSET + off, buf, len);
}

/* Zeros from the one zero page, a request of up to chunk_pages at a time. */
static int sink_zero(void *ctx, uint64_t off, uint64_t len)
{
	uint64_t n;

	(void)ctx;
	while (len) {
		dump.data.n = 0;
		for (n = 0; n < dump.chunk_pages && n * PAGE_SIZE < len; n++)
			if (sg_add_buffer(&dump.data, dump.zero_page, PAGE_SIZE) < 0)
				return -1;
		if (target_write(&dump.target, DUMPDISK_VMCORE_OFFSET + off,
				 &dump.data))
			return -1;
		off += n * PAGE_SIZE;
		len -= n * PAGE_SIZE;
	}
	return 0;
}

static const uint8_t *map(void *ctx, uint64_t mfn, uint32_t nr)
{
	(void)ctx;
	return oldmem_map(mfn, nr);
}

/* Our own frames hold the capture kernel, not the crashed system. */
static int blank(void *ctx, uint64_t mfn)
{
	(void)ctx;
	return mfn_to_pfn(mfn) != PFN_INVALID;
}

/* On any CPU, with its own compressor @cctx. */
static const uint8_t *compress(void *cctx, const uint8_t *page, uint32_t *size)
{
	struct compressor *c = cctx;

	*size = (uint32_t)compress_page(c, page, PAGE_SIZE);
	return *size ? c->out : (const uint8_t *)0;
}

/* What the dump disk header counts, from the writer's state. */
static void account(void)
{
	dump.written = kd.w.data_end;
	dump.zero_pages = kd.c.blank;
	dump.pages_dumped = kd.w.nr_kept - kd.c.blank;
}

static void on_progress(void *ctx, uint64_t pages_done)
{
	(void)ctx;
	account();
	progress(pages_done << PAGE_SHIFT, kd.c.dumpable << PAGE_SHIFT);
}

static uint64_t kdump_disk_digest(void)
{
	return kdump_digest(&kd.w);
}

/* What is on disk already says incomplete: descriptors past it are 0. */
static void kdump_cut(void)
{
	account();
}

static void on_fault(void)
{
	end_incomplete(DUMP_REASON_EXCEPTION, "exception in the capture kernel");
}

/* compress=lzo (default), zlib or none: sets up the source's compressor. */
static void choose_compression(void)
{
	enum compress_method m = COMPRESS_LZO1X_1;
	size_t work, out;

	if (cmdline_is("compress", "none"))
		return;
	if (cmdline_is("compress", "zlib"))
		m = COMPRESS_ZLIB;
	else if (cmdline_str("compress") && !cmdline_is("compress", "lzo"))
		fail("compress= wants lzo, zlib or none");
	work = compress_work_size(m);
	out = compress_bound(m, PAGE_SIZE);
	if (compress_init(&kd.comp, m, pool_alloc((uint32_t)pages_for(work)),
			  work, pool_alloc((uint32_t)pages_for(out)), out))
		fail(m == COMPRESS_ZLIB ? "zlib does not start" :
		     "LZO1X-1 does not start");
	kd.src.compress = compress;
	kd.src.cctx = &kd.comp;
	kd.src.compression = m == COMPRESS_ZLIB ? KDUMP_ZLIB : KDUMP_LZO;
}

/* Bitmap 2 block @i: the filter's dumpable frames of the window. */
static void filter_block(void *ctx, uint64_t i, const uint8_t *ram,
			 uint8_t *block)
{
	(void)ctx;
	(void)ram;
	filter_window(&kd.filter, i * KDUMP_BITMAP_PFNS, KDUMP_BITMAP_PFNS, block);
}

/*
 * dump_level=N (0..31, default 31): bits 2-16 go to the filter, which
 * keeps every page when VMCOREINFO lacks what it needs, and says so.
 * Zero pages are always stored once: the level recorded has bit 1 set.
 */
static uint32_t setup_filter(void)
{
	uint32_t level = DL_MAX, i;
	struct vmcoreinfo vi;
	const char *off;

	if (cmdline_str("dump_level") &&
	    (cmdline_u32("dump_level", &level) || level > DL_MAX))
		fail("dump_level= wants 0 to 31");
	if (!(level & ~DL_EXCLUDE_ZERO))
		return level | DL_EXCLUDE_ZERO;
	kd.ram = pool_alloc((uint32_t)pages_for((uint64_t)dump.core.nr_loads *
						sizeof(*kd.ram)));
	for (i = 0; i < dump.core.nr_loads; i++)
		kd.ram[i] = (struct ram_range){ dump.core.loads[i].maddr,
			dump.core.loads[i].maddr + dump.core.loads[i].size };
	if (vmcoreinfo_find(&vi, dump.notes, dump.notes_size))
		off = "no VMCOREINFO note";
	else
		off = filter_init(&kd.filter, &vi, kd.ram, dump.core.nr_loads,
				  oldmem_read, (void *)0, level);
	if (off) {
		printk("dump: filter off (%s): every RAM page kept\n", off);
		return DL_EXCLUDE_ZERO;
	}
	kd.src.filter = filter_block;
	return level | DL_EXCLUDE_ZERO;
}

/* The failed page-table walks by reason: " (1 frame outside RAM, ...)". */
static void print_pgt_reasons(const struct pgt_stats *s)
{
	const char *sep = " (";
	uint32_t e;

	for (e = PGT_OK + 1; e < PGT_NR_ERR; e++) {
		if (!s->err[e])
			continue;
		printk("%s%llu %s", sep, s->err[e], pgt_strerror((enum pgt_err)e));
		sep = ", ";
	}
	if (*sep == ',')
		printk(")");
}

/*
 * The filter's console lines: what it dropped, and what it could not
 * read, why, and how many frames that kept (bad sections and unreadable
 * struct pages count frames; the page-table errors count failed walks).
 */
static void filter_report(void)
{
	const struct filter_stats *st = &kd.filter.st;

	if (!kd.src.filter)
		return;
	printk("dump: filter: %llu of %llu RAM pages kept; excluded %llu free, "
	       "%llu cache, %llu private cache, %llu user, %llu hwpoison, "
	       "%llu offline\n", st->kept, st->ram, st->excluded[PAGE_FREE],
	       st->excluded[PAGE_CACHE], st->excluded[PAGE_CACHE_PRIVATE],
	       st->excluded[PAGE_USER], st->excluded[PAGE_HWPOISON],
	       st->excluded[PAGE_OFFLINE]);
	if (!filter_bad_entries(&kd.filter) && !st->bad_section && !st->unreadable)
		return;
	printk("dump: filter: %llu bad page-table entries",
	       filter_bad_entries(&kd.filter));
	print_pgt_reasons(&kd.filter.pt.stats);
	printk(", %llu pages in bad sections, %llu unreadable struct pages: "
	       "those pages kept\n", st->bad_section, st->unreadable);
}

void dump_kdump(void)
{
	uint32_t data_blocks = POOL_KDUMP_DATA_BLOCKS < dump.chunk_pages ?
			       POOL_KDUMP_DATA_BLOCKS : dump.chunk_pages;
	uint8_t *scratch = pool_alloc(KDUMP_PAGES_SCRATCH_BLOCKS);
	uint8_t *work = pool_alloc(KDUMP_WORK_BLOCKS(data_blocks));
	enum kdump_result r;
	uint64_t t;

	kd.src = (struct kdump_source){ .map = map, .blank = blank,
					.progress = on_progress };
	choose_compression();
	kdump_params_from_notes(&kd.p, &dump.core, dump.notes, dump.notes_size);
	kd.src.ctx = (void *)0;
	kd.p.dump_level = setup_filter();
	kd.p.compression = kd.src.compression;
	kdump_count(&dump.core, &kd.src, scratch, &kd.c);
	kd.p.nr_dumpable = kd.c.dumpable;
	filter_report();
	if (kd.src.filter)
		filter_stats_reset(&kd.filter);
	dump.digest = kdump_disk_digest;
	dump.cut = kdump_cut;
	printk("dump: kdump format, %s, dump level %u: %llu of %llu RAM pages, "
	       "%u cpus, %s\n", !kd.src.compress ? "uncompressed" :
	       kd.src.compression == KDUMP_ZLIB ? "zlib" : "lzo",
	       kd.p.dump_level, kd.c.dumpable, kd.c.ram, kd.p.nr_cpus,
	       kd.p.vmcoreinfo_size ? "VMCOREINFO" : "no VMCOREINFO");
	trap_set_fatal_hook(on_fault);
	if (write_header(DUMP_IN_PROGRESS, DUMP_REASON_NONE, "") < 0)
		fail("cannot write the dump header");
	dump.t_first_write = now_us();
	dump.last_progress_us = dump.t_first_write;
	r = kdump_begin(&kd.w, &kd.p, &(struct kdump_sink){ 0, sink_write, sink_zero },
			dump.target.bytes - DUMPDISK_VMCORE_OFFSET, work, data_blocks);
	dump.full_size = kd.w.l.data_off + (kd.c.dumpable << PAGE_SHIFT);
	kd.src.jobs = dump_jobs_start(&dump.core, &kd.src, &kd.comp);
	t = now_us();
	if (r == KDUMP_OK)
		kdump_write_pages(&kd.w, &dump.core, &kd.src, scratch, &kd.c);
	printk("dump: pages written in %llu ms\n",
	       (unsigned long long)((now_us() - t) / 1000));
	dump_jobs_end(kd.src.jobs);
	r = kdump_finish(&kd.w);
	account();
	summary(kd.c.dumpable << PAGE_SHIFT);
	printk("dump: kdump: %llu zero pages, %llu compressed (%llu to %llu "
	       "bytes), %llu raw, %llu our own\n", kd.c.zero, kd.c.compressed,
	       kd.c.bytes_in, kd.c.bytes_out, kd.c.raw, kd.c.blank);
	if (r == KDUMP_IO_ERROR)
		end_incomplete(DUMP_REASON_IO_ERROR, "disk write failed");
	if (r == KDUMP_FULL)
		end_incomplete(DUMP_REASON_DISK_FULL, "dump disk too small");
	dump.full_size = dump.written;
	end_complete();
}
