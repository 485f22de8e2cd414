// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for a dump file's pure logic: FIEMAP extents -> extent
 * map (loader/cli/filemap.c: merging, partition offset, cut at the size,
 * every refused flag, holes, alignment, the device's end, the extent
 * bound), the ranges load writes zeros over, the filesystem allow list
 * and mountinfo parsing (fskind.c), --size parsing (sizearg.c) and the
 * default dump file size (filesize.c), and that docs/targets.md lists
 * every refused flag and filesystem.  The result of every map is also
 * run through extent_map_check(), the rules the module and the capture
 * kernel apply.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "lib/extent_map.h"
#include "loader/cli/filesize.h"
#include "loader/cli/filemap.h"
#include "loader/cli/fskind.h"
#include "loader/cli/sizearg.h"

#define K	1024ull
#define M	(1024ull * K)
#define FE(l, p, n, f)	{ .fe_logical = (l), .fe_physical = (p), \
			  .fe_length = (n), .fe_flags = (f) }

static struct dump_extent map[EXTENT_MAP_MAX];
static const struct filemap_dev part = { 2048, 1048576 };	/* 512 MiB at 1 MiB */

/* Builds @n extents of a file of @size; the return and message. */
static int build(const struct fiemap_extent *fe, uint32_t n, uint64_t size,
		 uint32_t *nr, char *why)
{
	why[0] = '\0';
	return filemap_build(fe, n, size, &part, map, nr, why, 256);
}

/* Good maps: partition offset, merging, cut at the size, extents past
 * the size ignored, out-of-order disk placement. */
static void test_good(void)
{
	static const struct fiemap_extent fe[] = {
		FE(0, 1 * M, 4 * M, 0),
		FE(4 * M, 5 * M, 4 * M, 0),		/* runs on: merged */
		FE(8 * M, 100 * M, 2 * M, 0),		/* elsewhere */
		FE(10 * M, 20 * M, 8 * M, FIEMAP_EXTENT_LAST),	/* cut at 12 MiB */
	};
	static const struct fiemap_extent past[] = {
		FE(0, 1 * M, 1 * M, 0),
		FE(1 * M, 50 * M, 1 * M, FIEMAP_EXTENT_UNWRITTEN),	/* past EOF */
	};
	char why[256];
	uint32_t nr;
	int ret = build(fe, 4, 12 * M, &nr, why);

	CHECK(ret == 0 && nr == 3, "good: 4 FIEMAP extents, 2 adjacent: 3 map extents (got %d, %u: %s)",
	      ret, nr, why);
	CHECK(map[0].logical_sector == 0 && map[0].disk_sector == 2048 + 2048 &&
	      map[0].nr_sectors == 8 * M / 512,
	      "good: extent 0 at the partition start + 1 MiB, merged to 8 MiB");
	CHECK(map[1].logical_sector == 8 * M / 512 &&
	      map[1].disk_sector == 2048 + 100 * M / 512 && map[1].nr_sectors == 4096,
	      "good: extent 1 at 100 MiB, 2 MiB");
	CHECK(map[2].logical_sector == 10 * M / 512 && map[2].nr_sectors == 2 * M / 512,
	      "good: the last extent cut at the file size");
	CHECK(extent_map_check(map, nr, 2048 + part.sectors, NULL) == EXTENT_OK,
	      "good: the map passes extent_map_check()");
	CHECK(extent_map_sectors(map, nr) == 12 * M / 512, "good: the map totals the file size");
	ret = build(past, 2, 1 * M, &nr, why);
	CHECK(ret == 0 && nr == 1, "good: an unwritten extent past the size is ignored (%d: %s)",
	      ret, why);
}

/* Each refused FIEMAP flag, alone on the second extent, refuses with its
 * own words. */
