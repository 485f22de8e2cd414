// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for loader/core, refusals: every way an image, its
 * parameters, its command line or its elfcorehdr can be wrong, each with
 * its own code and before any frame is taken; the edges that are still
 * fine; loader_count_pages against the builds; loader_strerror.
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
#include "loader/core/pool.h"

/* The fixed image and a scattered machine with room for it, from @seed. */
static struct machine *bench_new(uint64_t seed, struct image *img)
{
	struct rng *r = rng_fresh(seed);
	uint32_t nr = 0;

	default_image(img, r);
	loader_count_pages(img->data, img->size, 5, 0, 0, &nr);
	/* Room for a default pool (the need plus the margin) too. */
	return machine_new(r, nr + IDENT_RESERVE + 512, 1, 0);
}

/* An error before any frame is taken: the code, no alloc, nr_taken 0. */
static void expect_early(const char *what, struct machine *m,
			 const struct loader_params *p, enum loader_err want)
{
	struct loader_result res;
	enum loader_err err;

	machine_reset(m, 0);
	err = build(m, p, &res);
	CHECK(err == want && m->calls == 0 && last_nr_taken == 0,
	      "%s: %s (got %s, %u allocs, nr_taken %u)", what,
	      loader_strerror(want), loader_strerror(err), m->calls,
	      last_nr_taken);
}

/* Like expect_early, on a patched copy of @img's bytes of @size. */
static void expect_image_err(const char *what, struct machine *m,
			     const uint8_t *bytes, size_t size,
			     enum loader_err want)
{
	struct loader_params p = {
		.image = bytes, .image_size = size, .pool_pages = 2,
		.max_mfn = MACHINE_MFNS, .phys_bits = 48,
	};
	uint32_t nr;

	expect_early(what, m, &p, want);
	CHECK(loader_count_pages(bytes, size, 2, 0, 0, &nr) == want,
	      "%s: loader_count_pages agrees", what);
}

/* Copies the image, patches a 32-bit field, expects @want. */
static void patch32(const char *what, struct machine *m,
		    const struct image *img, size_t off, uint32_t v,
		    enum loader_err want)
{
	uint8_t *copy = malloc(img->size);

	memcpy(copy, img->data, img->size);
	put32(copy + off, v);
	expect_image_err(what, m, copy, img->size, want);
	free(copy);
}

/* Copies the image, patches one byte (or 16-bit field), expects @want. */
static void patch16(const char *what, struct machine *m,
		    const struct image *img, size_t off, uint16_t v,
		    int byte, enum loader_err want)
{
	uint8_t *copy = malloc(img->size);

	memcpy(copy, img->data, img->size);
	if (byte)
		copy[off] = (uint8_t)v;
	else
		put16(copy + off, v);
	expect_image_err(what, m, copy, img->size, want);
	free(copy);
}

/* Not ELF, not i386, and bad program headers. */
static void test_err_identity(struct machine *m, const struct image *img)
{
	expect_image_err("empty file", m, img->data, 0, LOADER_ERR_NOT_ELF);
	expect_image_err("51-byte file", m, img->data, 51, LOADER_ERR_NOT_ELF);
	patch16("bad magic byte 0", m, img, 0, 0x7e, 1, LOADER_ERR_NOT_ELF);
	patch16("bad magic byte 3", m, img, 3, 'G', 1, LOADER_ERR_NOT_ELF);
	patch16("ELFCLASS64", m, img, 4, 2, 1, LOADER_ERR_NOT_I386);
	patch16("big-endian", m, img, 5, 2, 1, LOADER_ERR_NOT_I386);
	patch16("EM_X86_64", m, img, E_MACHINE, 62, 0, LOADER_ERR_NOT_I386);
	patch16("ET_DYN", m, img, E_TYPE, 3, 0, LOADER_ERR_NOT_I386);
	patch16("ET_REL", m, img, E_TYPE, 1, 0, LOADER_ERR_NOT_I386);
	expect_image_err("phdrs cut off", m, img->data,
			 EHDR_SIZE + img->nr_phdrs * PHDR_SIZE - 1,
			 LOADER_ERR_BAD_PHDRS);
	patch32("phoff beyond the file", m, img, E_PHOFF, img->size + 1,
		LOADER_ERR_BAD_PHDRS);
	patch32("phoff near 4 GiB", m, img, E_PHOFF, 0xfffffff0u,
		LOADER_ERR_BAD_PHDRS);
	patch32("phdrs end past the file", m, img, E_PHOFF, img->size - 40,
		LOADER_ERR_BAD_PHDRS);
	patch16("phnum 0xffff", m, img, E_PHNUM, 0xffff, 0,
		LOADER_ERR_BAD_PHDRS);
	patch16("phentsize 56", m, img, E_PHENTSIZE, 56, 0,
		LOADER_ERR_BAD_PHDRS);
	patch16("phnum 0", m, img, E_PHNUM, 0, 0, LOADER_ERR_NO_SEGMENTS);
}

