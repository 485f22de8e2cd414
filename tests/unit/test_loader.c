// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for loader/core, good builds: the domain builder run on
 * fake machines (fake_machine.h) for the fixed and random images, and on
 * a contiguous machine, the most segments and full page tables.  Each
 * build is checked by walking the PAE tables it wrote as the processor
 * would, by reading back every page and by recomputing the checksum
 * (loader_verify.h).  Error paths: test_loader_err and test_loader_faults.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include <p2mdump/pae.h>
#include "loader/core/build.h"
#include "loader/core/elf32.h"
#include "loader/core/loader_err.h"
#include "fake_machine.h"
#include "loader_image.h"
#include "elfcore/vmcore.h"
#include "loader_verify.h"

#define NR_SEEDS	6

/* Random loader parameters for @img, with @pool_pages. */
static struct loader_params random_params(struct rng *r,
					  const struct image *img,
					  uint32_t pool_pages, char *cmdline)
{
	static uint8_t hdr[16 * PAGE_SIZE + 123];
	static struct dump_extent map[700];	/* up to 5 pages */
	struct loader_params p = params_for(img, pool_pages);
	uint32_t len = rng_below(r, CAPTURE_CMDLINE_MAX), i;
	size_t size;

	for (i = 0; i < len; i++)
		cmdline[i] = (char)rng_range(r, ' ', '~');
	cmdline[len] = 0;
	p.cmdline = rng_below(r, 4) ? cmdline : NULL;
	p.phys_bits = rng_below(r, 2) ? 48 : 52;
	if (rng_below(r, 2)) {
		/* A valid map: one-sector extents, disk order reversed. */
		p.nr_extents = (uint32_t)rng_range(r, 1, 700);
		for (i = 0; i < p.nr_extents; i++)
			map[i] = (struct dump_extent){ i, 2 * (700 - i), 1 };
		p.extents = map;
	}
	if (rng_below(r, 2)) {
		/* A real header (1 to CORE_MAX_LOADS RAM ranges), then
		 * random bytes the loader copies as they are. */
		for (i = 0; i < sizeof(hdr); i++)
			hdr[i] = (uint8_t)rng_next(r);
		size = test_elfcorehdr(hdr, sizeof(hdr),
				       (uint32_t)rng_range(r, 1, CORE_MAX_LOADS - 1));
		p.elfcorehdr = hdr;
		p.elfcorehdr_size = (uint32_t)rng_range(r, size, sizeof(hdr));
		/* A given pool is at least the need: the refusal has its
		 * own tests (test_loader_err). */
		if (pool_pages) {
			p.pool_pages = 0;
			p.pool_pages = pool_pages + resolved_pool(&p);
		}
	}
	return p;
}

/* Good builds on scattered machines for one seed (the @n'th). */
static void test_good_builds(uint64_t seed, uint32_t n)
{
	static const uint32_t pools[] = { 0, 1, 37, 511, 1200 };
	char tag[64], cmdline[CAPTURE_CMDLINE_MAX];
	struct loader_params p;
	struct machine *m;
	struct image img;
	uint32_t nr = 0;
	struct rng r;
	int i;

	rng_init(&r, seed);
	for (i = 0; i < 2; i++) {
		if (i)
			random_image(&img, &r);
		else
			default_image(&img, &r);
		p = random_params(&r, &img, pools[(n + 2 * i) % 5], cmdline);
		loader_count_pages(img.data, img.size, resolved_pool(&p),
				   p.elfcorehdr_size, p.nr_extents, &nr);
		m = machine_new(&r, nr + IDENT_RESERVE + rng_below(&r, nr + 1),
				1, 0);
		snprintf(tag, sizeof(tag), "seed %llu %s image, pool %u",
			 (unsigned long long)seed, i ? "random" : "default",
			 p.pool_pages);
		check_good_build(tag, m, &img, &p, &r);
		machine_free(m);
		free(img.data);
	}
}