static void test_flags(void)
{
	const struct filemap_flag *f;
	struct fiemap_extent fe[2] = { FE(0, 1 * M, 1 * M, 0), FE(1 * M, 8 * M, 1 * M, 0) };
	char why[256];
	uint32_t nr, count = 0;
	int ret;

	for (f = filemap_bad_flags; f->flag; f++, count++) {
		fe[1].fe_flags = f->flag | FIEMAP_EXTENT_LAST;
		ret = build(fe, 2, 2 * M, &nr, why);
		CHECK(ret == -1 && strstr(why, "extent 1 (file bytes 1048576 + 1048576) is ") &&
		      strstr(why, f->why), "flags: 0x%x refused: '%s'", f->flag, why);
	}
	CHECK(count == 9, "flags: 9 refused flags (UNKNOWN, DELALLOC, ENCODED, DATA_ENCRYPTED, NOT_ALIGNED, DATA_INLINE, DATA_TAIL, UNWRITTEN, SHARED): %u",
	      count);
	fe[1].fe_flags = FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_MERGED;
	CHECK(build(fe, 2, 2 * M, &nr, why) == 0, "flags: LAST and MERGED are fine");
}

/* Holes (at the start, between, at the end), misalignment, the device's
 * end and out-of-order extents. */
static void test_refusals(void)
{
	static const struct fiemap_extent start_hole[] = { FE(4096, 1 * M, 1 * M, 0) };
	static const struct fiemap_extent mid_hole[] = {
		FE(0, 1 * M, 1 * M, 0), FE(2 * M, 3 * M, 1 * M, 0),
	};
	static const struct fiemap_extent odd[] = { FE(0, 1 * M + 100, 1 * M, 0) };
	static const struct fiemap_extent past_dev[] = { FE(0, 511 * M, 2 * M, 0) };
	static const struct fiemap_extent back[] = {
		FE(0, 1 * M, 2 * M, 0), FE(1 * M, 8 * M, 1 * M, 0),
	};
	char why[256];
	uint32_t nr;

	CHECK(build(start_hole, 1, 1 * M, &nr, why) == -1 &&
	      !strcmp(why, "has a hole at file bytes 0 to 4096: every block must be allocated"),
	      "refusals: a hole at the start: '%s'", why);
	CHECK(build(mid_hole, 2, 3 * M, &nr, why) == -1 &&
	      strstr(why, "hole at file bytes 1048576 to 2097152"),
	      "refusals: a hole in the middle: '%s'", why);
	CHECK(build(mid_hole, 1, 2 * M, &nr, why) == -1 &&
	      strstr(why, "hole at file bytes 1048576 to 2097152"),
	      "refusals: a hole at the end (no extent covers it): '%s'", why);
	CHECK(build(NULL, 0, 1 * M, &nr, why) == -1 && strstr(why, "hole at file bytes 0 to 1048576"),
	      "refusals: no extents at all: '%s'", why);
	CHECK(build(odd, 1, 1 * M, &nr, why) == -1 && strstr(why, "not on whole sectors"),
	      "refusals: a physical offset not on a sector: '%s'", why);
	CHECK(build(past_dev, 1, 2 * M, &nr, why) == -1 && strstr(why, "ends past its device (1048576 sectors)"),
	      "refusals: an extent past the partition's end: '%s'", why);
	CHECK(build(back, 2, 3 * M, &nr, why) == -1 && strstr(why, "in file order"),
	      "refusals: overlapping file ranges: '%s'", why);
}

/* EXTENT_MAP_MAX pieces fit, one more is refused as too fragmented. */
static void test_bound(void)
{
	uint32_t n = EXTENT_MAP_MAX + 1, i, nr;
	struct fiemap_extent *fe = calloc(n, sizeof(*fe));
	char why[256];
	int ret;

	for (i = 0; i < n; i++)		/* every other 4 KiB block: no merging */
		fe[i] = (struct fiemap_extent)FE(i * 4096ull, 1 * M + i * 8192ull, 4096, 0);
	ret = build(fe, EXTENT_MAP_MAX, EXTENT_MAP_MAX * 4096ull, &nr, why);
	CHECK(ret == 0 && nr == EXTENT_MAP_MAX, "bound: %u separate extents fit (%d, %u)",
	      EXTENT_MAP_MAX, ret, nr);
	CHECK(extent_map_check(map, nr, 2048 + part.sectors, NULL) == EXTENT_OK,
	      "bound: the largest map passes extent_map_check()");
	ret = build(fe, n, n * 4096ull, &nr, why);
	CHECK(ret == -1 && strstr(why, "more than 4096 pieces") && strstr(why, "too fragmented"),
	      "bound: %u extents refused: '%s'", n, why);
	free(fe);
}

