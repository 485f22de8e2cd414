// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the vmcore's ELF side: the elfcorehdr the loader
 * builds (elfcore/elfcorehdr.c), its parser, the vmcore layout,
 * clipping and headers (elfcore/vmcore.c) and the note merge
 * (elfcore/notes.c).  Files written here are checked with readelf.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <p2mdump/elf64.h>
#include "check.h"
#include "rng.h"
#include "elfcore/elfcorehdr.h"
#include "elfcore/vmcore.h"
#include "elfcore/notes.h"

#define PAGE		4096ull
#define PAGE_OFFSET	0xffff888000000000ull
#define KTEXT_VADDR	0xffffffff81000000ull
#define KTEXT_MADDR	0x1000000ull
#define KTEXT_SIZE	0x2000000ull
#define PRSTATUS_SIZE	336	/* sizeof(struct elf_prstatus) on x86_64 */
#define NOTE_BUF_SIZE	0x200
#define VMCOREINFO_SIZE	0x1000
#define NR_NOTES	3
#define NR_RAM		3
#define MAX_SEGS	80
#define OUT_MAX		(1 << 20)
#define NR_RANDOM	200

static const struct core_range ram[NR_RAM] = {
	{ 0x1000, 0x9fc00 },
	{ 0x100000, 0x20000000 },
	{ 0x100000000ull, 0x140000000ull },
};

static const struct core_note_ref note_refs[NR_NOTES] = {
	{ 0x1ff00000, NOTE_BUF_SIZE },		/* CPU 0 */
	{ 0x1ff01000, NOTE_BUF_SIZE },		/* CPU 1 */
	{ 0x1fe00000, VMCOREINFO_SIZE },	/* VMCOREINFO */
};

static const char vmcoreinfo[] =
	"OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\n"
	"SYMBOL(_stext)=ffffffff81000000\nKERNELOFFSET=0\n"
	"CRASHTIME=1795314036\n";

static char tmpdir[] = "/tmp/test_elfcore.XXXXXX";

/* ---- fake machine memory ---------------------------------------------- */

struct region {
	uint64_t maddr;
	uint32_t len;
	uint8_t *bytes;
};

struct fake_mem {
	struct region r[16];
	unsigned int nr;
	uint32_t last_len;	/* length of the last read */
};

/* Adds a zero-filled region of @len bytes at @maddr; returns its bytes. */
static uint8_t *mem_add(struct fake_mem *m, uint64_t maddr, uint32_t len)
{
	struct region *r = &m->r[m->nr++];

	r->maddr = maddr;
	r->len = len;
	r->bytes = calloc(1, len ? len : 1);
	return r->bytes;
}

/* Frees every region. */
static void mem_free(struct fake_mem *m)
{
	while (m->nr)
		free(m->r[--m->nr].bytes);
}

/* oldmem_read_fn over a fake_mem: 0 if [maddr, +len) is in one region. */
static int mem_read(void *ctx, uint64_t maddr, void *dst, uint32_t len)
{
	struct fake_mem *m = ctx;
	unsigned int i;

	m->last_len = len;
	for (i = 0; i < m->nr; i++) {
		const struct region *r = &m->r[i];

		if (maddr >= r->maddr && maddr - r->maddr <= r->len &&
		    len <= r->len - (maddr - r->maddr)) {
			memcpy(dst, r->bytes + (maddr - r->maddr), len);
			return 0;
		}
	}
	return -1;
}

/* Writes one note (name padded to 4, desc padded to 4); returns bytes. */
static size_t put_note(uint8_t *p, const char *name, uint32_t type,
		       const void *desc, uint32_t descsz)
{
	struct elf64_nhdr nh = { (uint32_t)strlen(name) + 1, descsz, type };
	size_t name_pad = (nh.n_namesz + 3) & ~3u;
	size_t desc_pad = (descsz + 3) & ~3u;

	memcpy(p, &nh, sizeof(nh));
	memset(p + sizeof(nh), 0, name_pad + desc_pad);
	memcpy(p + sizeof(nh), name, nh.n_namesz);
	memcpy(p + sizeof(nh) + name_pad, desc, descsz);
	return sizeof(nh) + name_pad + desc_pad;
}

/* Writes a bare note header with the given sizes; returns 12. */
static size_t put_nhdr(uint8_t *p, uint32_t namesz, uint32_t descsz,
		       uint32_t type)
{
	struct elf64_nhdr nh = { namesz, descsz, type };

	memcpy(p, &nh, sizeof(nh));
	return sizeof(nh);
}

