// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the vmcore's ELF side: the note merge
 * (elfcore/notes.c) over the scenario and its corner cases, and the
 * vmcore layout, headers (checked with readelf) and clipping
 * (elfcore/vmcore.c).  The scenario is elfcore_fixture.h's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "elfcore_fixture.h"

#define NR_RANDOM	200

/* The scenario's buffers merge to exactly the three notes. */
static void test_merge_scenario(void)
{
	static struct core_desc d;
	uint8_t notes[8192], expect[8192];
	size_t expect_len;
	long n = scenario_desc(&d, notes, sizeof(notes), expect, &expect_len);

	CHECK(n == (long)expect_len && !memcmp(notes, expect, expect_len),
	      "merge: scenario gives 2 NT_PRSTATUS + VMCOREINFO (%ld bytes)",
	      n);
}

/* True if offsets are page aligned and increasing, full_size is a page
 * multiple, and everything sits where vmcore_layout() documents. */
static int layout_ok(const struct core_desc *d)
{
	uint64_t off = (d->notes_offset + d->notes_size + PAGE - 1) &
		       ~(PAGE - 1);
	uint32_t i;

	if (d->headers_size != 64 + (1ull + d->nr_loads) * 56 ||
	    d->notes_offset != ((d->headers_size + PAGE - 1) & ~(PAGE - 1)))
		return 0;
	for (i = 0; i < d->nr_loads; i++) {
		if (d->loads[i].offset != off || (off & (PAGE - 1)) ||
		    d->loads[i].filesz != d->loads[i].size)
			return 0;
		off = (off + d->loads[i].size + PAGE - 1) & ~(PAGE - 1);
	}
	return d->full_size == off && !(off & (PAGE - 1));
}

/* Layout of the scenario, headers decoded field by field. */
static void test_layout_headers(void)
{
	static struct core_desc d;
	uint8_t notes[8192], expect[8192], hdr[1024];
	struct elf64_phdr ph;
	size_t expect_len, hsize;
	long n = scenario_desc(&d, notes, sizeof(notes), expect, &expect_len);
	unsigned int i;

	vmcore_layout(&d, (uint64_t)n);
	CHECK(layout_ok(&d), "layout: page-aligned, increasing, documented");
	CHECK(d.headers_size == 64 + 5 * 56 && d.notes_offset == PAGE &&
	      d.loads[0].offset == 2 * PAGE,
	      "layout: headers 344 bytes, notes at 0x1000, text at 0x2000");
	CHECK(d.full_size == d.loads[3].offset + 0x40000000ull,
	      "layout: full_size 0x%llx", (unsigned long long)d.full_size);
	memset(hdr, 0xaa, sizeof(hdr));
	CHECK(vmcore_write_headers(&d, hdr, d.headers_size - 1) == 0 &&
	      hdr[0] == 0xaa, "headers: cap one byte short returns 0");
	hsize = vmcore_write_headers(&d, hdr, sizeof(hdr));
	CHECK(hsize == d.headers_size && hdr[hsize] == 0xaa,
	      "headers: %zu bytes written, no more", hsize);
	check_ehdr(hdr, 5, "headers");
	ph = get_phdr(hdr, 0);
	CHECK(phdr_is(&ph, PT_NOTE, 0, PAGE, 0, 0, (uint64_t)n, (uint64_t)n),
	      "headers: PT_NOTE at notes_offset, notes_size");
	for (i = 0; i < d.nr_loads; i++) {
		const struct core_load *l = &d.loads[i];

		ph = get_phdr(hdr, 1 + i);
		CHECK(phdr_is(&ph, PT_LOAD, PF_R | PF_W | PF_X, l->offset,
			      l->vaddr, l->maddr, l->size, l->size),
		      "headers: PT_LOAD %u", i);
	}
}

/* Writes the vmcore skeleton of @d (headers, @notes) cut at @size. */
static int write_vmcore(const char *path, const struct core_desc *d,
			const uint8_t *notes, uint64_t size)
{
	static uint8_t hdr[64 + (1 + CORE_MAX_LOADS) * 56];
	size_t hsize = vmcore_write_headers(d, hdr, sizeof(hdr));

	return write_file(path, hdr, hsize, notes, (size_t)d->notes_size,
			  d->notes_offset, size);
}

