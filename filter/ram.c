// SPDX-License-Identifier: GPL-2.0
/* The crashed system's RAM ranges.  See ram.h. */
#include "ram.h"
#include "p2m/p2m.h"

void ram_map_init(struct ram_map *m, struct ram_range *r, uint32_t nr)
{
	uint32_t i, kept = 0;

	for (i = 0; i < nr; i++) {
		if (r[i].end <= r[i].start || r[i].end > RAM_MAX_MADDR)
			continue;
		r[kept++] = r[i];	/* kept <= i: in place */
	}
	m->nr = kept;
	m->r = r;
}

int ram_contains(const struct ram_map *m, uint64_t maddr, uint64_t len)
{
	uint32_t i;

	if (!len || maddr + len < maddr)
		return 0;
	for (i = 0; i < m->nr; i++)
		if (maddr >= m->r[i].start && maddr + len <= m->r[i].end)
			return 1;
	return 0;
}

int ram_mfn_overlaps(const struct ram_map *m, uint64_t mfn)
{
	uint64_t start = mfn_to_maddr(mfn), end = start + PAGE_SIZE;
	uint32_t i;

	for (i = 0; i < m->nr; i++)
		if (start < m->r[i].end && m->r[i].start < end)
			return 1;
	return 0;
}

uint64_t ram_end_mfn(const struct ram_map *m)
{
	uint64_t end = 0, e;
	uint32_t i;

	for (i = 0; i < m->nr; i++) {
		e = maddr_to_mfn(m->r[i].end + PAGE_SIZE - 1);
		if (e > end)
			end = e;
	}
	return end;
}
