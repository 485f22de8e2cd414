// SPDX-License-Identifier: GPL-2.0
/*
 * kdump/: the kdump-compressed writer on a fake machine, read back by an
 * independent reader that follows crash's rules (descriptor of a pfn =
 * number of bitmap 2 bits below it): every page, every truncation limit,
 * the digest, and the header fields crash checks.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "kdump/jobs.h"
#include "kdump/pages.h"
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include "lib/csum.h"

#define BS		4096u
#define RAM_PAGES	(3 * KDUMP_BITMAP_PFNS / 2)	/* two bitmap blocks */

static uint8_t *ram;			/* the machine, RAM_PAGES pages */
static uint8_t *disk;			/* the sink */
static uint64_t disk_size;
static uint8_t run_buf[KDUMP_MAP_RUN * BS];

/* The fake machine: loads as a real /proc/vmcore has them, one partial. */
static void fake_core(struct core_desc *d)
{
	static struct core_load loads[3];

	memset(d, 0, sizeof(*d));
	d->loads = loads;
	d->max_loads = 3;
	d->nr_loads = 3;
	d->loads[0].maddr = 0x1000;
	d->loads[0].size = 0x9fc00 - 0x1000;		/* ends mid-page */
	d->loads[1].maddr = 0x100000;
	d->loads[1].size = (KDUMP_BITMAP_PFNS + 100ull) * BS - 0x100000;
	d->loads[2].maddr = (KDUMP_BITMAP_PFNS + 300ull) * BS;
	d->loads[2].size = (RAM_PAGES - KDUMP_BITMAP_PFNS - 300ull) * BS;
}

/* Page contents: zero pages every 7th pfn, random every 5th, the rest
 * compressible (all words equal to the pfn). */
static void fill_ram(struct rng *r)
{
	uint64_t pfn;
	uint32_t i;

	for (pfn = 0; pfn < RAM_PAGES; pfn++) {
		uint8_t *p = ram + pfn * BS;

		if (pfn % 7 == 0) {
			memset(p, 0, BS);
			continue;
		}
		for (i = 0; i < BS; i += 8)
			*(uint64_t *)(p + i) = pfn % 5 == 1 ? rng_next(r) : pfn;
	}
}

static const uint8_t *map(void *ctx, uint64_t mfn, uint32_t nr)
{
	(void)ctx;
	memcpy(run_buf, ram + mfn * BS, (size_t)nr * BS);
	return run_buf;
}

static int blank(void *ctx, uint64_t mfn)
{
	(void)ctx;
	return mfn == 0x200 || mfn == 0x201;
}

/* A stand-in compressor: "compresses" a page whose words all equal its
 * pfn to 16 bytes (the pfn twice) at @ctx (16 bytes, one per CPU);
 * others stay raw. */
static const uint8_t *compress(void *ctx, const uint8_t *page, uint32_t *size)
{
	uint8_t *out = ctx;
	uint64_t v = *(const uint64_t *)page;
	uint32_t i;

	for (i = 0; i < BS; i += 8)
		if (*(const uint64_t *)(page + i) != v)
			return NULL;
	memcpy(out, &v, 8);
	memcpy(out + 8, &v, 8);
	*size = 16;
	return out;
}

/* Keeps only the first 64 frames of block 0 and none of block 1: a
 * block with no page while block 0's jobs are still in flight. */
static void sparse(void *ctx, uint64_t i, const uint8_t *ram_block,
		   uint8_t *block)
{
	(void)ctx;
	(void)ram_block;
	memset(block, 0, BS);
	if (i == 0)
		memset(block, 0xff, 64 / 8);
}

/* Drops every pfn that is 5 mod 11 (a "filter"). */
static void filter(void *ctx, uint64_t i, const uint8_t *ram_block,
		   uint8_t *block)
{
	uint32_t bit;

	(void)ctx;
	memcpy(block, ram_block, BS);
	for (bit = 0; bit < KDUMP_BITMAP_PFNS; bit++)
		if ((i * KDUMP_BITMAP_PFNS + bit) % 11 == 5)
			block[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
}

static int sink_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	(void)ctx;
	if (off % BS || len % BS || off + len > disk_size)
		return -1;
	memcpy(disk + off, buf, len);
	return 0;
}

