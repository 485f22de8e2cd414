/* SPDX-License-Identifier: GPL-2.0 */
/*
 * p2m: pseudo-physical frame (pfn) -> machine frame (mfn), and its reverse,
 * the m2p.  Freestanding: used by the loader core, the capture kernel and
 * the host tests alike.
 *
 * The p2m is a flat array indexed by pfn, as Xen's domain builder hands it
 * over.  The m2p is small (one entry per capture page), so it is an array
 * of (mfn, pfn) pairs sorted by mfn and searched by bisection.
 */
#ifndef P2M_P2M_H
#define P2M_P2M_H

#include <p2mdump/page.h>

#define MFN_INVALID	(~(uint64_t)0)
#define PFN_INVALID	(~(uint32_t)0)

/* The only conversions between frame numbers and addresses. */
static inline uint32_t pfn_to_paddr(uint32_t pfn) { return pfn << PAGE_SHIFT; }
static inline uint32_t paddr_to_pfn(uint32_t paddr) { return paddr >> PAGE_SHIFT; }
static inline uint64_t mfn_to_maddr(uint64_t mfn) { return mfn << PAGE_SHIFT; }
static inline uint64_t maddr_to_mfn(uint64_t maddr) { return maddr >> PAGE_SHIFT; }

struct m2p_entry {
	uint64_t mfn;
	uint32_t pfn;
	uint32_t pad;
};

struct m2p {
	struct m2p_entry *entries;	/* sorted by mfn */
	uint32_t nr;
};

enum p2m_err {
	P2M_OK = 0,
	P2M_ERR_UNMAPPED,	/* a pfn has MFN_INVALID */
	P2M_ERR_DUP_MFN,	/* two pfns share a machine frame */
	P2M_ERR_MFN_RANGE,	/* mfn at or above the machine's max_mfn */
	P2M_ERR_PHYS_LIMIT,	/* mfn beyond the physical-address width */
};

const char *p2m_strerror(enum p2m_err err);

/* Checks one mfn against the machine: below max_mfn and phys_bits. */
enum p2m_err p2m_check_mfn(uint64_t mfn, uint64_t max_mfn,
			   unsigned int phys_bits);

/*
 * Builds the m2p from p2m[0..nr_pages) into @entries (room for nr_pages)
 * and validates the p2m on the way: every pfn mapped, every mfn distinct
 * and inside the machine.  On error *bad_pfn names an offending pfn.
 */
enum p2m_err m2p_build(struct m2p *m2p, struct m2p_entry *entries,
		       const uint64_t *p2m, uint32_t nr_pages,
		       uint64_t max_mfn, unsigned int phys_bits,
		       uint32_t *bad_pfn);

/* Returns the pfn backed by @mfn, or PFN_INVALID for a foreign frame. */
uint32_t m2p_lookup(const struct m2p *m2p, uint64_t mfn);

/* Number of maximal runs of machine-adjacent frames in pfn order. */
uint32_t p2m_count_runs(const uint64_t *p2m, uint32_t nr_pages);

/* Number of machine-adjacent frame pairs, in any order (needs the m2p). */
uint32_t m2p_count_adjacent(const struct m2p *m2p);

/*
 * Writes the ascending, distinct frames @sorted[0, n) to @out as
 * sorted[0], sorted[h], sorted[1], sorted[h + 1], ... (h = ceil(n / 2)).
 * Neighbours in @out are h - 1 or more places apart in @sorted, so for
 * n >= 5 no frame in @out is next to the one before it (the module's
 * scatter=1): p2m_count_runs() of @out is n.
 */
void p2m_interleave(const uint64_t *sorted, uint64_t *out, uint32_t n);

#endif
