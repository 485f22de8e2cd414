// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for elfcore/elfcorehdr.c: the elfcorehdr the loader
 * builds (checked field by field and with readelf), its parser on good
 * headers and on every malformed header and program header, and
 * core_strerror.  The scenario is elfcore_fixture.h's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "rng.h"
#include "elfcore_fixture.h"

/* elfcorehdr_build: sizes, cap, every phdr field. */
static void test_build(void)
{
	struct elfcorehdr_params p = scenario_params();
	size_t want = 64 + (NR_NOTES + 1 + NR_RAM) * 56, size;
	uint8_t buf[1024];
	struct elf64_phdr ph;
	unsigned int i;

	CHECK(elfcorehdr_size(&p) == want, "build: size %zu", want);
	memset(buf, 0xaa, sizeof(buf));
	CHECK(elfcorehdr_build(&p, buf, want - 1) == 0 && buf[0] == 0xaa,
	      "build: cap one byte short returns 0, writes nothing");
	size = elfcorehdr_build(&p, buf, want);
	CHECK(size == want && buf[want] == 0xaa,
	      "build: exact cap returns size, writes no further");
	check_ehdr(buf, NR_NOTES + 1 + NR_RAM, "build");
	for (i = 0; i < NR_NOTES; i++) {
		ph = get_phdr(buf, i);
		CHECK(phdr_is(&ph, PT_NOTE, 0, note_refs[i].maddr, 0,
			      note_refs[i].maddr, note_refs[i].size,
			      note_refs[i].size), "build: PT_NOTE %u", i);
	}
	ph = get_phdr(buf, NR_NOTES);
	CHECK(phdr_is(&ph, PT_LOAD, PF_R | PF_W | PF_X, KTEXT_MADDR,
		      KTEXT_VADDR, KTEXT_MADDR, KTEXT_SIZE, KTEXT_SIZE),
	      "build: kernel-text PT_LOAD after the notes");
	for (i = 0; i < NR_RAM; i++) {
		uint64_t len = ram[i].end - ram[i].start;

		ph = get_phdr(buf, NR_NOTES + 1 + i);
		CHECK(phdr_is(&ph, PT_LOAD, PF_R | PF_W | PF_X, ram[i].start,
			      ram[i].start + PAGE_OFFSET, ram[i].start, len,
			      len), "build: RAM PT_LOAD %u", i);
	}
}

/* elfcorehdr_build without kernel text and without a direct map. */
static void test_build_variants(void)
{
	struct elfcorehdr_params p = scenario_params();
	uint8_t buf[1024];
	struct elf64_phdr ph;
	size_t size;

	p.ktext_size = 0;
	p.page_offset = 0;
	size = elfcorehdr_build(&p, buf, sizeof(buf));
	CHECK(size == 64 + (NR_NOTES + NR_RAM) * 56 &&
	      size == elfcorehdr_size(&p), "build: no ktext, one phdr less");
	ph = get_phdr(buf, NR_NOTES);
	CHECK(phdr_is(&ph, PT_LOAD, PF_R | PF_W | PF_X, ram[0].start, 0,
		      ram[0].start, ram[0].end - ram[0].start,
		      ram[0].end - ram[0].start),
	      "build: no ktext: RAM follows notes; vaddr 0, no page_offset");
	p.nr_notes = 0;
	p.nr_ram = 0;
	size = elfcorehdr_build(&p, buf, sizeof(buf));
	CHECK(size == 64, "build: no phdrs at all is a bare header");
	p.nr_ram = 0xffff;	/* too many for e_phnum; ram not read */
	CHECK(elfcorehdr_size(&p) == 0 &&
	      elfcorehdr_build(&p, buf, sizeof(buf)) == 0,
	      "build: more phdrs than e_phnum holds gives 0");
}

