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
#include "tests/unit/elfcore_fixture.h"
#include "tests/unit/loader_image.h"

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
	memset(in, 0, sizeof(in));
	memcpy(in, &h, sizeof(h));
	memcpy(in + 4096, &disk_blocks, 3);
	put_seed("dumpdisk", name, in, sizeof(in));
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
	dumpdisk_seed("disk-full", DUMP_INCOMPLETE, DUMP_REASON_DISK_FULL, 2, 2);
	return 0;
}
