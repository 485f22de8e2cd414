// SPDX-License-Identifier: GPL-2.0
/* p2m validation and the sorted m2p.  See p2m.h. */
#include "p2m.h"

const char *p2m_strerror(enum p2m_err err)
{
	switch (err) {
	case P2M_OK:		 return "ok";
	case P2M_ERR_UNMAPPED:	 return "pfn has no machine frame";
	case P2M_ERR_DUP_MFN:	 return "machine frame used twice";
	case P2M_ERR_MFN_RANGE:	 return "machine frame outside the machine's memory";
	case P2M_ERR_PHYS_LIMIT: return "machine frame beyond the physical-address limit";
	}
	return "unknown p2m error";
}

enum p2m_err p2m_check_mfn(uint64_t mfn, uint64_t max_mfn,
			   unsigned int phys_bits)
{
	if (mfn == MFN_INVALID)
		return P2M_ERR_UNMAPPED;
	if (phys_bits <= 12)
		return P2M_ERR_PHYS_LIMIT;
	if (phys_bits < 64 && (mfn >> (phys_bits - 12)) != 0)
		return P2M_ERR_PHYS_LIMIT;
	if (mfn >= max_mfn)
		return P2M_ERR_MFN_RANGE;
	return P2M_OK;
}

/* Sift-down for heapsort: no recursion, no libc, O(n log n) worst case. */
static void sift_down(struct m2p_entry *e, uint32_t root, uint32_t n)
{
	for (;;) {
		uint32_t child = 2 * root + 1;
		struct m2p_entry tmp;

		if (child >= n)
			return;
		if (child + 1 < n && e[child + 1].mfn > e[child].mfn)
			child++;
		if (e[root].mfn >= e[child].mfn)
			return;
		tmp = e[root];
		e[root] = e[child];
		e[child] = tmp;
		root = child;
	}
}

static void sort_by_mfn(struct m2p_entry *e, uint32_t n)
{
	uint32_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(e, i, n);
	for (i = n; i-- > 1;) {
		struct m2p_entry tmp = e[0];

		e[0] = e[i];
		e[i] = tmp;
		sift_down(e, 0, i);
	}
}

enum p2m_err m2p_build(struct m2p *m2p, struct m2p_entry *entries,
		       const uint64_t *p2m, uint32_t nr_pages,
		       uint64_t max_mfn, unsigned int phys_bits,
		       uint32_t *bad_pfn)
{
	enum p2m_err err;
	uint32_t pfn, i;

	m2p->entries = entries;
	m2p->nr = 0;
	for (pfn = 0; pfn < nr_pages; pfn++) {
		err = p2m_check_mfn(p2m[pfn], max_mfn, phys_bits);
		if (err != P2M_OK) {
			*bad_pfn = pfn;
			return err;
		}
		entries[pfn].mfn = p2m[pfn];
		entries[pfn].pfn = pfn;
		entries[pfn].pad = 0;
	}
	sort_by_mfn(entries, nr_pages);
	/* After sorting, a shared frame shows up as two equal neighbours. */
	for (i = 1; i < nr_pages; i++) {
		if (entries[i].mfn == entries[i - 1].mfn) {
			*bad_pfn = entries[i].pfn;
			return P2M_ERR_DUP_MFN;
		}
	}
	m2p->nr = nr_pages;
	return P2M_OK;
}

uint32_t m2p_lookup(const struct m2p *m2p, uint64_t mfn)
{
	uint32_t lo = 0, hi = m2p->nr;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m2p->entries[mid].mfn == mfn)
			return m2p->entries[mid].pfn;
		if (m2p->entries[mid].mfn < mfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return PFN_INVALID;
}

uint32_t p2m_count_runs(const uint64_t *p2m, uint32_t nr_pages)
{
	uint32_t pfn, runs = nr_pages ? 1 : 0;

	for (pfn = 1; pfn < nr_pages; pfn++)
		if (p2m[pfn] != p2m[pfn - 1] + 1)
			runs++;
	return runs;
}

uint32_t m2p_count_adjacent(const struct m2p *m2p)
{
	uint32_t i, pairs = 0;

	for (i = 1; i < m2p->nr; i++)
		if (m2p->entries[i].mfn == m2p->entries[i - 1].mfn + 1)
			pairs++;
	return pairs;
}

void p2m_interleave(const uint64_t *sorted, uint64_t *out, uint32_t n)
{
	uint32_t h = (n + 1) / 2, i;

	for (i = 0; i < n; i++)
		out[i] = i % 2 ? sorted[h + i / 2] : sorted[i / 2];
}
