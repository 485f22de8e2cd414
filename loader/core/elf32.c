// SPDX-License-Identifier: GPL-2.0
/* ELF32 parsing for the capture kernel image.  See elf32.h. */
#include "elf32.h"
#include <p2mdump/start_info.h>

/* The few ELF32 structures we read (System V gABI), little-endian. */
struct ehdr32 {
	uint8_t  ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr32 {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#define ET_EXEC		2
#define EM_386		3
#define PT_LOAD		1
#define ELFCLASS32	1
#define ELFDATA2LSB	1

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Decodes byte by byte: the image buffer need not be aligned. */
static void read_ehdr(struct ehdr32 *eh, const uint8_t *p)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		eh->ident[i] = p[i];
	eh->type = rd16(p + 16);
	eh->machine = rd16(p + 18);
	eh->version = rd32(p + 20);
	eh->entry = rd32(p + 24);
	eh->phoff = rd32(p + 28);
	eh->phentsize = rd16(p + 42);
	eh->phnum = rd16(p + 44);
}

static void read_phdr(struct phdr32 *ph, const uint8_t *p)
{
	ph->type = rd32(p);
	ph->offset = rd32(p + 4);
	ph->vaddr = rd32(p + 8);
	ph->paddr = rd32(p + 12);
	ph->filesz = rd32(p + 16);
	ph->memsz = rd32(p + 20);
}

static enum loader_err check_ident(const struct ehdr32 *eh)
{
	if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' ||
	    eh->ident[2] != 'L' || eh->ident[3] != 'F')
		return LOADER_ERR_NOT_ELF;
	if (eh->ident[4] != ELFCLASS32 || eh->ident[5] != ELFDATA2LSB ||
	    eh->type != ET_EXEC || eh->machine != EM_386)
		return LOADER_ERR_NOT_I386;
	return LOADER_OK;
}

/* Validates one PT_LOAD and records it (unsorted) in img->segs. */
static enum loader_err add_segment(struct elf32_image *img,
				   const struct phdr32 *ph)
{
	const uint32_t limit = CAPTURE_MAX_PAGES * PAGE_SIZE;
	struct elf32_seg *seg;
	uint32_t paddr;

	if (img->nr_segs == ELF32_MAX_SEGS)
		return LOADER_ERR_TOO_MANY_SEGMENTS;
	if (ph->filesz > ph->memsz)
		return LOADER_ERR_SEG_FILESZ;
	if (ph->offset > img->size || ph->filesz > img->size - ph->offset)
		return LOADER_ERR_SEG_OUTSIDE_FILE;
	if (ph->vaddr < CAPTURE_KERNEL_BASE)
		return LOADER_ERR_SEG_BASE;
	paddr = ph->vaddr - CAPTURE_KERNEL_BASE;
	if (paddr > limit || ph->memsz > limit - paddr)
		return LOADER_ERR_SEG_TOO_BIG;
	seg = &img->segs[img->nr_segs++];
	seg->paddr = paddr;
	seg->filesz = ph->filesz;
	seg->memsz = ph->memsz;
	seg->offset = ph->offset;
	return LOADER_OK;
}

/* Sorts segments by paddr (insertion sort: at most 8) and checks overlap. */
static enum loader_err sort_and_check(struct elf32_image *img)
{
	uint32_t i, j;

	for (i = 1; i < img->nr_segs; i++) {
		struct elf32_seg s = img->segs[i];

		for (j = i; j > 0 && img->segs[j - 1].paddr > s.paddr; j--)
			img->segs[j] = img->segs[j - 1];
		img->segs[j] = s;
	}
	for (i = 1; i < img->nr_segs; i++) {
		const struct elf32_seg *prev = &img->segs[i - 1];

		if (prev->paddr + prev->memsz > img->segs[i].paddr)
			return LOADER_ERR_SEG_OVERLAP;
	}
	img->end_paddr = img->segs[img->nr_segs - 1].paddr +
			 img->segs[img->nr_segs - 1].memsz;
	return LOADER_OK;
}

static int entry_inside(const struct elf32_image *img)
{
	uint32_t i, paddr = img->entry - CAPTURE_KERNEL_BASE;

	if (img->entry < CAPTURE_KERNEL_BASE)
		return 0;
	for (i = 0; i < img->nr_segs; i++)
		if (paddr - img->segs[i].paddr < img->segs[i].filesz)
			return 1;
	return 0;
}

enum loader_err elf32_parse(struct elf32_image *img, const void *data,
			    size_t size)
{
	const uint8_t *p = data;
	struct ehdr32 eh;
	enum loader_err err;
	uint32_t i;

	img->data = p;
	img->size = size;
	img->nr_segs = 0;
	if (size < 52)
		return LOADER_ERR_NOT_ELF;
	read_ehdr(&eh, p);
	err = check_ident(&eh);
	if (err != LOADER_OK)
		return err;
	if (eh.phentsize != 32 || eh.phoff > size ||
	    (size_t)eh.phnum * 32 > size - eh.phoff)
		return LOADER_ERR_BAD_PHDRS;
	for (i = 0; i < eh.phnum; i++) {
		struct phdr32 ph;

		read_phdr(&ph, p + eh.phoff + i * 32);
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		err = add_segment(img, &ph);
		if (err != LOADER_OK)
			return err;
	}
	if (img->nr_segs == 0)
		return LOADER_ERR_NO_SEGMENTS;
	err = sort_and_check(img);
	if (err != LOADER_OK)
		return err;
	img->entry = eh.entry;
	if (!entry_inside(img))
		return LOADER_ERR_BAD_ENTRY;
	return LOADER_OK;
}
