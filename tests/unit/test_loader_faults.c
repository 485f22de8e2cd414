// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for loader/core, faults from outside: a frame source
 * that runs dry or hands out frames the capture kernel cannot map or has
 * seen already (the frames taken so far are listed, to be given back), and
 * images cut short or corrupted at random (a sane code, never a crash).
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

/* The fixed image and a scattered machine with room for it, from @seed. */
static struct machine *bench_new(uint64_t seed, struct image *img)
{
	struct rng *r = rng_fresh(seed);
	uint32_t nr = 0;

	default_image(img, r);
	loader_count_pages(img->data, img->size, 5, 0, 0, &nr);
	return machine_new(r, nr + IDENT_RESERVE + 64, 1, 0);
}

/*
 * The nr_taken contract: work.p2m[0, nr_taken) are exactly the frames the
 * source handed out, in the order it handed them out.
 */
static int taken_as_given(struct machine *m)
{
	uint32_t i;

	if (last_nr_taken != m->nr_given)
		return 0;
	for (i = 0; i < last_nr_taken; i++)
		if (work_p2m[i] != m->given[i])
			return 0;
	return 1;
}

/*
 * Runs a build that fails while taking frames; checks the code, and that
 * work.p2m[0, nr_taken) lists the @taken frames handed out, for giving
 * back.
 */
static void expect_frame_err(const char *what, struct machine *m,
			     const struct loader_params *p,
			     enum loader_err want, uint32_t taken)
{
	struct loader_result res;
	enum loader_err err = build(m, p, &res);

	CHECK(err == want && m->bad_maps == 0, "%s: %s (got %s)", what,
	      loader_strerror(want), loader_strerror(err));
	CHECK(last_nr_taken == taken && taken_as_given(m) &&
	      last_nr_taken <= res.si.nr_pages,
	      "%s: nr_taken %u (want %u, %u handed out), work.p2m[0, "
	      "nr_taken) lists them in order", what, last_nr_taken, taken,
	      m->nr_given);
}

/* The source runs dry at various points: the frames before are listed. */
static void test_err_dry(struct machine *m, const struct image *img,
			 struct rng *r)
{
	struct loader_params p = params_for(img, 5);
	uint32_t nr = 0, at[4], i;
	char what[80];

	loader_count_pages(img->data, img->size, 5, 0, 0, &nr);
	at[0] = 0;
	at[1] = 1;
	at[2] = rng_range(r, 2, nr - 2);
	at[3] = nr - 1;		/* the handoff's FRAME_IDENT request */
	for (i = 0; i < 4; i++) {
		machine_reset(m, 0);
		m->dry_after = at[i];
		snprintf(what, sizeof(what), "source dry after %u of %u frames",
			 at[i], nr);
		expect_frame_err(what, m, &p, LOADER_ERR_NO_FRAMES, at[i]);
	}
}

/*
 * Frames the capture kernel could not map (listed, so given back, up to
 * and including the bad one), or a frame given twice (all listed).
 */
static void test_err_bad_frames(struct machine *m, const struct image *img,
				struct rng *r)
{
	static const uint64_t high[] = {
		HANDOFF_MFN_LIMIT, HANDOFF_MFN_LIMIT + 1, FOUR_GIB_MFN,
		MACHINE_MFNS - 1,
	};
	struct loader_params p = params_for(img, 5);
	uint32_t nr = 0, k, i;
	char what[96];

	loader_count_pages(img->data, img->size, 5, 0, 0, &nr);
	k = rng_range(r, 1, nr - 2);
	machine_reset(m, 0);
	m->inject_call = k;
	m->inject_mfn = MACHINE_MFNS;
	snprintf(what, sizeof(what), "frame %u at max_mfn", k);
	expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, k + 1);
	machine_reset(m, 0);
	m->inject_call = 0;
	m->inject_mfn = MACHINE_MFNS + 12345;
	expect_frame_err("frame 0 above max_mfn", m, &p,
			 LOADER_ERR_UNMAPPABLE, 1);
	machine_reset(m, 0);
	p.phys_bits = 40;	/* frames below 1 << 28 */
	m->inject_call = k;
	m->inject_mfn = 1ull << 28;
	snprintf(what, sizeof(what), "frame %u beyond phys_bits 40", k);
	/* edges_first hands out the machine's top frame second: too high. */
	expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, 2);
	machine_reset(m, 0);
	p.phys_bits = 48;	/* frames below 1 << 36, max_mfn above */
	p.max_mfn = 1ull << 40;
	m->inject_call = k;
	m->inject_mfn = 1ull << 36;
	snprintf(what, sizeof(what), "frame %u beyond phys_bits 48, below "
		 "max_mfn", k);
	expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, k + 1);
	p.max_mfn = MACHINE_MFNS;
	machine_reset(m, 0);
	p.phys_bits = 32;	/* the machine's own frames beyond 4 GiB */
	/* edges_first: the first frame handed out is the one at 4 GiB. */
	expect_frame_err("machine frames beyond phys_bits 32", m, &p,
			 LOADER_ERR_UNMAPPABLE, 1);
	p.phys_bits = 48;
	machine_reset(m, 0);
	p.max_mfn = 1;		/* in range, but no frame but 0 fits */
	expect_frame_err("max_mfn 1: the first frame", m, &p,
			 LOADER_ERR_UNMAPPABLE, 1);
	p.max_mfn = MACHINE_MFNS;
	for (i = 0; i < 4; i++) {
		machine_reset(m, 0);
		m->ident_answer = high[i];
		snprintf(what, sizeof(what), "handoff frame %#llx (>= 3 GiB)",
			 (unsigned long long)high[i]);
		expect_frame_err(what, m, &p, LOADER_ERR_UNMAPPABLE, nr);
	}
	machine_reset(m, 0);
	m->dup_call = k;
	m->dup_of = rng_below(r, k);
	snprintf(what, sizeof(what), "frame %u repeats frame %u", k, m->dup_of);
	expect_frame_err(what, m, &p, LOADER_ERR_DUP_FRAME, nr);
	machine_reset(m, 0);
	m->dup_call = nr - 2;
	m->dup_of = nr - 3;
	expect_frame_err("last two FRAME_ANY frames equal", m, &p,
			 LOADER_ERR_DUP_FRAME, nr);
}