/* Writes an NT_PRSTATUS "CORE" note whose desc bytes are @seed + i. */
static size_t put_prstatus(uint8_t *p, uint8_t seed)
{
	uint8_t desc[PRSTATUS_SIZE];
	unsigned int i;

	for (i = 0; i < sizeof(desc); i++)
		desc[i] = (uint8_t)(seed + i);
	return put_note(p, "CORE", NT_PRSTATUS, desc, sizeof(desc));
}

/* Writes the VMCOREINFO note (type 0, unpadded text length). */
static size_t put_vmcoreinfo(uint8_t *p)
{
	return put_note(p, "VMCOREINFO", 0, vmcoreinfo,
			(uint32_t)strlen(vmcoreinfo));
}

/*
 * Fills @m with the scenario's note buffers (each note then an empty
 * terminator); @expect gets their merge, *@expect_len its size.
 */
static void scenario_mem(struct fake_mem *m, uint8_t *expect,
			 size_t *expect_len)
{
	size_t n = 0;

	n += put_prstatus(expect + n, 0x10);
	n += put_prstatus(expect + n, 0x20);
	n += put_vmcoreinfo(expect + n);
	*expect_len = n;
	put_prstatus(mem_add(m, note_refs[0].maddr, NOTE_BUF_SIZE), 0x10);
	put_prstatus(mem_add(m, note_refs[1].maddr, NOTE_BUF_SIZE), 0x20);
	put_vmcoreinfo(mem_add(m, note_refs[2].maddr, VMCOREINFO_SIZE));
}

/* ---- files and readelf ------------------------------------------------ */

/* Path of the temporary file @name. */
static const char *tmp_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/* Writes @len bytes at @off of the open file @fd; 0 or -1. */
static int pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/*
 * Creates @path of @size bytes (sparse) holding @hdr at 0 and @notes at
 * @notes_off (each cut at @size); 0 or -1.
 */
static int write_file(const char *path, const void *hdr, size_t hdr_len,
		      const void *notes, size_t notes_len, uint64_t notes_off,
		      uint64_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ret = 0;

	if (fd < 0)
		return -1;
	if (hdr_len > size)
		hdr_len = (size_t)size;
	if (notes_off >= size)
		notes_len = 0;
	else if (notes_len > size - notes_off)
		notes_len = (size_t)(size - notes_off);
	if (pwrite_all(fd, hdr, hdr_len, 0) ||
	    (notes_len && pwrite_all(fd, notes, notes_len, notes_off)) ||
	    ftruncate(fd, (off_t)size))
		ret = -1;
	if (close(fd))
		ret = -1;
	return ret;
}

/* Reads the whole small file @path into @buf (NUL-terminated). */
static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = 0;
}

struct tool_out {
	char out[OUT_MAX];
	char err[OUT_MAX];
	int status;
};

/* Runs `@tool @opts @path`; captures stdout, stderr and the status. */
static void run_tool(const char *tool, const char *opts, const char *path,
		     struct tool_out *r)
{
	char cmd[1024], errpath[512];
	FILE *p;
	size_t n = 0;

	snprintf(errpath, sizeof(errpath), "%s.err", path);
	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s %s '%s' 2>'%s'", tool, opts,
		 path, errpath);
	r->out[0] = 0;
	p = popen(cmd, "r");
	if (p) {
		n = fread(r->out, 1, sizeof(r->out) - 1, p);
		r->status = pclose(p);
	} else {
		r->status = -1;
	}
	r->out[n] = 0;
	slurp(errpath, r->err, sizeof(r->err));
	unlink(errpath);
}

/* Runs `readelf @opts @path`. */
static void run_readelf(const char *opts, const char *path,
			struct tool_out *r)
{
	run_tool("readelf", opts, path, r);
}

/*
 * Runs `objdump -p @path`: BFD, unlike readelf, warns "has a segment
 * extending past end of file" when a phdr's filesz runs past the end.
 */
static void run_objdump(const char *path, struct tool_out *r)
{
	run_tool("objdump", "-p", path, r);
}

struct seg {
	char type[16];
	uint64_t offset, vaddr, paddr, filesz, memsz;
	char flags[4];
};

