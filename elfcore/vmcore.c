// SPDX-License-Identifier: GPL-2.0
/*
 * The crashed system's elfcorehdr in, the vmcore's layout and headers out.
 * See vmcore.h.  Built -m32 freestanding: no 64-bit division here, page
 * arithmetic is done with masks.
 */
#include "vmcore.h"
#include <p2mdump/elf64.h>
#include <p2mdump/page.h>

#define EHDR_SIZE	sizeof(struct elf64_ehdr)
#define PHDR_SIZE	sizeof(struct elf64_phdr)
#define STR(x)		#x
#define XSTR(x)		STR(x)

#define PF_RWX		(PF_R | PF_W | PF_X)
/*
 * Cap on the page-rounded sum of the PT_LOAD sizes, so that no vmcore
 * offset computed by vmcore_layout() can overflow 64 bits.
 */
#define LOADS_MAX_BYTES	(1ull << 62)

static const char *const core_errs[] = {
	[CORE_OK]		= "ok",
	[CORE_ERR_NOT_ELF64]	= "not an ELF64 little-endian file",
	[CORE_ERR_NOT_CORE]	= "not an x86_64 ET_CORE file",
	[CORE_ERR_BAD_PHDRS]	= "bad program headers",
	[CORE_ERR_TOO_MANY]	= "more than " XSTR(CORE_MAX_NOTES) " PT_NOTEs",
	[CORE_ERR_BAD_LOAD]	= "bad PT_LOAD (filesz != memsz or wraps)",
	[CORE_ERR_NO_LOADS]	= "no PT_LOAD",
	[CORE_ERR_TOO_MANY_LOADS] = "more than " XSTR(CORE_MAX_LOADS)
				    " PT_LOADs (RAM ranges)",
};

/* A human-readable message for @err; never NULL. */
const char *core_strerror(enum core_err err)
{
	if ((unsigned int)err >= sizeof(core_errs) / sizeof(core_errs[0]) ||
	    !core_errs[err])
		return "unknown error";
	return core_errs[err];
}

/* True if [start, start + size) runs past 2^64. */
static int wraps(uint64_t start, uint64_t size)
{
	return size && start + (size - 1) < start;
}

/* Checks the ELF header fields that say "ELF64 x86_64 core". */
static enum core_err check_ehdr(const struct elf64_ehdr *eh)
{
	if (eh->e_ident[0] != ELF_MAGIC0 || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F' ||
	    eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return CORE_ERR_NOT_ELF64;
	if (eh->e_type != ET_CORE || eh->e_machine != EM_X86_64)
		return CORE_ERR_NOT_CORE;
	return CORE_OK;
}

/* Checks that every program header lies inside the @size-byte buffer. */
static enum core_err check_phdrs(const struct elf64_ehdr *eh, size_t size)
{
	uint64_t bytes = (uint64_t)eh->e_phnum * PHDR_SIZE;