/* True if readelf lists exactly @d's NOTE and LOAD segments. */
static int segs_match(const struct tool_out *r, const struct core_desc *d)
{
	struct seg segs[MAX_SEGS];
	unsigned int n = parse_segs(r->out, segs, MAX_SEGS), i;

	if (n != 1 + d->nr_loads ||
	    !seg_is(&segs[0], "NOTE", d->notes_offset, 0, 0, d->notes_size,
		    d->notes_size, ""))
		return 0;
	for (i = 0; i < d->nr_loads; i++) {
		const struct core_load *l = &d->loads[i];

		if (!seg_is(&segs[1 + i], "LOAD", l->offset, l->vaddr,
			    l->maddr, l->filesz, l->size, "RWE"))
			return 0;
	}
	return 1;
}

/* The full vmcore skeleton through readelf -lnW. */
static void test_vmcore_readelf(void)
{
	static struct core_desc d;
	static struct tool_out r;
	uint8_t notes[8192], expect[8192];
	size_t expect_len;
	long n = scenario_desc(&d, notes, sizeof(notes), expect, &expect_len);
	const char *path = tmp_path("vmcore");

	vmcore_layout(&d, (uint64_t)n);
	CHECK(write_vmcore(path, &d, notes, d.full_size) == 0,
	      "readelf vmcore: write %llu-byte sparse file",
	      (unsigned long long)d.full_size);
	run_readelf("-lnW", path, &r);
	CHECK(r.status == 0 && r.err[0] == 0,
	      "readelf vmcore: status 0, stderr empty ('%s')", r.err);
	CHECK(strstr(r.out, "There are 5 program headers, starting at "
		     "offset 64") != NULL, "readelf vmcore: 5 phdrs at 64");
	CHECK(segs_match(&r, &d),
	      "readelf vmcore: NOTE and 4 LOADs as laid out");
	CHECK(count_str(r.out, "NT_PRSTATUS") == 2,
	      "readelf vmcore: 2 NT_PRSTATUS notes");
	CHECK(count_str(r.out, "VMCOREINFO") == 1,
	      "readelf vmcore: VMCOREINFO note");
	CHECK(strstr(r.out, "Displaying notes found at file offset "
		     "0x00001000") != NULL, "readelf vmcore: notes at 0x1000");
}

/* The scenario laid out with @notes_size bytes of notes. */
static void fresh_layout(struct core_desc *d, const struct core_desc *parsed,
			 uint64_t notes_size)
{
	desc_copy(d, parsed);
	vmcore_layout(d, notes_size);
}

/* True if every load's filesz is what lies below @limit. */
static int clip_ok(const struct core_desc *d, uint64_t limit)
{
	uint32_t i;

	for (i = 0; i < d->nr_loads; i++) {
		const struct core_load *l = &d->loads[i];
		uint64_t want = l->offset >= limit ? 0 :
			l->size < limit - l->offset ? l->size :
			limit - l->offset;

		if (l->filesz != want ||
		    (l->filesz && l->offset + l->filesz > limit))
			return 0;
	}
	return 1;
}

/* Clips at @limit, checks fields, the file and readelf's view of it. */
static void check_clip(const struct core_desc *parsed, const uint8_t *notes,
		       uint64_t notes_size, uint64_t limit, uint64_t want,
		       const char *what)
{
	static struct core_desc d;
	static struct tool_out r;
	const char *path = tmp_path("clipped");
	uint64_t size;

	fresh_layout(&d, parsed, notes_size);
	size = vmcore_clip(&d, limit);
	CHECK(size == want, "clip %s: file size 0x%llx", what,
	      (unsigned long long)size);
	CHECK(clip_ok(&d, size), "clip %s: every filesz is what fits", what);
	CHECK(d.notes_offset >= size ? d.notes_size == 0 :
	      d.notes_offset + d.notes_size <= size,
	      "clip %s: notes inside the file", what);
	if (size < PAGE)
		return;
	CHECK(write_vmcore(path, &d, notes, size) == 0,
	      "clip %s: write truncated file", what);
	run_readelf(d.notes_size == notes_size ? "-lnW" : "-lW", path, &r);
	CHECK(r.status == 0 && r.err[0] == 0,
	      "clip %s: readelf has no complaint ('%s')", what, r.err);
	CHECK(segs_match(&r, &d), "clip %s: readelf lists the clipped phdrs",
	      what);
	run_objdump(path, &r);
	CHECK(r.status == 0 && r.err[0] == 0,
	      "clip %s: objdump sees no segment past EOF ('%s')", what, r.err);
}