/* What filemap_unallocated() reports, collected as "off+len " text. */
static int collect(void *arg, uint64_t off, uint64_t len)
{
	char *out = arg;

	sprintf(out + strlen(out), "%llu+%llu ", (unsigned long long)(off / K),
		(unsigned long long)(len / K));
	return 0;
}

/* The ranges load writes zeros over: holes, unwritten and delayed
 * extents, the growth past the old end; written extents are left. */
static void test_unallocated(void)
{
	static const struct fiemap_extent fe[] = {
		FE(64 * K, 1 * M, 64 * K, 0),
		FE(128 * K, 2 * M, 64 * K, FIEMAP_EXTENT_UNWRITTEN),
		FE(256 * K, 3 * M, 64 * K, FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN),
		FE(320 * K, 4 * M, 64 * K, FIEMAP_EXTENT_LAST),
	};
	char out[256] = "";

	filemap_unallocated(fe, 4, 512 * K, collect, out);
	CHECK(!strcmp(out, "0+64 128+64 192+64 256+64 384+128 "),
	      "unallocated: hole, unwritten, hole, delalloc, the end (kB): '%s'", out);
	out[0] = '\0';
	filemap_unallocated(NULL, 0, 1 * M, collect, out);
	CHECK(!strcmp(out, "0+1024 "), "unallocated: a new file is all written: '%s'", out);
	out[0] = '\0';
	filemap_unallocated(fe, 4, 96 * K, collect, out);
	CHECK(!strcmp(out, "0+64 "), "unallocated: only up to the size: '%s'", out);
}

/* Before writing: a shared extent is refused, an unwritten or delayed
 * one is left for the zeros to cure, extents past the size are not
 * looked at. */
static void test_refused_first(void)
{
	const uint32_t cures = FIEMAP_EXTENT_UNWRITTEN | FIEMAP_EXTENT_DELALLOC |
			       FIEMAP_EXTENT_UNKNOWN;
	struct fiemap_extent fe[] = {
		FE(0, 1 * M, 1 * M, FIEMAP_EXTENT_UNWRITTEN),
		FE(1 * M, 4 * M, 1 * M, FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN),
		FE(2 * M, 8 * M, 1 * M, FIEMAP_EXTENT_SHARED),
	};
	char why[256] = "";

	CHECK(filemap_refused(fe, 3, 4 * M, cures, why, sizeof(why)) == -1 &&
	      strstr(why, "extent 2 (file bytes 2097152 + 1048576) is shared"),
	      "refused-first: a shared extent, before any write: '%s'", why);
	CHECK(filemap_refused(fe, 3, 2 * M, cures, why, sizeof(why)) == 0,
	      "refused-first: unwritten and delayed extents are for the zeros");
	fe[0].fe_flags = FIEMAP_EXTENT_ENCODED;
	CHECK(filemap_refused(fe, 1, 1 * M, cures, why, sizeof(why)) == -1 &&
	      strstr(why, "encoded"), "refused-first: an encoded extent: '%s'", why);
}