/* test_good_builds for NR_SEEDS seeds from @seed. */
static void test_good_seeds(uint64_t seed)
{
	int i;

	for (i = 0; i < NR_SEEDS; i++)
		test_good_builds(seed + i, i);
}

/* Contiguous frames ending at 3 GiB - 4 KiB: one run, handoff at the edge. */
static void test_contiguous(struct rng *r)
{
	struct loader_params p;
	struct loader_result res;
	struct machine *m;
	struct image img;
	uint32_t nr = 0;

	default_image(&img, r);
	p = params_for(&img, 3);
	loader_count_pages(img.data, img.size, resolved_pool(&p), 0, 0, &nr);
	m = machine_new(r, nr, 0, HANDOFF_MFN_LIMIT - nr);
	check_good_build("contiguous below 3 GiB", m, &img, &p, r);
	machine_reset(m, 1);
	CHECK(build(m, &p, &res) == LOADER_OK && res.contiguous_runs == 1 &&
	      res.frames_above_4g == 0 &&
	      res.si.handoff_maddr == mfn_to_maddr(HANDOFF_MFN_LIMIT - 1),
	      "contiguous machine: 1 run, handoff in the frame below 3 GiB");
	p.phys_bits = 32;	/* the lowest accepted: every frame fits */
	machine_reset(m, 1);
	CHECK(build(m, &p, &res) == LOADER_OK && res.si.phys_bits == 32,
	      "phys_bits 32 is accepted for frames below 4 GiB");
	machine_free(m);
	free(img.data);
}

/* nr_pages a multiple of 512: the last PT is full, no PT more. */
static void test_full_pt(struct rng *r)
{
	struct loader_params p;
	struct machine *m;
	struct image img;
	uint32_t pool, nr = 0, hits = 0;
	char tag[64];

	default_image(&img, r);
	for (pool = 0; pool < 2100 && hits < 2; pool++) {
		if (loader_count_pages(img.data, img.size, pool, 0, 0, &nr) ||
		    nr % PAE_ENTRIES)
			continue;
		p = params_for(&img, pool);
		m = machine_new(r, nr + IDENT_RESERVE + 3, 1, 0);
		snprintf(tag, sizeof(tag), "nr_pages %u (full PTs)", nr);
		check_good_build(tag, m, &img, &p, r);
		machine_free(m);
		hits++;
	}
	CHECK(hits == 2, "found pools giving nr_pages 512 and 1024");
	free(img.data);
}

/* Exactly ELF32_MAX_SEGS segments, one page apart, each at a page edge. */
static void test_max_segments(struct rng *r)
{
	struct loader_params p;
	struct machine *m;
	struct image img;
	uint32_t i, nr = 0;

	memset(&img, 0, sizeof(img));
	for (i = 0; i < ELF32_MAX_SEGS; i++)
		add_phdr(&img, PT_LOAD, 0x200 + i * 300,
			 CAPTURE_KERNEL_BASE + i * 2 * PAGE_SIZE + PAGE_SIZE - 100 + i,
			 200 + i, 300 + i);
	img.entry = CAPTURE_KERNEL_BASE + PAGE_SIZE - 100;
	image_write(&img, r);
	p = params_for(&img, 0);
	p.cmdline = NULL;
	loader_count_pages(img.data, img.size, resolved_pool(&p), 0, 0, &nr);
	m = machine_new(r, nr + IDENT_RESERVE + 10, 1, 0);
	check_good_build("8 segments across page edges", m, &img, &p, r);
	machine_free(m);
	free(img.data);
}

int main(int argc, char **argv)
{
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20240611);
	RUN_GROUP("good", test_good_seeds(seed));
	RUN_GROUP("contiguous", test_contiguous(rng_fresh(seed)));
	RUN_GROUP("max-segments", test_max_segments(rng_fresh(seed)));
	RUN_GROUP("full-pt", test_full_pt(rng_fresh(seed)));
	return check_exit();
}
