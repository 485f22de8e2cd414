// SPDX-License-Identifier: GPL-2.0
/*
 * The elfcorehdr handed to the capture kernel, laid out the way
 * kexec-tools lays one out for a kdump kernel.  See elfcorehdr.h.
 */
#include "elfcorehdr.h"
#include <p2mdump/elf64.h>

#define EHDR_SIZE	sizeof(struct elf64_ehdr)
#define PHDR_SIZE	sizeof(struct elf64_phdr)
#define PHNUM_MAX	0xfffe		/* 0xffff is PN_XNUM */
#define PF_RWX		(PF_R | PF_W | PF_X)

/* Number of program headers for @p; may exceed PHNUM_MAX. */
static uint64_t phnum(const struct elfcorehdr_params *p)
{
	return (uint64_t)p->nr_notes + (p->ktext_size ? 1 : 0) + p->nr_ram;
}

/* Bytes needed, or 0 if e_phnum cannot encode that many headers. */
size_t elfcorehdr_size(const struct elfcorehdr_params *p)
{
	uint64_t n = phnum(p);

	if (n > PHNUM_MAX)
		return 0;
	return EHDR_SIZE + (size_t)n * PHDR_SIZE;
}

/* Writes the ELF64 ET_CORE header for @n program headers at @buf. */
static void put_ehdr(void *buf, uint16_t n)
{
	struct elf64_ehdr eh;

	elf64_core_ehdr(&eh, n);
	__builtin_memcpy(buf, &eh, sizeof(eh));
}

/* Writes program header @i; offset = paddr = @maddr, filesz = memsz. */
static void put_phdr(void *buf, uint32_t i, uint32_t type, uint32_t flags,
		     uint64_t maddr, uint64_t vaddr, uint64_t size)
{
	struct elf64_phdr ph;

	__builtin_memset(&ph, 0, sizeof(ph));
	ph.p_type = type;
	ph.p_flags = flags;
	ph.p_offset = maddr;
	ph.p_vaddr = vaddr;
	ph.p_paddr = maddr;
	ph.p_filesz = size;
	ph.p_memsz = size;
	__builtin_memcpy((uint8_t *)buf + EHDR_SIZE + (size_t)i * PHDR_SIZE,
			 &ph, sizeof(ph));
}

/* Writes notes, kernel text, then RAM; returns the size or 0. */
size_t elfcorehdr_build(const struct elfcorehdr_params *p, void *buf,
			size_t cap)
{
	size_t size = elfcorehdr_size(p);
	const struct core_range *r;
	uint32_t i, n = 0;

	if (!size || cap < size)
		return 0;
	put_ehdr(buf, (uint16_t)phnum(p));
	for (i = 0; i < p->nr_notes; i++)
		put_phdr(buf, n++, PT_NOTE, 0, p->notes[i].maddr, 0,
			 p->notes[i].size);
	if (p->ktext_size)
		put_phdr(buf, n++, PT_LOAD, PF_RWX, p->ktext_maddr,
			 p->ktext_vaddr, p->ktext_size);
	for (i = 0; i < p->nr_ram; i++) {
		r = &p->ram[i];
		put_phdr(buf, n++, PT_LOAD, PF_RWX, r->start,
			 p->page_offset ? r->start + p->page_offset : 0,
			 r->end - r->start);
	}
	return size;
}