/*
 * @n one-page loads with a hole after each (a machine of many RAM
 * ranges): the headers take pages_for(64 + (1 + n) * 56) pages, and
 * readelf lists every load where the layout put it.
 */
static void check_many_loads(uint32_t n)
{
	static struct core_desc d;
	static struct tool_out r;
	static const uint8_t notes[0x800];
	const char *path = tmp_path("many-loads");
	uint64_t hdr_pages = (64 + (1ull + n) * 56 + PAGE - 1) / PAGE;
	uint32_t i;

	desc_reset(&d);
	d.nr_loads = n;
	for (i = 0; i < n; i++) {
		d.loads[i].maddr = (2ull * i + 1) * PAGE;
		d.loads[i].vaddr = d.loads[i].maddr + 0xffff888000000000ull;
		d.loads[i].size = PAGE;
	}
	vmcore_layout(&d, sizeof(notes));
	CHECK(layout_ok(&d) && d.notes_offset == hdr_pages * PAGE &&
	      d.full_size == (hdr_pages + 1 + n) * PAGE,
	      "%u loads: %llu header pages, notes, then a page per load", n,
	      (unsigned long long)hdr_pages);
	CHECK(write_vmcore(path, &d, notes, d.full_size) == 0,
	      "%u loads: write the vmcore", n);
	run_readelf("-lW", path, &r);
	CHECK(r.status == 0 && r.err[0] == 0 && segs_match(&r, &d),
	      "%u loads: readelf lists the NOTE and %u LOADs as laid out "
	      "('%s')", n, n, r.err);
}

/* 200 loads (many RAM ranges) and CORE_MAX_LOADS: headers over a page. */
static void test_many_loads(void)
{
	check_many_loads(200);
	check_many_loads(CORE_MAX_LOADS);
}

/* The control: unclipped headers on a truncated file make readelf warn. */
static void check_clip_control(const struct core_desc *parsed,
			       const uint8_t *notes, uint64_t notes_size,
			       uint64_t size)
{
	static struct core_desc d;
	static struct tool_out r;
	const char *path = tmp_path("unclipped");

	fresh_layout(&d, parsed, notes_size);
	CHECK(write_vmcore(path, &d, notes, size) == 0,
	      "clip control: write truncated file with unclipped headers");
	run_objdump(path, &r);
	CHECK(strstr(r.err, "extending past end of file") != NULL,
	      "clip control: objdump complains about unclipped headers");
}

/* vmcore_clip at limits from nothing to everything. */
static void test_clip(void)
{
	static struct core_desc parsed, d;
	uint8_t notes[8192], expect[8192];
	size_t expect_len;
	long n = scenario_desc(&parsed, notes, sizeof(notes), expect,
			       &expect_len);
	uint64_t ns = (uint64_t)n, half;

	fresh_layout(&d, &parsed, ns);
	half = d.loads[2].offset + ((d.loads[2].size >> 1) & ~(PAGE - 1));
	check_clip(&parsed, notes, ns, d.full_size, d.full_size,
		   "at full_size");
	check_clip(&parsed, notes, ns, d.full_size + 16 * PAGE, d.full_size,
		   "past full_size");
	check_clip(&parsed, notes, ns, d.loads[0].offset, d.loads[0].offset,
		   "no load fits");
	check_clip(&parsed, notes, ns, d.loads[1].offset + PAGE,
		   d.loads[1].offset + PAGE, "one page of RAM load 0");
	check_clip(&parsed, notes, ns, half, half, "half of RAM load 1");
	check_clip(&parsed, notes, ns, d.loads[3].offset + 7,
		   d.loads[3].offset, "unaligned limit rounds down");
	check_clip(&parsed, notes, ns, PAGE, PAGE, "headers only");
	check_clip(&parsed, notes, ns, 0, 0, "nothing");
	check_clip(&parsed, notes, 0x1800, 2 * PAGE, 2 * PAGE,
		   "inside the notes");
	fresh_layout(&d, &parsed, 0x1800);
	vmcore_clip(&d, 2 * PAGE);
	CHECK(d.notes_size == PAGE && d.loads[0].filesz == 0,
	      "clip inside the notes: notes_size cut to 0x1000");
	fresh_layout(&d, &parsed, 0x1800);
	vmcore_clip(&d, 3 * PAGE);
	CHECK(vmcore_clip(&d, 2 * PAGE) == 2 * PAGE &&
	      d.notes_size == PAGE && clip_ok(&d, 2 * PAGE),
	      "clip twice, lower limit second: same as clipping once");
	check_clip_control(&parsed, notes, ns, half);
}