/* The allow list, mountinfo's superblock options, data=journal. */
static void test_fskind(void)
{
	static const char mi[] =
		"22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,errors=remount-ro\n"
		"30 22 254:33 / /mnt/sys rw,noatime - ext4 /dev/vdc1 rw,data=journal\n"
		"31 22 254:34 / /mnt/x rw - xfs /dev/vdc2 rw,attr2,inode64\n";
	char type[32], opts[256];

	CHECK(fskind_of(0xef53) && !fskind_of(0xef53)->why, "fskind: ext2/3/4 allowed");
	CHECK(fskind_of(0x58465342) && !fskind_of(0x58465342)->why, "fskind: xfs allowed");
	CHECK(fskind_of(0x9123683e) && fskind_of(0x9123683e)->why &&
	      !strcmp(fskind_of(0x9123683e)->name, "btrfs"), "fskind: btrfs refused");
	CHECK(fskind_of(0x01021994) && fskind_of(0x01021994)->why, "fskind: tmpfs refused");
	CHECK(fskind_of(0x6969) && fskind_of(0x6969)->why, "fskind: nfs refused");
	CHECK(!fskind_of(0x12345678), "fskind: an unknown magic is not in the table (refused)");
	CHECK(!fskind_mountinfo(mi, 254, 33, type, sizeof(type), opts, sizeof(opts)) &&
	      !strcmp(type, "ext4") && !strcmp(opts, "rw,data=journal"),
	      "fskind: mountinfo 254:33 is ext4 'rw,data=journal' ('%s' '%s')", type, opts);
	CHECK(fskind_has_option(opts, "data=journal"), "fskind: data=journal found");
	CHECK(!fskind_mountinfo(mi, 254, 34, type, sizeof(type), opts, sizeof(opts)) &&
	      !strcmp(type, "xfs") && !fskind_has_option(opts, "data=journal"),
	      "fskind: 254:34 is xfs without data=journal");
	CHECK(fskind_mountinfo(mi, 254, 3, type, sizeof(type), opts, sizeof(opts)) == -1,
	      "fskind: 254:3 (a prefix of 254:33) is not found");
	CHECK(!fskind_has_option("rw,data=journalx", "data=journal") &&
	      !fskind_has_option("", "rw"), "fskind: options match whole words only");
}

/* --size: suffixes, zero, junk, overflow. */
static void test_size(void)
{
	static const struct { const char *s; uint64_t v; } good[] = {
		{ "4096", 4096 }, { "64K", 64 * K }, { "64M", 64 * M },
		{ "2G", 2048 * M }, { "3MiB", 3 * M }, { "1GiB", 1024 * M },
	};
	static const char *const bad[] = {
		"", "0", "0M", "M", "12X", "1.5G", "-1M", " 1M", "1M ",
		"1m", "99999999999999999999", "17179869184G",
	};
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(!parse_size(good[i].s, &v) && v == good[i].v, "size: '%s' is %llu",
		      good[i].s, (unsigned long long)good[i].v);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(parse_size(bad[i], &v) == -1, "size: '%s' refused", bad[i]);
}

/* The default size: ELF the worst case; kdump from meminfo, at most the
 * worst, never below the metadata. */
static void test_estimate(void)
{
	static const char mi[] = "MemTotal: 1000000 kB\nMemFree: 800000 kB\n"
		"Buffers: 1000 kB\nCached: 100000 kB\nAnonPages: 20000 kB\n"
		"Shmem: 30000 kB\n";
	struct dump_size s = { .metadata = 100 * K, .worst = 1100 * M,
			       .ram_pages = 262144 };	/* 1 GiB */
	struct meminfo m;
	uint64_t kept, want;

	CHECK(!meminfo_parse(mi, &m) && m.mem_free == 800000 && m.cached == 100000 &&
	      m.shmem == 30000 && m.buffers == 1000 && m.anon == 20000,
	      "estimate: meminfo parsed");
	CHECK(meminfo_parse("MemFree: 1 kB\n", &m) == -1, "estimate: missing lines refused");
	meminfo_parse(mi, &m);
	kept = (1048576 - 800000 - 1000 - 20000 - (100000 - 30000)) * K;
	want = s.metadata + 2 * kept + FILESIZE_MARGIN;
	CHECK(filesize_default(&s, true, &m) == want,
	      "estimate: kdump = metadata + 2 x kept + margin (%llu)", (unsigned long long)want);
	CHECK(filesize_default(&s, false, &m) == s.worst, "estimate: elf = the worst case");
	CHECK(filesize_expected(&s, true, &m, 31) == s.metadata + kept,
	      "expected: level 31 = metadata + kept, not doubled");
	CHECK(filesize_expected(&s, true, &m, 0) == s.metadata + 1048576 * K,
	      "expected: level 0 keeps all RAM");
	CHECK(filesize_expected(&s, true, &m, 16) == s.metadata + (1048576 - 800000) * K,
	      "expected: level 16 leaves out MemFree only");
	CHECK(filesize_expected(&s, true, &m, 4) ==
	      s.metadata + (1048576 - 1000 - (100000 - 30000)) * K,
	      "expected: level 4 leaves out Buffers and Cached - Shmem");
	CHECK(filesize_expected(&s, true, &m, 8) == s.metadata + (1048576 - 20000) * K,
	      "expected: level 8 leaves out AnonPages");
	CHECK(filesize_expected(&s, false, &m, 31) == s.worst,
	      "expected: elf = the worst case");
	s.worst = 150 * M;
	CHECK(filesize_expected(&s, true, &m, 0) == 150 * M,
	      "expected: at most the worst case");
	CHECK(filesize_default(&s, true, &m) == 150 * M, "estimate: at most the worst case");
	m.mem_free = 2000000;		/* more free than RAM: nothing kept */
	s.worst = 1100 * M;
	CHECK(filesize_default(&s, true, &m) == s.metadata + FILESIZE_MARGIN,
	      "estimate: never below the metadata");
}