/* Copies the image, sets every PT_LOAD to @type, expects no segments. */
static void test_err_no_load(struct machine *m, const struct image *img)
{
	uint8_t *copy = malloc(img->size);
	uint32_t i;

	memcpy(copy, img->data, img->size);
	for (i = 0; i < img->nr_phdrs; i++)
		if (img->ph[i].type == PT_LOAD)
			put32(copy + phdr_field(i, P_TYPE), PT_NOTE);
	expect_image_err("no PT_LOAD", m, copy, img->size,
			 LOADER_ERR_NO_SEGMENTS);
	for (i = 0; i < img->nr_phdrs; i++)
		if (img->ph[i].type == PT_LOAD)
			put32(copy + phdr_field(i, P_TYPE), PT_LOAD);
	for (i = 0; i < img->nr_phdrs; i++)
		put32(copy + phdr_field(i, P_MEMSZ), 0);
	for (i = 0; i < img->nr_phdrs; i++)
		put32(copy + phdr_field(i, P_FILESZ), 0);
	expect_image_err("only empty PT_LOADs", m, copy, img->size,
			 LOADER_ERR_NO_SEGMENTS);
	free(copy);
}

/* One more PT_LOAD than ELF32_MAX_SEGS. */
static void test_err_too_many(struct machine *m, struct rng *r)
{
	struct image img;
	uint32_t i;

	memset(&img, 0, sizeof(img));
	for (i = 0; i <= ELF32_MAX_SEGS; i++)
		add_phdr(&img, PT_LOAD, 0x200 + i * 16,
			 CAPTURE_KERNEL_BASE + i * PAGE_SIZE, 16, 16);
	img.entry = CAPTURE_KERNEL_BASE;
	image_write(&img, r);
	expect_image_err("9 PT_LOADs", m, img.data, img.size,
			 LOADER_ERR_TOO_MANY_SEGMENTS);
	free(img.data);
}

/* Segment checks, on the text segment (phdr 2) and data (phdr 0). */
static void test_err_segments(struct machine *m, const struct image *img)
{
	const struct phdr_spec *text = &img->ph[2], *data = &img->ph[0];
	uint32_t text_end = text->vaddr + text->memsz;

	patch32("data filesz past the file", m, img, phdr_field(0, P_FILESZ),
		data->filesz + 1, LOADER_ERR_SEG_OUTSIDE_FILE);
	patch32("text offset past the file", m, img, phdr_field(2, P_OFFSET),
		img->size + 1, LOADER_ERR_SEG_OUTSIDE_FILE);
	patch32("offset + filesz wraps 2^32", m, img, phdr_field(2, P_OFFSET),
		0xffffff00u, LOADER_ERR_SEG_OUTSIDE_FILE);
	patch32("filesz > memsz", m, img, phdr_field(2, P_MEMSZ),
		text->filesz - 1, LOADER_ERR_SEG_FILESZ);
	patch32("vaddr below the base", m, img, phdr_field(2, P_VADDR),
		CAPTURE_KERNEL_BASE - PAGE_SIZE, LOADER_ERR_SEG_BASE);
	patch32("vaddr 0", m, img, phdr_field(0, P_VADDR), 0,
		LOADER_ERR_SEG_BASE);
	patch32("memsz 256 MiB", m, img, phdr_field(0, P_MEMSZ), 0x10000000,
		LOADER_ERR_SEG_TOO_BIG);
	patch32("memsz 0xffffffff", m, img, phdr_field(0, P_MEMSZ),
		0xffffffffu, LOADER_ERR_SEG_TOO_BIG);
	patch32("vaddr near 4 GiB", m, img, phdr_field(0, P_VADDR),
		0xfffff000u, LOADER_ERR_SEG_TOO_BIG);
	patch32("vaddr at the 64 MiB limit", m, img, phdr_field(0, P_VADDR),
		CAPTURE_KERNEL_BASE + CAPTURE_MAX_PAGES * PAGE_SIZE,
		LOADER_ERR_SEG_TOO_BIG);
	patch32("data overlaps text", m, img, phdr_field(0, P_VADDR),
		text_end - 1, LOADER_ERR_SEG_OVERLAP);
	patch32("rodata overlaps text", m, img, phdr_field(4, P_VADDR),
		text->vaddr + 0x100, LOADER_ERR_SEG_OVERLAP);
	patch32("data at text's vaddr", m, img, phdr_field(0, P_VADDR),
		text->vaddr, LOADER_ERR_SEG_OVERLAP);
	patch32("entry past text", m, img, E_ENTRY, text_end,
		LOADER_ERR_BAD_ENTRY);
	patch32("entry below the base", m, img, E_ENTRY, 0x100000,
		LOADER_ERR_BAD_ENTRY);
	patch32("entry in a gap", m, img, E_ENTRY, 0xC0005000,
		LOADER_ERR_BAD_ENTRY);
	patch32("entry in bss", m, img, E_ENTRY,
		data->vaddr + data->filesz + 8, LOADER_ERR_BAD_ENTRY);
}