/* Parses the scenario back and checks every field. */
static void test_parse(void)
{
	static struct core_desc d;
	uint8_t buf[1024], shifted[1025];
	size_t size = build_scenario(buf, sizeof(buf));
	unsigned int i, ok = 1;

	desc_reset(&d);
	CHECK(elfcorehdr_parse(&d, buf, size) == CORE_OK, "parse: scenario");
	CHECK(d.nr_notes == NR_NOTES && d.nr_loads == 1 + NR_RAM,
	      "parse: %u notes, %u loads", NR_NOTES, 1 + NR_RAM);
	for (i = 0; i < NR_NOTES; i++)
		CHECK(d.notes[i].maddr == note_refs[i].maddr &&
		      d.notes[i].size == note_refs[i].size,
		      "parse: note %u maddr, size", i);
	CHECK(d.loads[0].maddr == KTEXT_MADDR &&
	      d.loads[0].vaddr == KTEXT_VADDR &&
	      d.loads[0].size == KTEXT_SIZE &&
	      d.loads[0].filesz == KTEXT_SIZE,
	      "parse: kernel text is load 0 (overlaps RAM: legal)");
	for (i = 0; i < NR_RAM; i++) {
		const struct core_load *l = &d.loads[1 + i];

		CHECK(l->maddr == ram[i].start &&
		      l->vaddr == ram[i].start + PAGE_OFFSET &&
		      l->size == ram[i].end - ram[i].start &&
		      l->filesz == l->size, "parse: RAM load %u", i);
	}
	for (i = 0; i < d.nr_loads; i++)
		ok &= d.loads[i].offset == 0;
	CHECK(ok && d.headers_size == 0 && d.full_size == 0,
	      "parse: layout fields left for vmcore_layout");
	memcpy(shifted + 1, buf, size);
	CHECK(elfcorehdr_parse(&d, shifted + 1, size) == CORE_OK &&
	      d.nr_loads == 1 + NR_RAM, "parse: unaligned buffer");
}

/* readelf -lW lists the elfcorehdr's segments as built. */
static void test_build_readelf(void)
{
	static struct tool_out r;
	struct seg segs[MAX_SEGS];
	uint8_t buf[1024];
	size_t size = build_scenario(buf, sizeof(buf));
	const char *path = tmp_path("elfcorehdr");
	unsigned int n, i;

	CHECK(write_file(path, buf, size, NULL, 0, 0, size) == 0,
	      "readelf elfcorehdr: write %s", path);
	run_readelf("-lW", path, &r);
	CHECK(r.status == 0, "readelf elfcorehdr: exit status 0");
	CHECK(strstr(r.out, "Elf file type is CORE") != NULL,
	      "readelf elfcorehdr: CORE file");
	CHECK(strstr(r.out, "There are 7 program headers, starting at "
		     "offset 64") != NULL, "readelf elfcorehdr: 7 phdrs at 64");
	n = parse_segs(r.out, segs, MAX_SEGS);
	CHECK(n == 7, "readelf elfcorehdr: 7 segments listed (got %u)", n);
	if (n != 7)
		return;
	for (i = 0; i < NR_NOTES; i++)
		CHECK(seg_is(&segs[i], "NOTE", note_refs[i].maddr, 0,
			     note_refs[i].maddr, note_refs[i].size,
			     note_refs[i].size, ""),
		      "readelf elfcorehdr: NOTE %u", i);
	CHECK(seg_is(&segs[3], "LOAD", KTEXT_MADDR, KTEXT_VADDR, KTEXT_MADDR,
		     KTEXT_SIZE, KTEXT_SIZE, "RWE"),
	      "readelf elfcorehdr: kernel-text LOAD");
	for (i = 0; i < NR_RAM; i++) {
		uint64_t len = ram[i].end - ram[i].start;

		CHECK(seg_is(&segs[4 + i], "LOAD", ram[i].start,
			     ram[i].start + PAGE_OFFSET, ram[i].start, len,
			     len, "RWE"), "readelf elfcorehdr: RAM LOAD %u",
		      i);
	}
}

/* Writes phdr @i of the image @buf. */
static void set_phdr(uint8_t *buf, unsigned int i, const struct elf64_phdr *ph)
{
	memcpy(buf + 64 + i * 56, ph, sizeof(*ph));
}

/* Parses @buf; true if it fails with @want and leaves @d empty but for
 * its room. */
static int parse_fails(const void *buf, size_t size, enum core_err want)
{
	static struct core_desc d, empty;

	desc_reset(&empty);
	memset(&d, 0x5a, sizeof(d));
	d.loads = empty.loads;
	d.max_loads = empty.max_loads;
	return elfcorehdr_parse(&d, buf, size) == want &&
		!memcmp(&d, &empty, sizeof(d));
}