static int sink_zero(void *ctx, uint64_t off, uint64_t len)
{
	(void)ctx;
	if (off % BS || len % BS || off + len > disk_size)
		return -1;
	memset(disk + off, 0, len);
	return 0;
}

static const char notes[] = "fake notes: not parsed by the writer";
static uint8_t boot_out[16];		/* the boot CPU's compressor output */
static int use_jobs;			/* run() goes through kdump/jobs.h */
static void jobs_start(const struct core_desc *d, struct kdump_source *src);
static void jobs_end(void);

/* Runs both passes and finish on a disk of @limit bytes. */
static enum kdump_result run(struct kdump_writer *w, uint64_t limit,
			     struct kdump_counts *c, int filtered)
{
	static uint8_t work[KDUMP_WORK_BLOCKS(4) * BS];
	static uint8_t scratch[KDUMP_PAGES_SCRATCH_BLOCKS * BS];
	struct kdump_source src = {
		.map = map, .blank = blank, .compress = compress,
		.cctx = boot_out, .compression = KDUMP_LZO,
		.filter = filtered == 2 ? sparse : filtered ? filter : NULL,
	};
	struct kdump_params p = {
		.release = "6.1.0-test", .release_len = 10, .phys_base = 0x5a00000,
		.dump_level = 31, .compression = KDUMP_LZO, .nr_cpus = 2,
		.notes = notes, .notes_size = sizeof(notes),
		.vmcoreinfo_offset = 6, .vmcoreinfo_size = 5,
	};
	struct kdump_sink sink = { NULL, sink_write, sink_zero };
	struct core_desc d;

	fake_core(&d);
	kdump_count(&d, &src, scratch, c);
	p.max_mapnr = kdump_max_mapnr(&d);
	p.nr_dumpable = c->dumpable;
	disk_size = limit;
	memset(disk, 0xa5, limit);		/* an old dump's leftovers */
	if (use_jobs)
		jobs_start(&d, &src);
	if (kdump_begin(w, &p, &sink, limit, work, 4) == KDUMP_OK)
		kdump_write_pages(w, &d, &src, scratch, c);
	if (use_jobs)
		jobs_end();
	return kdump_finish(w);
}

static uint32_t rank[RAM_PAGES];	/* bitmap 2 bits below each pfn */

/* Counts, as crash does, the bitmap 2 bits below every pfn of @f. */
static void rank_bitmap2(const uint8_t *f)
{
	uint32_t sub = get_le32(f + DH_SUB_HDR_SIZE), bm = get_le32(f + DH_BITMAP_BLOCKS);
	const uint8_t *b2 = f + (1 + sub + bm / 2) * BS;
	uint32_t pfn, n = 0;

	for (pfn = 0; pfn < RAM_PAGES; pfn++) {
		rank[pfn] = n;
		n += b2[pfn >> 3] >> (pfn & 7) & 1;
	}
}

/* What crash sees for @pfn: -1 not RAM, -2 excluded, -3 incomplete
 * (descriptor zero, or beyond the file), else 0 and the page in @out. */
static int read_pfn(const uint8_t *f, uint64_t size, uint64_t pfn, uint8_t *out)
{
	uint32_t sub = get_le32(f + DH_SUB_HDR_SIZE), bm = get_le32(f + DH_BITMAP_BLOCKS);
	const uint8_t *b1 = f + (1 + sub) * BS, *b2 = b1 + bm / 2 * BS, *d;
	uint64_t q, off;
	uint32_t dsize, flags;

	if ((1 + sub + bm) * BS > size)
		return -3;			/* the headers only */
	if (!(b1[pfn >> 3] >> (pfn & 7) & 1))
		return -1;
	if (!(b2[pfn >> 3] >> (pfn & 7) & 1))
		return -2;
	d = f + (1 + sub + bm) * BS + (uint64_t)rank[pfn] * PD_BYTES;
	if ((uint64_t)(d + PD_BYTES - f) > size)
		return -3;
	off = get_le64(d + PD_OFFSET);
	dsize = get_le32(d + PD_SIZE);
	flags = get_le32(d + PD_FLAGS);
	if (!off)
		return -3;
	if (off + dsize > size)
		return -4;
	if (flags == KDUMP_LZO && dsize == 16) {
		for (q = 0; q < BS; q += 8)
			memcpy(out + q, f + off, 8);
		return 0;
	}
	if (flags || dsize != BS)
		return -5;
	memcpy(out, f + off, BS);
	return 0;
}