/* Parses one "Program Headers:" line of readelf -lW; 1 if it is one. */
static int parse_seg_line(const char *line, struct seg *s)
{
	char *end;
	uint64_t *f[] = { &s->offset, &s->vaddr, &s->paddr, &s->filesz,
			  &s->memsz };
	unsigned int i, k = 0;

	if (sscanf(line, " %15s", s->type) != 1 ||
	    (strcmp(s->type, "LOAD") && strcmp(s->type, "NOTE")))
		return 0;
	line = strstr(line, s->type) + strlen(s->type);
	for (i = 0; i < 5; i++) {
		*f[i] = strtoull(line, &end, 16);
		if (end == line)
			return 0;
		line = end;
	}
	while (*line == ' ')
		line++;
	while (k < 3 && (*line == 'R' || *line == 'W' || *line == 'E'))
		s->flags[k++] = *line++;
	s->flags[k] = 0;
	return 1;
}

/* Collects readelf's LOAD and NOTE segments; returns how many. */
static unsigned int parse_segs(const char *out, struct seg *segs,
			       unsigned int max)
{
	unsigned int n = 0;
	const char *line = out;

	while (line && *line && n < max) {
		if (parse_seg_line(line, &segs[n]))
			n++;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return n;
}

/* Counts occurrences of @needle in @hay. */
static unsigned int count_str(const char *hay, const char *needle)
{
	unsigned int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* True if readelf's segment @s is the phdr described by the arguments. */
static int seg_is(const struct seg *s, const char *type, uint64_t offset,
		  uint64_t vaddr, uint64_t paddr, uint64_t filesz,
		  uint64_t memsz, const char *flags)
{
	return !strcmp(s->type, type) && s->offset == offset &&
		s->vaddr == vaddr && s->paddr == paddr &&
		s->filesz == filesz && s->memsz == memsz &&
		!strcmp(s->flags, flags);
}

/* ---- elfcorehdr_build ------------------------------------------------- */

/* The scenario's parameters (ktext and page_offset on). */
static struct elfcorehdr_params scenario_params(void)
{
	struct elfcorehdr_params p = {
		.ram = ram, .nr_ram = NR_RAM,
		.notes = note_refs, .nr_notes = NR_NOTES,
		.page_offset = PAGE_OFFSET,
		.ktext_vaddr = KTEXT_VADDR, .ktext_maddr = KTEXT_MADDR,
		.ktext_size = KTEXT_SIZE,
	};

	return p;
}

/* Reads program header @i of the ELF64 file image @buf. */
static struct elf64_phdr get_phdr(const void *buf, unsigned int i)
{
	struct elf64_phdr ph;

	memcpy(&ph, (const uint8_t *)buf + 64 + i * 56, sizeof(ph));
	return ph;
}

/* True if @ph has exactly these fields (align 0). */
static int phdr_is(const struct elf64_phdr *ph, uint32_t type,
		   uint32_t flags, uint64_t offset, uint64_t vaddr,
		   uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
	return ph->p_type == type && ph->p_flags == flags &&
		ph->p_offset == offset && ph->p_vaddr == vaddr &&
		ph->p_paddr == paddr && ph->p_filesz == filesz &&
		ph->p_memsz == memsz && ph->p_align == 0;
}

/* Checks the ELF header fields of an ET_CORE image with @phnum phdrs. */
static void check_ehdr(const void *buf, unsigned int phnum, const char *what)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct elf64_ehdr eh;

	memcpy(&eh, buf, sizeof(eh));
	CHECK(!memcmp(eh.e_ident, ident, 16), "%s: e_ident", what);
	CHECK(eh.e_type == ET_CORE && eh.e_machine == EM_X86_64 &&
	      eh.e_version == 1 && eh.e_entry == 0 && eh.e_flags == 0,
	      "%s: ET_CORE EM_X86_64 version 1", what);
	CHECK(eh.e_phoff == 64 && eh.e_ehsize == 64 &&
	      eh.e_phentsize == 56 && eh.e_phnum == phnum,
	      "%s: phoff 64, phentsize 56, phnum %u", what, phnum);
	CHECK(eh.e_shoff == 0 && eh.e_shnum == 0 && eh.e_shentsize == 0 &&
	      eh.e_shstrndx == 0, "%s: no section headers", what);
}

/* Builds the scenario's elfcorehdr into @buf; returns its size. */
static size_t build_scenario(uint8_t *buf, size_t cap)
{
	struct elfcorehdr_params p = scenario_params();

	return elfcorehdr_build(&p, buf, cap);
}

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

/* ---- elfcorehdr_parse ------------------------------------------------- */

/* Parses the scenario back and checks every field. */
static void test_parse(void)
{
	static struct core_desc d;
	uint8_t buf[1024], shifted[1025];
	size_t size = build_scenario(buf, sizeof(buf));
	unsigned int i, ok = 1;

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

/* Parses @buf; true if it fails with @want and leaves @d zeroed. */
static int parse_fails(const void *buf, size_t size, enum core_err want)
{
	static struct core_desc d, zero;

	memset(&d, 0x5a, sizeof(d));
	return elfcorehdr_parse(&d, buf, size) == want &&
		!memcmp(&d, &zero, sizeof(d));
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

/* Parses an elfcorehdr of @nr_notes notes and @nr_ram one-page loads. */
static enum core_err parse_counts(struct core_desc *d, uint32_t nr_notes,
				  uint32_t nr_ram)
{
	static struct core_range r[200];
	static struct core_note_ref n[CORE_MAX_NOTES + 8];
	static uint8_t buf[64 + 400 * 56];
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
	return elfcorehdr_parse(d, buf, elfcorehdr_build(&p, buf,
							 sizeof(buf)));
}

/* CORE_MAX_* are accepted, one more is CORE_ERR_TOO_MANY. */
static void test_parse_counts(void)
{
	static struct core_desc d, zero;

	CHECK(parse_counts(&d, CORE_MAX_NOTES, CORE_MAX_LOADS) == CORE_OK &&
	      d.nr_notes == CORE_MAX_NOTES && d.nr_loads == CORE_MAX_LOADS &&
	      d.loads[CORE_MAX_LOADS - 1].maddr ==
	      (uint64_t)(CORE_MAX_LOADS - 1) << 13,
	      "parse: %u notes and %u loads fit", CORE_MAX_NOTES,
	      CORE_MAX_LOADS);
	CHECK(parse_counts(&d, 1, CORE_MAX_LOADS + 1) == CORE_ERR_TOO_MANY &&
	      !memcmp(&d, &zero, sizeof(d)),
	      "parse error: %u loads (desc zeroed)", CORE_MAX_LOADS + 1);
	CHECK(parse_counts(&d, CORE_MAX_NOTES + 1, 1) == CORE_ERR_TOO_MANY,
	      "parse error: %u notes", CORE_MAX_NOTES + 1);
	CHECK(parse_counts(&d, 3, 0) == CORE_ERR_NO_LOADS,
	      "parse error: notes only, no PT_LOAD");
}

/* core_strerror: a distinct message per code, and unknown codes. */
static void test_strerror(void)
{
	unsigned int i, j, ok = 1;

	for (i = CORE_OK; i <= CORE_ERR_NO_LOADS; i++) {
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

/* ---- notes_merge over the scenario ---------------------------------- */

/* The scenario parsed, its notes merged into @notes; returns their size. */
static long scenario_desc(struct core_desc *d, uint8_t *notes, size_t cap,
			  uint8_t *expect, size_t *expect_len)
{
	static uint8_t scratch[8192];
	struct fake_mem m = { .nr = 0 };
	struct notes_stats st;
	uint8_t buf[1024];
	long n;

	memset(notes, 0, cap);
	elfcorehdr_parse(d, buf, build_scenario(buf, sizeof(buf)));
	scenario_mem(&m, expect, expect_len);
	n = notes_merge(d, mem_read, &m, scratch, sizeof(scratch), notes, cap,
			&st);
	mem_free(&m);
	if (st.kept != NR_NOTES || st.empty_buffers || st.malformed)
		return -2;
	return n;
}

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

/* ---- vmcore_layout and vmcore_write_headers -------------------------- */

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
	uint8_t hdr[64 + 80 * 56];
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

/* ---- vmcore_clip ------------------------------------------------------ */

/* The scenario laid out with @notes_size bytes of notes. */
static void fresh_layout(struct core_desc *d, const struct core_desc *parsed,
			 uint64_t notes_size)
{
	*d = *parsed;
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

		memset(&d, 0, sizeof(d));
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

/* ---- notes_merge corner cases ---------------------------------------- */

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

int main(void)
{
	struct rng r;
	char cmd[300];

	rng_init(&r, check_seed(20240611));
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_build();
	test_build_variants();
	test_parse();
	test_build_readelf();
	test_parse_header_errors();
	test_parse_phdr_errors();
	test_parse_counts();
	test_strerror();
	test_merge_scenario();
	test_layout_headers();
	test_vmcore_readelf();
	test_clip();
	test_clip_random(&r);
	test_merge_cases();
	test_merge_scratch();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		printf("warning: could not remove %s\n", tmpdir);
	return check_exit();
}
