/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake machine the loader unit tests build on: frames scattered over a
 * sparse 2^36-frame space (never two adjacent, many above 4 GiB), handed
 * out through a struct frame_source in a random order, with fault
 * injection; and the work area and calls that run loader_build on it.
 */
#ifndef TESTS_FAKE_MACHINE_H
#define TESTS_FAKE_MACHINE_H

#include <stdint.h>
#include "rng.h"
#include "loader/core/build.h"

#define FOUR_GIB_MFN	0x100000ull

#define MACHINE_MFNS	(1ull << 36)	/* the fake machine's max_mfn */

#define IDENT_RESERVE	4	/* low frames FRAME_ANY leaves alone */

#define NO_FAULT	(~(uint32_t)0)

#define GARBAGE		0xa5	/* frame bytes before the loader */

#define STALE_MFN	0x5a5a5a5a5ull	/* what work->p2m holds before */

#define STALE_NR_TAKEN	0xdeadbeefu	/* nr_taken before a build */

struct frame {
	uint64_t mfn;
	uint8_t *page;
	int taken;
	int reserved;		/* kept for FRAME_IDENT requests */
};

struct machine {
	struct frame *frames;	/* sorted by mfn */
	uint32_t nr;
	uint32_t *order;	/* indexes into frames: the order alloc uses */
	uint32_t cursor;	/* next candidate in order for FRAME_ANY */
	uint32_t calls;		/* alloc calls so far */
	uint64_t given[CAPTURE_MAX_PAGES];	/* answers but MFN_INVALID */
	uint32_t nr_given;
	uint32_t ident_calls;
	uint64_t ident_mfn;	/* the last answer to FRAME_IDENT */
	uint32_t bad_maps;	/* map() of a frame alloc did not hand out */
	/* Fault injection: NO_FAULT / MFN_INVALID turn each off. */
	uint32_t dry_after;	/* this call and later get MFN_INVALID */
	uint32_t inject_call;	/* this call gets inject_mfn */
	uint64_t inject_mfn;
	uint32_t dup_call;	/* this call repeats given[dup_of] */
	uint32_t dup_of;
	uint64_t ident_answer;	/* FRAME_IDENT gets this */
};

/* A page of zeros, to compare with. */
extern const uint8_t zero_page[PAGE_SIZE];
/* The work area every build uses: the p2m and m2p it fills. */
extern uint64_t work_p2m[CAPTURE_MAX_PAGES];
extern struct m2p_entry work_m2p[CAPTURE_MAX_PAGES];

/* work.nr_taken after the last loader_build through build_stale(). */
extern uint32_t last_nr_taken;

/* Prints a detail line under a failing check (a few per check). */
void note(const char *fmt, ...);

/* Lets note() print again (call before each check that may note). */
void notes_reset(void);

/* qsort comparison of two mfns. */
int cmp_mfn(const void *a, const void *b);

/* The frame with @mfn, or NULL if the machine has none. */
struct frame *find_frame(struct machine *m, uint64_t mfn);

/* Puts the frame source back in its fresh state; optionally re-dirties. */
void machine_reset(struct machine *m, int dirty);

/*
 * A machine of @n frames.  Scattered: random mfns, handed out in random
 * order, a few low ones kept for FRAME_IDENT.  Otherwise contiguous from
 * @base, handed out in order.
 */
struct machine *machine_new(struct rng *r, uint32_t n, int scattered,
			    uint64_t base);

/* Gives the machine's memory back. */
void machine_free(struct machine *m);

/* The frame source over @m. */
struct frame_source source_of(struct machine *m);

/* The test's own view of machine memory at @maddr (zeros if none). */
const void *peek(struct machine *m, uint64_t maddr);

/* The page of the frame behind capture page @pfn. */
uint8_t *page_of(struct machine *m, uint32_t pfn);

/* Fills work.p2m[0..n) with stale entries, as a reused buffer holds. */
void stale_work(uint32_t n);

/* Runs loader_build on @m, work.p2m[0..stale) stale beforehand. */
enum loader_err build_stale(struct machine *m,
			    const struct loader_params *p,
			    struct loader_result *res, uint32_t stale);

/* Runs loader_build on @m with a wholly stale work area. */
enum loader_err build(struct machine *m, const struct loader_params *p,
		      struct loader_result *res);

/* loader_checksum of the current memory. */
uint64_t recompute(struct machine *m, const struct start_info *si);

#endif
