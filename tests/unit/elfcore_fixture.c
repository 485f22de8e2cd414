// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF core tests' scenario, fake memory and tools.  See
 * elfcore_fixture.h.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "elfcore_fixture.h"

const struct core_range ram[NR_RAM] = {
	{ 0x1000, 0x9fc00 },
	{ 0x100000, 0x20000000 },
	{ 0x100000000ull, 0x140000000ull },
};

const struct core_note_ref note_refs[NR_NOTES] = {
	{ 0x1ff00000, NOTE_BUF_SIZE },		/* CPU 0 */
	{ 0x1ff01000, NOTE_BUF_SIZE },		/* CPU 1 */
	{ 0x1fe00000, VMCOREINFO_SIZE },	/* VMCOREINFO */
};

const char vmcoreinfo[] =
	"OSRELEASE=6.1.0-56-amd64\nPAGESIZE=4096\n"
	"SYMBOL(_stext)=ffffffff81000000\nKERNELOFFSET=0\n"
	"CRASHTIME=1795314036\n";

static char tmpdir[] = "/tmp/test_elfcore.XXXXXX";

/* Makes the temporary directory; 0 on success. */
int fixture_init(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

/* Removes the temporary directory and what is in it. */
void fixture_cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		printf("warning: could not remove %s\n", tmpdir);
}

/* Adds a zero-filled region of @len bytes at @maddr; returns its bytes. */
uint8_t *mem_add(struct fake_mem *m, uint64_t maddr, uint32_t len)
{
	struct region *r = &m->r[m->nr++];

	r->maddr = maddr;
	r->len = len;
	r->bytes = calloc(1, len ? len : 1);
	return r->bytes;
}

/* Frees every region. */
void mem_free(struct fake_mem *m)
{
	while (m->nr)
		free(m->r[--m->nr].bytes);
}

/* oldmem_read_fn over a fake_mem: 0 if [maddr, +len) is in one region. */
int mem_read(void *ctx, uint64_t maddr, void *dst, uint32_t len)
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
size_t put_note(uint8_t *p, const char *name, uint32_t type,
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
size_t put_nhdr(uint8_t *p, uint32_t namesz, uint32_t descsz,
		uint32_t type)
{
	struct elf64_nhdr nh = { namesz, descsz, type };

	memcpy(p, &nh, sizeof(nh));
	return sizeof(nh);
}

/* Writes an NT_PRSTATUS "CORE" note whose desc bytes are @seed + i. */
size_t put_prstatus(uint8_t *p, uint8_t seed)
{
	uint8_t desc[PRSTATUS_SIZE];
	unsigned int i;

	for (i = 0; i < sizeof(desc); i++)
		desc[i] = (uint8_t)(seed + i);
	return put_note(p, "CORE", NT_PRSTATUS, desc, sizeof(desc));
}

/* Writes the VMCOREINFO note (type 0, unpadded text length). */
size_t put_vmcoreinfo(uint8_t *p)
{
	return put_note(p, "VMCOREINFO", 0, vmcoreinfo,
			(uint32_t)strlen(vmcoreinfo));
}

/*
 * Fills @m with the scenario's note buffers (each note then an empty
 * terminator); @expect gets their merge, *@expect_len its size.
 */
void scenario_mem(struct fake_mem *m, uint8_t *expect,
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

/* Path of the temporary file @name. */
const char *tmp_path(const char *name)
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
int write_file(const char *path, const void *hdr, size_t hdr_len,
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
void run_readelf(const char *opts, const char *path,
		 struct tool_out *r)
{
	run_tool("readelf", opts, path, r);
}

/*
 * Runs `objdump -p @path`: BFD, unlike readelf, warns "has a segment
 * extending past end of file" when a phdr's filesz runs past the end.
 */
void run_objdump(const char *path, struct tool_out *r)
{
	run_tool("objdump", "-p", path, r);
}

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
unsigned int parse_segs(const char *out, struct seg *segs,
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
unsigned int count_str(const char *hay, const char *needle)
{
	unsigned int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* True if readelf's segment @s is the phdr described by the arguments. */
int seg_is(const struct seg *s, const char *type, uint64_t offset,
	   uint64_t vaddr, uint64_t paddr, uint64_t filesz,
	   uint64_t memsz, const char *flags)
{
	return !strcmp(s->type, type) && s->offset == offset &&
		s->vaddr == vaddr && s->paddr == paddr &&
		s->filesz == filesz && s->memsz == memsz &&
		!strcmp(s->flags, flags);
}

/* The scenario's parameters (ktext and page_offset on). */
struct elfcorehdr_params scenario_params(void)
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
struct elf64_phdr get_phdr(const void *buf, unsigned int i)
{
	struct elf64_phdr ph;

	memcpy(&ph, (const uint8_t *)buf + 64 + i * 56, sizeof(ph));
	return ph;
}

/* True if @ph has exactly these fields (align 0). */
int phdr_is(const struct elf64_phdr *ph, uint32_t type,
	    uint32_t flags, uint64_t offset, uint64_t vaddr,
	    uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
	return ph->p_type == type && ph->p_flags == flags &&
		ph->p_offset == offset && ph->p_vaddr == vaddr &&
		ph->p_paddr == paddr && ph->p_filesz == filesz &&
		ph->p_memsz == memsz && ph->p_align == 0;
}

/* Checks the ELF header fields of an ET_CORE image with @phnum phdrs. */
void check_ehdr(const void *buf, unsigned int phnum, const char *what)
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
size_t build_scenario(uint8_t *buf, size_t cap)
{
	struct elfcorehdr_params p = scenario_params();

	return elfcorehdr_build(&p, buf, cap);
}

void desc_reset(struct core_desc *d)
{
	struct core_load *room = d->loads;

	if (!room)
		room = calloc(CORE_MAX_LOADS, sizeof(*room));
	if (!room)
		abort();
	core_desc_init(d, room, CORE_MAX_LOADS);
}

void desc_copy(struct core_desc *dst, const struct core_desc *src)
{
	struct core_load *room;

	desc_reset(dst);
	room = dst->loads;
	*dst = *src;
	dst->loads = room;
	dst->max_loads = CORE_MAX_LOADS;
	memcpy(room, src->loads, src->nr_loads * sizeof(*room));
}

/* The scenario parsed, its notes merged into @notes; returns their size. */
long scenario_desc(struct core_desc *d, uint8_t *notes, size_t cap,
		   uint8_t *expect, size_t *expect_len)
{
	static uint8_t scratch[8192];
	struct fake_mem m = { .nr = 0 };
	struct notes_stats st;
	uint8_t buf[1024];
	long n;

	memset(notes, 0, cap);
	desc_reset(d);
	elfcorehdr_parse(d, buf, build_scenario(buf, sizeof(buf)));
	scenario_mem(&m, expect, expect_len);
	n = notes_merge(d, mem_read, &m, scratch, sizeof(scratch), notes, cap,
			&st);
	mem_free(&m);
	if (st.kept != NR_NOTES || st.empty_buffers || st.malformed)
		return -2;
	return n;
}