/* The page crash should see for @pfn (capture frames blank, holes zero). */
static void expected(uint64_t pfn, uint8_t *out)
{
	memcpy(out, ram + pfn * BS, BS);
	if (pfn == 0x200 || pfn == 0x201)
		memset(out, 0, BS);
	if (pfn == 0x9f)			/* RAM ends at 0x9fc00 */
		memset(out + 0xc00, 0, BS - 0xc00);
}

/* True if @pfn's bitmap 2 block is all zero: not written yet. */
static int unwritten_block(uint64_t pfn)
{
	uint32_t sub = get_le32(disk + DH_SUB_HDR_SIZE), bm = get_le32(disk + DH_BITMAP_BLOCKS);
	const uint8_t *blk = disk + (1 + sub + bm / 2 + pfn / KDUMP_BITMAP_PFNS) * BS;
	uint32_t i;

	for (i = 0; i < BS; i++)
		if (blk[i])
			return 0;
	return 1;
}

/* Checks every pfn of a file of @size bytes; counts bad and missing. */
static void check_file(const char *name, uint64_t size, int filtered,
		       int complete)
{
	uint8_t got[BS], want[BS];
	uint64_t pfn, bad = 0, missing = 0, ok = 0;
	int r;

	rank_bitmap2(disk);
	for (pfn = 0; pfn < RAM_PAGES; pfn++) {
		int ram_pfn = pfn >= 1 && (pfn <= 0x9f ||
			(pfn >= 0x100 && pfn < KDUMP_BITMAP_PFNS + 100) ||
			pfn >= KDUMP_BITMAP_PFNS + 300);

		r = read_pfn(disk, size, pfn, got);
		if (r == -3) {
			missing++;
			continue;
		}
		if (!ram_pfn) {
			bad += r != -1;
			continue;
		}
		if (filtered && pfn % 11 == 5) {
			bad += r != -2;
			continue;
		}
		/* An incomplete file's bitmap 2 blocks past the cut are zero. */
		if (r == -2 && !complete && unwritten_block(pfn)) {
			missing++;
			continue;
		}
		expected(pfn, want);
		if (r || memcmp(got, want, BS))
			bad++;
		else
			ok++;
	}
	CHECK(bad == 0 && (complete ? missing == 0 && ok > 0 : 1),
	      "%s: every page as crash reads it (%llu ok, %llu incomplete, %llu bad)",
	      name, (unsigned long long)ok, (unsigned long long)missing,
	      (unsigned long long)bad);
}

/* The digest of the first @size bytes of the disk. */
static uint64_t digest_of(uint64_t size)
{
	struct csum c;

	csum_init(&c);
	csum_add_words(&c, (const uint32_t *)disk, (uint32_t)(size / 4));
	return csum_final(&c);
}