/* Random layouts and limits: clip keeps every documented invariant. */
static void test_clip_random(struct rng *r)
{
	static struct core_desc d;
	unsigned int round, i, ok = 1;

	for (round = 0; round < NR_RANDOM && ok; round++) {
		uint64_t start = 0, limit, size;

		desc_reset(&d);
		d.nr_loads = 1 + (uint32_t)rng_below(r, CORE_MAX_LOADS);
		for (i = 0; i < d.nr_loads; i++) {
			start += rng_below(r, 1ull << 32);
			d.loads[i].maddr = start;
			d.loads[i].size = rng_below(r, 1ull << 30);
			start += d.loads[i].size;
		}
		vmcore_layout(&d, rng_below(r, 1 << 16) & ~3ull);
		ok &= layout_ok(&d);
		limit = rng_below(r, d.full_size + 2 * PAGE) & ~(PAGE - 1);
		size = vmcore_clip(&d, limit);
		ok &= size == (limit < d.full_size ? limit : d.full_size);
		ok &= clip_ok(&d, size);
	}
	CHECK(ok, "clip random: %u layouts and limits (failed in round %u)",
	      NR_RANDOM, ok ? 0 : round - 1);
}

struct merge_case {
	struct fake_mem m;
	struct core_desc d;
	uint8_t expect[8192];
	size_t expect_len;
};

/* Adds note buffer @maddr/@size to @c's desc. */
static void add_buf(struct merge_case *c, uint64_t maddr, uint64_t size)
{
	c->d.notes[c->d.nr_notes].maddr = maddr;
	c->d.notes[c->d.nr_notes++].size = size;
}

/*
 * Buffers: two good ones, an empty one, one with a huge namesz after a
 * good note, one with a cut header after a good note, an unreadable one,
 * one whose descsz pads past 2^32, one without terminator, a size-0 one.
 */
static void merge_case_init(struct merge_case *c)
{
	uint8_t *p;
	size_t n;

	memset(c, 0, sizeof(*c));
	put_prstatus(mem_add(&c->m, 0x1000, 0x200), 0x30);
	add_buf(c, 0x1000, 0x200);
	put_prstatus(mem_add(&c->m, 0x2000, 0x200), 0x40);
	add_buf(c, 0x2000, 0x200);
	mem_add(&c->m, 0x3000, 0x200);
	add_buf(c, 0x3000, 0x200);
	p = mem_add(&c->m, 0x4000, 0x200);
	n = put_vmcoreinfo(p);
	put_nhdr(p + n, 0x7fffffff, 4, 0);
	add_buf(c, 0x4000, 0x200);
	p = mem_add(&c->m, 0x5000, 0x200);
	n = put_note(p, "Xen", 0x1000001, "abcde", 5);
	memset(p + n, 0x77, 8);
	add_buf(c, 0x5000, n + 8);
	add_buf(c, 0x9000000, 0x200);
	p = mem_add(&c->m, 0x6000, 0x200);
	put_nhdr(p, 5, 0xfffffffe, 1);
	add_buf(c, 0x6000, 0x200);
	p = mem_add(&c->m, 0x7000, 0x200);
	add_buf(c, 0x7000, put_note(p, "GNU", 3, "\1\2\3\4\5\6\7", 7));
	add_buf(c, 0x8000, 0);

	n = put_prstatus(c->expect, 0x30);
	n += put_prstatus(c->expect + n, 0x40);
	n += put_vmcoreinfo(c->expect + n);
	n += put_note(c->expect + n, "Xen", 0x1000001, "abcde", 5);
	n += put_note(c->expect + n, "GNU", 3, "\1\2\3\4\5\6\7", 7);
	c->expect_len = n;
}