/* All of docs/targets.md ($P2MDUMP_ROOT, else .), or NULL. */
static char *read_doc(void)
{
	const char *root = getenv("P2MDUMP_ROOT");
	char path[4096];
	static char buf[1 << 18];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/docs/targets.md", root ? root : ".");
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* docs/targets.md lists every refused FIEMAP flag (by its name, in
 * backquotes) and every refused filesystem of fskind_table. */
static void test_docs(void)
{
	static const struct { uint32_t flag; const char *name; } names[] = {
		{ FIEMAP_EXTENT_UNKNOWN, "`UNKNOWN`" },
		{ FIEMAP_EXTENT_DELALLOC, "`DELALLOC`" },
		{ FIEMAP_EXTENT_ENCODED, "`ENCODED`" },
		{ FIEMAP_EXTENT_DATA_ENCRYPTED, "`DATA_ENCRYPTED`" },
		{ FIEMAP_EXTENT_NOT_ALIGNED, "`NOT_ALIGNED`" },
		{ FIEMAP_EXTENT_DATA_INLINE, "`DATA_INLINE`" },
		{ FIEMAP_EXTENT_DATA_TAIL, "`DATA_TAIL`" },
		{ FIEMAP_EXTENT_UNWRITTEN, "`UNWRITTEN`" },
		{ FIEMAP_EXTENT_SHARED, "`SHARED`" },
	};
	const struct filemap_flag *f;
	const struct fskind *k;
	const char *doc = read_doc();
	size_t i;

	CHECK(doc != NULL, "docs: docs/targets.md read");
	if (!doc)
		return;
	for (f = filemap_bad_flags; f->flag; f++) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (names[i].flag == f->flag)
				break;
		CHECK(i < sizeof(names) / sizeof(names[0]) && strstr(doc, names[i].name),
		      "docs: refused flag 0x%x is in targets.md (%s)", f->flag,
		      i < sizeof(names) / sizeof(names[0]) ? names[i].name : "no name here");
	}
	for (k = fskind_table; k->name; k++)
		CHECK(k->why ? strstr(doc, k->name) != NULL : 1,
		      "docs: refused filesystem %s is in targets.md", k->name);
	CHECK(strstr(doc, FSKIND_ALLOWED), "docs: the allow list '%s' is in targets.md",
	      FSKIND_ALLOWED);
}

int main(int argc, char **argv)
{
	check_args(argc, argv);
	RUN_GROUP("good", test_good());
	RUN_GROUP("flags", test_flags());
	RUN_GROUP("refusals", test_refusals());
	RUN_GROUP("bound", test_bound());
	RUN_GROUP("unallocated", test_unallocated());
	RUN_GROUP("refused-first", test_refused_first());
	RUN_GROUP("fskind", test_fskind());
	RUN_GROUP("size", test_size());
	RUN_GROUP("estimate", test_estimate());
	RUN_GROUP("docs", test_docs());
	return check_exit();
}