/* Segments touching without overlap are fine. */
static void test_touching(struct machine *m, const struct image *img)
{
	const struct phdr_spec *text = &img->ph[2];
	uint8_t *copy = malloc(img->size);
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;

	memcpy(copy, img->data, img->size);
	put32(copy + phdr_field(4, P_VADDR), text->vaddr + text->memsz);
	p.image = copy;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK, "rodata starting where text ends: %s",
	      loader_strerror(err));
	free(copy);
}

/* Too big for CAPTURE_MAX_PAGES or for work's capacity. */
static void test_err_size(struct machine *m, const struct image *img)
{
	struct loader_params p = params_for(img, CAPTURE_MAX_PAGES);
	struct frame_source src = source_of(m);
	struct loader_work work = { work_p2m, work_m2p, 10, STALE_NR_TAKEN };
	struct loader_result res;
	uint32_t pool, nr;

	expect_early("pool of CAPTURE_MAX_PAGES", m, &p,
		     LOADER_ERR_SEG_TOO_BIG);
	p.pool_pages = 0xffffffffu;
	expect_early("pool of 2^32-1 pages", m, &p, LOADER_ERR_SEG_TOO_BIG);
	/* The biggest pool that fits, and one more. */
	for (pool = CAPTURE_MAX_PAGES; pool > 0; pool--)
		if (loader_count_pages(img->data, img->size, pool, 0, 0, &nr) ==
		    LOADER_OK)
			break;
	CHECK(nr <= CAPTURE_MAX_PAGES && nr > CAPTURE_MAX_PAGES - 8 &&
	      loader_count_pages(img->data, img->size, pool + 1, 0, 0, &nr) ==
	      LOADER_ERR_SEG_TOO_BIG,
	      "largest pool %u fits CAPTURE_MAX_PAGES, one more does not",
	      pool);
	p.pool_pages = 2;
	machine_reset(m, 0);
	stale_work(CAPTURE_MAX_PAGES);
	CHECK(loader_build(&p, &src, &work, &res) == LOADER_ERR_SEG_TOO_BIG &&
	      m->calls == 0 && work.nr_taken == 0,
	      "work capacity 10: LOADER_ERR_SEG_TOO_BIG before any alloc, "
	      "nr_taken 0");
}