static void test_complete(int filtered)
{
	const char *name = filtered ? "filtered" : "unfiltered";
	struct kdump_writer w;
	struct kdump_counts c;
	enum kdump_result r = run(&w, 64ull << 20, &c, filtered);

	CHECK(r == KDUMP_OK && w.nr_put == c.dumpable && w.nr_kept == c.dumpable,
	      "%s: complete, %llu of %llu RAM pages dumpable", name,
	      (unsigned long long)c.dumpable, (unsigned long long)c.ram);
	CHECK(!memcmp(disk, KDUMP_SIGNATURE, 8) && get_le32(disk + DH_HEADER_VERSION) == 6 &&
	      get_le32(disk + DH_STATUS) == KDUMP_LZO && get_le32(disk + DH_BLOCK_SIZE) == BS &&
	      get_le32(disk + DH_NR_CPUS) == 2 &&
	      !strcmp((char *)disk + DH_UTSNAME + UTS_MACHINE * KDUMP_UTS_LEN, "x86_64") &&
	      !strcmp((char *)disk + DH_UTSNAME + UTS_RELEASE * KDUMP_UTS_LEN, "6.1.0-test"),
	      "%s: header: signature, version 6, LZO without INCOMPLETE, cpus, utsname", name);
	CHECK(get_le64(disk + BS + SH_MAX_MAPNR_64) == RAM_PAGES &&
	      get_le32(disk + DH_MAX_MAPNR) == RAM_PAGES &&
	      get_le64(disk + BS + SH_PHYS_BASE) == 0x5a00000 &&
	      get_le64(disk + BS + SH_OFFSET_NOTE) == BS + SH_SIZE &&
	      get_le64(disk + BS + SH_SIZE_NOTE) == sizeof(notes) &&
	      get_le64(disk + BS + SH_OFFSET_VMCOREINFO) == BS + SH_SIZE + 6 &&
	      !memcmp(disk + BS + SH_SIZE, notes, sizeof(notes)),
	      "%s: sub-header: max_mapnr_64, phys_base, notes and VMCOREINFO offsets", name);
	CHECK(c.zero > 0 && c.compressed > 0 && c.raw > 0 && c.blank == 2,
	      "%s: zero %llu, compressed %llu, raw %llu, blank %llu pages", name,
	      (unsigned long long)c.zero, (unsigned long long)c.compressed,
	      (unsigned long long)c.raw, (unsigned long long)c.blank);
	check_file(name, w.data_end, filtered, 1);
	CHECK(kdump_digest(&w) == digest_of(w.data_end),
	      "%s: kdump_digest() is the checksum of the file's %llu bytes", name,
	      (unsigned long long)w.data_end);
}

/* Every block-aligned disk size from too small to big enough. */
static void test_truncated(void)
{
	struct kdump_writer w;
	struct kdump_counts c;
	uint64_t full, limit, bad_digest = 0, runs = 0, not_incomplete = 0;

	run(&w, 64ull << 20, &c, 1);
	full = w.data_end;
	for (limit = w.l.data_off - 2 * BS; limit < full;
	     limit += runs < 8 ? BS : (full - w.l.data_off) / 29 + BS * (runs % 3)) {
		enum kdump_result r = run(&w, limit, &c, 1);

		runs++;
		not_incomplete += r != KDUMP_FULL ||
			!(get_le32(disk + DH_STATUS) & KDUMP_INCOMPLETE) || w.data_end > limit;
		bad_digest += kdump_digest(&w) != digest_of(w.data_end);
		check_file("truncated", w.data_end, 1, 0);
	}
	CHECK(not_incomplete == 0, "%llu short disks: each ends KDUMP_FULL, header INCOMPLETE, inside the disk",
	      (unsigned long long)runs);
	CHECK(bad_digest == 0, "short disks: the digest matches what is on disk every time");
	run(&w, w.l.data_off, &c, 1);
	CHECK(w.data_end == BS && get_le32(disk + DH_STATUS) & KDUMP_INCOMPLETE,
	      "a disk without room for one page: only the header, INCOMPLETE");
}

/*
 * Helper CPUs as threads (kdump/jobs.h).  A slot's "mapping" is a copy of
 * the frames; a helper told to hang spins until written off, then leaves
 * as INIT would stop it; one told to fault marks itself failed and leaves.
 */
struct jobs_case {
	const char *name;
	uint32_t helpers, slots;
	uint32_t hang_mask, fault_mask;	/* helpers (bit w) that hang, fault */
	uint32_t at;			/* ... on taking their at-th job */
	int alone;			/* every slot dies: the rest on one CPU */
	int filtered;			/* run()'s: 1 every 11th left out, 2 sparse */
};

