// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the loader core on a hostile capture-kernel image.
 * elf32_parse (loader/core/elf32.c) on the input, then loader_count_pages
 * and, when the image fits the fake machine (tests/unit/fake_machine.h,
 * 320 scattered frames), loader_build (loader/core/build.c).  Checked:
 * the parse's segments lie in the file and in order; a build either
 * succeeds with a matching checksum or fails having taken exactly the
 * frames work.p2m[0, nr_taken) lists; map() only sees frames it handed out.
 * Input: the ELF32 image.
 */
#include "fuzz.h"
#include "loader/core/elf32.h"
#include "tests/unit/fake_machine.h"

#define FRAMES		320
#define MAX_BUILD	(FRAMES - IDENT_RESERVE - 8)

static struct machine *machine;

/* The fixed elfcorehdr the build copies (contents do not matter here). */
static uint8_t corehdr[600];

static void check_parse(const struct elf32_image *img, size_t size)
{
	uint32_t i;

	FUZZ_ASSERT(img->nr_segs >= 1 && img->nr_segs <= ELF32_MAX_SEGS);
	for (i = 0; i < img->nr_segs; i++) {
		const struct elf32_seg *s = &img->segs[i];

		FUZZ_ASSERT(s->filesz <= s->memsz);
		FUZZ_ASSERT(s->offset <= size && s->filesz <= size - s->offset);
		FUZZ_ASSERT((uint64_t)s->paddr + s->memsz <= img->end_paddr);
		if (i)
			FUZZ_ASSERT(img->segs[i - 1].paddr +
				    img->segs[i - 1].memsz <= s->paddr);
	}
	FUZZ_ASSERT(img->end_paddr <= CAPTURE_MAX_PAGES * PAGE_SIZE);
}

/* The frames a failed build took are exactly the ones it lists. */
static void check_taken(void)
{
	static uint64_t listed[CAPTURE_MAX_PAGES], given[CAPTURE_MAX_PAGES];
	uint32_t n = machine->nr_given;

	FUZZ_ASSERT(last_nr_taken == n);
	memcpy(listed, work_p2m, n * sizeof(listed[0]));
	memcpy(given, machine->given, n * sizeof(given[0]));
	qsort(listed, n, sizeof(listed[0]), cmp_mfn);
	qsort(given, n, sizeof(given[0]), cmp_mfn);
	FUZZ_ASSERT(!memcmp(listed, given, n * sizeof(listed[0])));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_params p = {
		.image = data, .image_size = size,
		.cmdline = "console=ttyS0 p2mdump.test=1",
		.pool_pages = 3, .max_mfn = MACHINE_MFNS, .phys_bits = 48,
		.elfcorehdr = corehdr, .elfcorehdr_size = sizeof(corehdr),
	};
	static struct loader_result res;
	struct elf32_image img;
	enum loader_err err;
	uint32_t nr;

	if (!machine) {
		struct rng r;

		rng_init(&r, 7);
		machine = machine_new(&r, FRAMES, 1, 0);
		memset(corehdr, 0x5c, sizeof(corehdr));
	}
	if (elf32_parse(&img, data, size) != LOADER_OK)
		return 0;
	check_parse(&img, size);
	if (loader_count_pages(data, size, p.pool_pages, p.elfcorehdr_size,
			       p.nr_extents, &nr) != LOADER_OK || nr > MAX_BUILD)
		return 0;
	machine_reset(machine, 0);
	err = build_stale(machine, &p, &res, nr + 8);
	FUZZ_ASSERT(machine->bad_maps == 0);
	if (err == LOADER_OK) {
		FUZZ_ASSERT(last_nr_taken == nr);
		FUZZ_ASSERT(recompute(machine, &res.si) == res.si.checksum);
	} else {
		check_taken();
	}
	return 0;
}