/* elfcorehdr sizes: too big for the capture kernel, or 32-bit wrap. */
static void test_err_elfcorehdr(struct machine *m, const struct image *img)
{
	static uint8_t hdr[PAGE_SIZE];
	static uint8_t big[5 * PAGE_SIZE + 123];
	struct loader_params p = params_for(img, 0);
	struct loader_result res;
	enum loader_err err;
	uint32_t nr;

	/* A header the capture kernel takes, with sizes it cannot. */
	test_elfcorehdr(hdr, sizeof(hdr), 4);
	p.elfcorehdr = hdr;
	p.elfcorehdr_size = CAPTURE_MAX_PAGES * PAGE_SIZE;
	expect_early("elfcorehdr of 64 MiB", m, &p, LOADER_ERR_SEG_TOO_BIG);
	p.elfcorehdr_size = 0xfffff000u;
	expect_early("elfcorehdr of 4 GiB - 4 KiB", m, &p,
		     LOADER_ERR_SEG_TOO_BIG);
	/* pages_for() once wrapped to 0 pages from 0xfffff001 bytes up. */
	p.elfcorehdr_size = 0xfffff001u;
	expect_early("elfcorehdr of 4 GiB - 4 KiB + 1", m, &p,
		     LOADER_ERR_SEG_TOO_BIG);
	p.elfcorehdr_size = 0xffffffffu;
	expect_early("elfcorehdr of 4 GiB - 1", m, &p, LOADER_ERR_SEG_TOO_BIG);
	CHECK(loader_count_pages(img->data, img->size, 2, 0xffffffffu, 0,
				 &nr) == LOADER_ERR_SEG_TOO_BIG &&
	      loader_count_pages(img->data, img->size, 2, 0xfffff001u, 0,
				 &nr) == LOADER_ERR_SEG_TOO_BIG &&
	      loader_count_pages(img->data, img->size, 2,
				 CAPTURE_MAX_PAGES * PAGE_SIZE, 0, &nr) ==
	      LOADER_ERR_SEG_TOO_BIG,
	      "loader_count_pages: elfcorehdr of 64 MiB, 4 GiB - 4 KiB + 1, "
	      "4 GiB - 1: LOADER_ERR_SEG_TOO_BIG");
	test_elfcorehdr(big, sizeof(big), 4);
	p.elfcorehdr = big;
	p.elfcorehdr_size = sizeof(big);
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK &&
	      loader_count_pages(img->data, img->size, resolved_pool(&p),
				 sizeof(big), 0, &nr) ==
	      LOADER_OK && nr == res.si.nr_pages &&
	      res.si.p2m_pfn - res.si.elfcorehdr_pfn == pages_for(sizeof(big)),
	      "%zu-byte elfcorehdr: %u header pages, loader_count_pages %u "
	      "== nr_pages %u", sizeof(big),
	      res.si.p2m_pfn - res.si.elfcorehdr_pfn, nr, res.si.nr_pages);
	p.elfcorehdr = NULL;
	p.elfcorehdr_size = 5000;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.elfcorehdr_size == 0 &&
	      (res.si.flags & SIF_NO_ELFCOREHDR) &&
	      res.si.p2m_pfn == res.si.elfcorehdr_pfn,
	      "no elfcorehdr buffer: size ignored, region empty, "
	      "SIF_NO_ELFCOREHDR");
}

/*
 * The dump target's extent map: refused by every rule but the device's
 * size before a frame is taken; a good one of 171 extents (4104 bytes)
 * takes two pages, 170 take one, and the count agrees.
 */
static void test_err_extent_map(struct machine *m, const struct image *img)
{
	static struct dump_extent map[EXTENT_MAP_MAX + 1];
	struct loader_params p = params_for(img, 0);
	struct loader_result res;
	uint32_t i, nr = 0, nr170 = 0;
	enum loader_err err;

	for (i = 0; i <= EXTENT_MAP_MAX; i++)
		map[i] = (struct dump_extent){ i, 2ull * (EXTENT_MAP_MAX - i), 1 };
	p.extents = map;
	p.nr_extents = EXTENT_MAP_MAX + 1;
	expect_early("extent map of EXTENT_MAP_MAX + 1", m, &p,
		     LOADER_ERR_EXTENT_MAP);
	CHECK(loader_count_pages(img->data, img->size, 2, 0,
				 EXTENT_MAP_MAX + 1, &nr) == LOADER_ERR_EXTENT_MAP,
	      "loader_count_pages: EXTENT_MAP_MAX + 1 extents refused");
	p.nr_extents = 3;
	p.extents = NULL;
	expect_early("3 extents, no buffer", m, &p, LOADER_ERR_EXTENT_MAP);
	p.extents = map;
	map[1].logical_sector = 5;
	expect_early("extent map with a logical hole", m, &p,
		     LOADER_ERR_EXTENT_MAP);
	map[1].logical_sector = 1;
	map[2].disk_sector = map[0].disk_sector;
	expect_early("extent map with overlapping disk ranges", m, &p,
		     LOADER_ERR_EXTENT_MAP);
	map[2].disk_sector = 2ull * (EXTENT_MAP_MAX - 2);
	map[2].nr_sectors = 0;
	expect_early("extent map with an empty extent", m, &p,
		     LOADER_ERR_EXTENT_MAP);
	map[2].nr_sectors = 1;
	p.nr_extents = 171;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.extent_map_count == 171 &&
	      res.si.p2m_pfn - res.si.extent_map_pfn == 2 &&
	      res.si.extent_map_pfn == res.si.elfcorehdr_pfn &&
	      loader_count_pages(img->data, img->size, resolved_pool(&p), 0,
				 171, &nr) == LOADER_OK && nr == res.si.nr_pages &&
	      loader_count_pages(img->data, img->size, resolved_pool(&p), 0,
				 170, &nr170) == LOADER_OK && nr170 < nr,
	      "171 extents: 2 map pages after the (empty) elfcorehdr, "
	      "loader_count_pages %u == nr_pages %u, 170 extents %u", nr,
	      res.si.nr_pages, nr170);
}