/* Each header-level parse error, one mutation at a time. */
static void test_parse_header_errors(void)
{
	static const struct {
		unsigned int off;
		uint8_t val;
		enum core_err err;
		const char *what;
	} cases[] = {
		{ 0, 0x7e, CORE_ERR_NOT_ELF64, "bad magic byte 0" },
		{ 3, 'X', CORE_ERR_NOT_ELF64, "bad magic byte 3" },
		{ 4, 1, CORE_ERR_NOT_ELF64, "ELFCLASS32" },
		{ 5, 2, CORE_ERR_NOT_ELF64, "big-endian" },
		{ 6, 0, CORE_ERR_NOT_ELF64, "ident version 0" },
		{ 20, 2, CORE_ERR_NOT_ELF64, "e_version 2" },
		{ 16, 2, CORE_ERR_NOT_CORE, "ET_EXEC" },
		{ 17, 1, CORE_ERR_NOT_CORE, "e_type high byte" },
		{ 18, 3, CORE_ERR_NOT_CORE, "EM_386" },
		{ 54, 32, CORE_ERR_BAD_PHDRS, "phentsize 32" },
		{ 56, 8, CORE_ERR_BAD_PHDRS, "phnum past the buffer" },
		{ 32, 0x41, CORE_ERR_BAD_PHDRS, "phoff past the last phdr" },
		{ 39, 0xff, CORE_ERR_BAD_PHDRS, "phoff huge" },
	};
	uint8_t good[1024], buf[1024];
	size_t size = build_scenario(good, sizeof(good));
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf, good, size);
		buf[cases[i].off] = cases[i].val;
		CHECK(parse_fails(buf, size, cases[i].err),
		      "parse error: %s: %s", cases[i].what,
		      core_strerror(cases[i].err));
	}
	CHECK(parse_fails(good, 63, CORE_ERR_NOT_ELF64),
	      "parse error: 63-byte buffer");
	CHECK(parse_fails(good, 0, CORE_ERR_NOT_ELF64),
	      "parse error: empty buffer");
	CHECK(parse_fails(good, size - 1, CORE_ERR_BAD_PHDRS),
	      "parse error: last phdr one byte short");
	memcpy(buf, good, size);
	memset(buf + 32, 0xff, 8);	/* phoff = 2^64 - 1 */
	CHECK(parse_fails(buf, size, CORE_ERR_BAD_PHDRS),
	      "parse error: phoff 2^64 - 1 (no overflow)");
	memcpy(buf, good, size);
	memset(buf + 56, 0, 2);		/* phnum 0 */
	CHECK(parse_fails(buf, size, CORE_ERR_NO_LOADS),
	      "parse error: phnum 0");
}

/* Each phdr-level parse error and the legal corner cases. */
static void test_parse_phdr_errors(void)
{
	static struct core_desc d;
	uint8_t good[1024], buf[1024];
	size_t size = build_scenario(good, sizeof(good));
	struct elf64_phdr ph;

	desc_reset(&d);
	memcpy(buf, good, size);
	ph = get_phdr(buf, 4);
	ph.p_filesz--;
	set_phdr(buf, 4, &ph);
	CHECK(parse_fails(buf, size, CORE_ERR_BAD_LOAD),
	      "parse error: PT_LOAD filesz != memsz");
	memcpy(buf, good, size);
	ph = get_phdr(buf, 5);
	ph.p_offset = ph.p_paddr = 0xffffffffffff0000ull;
	ph.p_filesz = ph.p_memsz = 0x10001;
	set_phdr(buf, 5, &ph);
	CHECK(parse_fails(buf, size, CORE_ERR_BAD_LOAD),
	      "parse error: PT_LOAD wraps past 2^64");
	ph.p_filesz = ph.p_memsz = 0x10000;
	set_phdr(buf, 5, &ph);
	CHECK(elfcorehdr_parse(&d, buf, size) == CORE_OK &&
	      d.loads[2].maddr == 0xffffffffffff0000ull,
	      "parse: PT_LOAD ending exactly at 2^64 is legal");
	memcpy(buf, good, size);
	ph = get_phdr(buf, 1);
	ph.p_offset = 0xfffffffffffff000ull;
	ph.p_memsz = ph.p_filesz = 0x1001;
	set_phdr(buf, 1, &ph);
	CHECK(parse_fails(buf, size, CORE_ERR_BAD_PHDRS),
	      "parse error: PT_NOTE wraps past 2^64");
	memcpy(buf, good, size);
	ph = get_phdr(buf, 6);
	ph.p_offset = 0;
	ph.p_filesz = ph.p_memsz = 1ull << 62;	/* with the rest: > 2^62 */
	set_phdr(buf, 6, &ph);
	CHECK(parse_fails(buf, size, CORE_ERR_BAD_LOAD),
	      "parse error: loads total more than 2^62 bytes");
	memcpy(buf, good, size);
	ph = get_phdr(good, 5);
	set_phdr(buf, 6, &ph);		/* RAM load 2 duplicates load 1 */
	ph = get_phdr(good, 0);
	ph.p_type = 6;	/* PT_PHDR: ignored */
	set_phdr(buf, 0, &ph);
	CHECK(elfcorehdr_parse(&d, buf, size) == CORE_OK &&
	      d.nr_notes == NR_NOTES - 1 && d.nr_loads == 1 + NR_RAM &&
	      d.loads[3].maddr == d.loads[2].maddr,
	      "parse: other phdr types ignored, overlapping loads legal");
}