static const struct jobs_case *jc;
static struct kdump_jobs jq;
static struct kdump_job jobs[KDUMP_JOBS_MAX_SLOTS];
static struct kdump_worker workers[KDUMP_JOBS_MAX_WORKERS];
static uint8_t outs[KDUMP_JOBS_MAX_WORKERS][16];
static uint8_t *pages, *arenas, *windows, *bitmaps;
static pthread_t threads[KDUMP_JOBS_MAX_WORKERS];
static uint32_t failed_w[KDUMP_JOBS_MAX_WORKERS], off_w[KDUMP_JOBS_MAX_WORKERS];
static uint32_t hung, faulted, bad_write_off;

static const uint8_t *j_map(void *ctx, uint32_t slot, const uint64_t *mfns,
			    uint32_t nr)
{
	uint8_t *win = windows + (size_t)slot * KDUMP_JOB_PAGES * BS;
	uint32_t k;

	(void)ctx;
	for (k = 0; k < nr; k++)
		memcpy(win + (size_t)k * BS, ram + mfns[k] * BS, BS);
	return win;
}

static void j_see(void *ctx, uint32_t slot)
{
	(void)ctx;
	(void)slot;
}

static uint64_t j_now(void *ctx)
{
	struct timespec t;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

static void j_relax(void *ctx)
{
	(void)ctx;
	sched_yield();
}

static int j_failed(void *ctx, uint32_t w)
{
	(void)ctx;
	return (int)__atomic_load_n(&failed_w[w], __ATOMIC_ACQUIRE);
}

static void j_write_off(void *ctx, uint32_t w)
{
	(void)ctx;
	if (!((jc->hang_mask | jc->fault_mask) >> w & 1))
		__atomic_add_fetch(&bad_write_off, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&off_w[w], 1, __ATOMIC_RELEASE);
}

static void j_taken(void *ctx, uint32_t w, uint32_t n)
{
	(void)ctx;
	if (n != jc->at)
		return;
	if (jc->hang_mask >> w & 1) {
		__atomic_add_fetch(&hung, 1, __ATOMIC_RELAXED);
		while (!__atomic_load_n(&off_w[w], __ATOMIC_ACQUIRE))
			sched_yield();
		pthread_exit(NULL);
	}
	if (jc->fault_mask >> w & 1) {
		__atomic_add_fetch(&faulted, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&failed_w[w], 1, __ATOMIC_RELEASE);
		pthread_exit(NULL);
	}
}

static void *helper(void *arg)
{
	kdump_jobs_help(&jq, (uint32_t)(uintptr_t)arg);
	return NULL;
}

static void jobs_start(const struct core_desc *d, struct kdump_source *src)
{
	static const struct kdump_jobs_ops ops = {
		NULL, j_map, j_see, j_now, j_relax, j_failed, j_write_off,
		j_taken,
	};
	uint32_t i, n = jc->helpers + 1;

	memset(failed_w, 0, sizeof(failed_w));
	memset(off_w, 0, sizeof(off_w));
	for (i = 0; i < jc->slots; i++)
		jobs[i].arena = arenas + (size_t)i * KDUMP_JOB_PAGES * BS;
	for (i = 0; i < n; i++) {
		workers[i].cctx = i ? outs[i] : boot_out;
		workers[i].page = pages + (size_t)i * BS;
	}
	CHECK(kdump_jobs_init(&jq, &ops, d, src, jobs, jc->slots, workers, n,
			      bitmaps) == 0,
	      "%s: kdump_jobs_init, %u slots, %u workers", jc->name, jc->slots, n);
	jq.stall_us = 100000;
	for (i = 1; i < n; i++)
		pthread_create(&threads[i], NULL, helper, (void *)(uintptr_t)i);
	src->jobs = &jq;
}

static void jobs_end(void)
{
	uint32_t i;

	kdump_jobs_stop(&jq);
	for (i = 1; i <= jc->helpers; i++)
		pthread_join(threads[i], NULL);
}

/* The file through jobs, against the one-CPU file of the same disk. */
static void test_jobs(const struct jobs_case *c1, uint64_t limit)
{
	struct kdump_writer w1, w2;
	struct kdump_counts c1c, c2c;
	enum kdump_result r1, r2;
	uint8_t *want;
	uint32_t i, ran = 0, tries = 0;

	jc = c1;
	use_jobs = 0;
	r1 = run(&w1, limit, &c1c, c1->filtered);
	want = malloc(w1.data_end);
	memcpy(want, disk, w1.data_end);
	use_jobs = 1;
	/* A hang or fault needs the helper to take that job: retry until it did. */
	do {
		hung = faulted = bad_write_off = 0;
		r2 = run(&w2, limit, &c2c, c1->filtered);
	} while (++tries < 20 && (hung < __builtin_popcount(c1->hang_mask) ||
				  faulted < __builtin_popcount(c1->fault_mask)));
	use_jobs = 0;
	for (i = 1; i <= c1->helpers; i++)
		ran += workers[i].jobs;
	CHECK(r1 == r2 && w1.data_end == w2.data_end &&
	      !memcmp(want, disk, w1.data_end) && !memcmp(&c1c, &c2c, sizeof(c1c)),
	      "%s: the same %llu-byte file and counts as one CPU (%u of %u jobs "
	      "by helpers)", c1->name, (unsigned long long)w1.data_end, ran,
	      ran + workers[0].jobs);
	CHECK(hung == (uint32_t)__builtin_popcount(c1->hang_mask) &&
	      faulted == (uint32_t)__builtin_popcount(c1->fault_mask) &&
	      jq.redone_jobs == hung + faulted && jq.dead_slots == hung + faulted &&
	      !bad_write_off,
	      "%s: %u hung, %u faulted (try %u); %llu jobs redone on the boot CPU, "
	      "%u dead slots, only they written off", c1->name, hung, faulted,
	      tries, (unsigned long long)jq.redone_jobs, jq.dead_slots);
	CHECK(!c1->alone == !jq.alone_pages,
	      "%s: %llu pages on the boot CPU alone, every slot dead", c1->name,
	      (unsigned long long)jq.alone_pages);
	free(want);
}

static void test_jobs_all(void)
{
	static const struct jobs_case cases[] = {
		{ "jobs: boot CPU alone", 0, 2, 0, 0, 0, 0, 1 },
		{ "jobs: 3 helpers", 3, 8, 0, 0, 0, 0, 1 },
		{ "jobs: 3 helpers, unfiltered", 3, 8, 0, 0, 0, 0, 0 },
		{ "jobs: 3 helpers, block 1 all left out", 3, 8, 0, 0, 0, 0, 2 },
		{ "jobs: 1 helper, 2 slots", 1, 2, 0, 0, 0, 0, 1 },
		{ "jobs: helper 2 hangs on its 3rd job", 3, 8, 1u << 2, 0, 3, 0, 1 },
		{ "jobs: helper 1 faults on its 1st job", 3, 8, 0, 1u << 1, 1, 0, 1 },
		{ "jobs: helpers 1 and 3 hang, 2 faults", 3, 8, 0xa, 0x4, 2, 0, 1 },
		{ "jobs: both helpers hang with both slots", 2, 2, 0x6, 0, 1, 1, 1 },
	};
	uint32_t i;

	pages = calloc(KDUMP_JOBS_MAX_WORKERS, BS);
	arenas = malloc((size_t)KDUMP_JOBS_MAX_SLOTS * KDUMP_JOB_PAGES * BS);
	windows = malloc((size_t)KDUMP_JOBS_MAX_SLOTS * KDUMP_JOB_PAGES * BS);
	bitmaps = malloc((size_t)KDUMP_JOBS_BITMAPS * BS);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_jobs(&cases[i], 64ull << 20);
	test_jobs(&(struct jobs_case){ "jobs: 3 helpers, a short disk", 3, 8,
				       0, 0, 0, 0, 1 }, 5ull << 20);
	free(pages);
	free(arenas);
	free(windows);
	free(bitmaps);
}

int main(void)
{
	struct rng r;

	rng_init(&r, check_seed(1));
	ram = malloc((size_t)RAM_PAGES * BS);
	disk = malloc(64u << 20);
	fill_ram(&r);
	test_complete(0);
	test_complete(1);
	test_truncated();
	test_jobs_all();
	free(ram);
	free(disk);
	return check_exit();
}