/*
 * The pool at load: below the need (lib/pool_need.h, the capture
 * kernel's formula) refused before any frame is taken, the need itself
 * taken, 0 the need plus LOADER_POOL_MARGIN; more than CORE_MAX_LOADS
 * RAM ranges and a header the capture kernel would refuse, each with its
 * own error.
 */
static void test_err_pool(struct machine *m, const struct image *img)
{
	static uint8_t hdr[16 * PAGE_SIZE];
	struct loader_params p = params_for(img, 0);
	struct loader_result res;
	struct loader_pool pool;
	uint32_t need;

	p.elfcorehdr = hdr;
	p.elfcorehdr_size = (uint32_t)test_elfcorehdr(hdr, sizeof(hdr), 4);
	CHECK(loader_pool(&p, &pool) == LOADER_OK && pool.counts.nr_loads == 4 &&
	      pool.counts.nr_notes == 3 && pool.counts.notes_bytes == 3072 &&
	      pool.need == 77 && pool.pages == 77 + LOADER_POOL_MARGIN,
	      "4 RAM ranges, 3 KiB of notes: need 77 pages (kdump LZO: disk "
	      "2x5, dump 4, notes 4+1, loads 1, kdump 38+1, LZO 18), default "
	      "pool %u", pool.pages);
	need = pool.need;
	p.helpers = 3;
	CHECK(loader_pool(&p, &pool) == LOADER_OK && pool.need == 77 + 199 &&
	      pool.pages == 77 + 199 + LOADER_POOL_MARGIN,
	      "3 helper CPUs: need %u = 77 + 40 + 3 * 53 (once: the start "
	      "page's bytes, job tables 2, the boot CPU's 2 slots of 16 and a "
	      "page, 4 bitmap blocks; each: stack, GDT, LZO 18, a page, 2 slots of 16)",
	      pool.need);
	p.pool_pages = need;
	expect_early("3 helper CPUs, the dump's need only", m, &p,
		     LOADER_ERR_POOL_SMALL);
	p.helpers = 0;
	p.pool_pages = need - 1;
	expect_early("pool of need - 1", m, &p, LOADER_ERR_POOL_SMALL);
	p.pool_pages = need;
	machine_reset(m, 0);
	CHECK(build(m, &p, &res) == LOADER_OK && res.si.pool_pages == need,
	      "pool of exactly the need (%u): built", need);
	p.pool_pages = 0;
	p.elfcorehdr_size = (uint32_t)test_elfcorehdr(hdr, sizeof(hdr), 200);
	CHECK(loader_pool(&p, &pool) == LOADER_OK && pool.need > need,
	      "200 RAM ranges: need %u > %u", pool.need, need);
	p.elfcorehdr_size = (uint32_t)test_elfcorehdr(hdr, sizeof(hdr),
						      CORE_MAX_LOADS);
	machine_reset(m, 0);
	CHECK(p.elfcorehdr_size && build(m, &p, &res) == LOADER_OK,
	      "CORE_MAX_LOADS (%u) RAM ranges: built", CORE_MAX_LOADS);
	p.elfcorehdr_size = (uint32_t)test_elfcorehdr(hdr, sizeof(hdr),
						      CORE_MAX_LOADS + 1);
	expect_early("CORE_MAX_LOADS + 1 RAM ranges", m, &p,
		     LOADER_ERR_TOO_MANY_LOADS);
	hdr[0] = 0;
	expect_early("an elfcorehdr without ELF magic", m, &p,
		     LOADER_ERR_ELFCOREHDR);
	p.elfcorehdr = NULL;
	CHECK(loader_pool(&p, &pool) == LOADER_OK && pool.need == 0 &&
	      pool.pages == LOADER_POOL_MARGIN,
	      "no elfcorehdr (self-test boot): need 0, default pool %u",
	      pool.pages);
	p.helpers = 1;
	CHECK(loader_pool(&p, &pool) == LOADER_OK && pool.need == 93,
	      "no elfcorehdr, 1 helper CPU: need %u = 40 + 53", pool.need);
	p.helpers = 1000;
	CHECK(loader_pool(&p, &pool) == LOADER_OK && pool.need == 40 + 15 * 53,
	      "no elfcorehdr, 1000 helper CPUs: need %u = 40 + 15 * 53 (at "
	      "most 15 take jobs)", pool.need);
}

