// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the capture kernel's elfcorehdr parser
 * (elfcore/vmcore.c elfcorehdr_parse), then, on what it accepts, the
 * vmcore layout, clipping and headers, checked against vmcore.h's
 * contract.  Input: the elfcorehdr bytes.
 */
#include "fuzz.h"
#include "elfcore/vmcore.h"

#define PAGE	4096ull

/* What vmcore_layout() documents: aligned, increasing, within full_size. */
static void check_layout(const struct core_desc *d)
{
	uint64_t end = d->notes_offset + d->notes_size;
	uint32_t i;

	FUZZ_ASSERT(d->headers_size == 64 + (1ull + d->nr_loads) * 56);
	FUZZ_ASSERT(d->headers_size <= PAGE);
	FUZZ_ASSERT(d->notes_offset >= d->headers_size);
	for (i = 0; i < d->nr_loads; i++) {
		const struct core_load *l = &d->loads[i];

		FUZZ_ASSERT(!(l->offset & (PAGE - 1)) && l->offset >= end);
		FUZZ_ASSERT(l->filesz <= l->size);
		end = l->offset + l->filesz;
	}
	FUZZ_ASSERT(!(d->full_size & (PAGE - 1)) && d->full_size >= end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct core_desc d;
	static struct core_load loads[CORE_MAX_LOADS];
	static uint8_t hdr[64 + (1 + CORE_MAX_LOADS) * 56 + 64];
	struct core_counts c;
	uint64_t limit, clipped;
	enum core_err err;
	uint32_t i;
	size_t n;

	core_desc_init(&d, loads, CORE_MAX_LOADS);
	err = elfcorehdr_parse(&d, data, size);
	/* The count agrees with the parse on every header it takes. */
	FUZZ_ASSERT(err != CORE_OK ||
		    (elfcorehdr_count(&c, data, size) == CORE_OK &&
		     c.nr_loads == d.nr_loads && c.nr_notes == d.nr_notes));
	if (err != CORE_OK)
		return 0;
	FUZZ_ASSERT(d.nr_loads >= 1 && d.nr_loads <= CORE_MAX_LOADS);
	FUZZ_ASSERT(d.nr_notes <= CORE_MAX_NOTES);
	/* notes_size from the input's length: any value, deterministic. */
	vmcore_layout(&d, (uint64_t)size * 37);
	check_layout(&d);
	memset(hdr, 0xa5, sizeof(hdr));
	n = vmcore_write_headers(&d, hdr, sizeof(hdr) - 64);
	FUZZ_ASSERT(n == d.headers_size);
	for (i = n; i < sizeof(hdr); i++)
		FUZZ_ASSERT(hdr[i] == 0xa5);
	FUZZ_ASSERT(vmcore_write_headers(&d, hdr, n - 1) == 0);
	/* Clip twice, each time lower, as the capture kernel may. */
	limit = (d.full_size / 2) & ~(PAGE - 1);
	clipped = vmcore_clip(&d, limit);
	FUZZ_ASSERT(clipped <= limit);
	check_layout(&d);
	clipped = vmcore_clip(&d, PAGE);
	FUZZ_ASSERT(clipped <= PAGE);
	for (i = 0; i < d.nr_loads; i++)
		FUZZ_ASSERT(d.loads[i].filesz == 0);
	FUZZ_ASSERT(vmcore_write_headers(&d, hdr, sizeof(hdr)) == d.headers_size);
	return 0;
}