/* Runs one build on @bytes (an exact-size copy); 1 if the code is sane. */
static int fuzz_one(struct machine *m, const uint8_t *bytes, size_t size,
		    enum loader_err *err)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct loader_params p = {
		.image = copy, .image_size = size, .pool_pages = 1,
		.max_mfn = MACHINE_MFNS, .phys_bits = 48,
	};
	struct loader_result res;
	int sane;

	memcpy(copy, bytes, size);
	machine_reset(m, 0);
	*err = build_stale(m, &p, &res, 2 * m->nr);
	sane = (unsigned int)*err < LOADER_ERR_NR && m->bad_maps == 0;
	if (*err == LOADER_OK)
		sane = sane && recompute(m, &res.si) == res.si.checksum &&
		       res.si.handoff_maddr < CAPTURE_KERNEL_BASE;
	free(copy);
	return sane;
}

/* Every prefix of the valid image: the right error, never a crash. */
static void test_truncation(struct machine *m, const struct image *img)
{
	size_t phdrs_end = EHDR_SIZE + img->nr_phdrs * PHDR_SIZE, len;
	uint32_t insane = 0, wrong = 0;
	enum loader_err err, want;

	notes_reset();

	for (len = 0; len <= img->size; len++) {
		if (!fuzz_one(m, img->data, len, &err))
			insane++;
		if (len < EHDR_SIZE)
			want = LOADER_ERR_NOT_ELF;
		else if (len < phdrs_end)
			want = LOADER_ERR_BAD_PHDRS;
		else if (len < img->size)
			want = LOADER_ERR_SEG_OUTSIDE_FILE;
		else
			want = LOADER_OK;
		if (err != want) {
			if (!wrong)
				note("prefix %zu: %s", len,
				     loader_strerror(err));
			wrong++;
		}
	}
	CHECK(insane == 0 && wrong == 0,
	      "every prefix 0..%zu of the image fails cleanly with the "
	      "expected code (%u insane, %u unexpected)", img->size, insane,
	      wrong);
}

/* Random byte and field corruptions of the headers. */
static void test_corruption(struct machine *m, const struct image *img,
			    struct rng *r)
{
	static const uint32_t nasty[] = {
		0, 1, 0x7fffffff, 0x80000000u, 0xffffffffu, 0xfffff000u,
		CAPTURE_KERNEL_BASE, CAPTURE_KERNEL_BASE - 1, 0xC4000000u,
		EHDR_SIZE, PHDR_SIZE, PAGE_SIZE,
	};
	size_t hdr = EHDR_SIZE + img->nr_phdrs * PHDR_SIZE;
	uint8_t *copy = malloc(img->size);
	uint32_t i, j, insane = 0, ok = 0, n;
	enum loader_err err;

	for (i = 0; i < 600; i++) {
		memcpy(copy, img->data, img->size);
		n = 1 + rng_below(r, 4);
		for (j = 0; j < n; j++) {
			size_t off = rng_below(r, hdr - 3);

			if (i & 1)	/* a whole field, a nasty value */
				put32(copy + (off & ~(size_t)3),
				      nasty[rng_below(r, 12)]);
			else
				copy[off] ^= (uint8_t)rng_range(r, 1, 255);
		}
		if (!fuzz_one(m, copy, img->size, &err))
			insane++;
		ok += err == LOADER_OK;
	}
	CHECK(insane == 0, "600 header corruptions: a sane result every time "
	      "(%u built fine)", ok);
	free(copy);
}

int main(int argc, char **argv)
{
	struct machine *m;
	struct image img;
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20240611);
	m = bench_new(seed, &img);
	RUN_GROUP("dry", test_err_dry(m, &img, rng_fresh(seed)));
	RUN_GROUP("bad-frames", test_err_bad_frames(m, &img, rng_fresh(seed)));
	RUN_GROUP("truncation", test_truncation(m, &img));
	RUN_GROUP("corruption", test_corruption(m, &img, rng_fresh(seed)));
	machine_free(m);
	free(img.data);
	return check_exit();
}