/* The command line: 511 characters fit, 512 do not. */
static void test_cmdline(struct machine *m, const struct image *img)
{
	static char line[CAPTURE_CMDLINE_MAX + 2];
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;

	memset(line, 'x', CAPTURE_CMDLINE_MAX);
	line[CAPTURE_CMDLINE_MAX] = 0;
	p.cmdline = line;
	expect_early("cmdline of 512 chars", m, &p, LOADER_ERR_CMDLINE);
	memset(line, 'y', CAPTURE_CMDLINE_MAX + 1);
	line[CAPTURE_CMDLINE_MAX + 1] = 0;
	expect_early("cmdline of 513 chars", m, &p, LOADER_ERR_CMDLINE);
	line[CAPTURE_CMDLINE_MAX - 1] = 0;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && strlen(res.si.cmdline) ==
	      CAPTURE_CMDLINE_MAX - 1 && !strcmp(res.si.cmdline, line),
	      "cmdline of 511 chars fits: %s", loader_strerror(err));
	p.cmdline = NULL;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.cmdline[0] == 0,
	      "NULL cmdline gives an empty one");
}

/*
 * phys_bits outside 32..52 or max_mfn 0: LOADER_ERR_BAD_PARAMS before
 * any frame is taken.  32 and 52 themselves are fine.
 */
static void test_err_params(struct machine *m, const struct image *img)
{
	static const unsigned int bad_bits[] = { 0, 12, 31, 53, 64 };
	struct loader_params p = params_for(img, 2);
	struct loader_result res;
	enum loader_err err;
	char what[64];
	uint32_t i;

	for (i = 0; i < sizeof(bad_bits) / sizeof(bad_bits[0]); i++) {
		p.phys_bits = bad_bits[i];
		snprintf(what, sizeof(what), "phys_bits %u", bad_bits[i]);
		expect_early(what, m, &p, LOADER_ERR_BAD_PARAMS);
	}
	p.phys_bits = 0xffffffffu;
	expect_early("phys_bits 2^32 - 1", m, &p, LOADER_ERR_BAD_PARAMS);
	p.phys_bits = 48;
	p.max_mfn = 0;
	expect_early("max_mfn 0", m, &p, LOADER_ERR_BAD_PARAMS);
	p.phys_bits = 0;
	expect_early("max_mfn 0 and phys_bits 0", m, &p,
		     LOADER_ERR_BAD_PARAMS);
	p.max_mfn = MACHINE_MFNS;
	p.phys_bits = 52;
	machine_reset(m, 0);
	err = build(m, &p, &res);
	CHECK(err == LOADER_OK && res.si.phys_bits == 52,
	      "phys_bits 52 is accepted: %s", loader_strerror(err));
}

/*
 * loader_count_pages with an elfcorehdr of N bytes: pages_for(N) pages more,
 * plus whatever the p2m, m2p and page tables grow by to cover them;
 * exactly what a pool pages_for(N) pages bigger costs.
 */
