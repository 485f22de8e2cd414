// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the note merge (elfcore/notes.c notes_merge) over
 * note buffers the input describes, then the merged notes through
 * elfcore/vmcoreinfo.c (note_next, notes_count, vmcoreinfo_find,
 * vmcoreinfo_get, vmcoreinfo_number).
 *
 * Input (tests/fuzz/gen_seeds.c writes seeds in this form):
 *   u8  nr          note buffers, nr % 17
 *   u8  scratch     scratch_cap = 16 + 64 * scratch bytes
 *   nr x { u32 off, u32 size }   buffer i at maddr MEM_BASE + off
 *   the rest        machine memory at MEM_BASE
 */
#include "fuzz.h"
#include "elfcore/notes.h"
#include "elfcore/vmcoreinfo.h"

#define MEM_BASE	0x100000ull
#define OUT_CAP		(64 * 1024)

/* VMCOREINFO keys the capture kernel and filter/ look up. */
static const char *const keys[] = {
	"OSRELEASE", "PAGESIZE", "KERNELOFFSET", "SYMBOL(swapper_pg_dir)",
	"SYMBOL(mem_section)", "NUMBER(pgtable_l5_enabled)",
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", "OFFSET(page.flags)",
	"SIZE(page)", "LENGTH(mem_section)", "CRASHTIME", "BUILD-ID", "",
	"=", "SYMBOL(", "NUMBER(PG_slab)",
};

/* Walks the merged notes; each note must lie inside them. */
static void walk(const uint8_t *notes, uint32_t size)
{
	struct note_view n;
	uint32_t off = 0, prev = 0, count = 0;

	while (note_next(notes, size, &off, &n) == 0) {
		FUZZ_ASSERT(off > prev && off <= size);
		FUZZ_ASSERT((const uint8_t *)n.name >= notes &&
			    (const uint8_t *)n.name + n.namesz <= notes + size);
		FUZZ_ASSERT(n.desc >= notes && n.descsz <= size &&
			    n.desc + n.descsz <= notes + size);
		FUZZ_ASSERT(n.desc_offset == (uint32_t)(n.desc - notes));
		note_named(&n, "CORE");
		prev = off;
		count++;
	}
	FUZZ_ASSERT(notes_count(notes, size, 1, "CORE") <= count);
}

static void lookup(const uint8_t *notes, uint32_t size)
{
	struct vmcoreinfo vi;
	const char *val;
	uint32_t len, i;
	uint64_t v;

	if (vmcoreinfo_find(&vi, notes, size))
		return;
	FUZZ_ASSERT(vi.offset <= size && vi.len <= size - vi.offset);
	FUZZ_ASSERT(vi.text == (const char *)notes + vi.offset);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (vmcoreinfo_get(&vi, keys[i], &val, &len) == 0)
			FUZZ_ASSERT(val >= vi.text &&
				    val + len <= vi.text + vi.len);
		vmcoreinfo_number(&vi, keys[i], &v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct core_desc d;
	static uint8_t scratch[16 + 64 * 255], out[OUT_CAP];
	struct fuzz_in in = { data, size };
	struct notes_stats st;
	struct fuzz_mem mem;
	uint32_t i, scratch_cap;
	long n;

	d.nr_notes = (uint32_t)fuzz_take(&in, 1) % 17;
	scratch_cap = 16 + 64 * (uint32_t)fuzz_take(&in, 1);
	for (i = 0; i < d.nr_notes; i++) {
		d.notes[i].maddr = MEM_BASE + fuzz_take(&in, 4);
		d.notes[i].size = fuzz_take(&in, 4);
	}
	mem = (struct fuzz_mem){ MEM_BASE, in.p, in.left };
	memset(&st, 0, sizeof(st));
	n = notes_merge(&d, fuzz_mem_read, &mem, scratch, scratch_cap, out,
			sizeof(out), &st);
	if (n < 0)
		return 0;
	FUZZ_ASSERT(n <= OUT_CAP && !(n & 3));
	walk(out, (uint32_t)n);
	lookup(out, (uint32_t)n);
	/* The input itself as merged notes: what a bad dump hands crash. */
	walk(data, (uint32_t)size);
	lookup(data, (uint32_t)size);
	return 0;
}