/* Builds an elfcorehdr of @nr_notes 512-byte notes and @nr_ram one-page
 * loads into @buf; its size. */
static size_t build_counts(uint8_t *buf, size_t cap, uint32_t nr_notes,
			   uint32_t nr_ram)
{
	static struct core_range r[CORE_MAX_LOADS + 1];
	static struct core_note_ref n[CORE_MAX_NOTES + 8];
	struct elfcorehdr_params p = { .ram = r, .nr_ram = nr_ram,
				       .notes = n, .nr_notes = nr_notes };
	uint32_t i;

	for (i = 0; i < nr_ram; i++) {
		r[i].start = (uint64_t)i << 13;
		r[i].end = r[i].start + PAGE;
	}
	for (i = 0; i < nr_notes; i++) {
		n[i].maddr = 0x100000 + i * PAGE;
		n[i].size = 0x200;
	}
	return elfcorehdr_build(&p, buf, cap);
}

static uint8_t counts_buf[64 + (CORE_MAX_NOTES + CORE_MAX_LOADS + 10) * 56];

/* Parses an elfcorehdr of @nr_notes notes and @nr_ram one-page loads. */
static enum core_err parse_counts(struct core_desc *d, uint32_t nr_notes,
				  uint32_t nr_ram)
{
	return elfcorehdr_parse(d, counts_buf,
				build_counts(counts_buf, sizeof(counts_buf),
					     nr_notes, nr_ram));
}

/* Counts an elfcorehdr of @nr_notes notes and @nr_ram loads into @c. */
static enum core_err count_counts(struct core_counts *c, uint32_t nr_notes,
				  uint32_t nr_ram)
{
	return elfcorehdr_count(c, counts_buf,
				build_counts(counts_buf, sizeof(counts_buf),
					     nr_notes, nr_ram));
}

/* CORE_MAX_* are accepted, one more refused with its own error; 200 and
 * CORE_MAX_LOADS loads parse into a room of exactly that many. */
static void test_parse_counts(void)
{
	static struct core_desc d, empty;
	static struct core_load room[200];

	desc_reset(&d);
	desc_reset(&empty);
	CHECK(parse_counts(&d, CORE_MAX_NOTES, CORE_MAX_LOADS) == CORE_OK &&
	      d.nr_notes == CORE_MAX_NOTES && d.nr_loads == CORE_MAX_LOADS &&
	      d.loads[CORE_MAX_LOADS - 1].maddr ==
	      (uint64_t)(CORE_MAX_LOADS - 1) << 13,
	      "parse: %u notes and %u loads fit", CORE_MAX_NOTES,
	      CORE_MAX_LOADS);
	empty.loads = d.loads;
	CHECK(parse_counts(&d, 1, CORE_MAX_LOADS + 1) == CORE_ERR_TOO_MANY_LOADS &&
	      !memcmp(&d, &empty, sizeof(d)),
	      "parse error: %u loads (desc emptied)", CORE_MAX_LOADS + 1);
	CHECK(parse_counts(&d, CORE_MAX_NOTES + 1, 1) == CORE_ERR_TOO_MANY,
	      "parse error: %u notes", CORE_MAX_NOTES + 1);
	CHECK(parse_counts(&d, 3, 0) == CORE_ERR_NO_LOADS,
	      "parse error: notes only, no PT_LOAD");
	core_desc_init(&d, room, 200);
	CHECK(parse_counts(&d, 3, 200) == CORE_OK && d.nr_loads == 200 &&
	      d.loads[199].maddr == 199ull << 13,
	      "parse: 200 loads into a room of 200");
	CHECK(parse_counts(&d, 3, 201) == CORE_ERR_TOO_MANY_LOADS &&
	      d.loads == room && d.max_loads == 200 && d.nr_loads == 0,
	      "parse error: 201 loads for a room of 200 (room kept)");
}

