// SPDX-License-Identifier: GPL-2.0
/*
 * gen_seeds DIR: writes the fuzz targets' seed corpora, one directory per target,
 * from the unit tests' builders (elfcore_fixture's scenario, the loader's
 * default and random images) and a few dump-disk headers.  Seeds are
 * small valid inputs; libFuzzer mutates from there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <p2mdump/dumpdisk.h>
#include "lib/crc32.h"
#include "tests/unit/elfcore_fixture.h"
#include "tests/unit/loader_image.h"
#include "filter_world.h"

static const char *root;

/* Writes @len bytes to ROOT/@target/@name; exits on failure. */
static void put_seed(const char *target, const char *name, const void *buf,
		     size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, target);
	if (mkdir(path, 0777) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", root, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void elfcorehdr_seeds(void)
{
	struct elfcorehdr_params p = scenario_params();
	static uint8_t buf[8192];

	put_seed("elfcorehdr", "scenario", buf, build_scenario(buf, sizeof(buf)));
	p.ktext_vaddr = p.ktext_maddr = p.ktext_size = 0;
	p.nr_ram = 1;
	put_seed("elfcorehdr", "one-range", buf,
		 elfcorehdr_build(&p, buf, sizeof(buf)));
}

/* fuzz_notes.c's input: nr, scratch, the buffer table, memory. */
static void notes_seeds(void)
{
	static uint8_t in[16384], expect[8192];
	struct fake_mem m;
	size_t n = 2 + 8 * NR_NOTES, at = 0, expect_len;
	unsigned int i;

	memset(&m, 0, sizeof(m));
	scenario_mem(&m, expect, &expect_len);
	in[0] = (uint8_t)m.nr;
	in[1] = 64;
	for (i = 0; i < m.nr; i++) {
		uint32_t off = (uint32_t)at, len = m.r[i].len;

		memcpy(in + 2 + 8 * i, &off, 4);
		memcpy(in + 6 + 8 * i, &len, 4);
		memcpy(in + n + at, m.r[i].bytes, len);
		at += len;
	}
	put_seed("notes", "scenario", in, n + at);
	mem_free(&m);
}

static void loader_seeds(void)
{
	struct image img;
	struct rng r;
	char name[32];
	int i;

	rng_init(&r, 1);
	default_image(&img, &r);
	put_seed("loader", "default", img.data, img.size);
	free(img.data);
	for (i = 0; i < 4; i++) {
		random_image(&img, &r);
		snprintf(name, sizeof(name), "random%d", i);
		put_seed("loader", name, img.data, img.size);
		free(img.data);
	}
}

/* fuzz_dumpdisk.c's input: the header block, then the disk size. */
static void dumpdisk_seed(const char *name, uint32_t state, uint32_t reason,
			  uint64_t vmcore_blocks, uint32_t disk_blocks)
{
	static uint8_t in[4096 + 4];
	struct dumpdisk_header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, DUMPDISK_MAGIC, 8);
	h.version = DUMPDISK_VERSION;
	h.header_size = sizeof(h);
	h.state = state;
	h.reason = reason;
	h.vmcore_offset = DUMPDISK_VMCORE_OFFSET;
	h.vmcore_size = vmcore_blocks * 4096;
	h.vmcore_full_size = h.vmcore_size + 4096;
	h.disk_size = 4096ull * (1 + disk_blocks);
	strcpy(h.capture_version, "p2mdump 0.1");
	if (reason)
		strcpy(h.detail, "write at block 3 failed");
	h.nonce = 0x1122334455667788ull;
	h.crash_time = 1764654116;
	h.header_crc = dumpdisk_header_crc(&h);
	memset(in, 0, sizeof(in));
	memcpy(in, &h, sizeof(h));
	memcpy(in + 4096, &disk_blocks, 3);
	put_seed("dumpdisk", name, in, sizeof(in));
}

static void put64(uint8_t *mem, uint64_t maddr, uint64_t v)
{
	memcpy(mem + maddr, &v, 8);
}

/* Struct page of frame @mfn in filter_world.h's vmemmap. */
static uint8_t *fw_page(uint8_t *mem, uint32_t mfn)
{
	return mem + FW_PAGES + 64ull * mfn;
}