static void test_count_elfcorehdr(const struct image *img, struct rng *r)
{
	static const uint32_t sizes[] = {
		1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 5 * PAGE_SIZE + 123, 300 * PAGE_SIZE,
		1000 * PAGE_SIZE + 1,
	};
	const uint32_t n = sizeof(sizes) / sizeof(sizes[0]);
	uint32_t i, pool, size, base, with, shifted, grow, bad = 0, exact = 0;

	for (i = 0; i < n + 10; i++) {
		pool = i < n ? 5 : rng_below(r, 3000);
		size = i < n ? sizes[i] : rng_range(r, 1, 2000 * PAGE_SIZE);
		base = with = shifted = 0;
		if (loader_count_pages(img->data, img->size, pool, 0, 0, &base) ||
		    loader_count_pages(img->data, img->size, pool, size, 0,
				       &with) ||
		    loader_count_pages(img->data, img->size,
				       pool + pages_for(size), 0, 0, &shifted)) {
			bad++;
			continue;
		}
		/* What the tables grow by between the two sizes. */
		grow = pages_for(with * 8) - pages_for(base * 8) +
		       pages_for(with * (uint32_t)sizeof(struct m2p_entry)) -
		       pages_for(base * (uint32_t)sizeof(struct m2p_entry)) +
		       (with + PAE_ENTRIES - 1) / PAE_ENTRIES -
		       (base + PAE_ENTRIES - 1) / PAE_ENTRIES;
		if (with != base + pages_for(size) + grow || with != shifted) {
			note("pool %u, %u-byte header: %u pages, %u without, "
			     "%u with a bigger pool", pool, size, with, base,
			     shifted);
			bad++;
		}
		exact += i < n && with == base + pages_for(size);
	}
	CHECK(bad == 0, "loader_count_pages: an elfcorehdr of N bytes "
	      "counts pages_for(N) pages more, plus the bigger tables (%u "
	      "wrong)", bad);
	CHECK(exact >= 4, "loader_count_pages: small elfcorehdrs add "
	      "exactly pages_for(N) pages (%u of %u)", exact, n);
	CHECK(loader_count_pages(img->data, img->size, 5, 0, 0, &base) ==
	      LOADER_OK &&
	      loader_count_pages(img->data, img->size, 5, 1, 0, &with) ==
	      LOADER_OK && with == base + 1,
	      "loader_count_pages: a 1-byte elfcorehdr is one page more");
}

/* loader_strerror: a distinct non-empty message for every code. */
static void test_strerror(void)
{
	int i, j, ok = 1;

	for (i = 0; i < LOADER_ERR_NR; i++) {
		const char *a = loader_strerror(i);

		if (!a || !a[0])
			ok = 0;
		for (j = 0; ok && j < i; j++)
			if (!strcmp(a, loader_strerror(j)))
				ok = 0;
	}
	CHECK(ok, "loader_strerror: %d distinct non-empty messages",
	      LOADER_ERR_NR);
	CHECK(loader_strerror(LOADER_ERR_NR) && loader_strerror(-1) &&
	      loader_strerror(LOADER_ERR_NR)[0],
	      "loader_strerror of an unknown code is a message");
	for (i = 0, ok = 1; i < LOADER_ERR_NR + 1; i++)
		if (i != LOADER_ERR_BAD_PARAMS &&
		    !strcmp(loader_strerror(LOADER_ERR_BAD_PARAMS),
			    loader_strerror(i)))
			ok = 0;
	CHECK(ok && loader_strerror(LOADER_ERR_BAD_PARAMS)[0],
	      "loader_strerror(LOADER_ERR_BAD_PARAMS) is its own message: "
	      "%s", loader_strerror(LOADER_ERR_BAD_PARAMS));
}

int main(int argc, char **argv)
{
	struct machine *m;
	struct image img;
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20240611);
	m = bench_new(seed, &img);
	RUN_GROUP("strerror", test_strerror());
	RUN_GROUP("identity", test_err_identity(m, &img));
	RUN_GROUP("no-load", test_err_no_load(m, &img));
	RUN_GROUP("too-many", test_err_too_many(m, rng_fresh(seed)));
	RUN_GROUP("segments", test_err_segments(m, &img));
	RUN_GROUP("touching", test_touching(m, &img));
	RUN_GROUP("size", test_err_size(m, &img));
	RUN_GROUP("cmdline", test_cmdline(m, &img));
	RUN_GROUP("elfcorehdr", test_err_elfcorehdr(m, &img));
	RUN_GROUP("pool", test_err_pool(m, &img));
	RUN_GROUP("extent-map", test_err_extent_map(m, &img));
	RUN_GROUP("params", test_err_params(m, &img));
	RUN_GROUP("count-elfcorehdr",
		  test_count_elfcorehdr(&img, rng_fresh(seed)));
	machine_free(m);
	free(img.data);
	return check_exit();
}