/* notes_merge: every buffer kind, the stats and the exact bytes. */
static void test_merge_cases(void)
{
	static struct merge_case c;
	static uint8_t scratch[1024], out[8192];
	struct notes_stats st;
	long n;

	merge_case_init(&c);
	memset(out, 0xaa, sizeof(out));
	n = notes_merge(&c.d, mem_read, &c.m, scratch, sizeof(scratch), out,
			sizeof(out), &st);
	CHECK(n == (long)c.expect_len && !memcmp(out, c.expect, c.expect_len),
	      "merge: exact bytes of the 5 valid notes (%ld bytes)", n);
	CHECK(n % 4 == 0 && out[n] == 0xaa, "merge: multiple of 4, no more");
	CHECK(st.kept == 5, "merge: kept 5 (got %u)", st.kept);
	CHECK(st.empty_buffers == 2, "merge: 2 empty buffers (got %u)",
	      st.empty_buffers);
	CHECK(st.malformed == 4, "merge: 4 malformed (huge namesz, cut "
	      "header, unreadable, descsz pad overflow) (got %u)",
	      st.malformed);
	memset(out, 0xaa, sizeof(out));
	CHECK(notes_merge(&c.d, mem_read, &c.m, scratch, sizeof(scratch), out,
			  c.expect_len - 4, &st) == -1 &&
	      out[c.expect_len - 4] == 0xaa,
	      "merge: cap 4 bytes short returns -1, writes within cap");
	CHECK(notes_merge(&c.d, mem_read, &c.m, scratch, sizeof(scratch), out,
			  c.expect_len, NULL) == (long)c.expect_len,
	      "merge: exact cap, NULL stats");
	CHECK(notes_merge(&c.d, mem_read, &c.m, scratch, sizeof(scratch), out,
			  0, &st) == -1, "merge: cap 0 returns -1");
	mem_free(&c.m);
}

/* notes_merge reads at most scratch_cap bytes of a buffer. */
static void test_merge_scratch(void)
{
	static struct merge_case c;
	static uint8_t scratch[1024], out[8192];
	struct notes_stats st;
	uint32_t note_len = (uint32_t)put_prstatus(scratch, 0);
	long n;

	merge_case_init(&c);
	c.d.nr_notes = 1;	/* the first good buffer, 0x200 bytes */
	n = notes_merge(&c.d, mem_read, &c.m, scratch, note_len, out,
			sizeof(out), &st);
	CHECK(n == (long)note_len && c.m.last_len == note_len && st.kept == 1 &&
	      !st.malformed && !st.empty_buffers,
	      "merge: scratch exactly one note: kept, nothing counted");
	n = notes_merge(&c.d, mem_read, &c.m, scratch, note_len - 4, out,
			sizeof(out), &st);
	CHECK(n == 0 && c.m.last_len == note_len - 4 && st.malformed == 1 &&
	      !st.kept, "merge: scratch short of the note: malformed");
	c.d.nr_notes = 0;
	CHECK(notes_merge(&c.d, mem_read, &c.m, scratch, sizeof(scratch), out,
			  sizeof(out), &st) == 0 && !st.kept,
	      "merge: no note buffers gives 0");
	mem_free(&c.m);
}

int main(int argc, char **argv)
{
	uint64_t seed;

	check_args(argc, argv);
	seed = check_seed(20240611);
	if (fixture_init())
		return 1;
	RUN_GROUP("merge-scenario", test_merge_scenario());
	RUN_GROUP("layout-headers", test_layout_headers());
	RUN_GROUP("vmcore-readelf", test_vmcore_readelf());
	RUN_GROUP("many-loads", test_many_loads());
	RUN_GROUP("clip", test_clip());
	RUN_GROUP("clip-random", test_clip_random(rng_fresh(seed)));
	RUN_GROUP("merge-cases", test_merge_cases());
	RUN_GROUP("merge-scratch", test_merge_scratch());
	fixture_cleanup();
	return check_exit();
}