/* elfcorehdr_count: what to allocate before parsing, same limits. */
static void test_count(void)
{
	struct core_counts c;
	uint8_t buf[1024];

	CHECK(count_counts(&c, 3, 200) == CORE_OK && c.nr_loads == 200 &&
	      c.nr_notes == 3 && c.notes_bytes == 3 * 0x200,
	      "count: 200 loads, 3 notes of 512 bytes");
	CHECK(count_counts(&c, CORE_MAX_NOTES, CORE_MAX_LOADS) == CORE_OK &&
	      c.nr_loads == CORE_MAX_LOADS && c.nr_notes == CORE_MAX_NOTES,
	      "count: CORE_MAX_NOTES notes, CORE_MAX_LOADS loads");
	CHECK(count_counts(&c, 1, CORE_MAX_LOADS + 1) == CORE_ERR_TOO_MANY_LOADS &&
	      c.nr_loads == 0, "count error: %u loads (counts zeroed)",
	      CORE_MAX_LOADS + 1);
	CHECK(count_counts(&c, CORE_MAX_NOTES + 1, 1) == CORE_ERR_TOO_MANY,
	      "count error: %u notes", CORE_MAX_NOTES + 1);
	CHECK(count_counts(&c, 2, 0) == CORE_ERR_NO_LOADS,
	      "count error: no PT_LOAD");
	CHECK(elfcorehdr_count(&c, buf, build_scenario(buf, sizeof(buf))) ==
	      CORE_OK && c.nr_loads == 1 + NR_RAM && c.nr_notes == NR_NOTES,
	      "count: the scenario's %u notes, %u loads", NR_NOTES, 1 + NR_RAM);
	CHECK(elfcorehdr_count(&c, buf, 63) == CORE_ERR_NOT_ELF64,
	      "count error: 63 bytes");
}

/* A PT_NOTE counts at most CORE_NOTE_READ_MAX bytes: what is merged. */
static void test_count_note_cap(void)
{
	struct core_counts c;
	struct elf64_phdr ph;
	uint8_t buf[1024];
	size_t size = build_scenario(buf, sizeof(buf));

	ph = get_phdr(buf, 0);
	ph.p_memsz = ph.p_filesz = 1ull << 40;
	set_phdr(buf, 0, &ph);
	CHECK(elfcorehdr_count(&c, buf, size) == CORE_OK &&
	      c.notes_bytes >= CORE_NOTE_READ_MAX &&
	      c.notes_bytes < 2 * CORE_NOTE_READ_MAX,
	      "count: a 1 TiB PT_NOTE counts CORE_NOTE_READ_MAX bytes (%llu)",
	      (unsigned long long)c.notes_bytes);
}

/* core_strerror: a distinct message per code, and unknown codes. */
static void test_strerror(void)
{
	unsigned int i, j, ok = 1;

	for (i = CORE_OK; i <= CORE_ERR_TOO_MANY_LOADS; i++) {
		const char *s = core_strerror((enum core_err)i);

		ok &= s && *s && strcmp(s, "unknown error");
		for (j = CORE_OK; j < i; j++)
			ok &= strcmp(s, core_strerror((enum core_err)j)) != 0;
	}
	CHECK(ok, "strerror: every code has its own message");
	CHECK(!strcmp(core_strerror((enum core_err)99), "unknown error") &&
	      !strcmp(core_strerror((enum core_err)-1), "unknown error"),
	      "strerror: unknown codes");
}

int main(int argc, char **argv)
{
	check_args(argc, argv);
	if (fixture_init())
		return 1;
	RUN_GROUP("build", test_build());
	RUN_GROUP("build-variants", test_build_variants());
	RUN_GROUP("parse", test_parse());
	RUN_GROUP("build-readelf", test_build_readelf());
	RUN_GROUP("parse-header-errors", test_parse_header_errors());
	RUN_GROUP("parse-phdr-errors", test_parse_phdr_errors());
	RUN_GROUP("parse-counts", test_parse_counts());
	RUN_GROUP("count", test_count());
	RUN_GROUP("count-note-cap", test_count_note_cap());
	RUN_GROUP("strerror", test_strerror());
	fixture_cleanup();
	return check_exit();
}