/* fuzz_filter.c's machine, sane: tables, sections, a few page kinds. */
static void filter_seed(const char *name, uint8_t level, uint8_t win)
{
	static uint8_t mem[FW_SIZE];
	const uint64_t pte = 0x3, leaf = 0x83;	/* P|RW, P|RW|PS */
	const int32_t buddy = -129, offline = -257;
	const uint64_t head_va = FW_MEMMAP + 64 * 32;
	uint32_t i;

	memset(mem, 0, sizeof(mem));
	mem[0] = level;
	mem[1] = win;
	put64(mem, FW_PML4 + 8 * 273, FW_PDPT | pte);	/* direct map */
	put64(mem, FW_PML4 + 8 * 468, FW_PDPT | pte);	/* vmemmap */
	put64(mem, FW_PDPT + 8 * 0, 0 | leaf);		/* 1 GiB at 0 */
	put64(mem, FW_PDPT + 8 * 1, FW_PD | pte);
	put64(mem, FW_PD + 8 * 2, FW_PT | pte);
	put64(mem, FW_PT + 8 * 4, FW_PAGES | pte);
	put64(mem, FW_ROOTS, FW_PAGE_OFFSET + FW_SECTIONS);
	put64(mem, FW_SECTIONS, FW_MEMMAP | 1);
	/* A free block of order 4 at frame 16. */
	memcpy(fw_page(mem, 16) + 48, &buddy, 4);
	put64(mem, FW_PAGES + 64 * 16 + 40, 4);
	/* A compound anonymous page of order 3 at frame 32. */
	put64(mem, FW_PAGES + 64 * 32, 1 << 16);
	put64(mem, FW_PAGES + 64 * 32 + 24, 0xffff888001234561ull);
	for (i = 33; i < 40; i++)
		put64(mem, FW_PAGES + 64 * i + 8, head_va | 1);
	fw_page(mem, 33)[16] = 1;
	fw_page(mem, 33)[17] = 3;
	/* Page cache, slab, offline, hwpoison. */
	put64(mem, FW_PAGES + 64 * 40, 1 << 4);
	put64(mem, FW_PAGES + 64 * 40 + 24, 0xffff888001234500ull);
	put64(mem, FW_PAGES + 64 * 41, 1 << 9);
	memcpy(fw_page(mem, 42) + 48, &offline, 4);
	put64(mem, FW_PAGES + 64 * 43, 1 << 23);
	put_seed("filter", name, mem, sizeof(mem));
}

/* Appends @v's low @bytes bytes, little-endian, at *@at of @in. */
static void put_le(uint8_t *in, size_t *at, uint64_t v, unsigned int bytes)
{
	while (bytes--) {
		in[(*at)++] = (uint8_t)v;
		v >>= 8;
	}
}

/*
 * fuzz_extent_map.c's input: device sectors, count, mode 0 (logical
 * sectors implied), then each extent's disk sector and count.
 */
static void extent_map_seed(const char *name, uint64_t device_sectors,
			    const uint64_t (*ext)[2], unsigned int n)
{
	uint8_t in[16 + 8 * 8];
	size_t at = 0;
	unsigned int i;

	put_le(in, &at, device_sectors, 5);
	put_le(in, &at, n, 1);
	put_le(in, &at, 0, 1);
	for (i = 0; i < n; i++) {
		put_le(in, &at, ext[i][0], 5);
		put_le(in, &at, ext[i][1], 3);
	}
	put_le(in, &at, 4096, 4);	/* the lookups' length */
	put_seed("extent_map", name, in, at);
}

static void extent_map_seeds(void)
{
	static const uint64_t whole[][2] = { { 0, 2621440 } };
	static const uint64_t scrambled[][2] = {	/* as t_extents */
		{ 350000, 30001 }, { 2048, 50003 }, { 100000, 220000 },
	};

	extent_map_seed("whole-disk", 2621440, whole, 1);
	extent_map_seed("scrambled", 400000, scrambled, 3);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_seeds DIR\n");
		return 2;
	}
	root = argv[1];
	if (mkdir(root, 0777) && errno != EEXIST) {
		perror(root);
		return 1;
	}
	elfcorehdr_seeds();
	notes_seeds();
	loader_seeds();
	dumpdisk_seed("complete", DUMP_COMPLETE, DUMP_REASON_NONE, 2, 3);
	dumpdisk_seed("in-progress", DUMP_IN_PROGRESS, DUMP_REASON_NONE, 1, 1);
	filter_seed("level31-win64", 31, 63);
	filter_seed("level1-win7", 1, 6);
	dumpdisk_seed("disk-full", DUMP_INCOMPLETE, DUMP_REASON_DISK_FULL, 2, 2);
	dumpdisk_seed("armed", DUMP_ARMED, DUMP_REASON_NONE, 0, 4);
	extent_map_seeds();
	return 0;
}
