// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the kdump page filter (filter/) on hostile oldmem:
 * the page-table walk, mem_section decoding and the struct page
 * classifier, through filter_init and filter_window with a read callback
 * over the input (the machine of filter_world.h).  Checked: the count
 * filter_window returns is the bits it set; only RAM frames are set; the
 * statistics add up; and, as filter.h promises, a window's decisions do
 * not depend on the windows before it: the input's window size and one
 * window over all frames give the same bitmap.
 *
 * filter_init reads VMCOREINFO only, never oldmem, and the text is fixed:
 * it runs once, and each input starts from a copy of that filter (its
 * ten thousand key comparisons per call otherwise halve the speed).
 */
#include "fuzz.h"
#include "filter/filter.h"
#include "filter_world.h"

static struct ram_range ram[] = {	/* the filter keeps it */
	{ 0, 0x30000 }, { 0x38000, 0x40000 },
};

static uint64_t popcount(const uint8_t *bm, uint32_t bytes)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < bytes; i++)
		n += (uint64_t)__builtin_popcount(bm[i]);
	return n;
}

/* Runs @f over every frame in windows of @win; fills @bm. */
static void run(struct filter *f, uint32_t win, uint8_t *bm)
{
	uint8_t part[FW_FRAMES / 8 + 1];
	uint32_t start, nr, i;
	uint64_t set;

	memset(bm, 0, FW_FRAMES / 8);
	for (start = 0; start < FW_FRAMES; start += nr) {
		nr = FW_FRAMES - start < win ? FW_FRAMES - start : win;
		set = filter_window(f, start, nr, part);
		FUZZ_ASSERT(set == popcount(part, (nr + 7) / 8));
		for (i = 0; i < nr; i++)
			if (part[i >> 3] & (1u << (i & 7)))
				bm[(start + i) >> 3] |= 1u << ((start + i) & 7);
	}
}

/* @f as filter_init leaves it for @level, reading through @mem. */
static void fresh(struct filter *f, unsigned int level, struct fuzz_mem *mem)
{
	static struct filter tmpl;
	static struct fuzz_mem *tmpl_mem;
	struct vmcoreinfo vi = { fw_vmcoreinfo, sizeof(fw_vmcoreinfo) - 1, 0 };

	if (tmpl_mem != mem) {
		FUZZ_ASSERT(!filter_init(&tmpl, &vi, ram, 2, fuzz_mem_read,
					 mem, 0));
		tmpl_mem = mem;
	}
	memcpy(f, &tmpl, sizeof(*f));
	f->level = level;
	f->pt.ram = &f->ram;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct filter f;
	static struct fuzz_mem mem;
	static uint8_t bm_win[FW_FRAMES / 8], bm_all[FW_FRAMES / 8];
	unsigned int level = size ? data[0] & 31 : 31;
	uint32_t win = size > 1 ? 1u + data[1] : FW_FRAMES, i, c;
	uint64_t excluded = 0;

	mem = (struct fuzz_mem){ 0, data, size };
	fresh(&f, level, &mem);
	run(&f, win, bm_win);
	for (i = 0; i < FW_FRAMES; i++)
		if (bm_win[i >> 3] & (1u << (i & 7)))
			FUZZ_ASSERT(i < 0x30 || (i >= 0x38 && i < 0x40));
	FUZZ_ASSERT(f.st.ram == FW_RAM_FRAMES);
	for (c = 0; c < PAGE_NR_CLASSES; c++)
		excluded += f.st.excluded[c];
	FUZZ_ASSERT(f.st.kept + excluded == f.st.ram);
	FUZZ_ASSERT(f.st.kept == popcount(bm_win, sizeof(bm_win)));
	fresh(&f, level, &mem);
	run(&f, FW_FRAMES, bm_all);
	FUZZ_ASSERT(!memcmp(bm_win, bm_all, sizeof(bm_all)));
	return 0;
}