	if (eh->e_phentsize != PHDR_SIZE)
		return CORE_ERR_BAD_PHDRS;
	if (eh->e_phoff > size || bytes > size - eh->e_phoff)
		return CORE_ERR_BAD_PHDRS;
	return CORE_OK;
}

/* Records a PT_NOTE (its buffer is at machine address p_offset). */
static enum core_err add_note(struct core_desc *d,
			      const struct elf64_phdr *ph)
{
	struct core_note_ref *n;

	if (wraps(ph->p_offset, ph->p_memsz))
		return CORE_ERR_BAD_PHDRS;
	if (d->nr_notes == CORE_MAX_NOTES)
		return CORE_ERR_TOO_MANY;
	n = &d->notes[d->nr_notes++];
	n->maddr = ph->p_offset;
	n->size = ph->p_memsz;
	return CORE_OK;
}

/* Records a PT_LOAD; @total accumulates the page-rounded load sizes. */
static enum core_err add_load(struct core_desc *d,
			      const struct elf64_phdr *ph, uint64_t *total)
{
	struct core_load *l;

	if (ph->p_filesz != ph->p_memsz || wraps(ph->p_offset, ph->p_memsz))
		return CORE_ERR_BAD_LOAD;
	if (ph->p_memsz > LOADS_MAX_BYTES - *total)
		return CORE_ERR_BAD_LOAD;
	*total = page_round_up(*total + ph->p_memsz);
	if (d->nr_loads == CORE_MAX_LOADS || d->nr_loads == d->max_loads)
		return CORE_ERR_TOO_MANY_LOADS;
	l = &d->loads[d->nr_loads++];
	l->maddr = ph->p_offset;
	l->vaddr = ph->p_vaddr;
	l->size = ph->p_memsz;
	l->filesz = ph->p_memsz;
	return CORE_OK;
}

/* Walks the program headers (already bounds-checked) into @d. */
static enum core_err parse_phdrs(struct core_desc *d,
				 const struct elf64_ehdr *eh, const uint8_t *p)
{
	struct elf64_phdr ph;
	enum core_err err = CORE_OK;
	uint64_t total = 0;
	uint32_t i;

	for (i = 0; i < eh->e_phnum && err == CORE_OK; i++) {
		__builtin_memcpy(&ph, p + (size_t)eh->e_phoff + i * PHDR_SIZE,
				 sizeof(ph));
		if (ph.p_type == PT_NOTE)
			err = add_note(d, &ph);
		else if (ph.p_type == PT_LOAD)
			err = add_load(d, &ph, &total);
	}
	if (err == CORE_OK && !d->nr_loads)
		err = CORE_ERR_NO_LOADS;
	return err;
}

void core_desc_init(struct core_desc *d, struct core_load *room, uint32_t max)
{
	__builtin_memset(d, 0, sizeof(*d));
	d->loads = room;
	d->max_loads = max;
}

/* Checks the ELF header of @buf into @eh, then the phdrs' bounds. */
static enum core_err check_headers(struct elf64_ehdr *eh, const void *buf,
				   size_t size)
{
	enum core_err err;

	if (size < EHDR_SIZE)
		return CORE_ERR_NOT_ELF64;
	__builtin_memcpy(eh, buf, sizeof(*eh));
	err = check_ehdr(eh);
	return err == CORE_OK ? check_phdrs(eh, size) : err;
}

/* Counts one program header into @c; its limit's error past it. */
static enum core_err count_one(struct core_counts *c,
			       const struct elf64_phdr *ph)
{
	if (ph->p_type == PT_NOTE) {
		c->notes_bytes += ph->p_memsz < CORE_NOTE_READ_MAX ?
				  ph->p_memsz : CORE_NOTE_READ_MAX;
		if (++c->nr_notes > CORE_MAX_NOTES)
			return CORE_ERR_TOO_MANY;
	}
	if (ph->p_type == PT_LOAD && ++c->nr_loads > CORE_MAX_LOADS)
		return CORE_ERR_TOO_MANY_LOADS;
	return CORE_OK;
}

/* Counts the notes and loads of @buf, bounded by the CORE_MAX_* limits. */
enum core_err elfcorehdr_count(struct core_counts *c, const void *buf,
			       size_t size)
{
	const uint8_t *p = buf;
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	enum core_err err;
	uint32_t i;

	__builtin_memset(c, 0, sizeof(*c));
	err = check_headers(&eh, buf, size);
	for (i = 0; err == CORE_OK && i < eh.e_phnum; i++) {
		__builtin_memcpy(&ph, p + (size_t)eh.e_phoff + i * PHDR_SIZE,
				 sizeof(ph));
		err = count_one(c, &ph);
	}
	if (err == CORE_OK && !c->nr_loads)
		err = CORE_ERR_NO_LOADS;
	if (err != CORE_OK)
		__builtin_memset(c, 0, sizeof(*c));
	return err;
}

/* Parses and validates @buf into @d; on error only @d's room is left. */
enum core_err elfcorehdr_parse(struct core_desc *d, const void *buf,
			       size_t size)
{
	struct core_load *room = d->loads;
	uint32_t max = d->max_loads;
	struct elf64_ehdr eh;
	enum core_err err;

	core_desc_init(d, room, max);
	err = check_headers(&eh, buf, size);
	if (err == CORE_OK)
		err = parse_phdrs(d, &eh, buf);
	if (err != CORE_OK)
		core_desc_init(d, room, max);
	return err;
}

/* Bytes of the ELF header plus one PT_NOTE and every PT_LOAD header. */
static uint64_t headers_size(const struct core_desc *d)
{
	return EHDR_SIZE + (1ull + d->nr_loads) * PHDR_SIZE;
}

/* Headers at 0, notes and each load at the next page-aligned offset. */
void vmcore_layout(struct core_desc *d, uint64_t notes_size)
{
	uint64_t off;
	uint32_t i;

	d->headers_size = headers_size(d);
	d->notes_offset = page_round_up(d->headers_size);
	d->notes_size = notes_size;
	off = page_round_up(d->notes_offset + notes_size);
	for (i = 0; i < d->nr_loads; i++) {
		d->loads[i].offset = off;
		d->loads[i].filesz = d->loads[i].size;
		off = page_round_up(off + d->loads[i].size);
	}
	d->full_size = off;
}

/* Bytes of the [offset, offset + size) segment that lie below @limit. */
static uint64_t bytes_below(uint64_t offset, uint64_t size, uint64_t limit)
{
	if (offset >= limit)
		return 0;
	return size < limit - offset ? size : limit - offset;
}

/*
 * Shrinks notes_size and every filesz to what lies below @limit (rounded
 * down to a page).  The notes cut is not undone, so repeated calls may
 * only lower @limit.
 */
uint64_t vmcore_clip(struct core_desc *d, uint64_t limit)
{
	uint32_t i;

	limit = page_round_down(limit);
	d->notes_size = bytes_below(d->notes_offset, d->notes_size, limit);
	for (i = 0; i < d->nr_loads; i++)
		d->loads[i].filesz = bytes_below(d->loads[i].offset,
						 d->loads[i].size, limit);
	return limit < d->full_size ? limit : d->full_size;
}

/* Writes the vmcore's ELF64 header at @buf. */
static void put_ehdr(const struct core_desc *d, uint8_t *buf)
{
	struct elf64_ehdr eh;

	elf64_core_ehdr(&eh, (uint16_t)(1 + d->nr_loads));
	__builtin_memcpy(buf, &eh, sizeof(eh));
}

/* Writes the single PT_NOTE header (phdr 0) at @buf. */
static void put_note_phdr(const struct core_desc *d, uint8_t *buf)
{
	struct elf64_phdr ph;

	__builtin_memset(&ph, 0, sizeof(ph));
	ph.p_type = PT_NOTE;
	ph.p_offset = d->notes_offset;
	ph.p_filesz = d->notes_size;
	ph.p_memsz = d->notes_size;
	__builtin_memcpy(buf + EHDR_SIZE, &ph, sizeof(ph));
}

/* Writes the PT_LOAD header for load @i (phdr i + 1) at @buf. */
static void put_load_phdr(const struct core_desc *d, uint32_t i,
			  uint8_t *buf)
{
	const struct core_load *l = &d->loads[i];
	struct elf64_phdr ph;

	__builtin_memset(&ph, 0, sizeof(ph));
	ph.p_type = PT_LOAD;
	ph.p_flags = PF_RWX;
	ph.p_offset = l->offset;
	ph.p_vaddr = l->vaddr;
	ph.p_paddr = l->maddr;
	ph.p_filesz = l->filesz;
	ph.p_memsz = l->size;
	__builtin_memcpy(buf + EHDR_SIZE + (size_t)(i + 1) * PHDR_SIZE, &ph,
			 sizeof(ph));
}

/* Writes the ELF header and 1 + nr_loads phdrs; 0 if @cap is short. */
size_t vmcore_write_headers(const struct core_desc *d, void *buf, size_t cap)
{
	size_t size = (size_t)headers_size(d);
	uint32_t i;

	if (cap < size)
		return 0;
	put_ehdr(d, buf);
	put_note_phdr(d, buf);
	for (i = 0; i < d->nr_loads; i++)
		put_load_phdr(d, i, buf);
	return size;
}
