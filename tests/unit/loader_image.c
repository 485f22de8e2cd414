// SPDX-License-Identifier: GPL-2.0
/*
 * ELF images for the loader unit tests.  See loader_image.h.
 */
#include <stdlib.h>
#include <string.h>
#include "fake_machine.h"
#include "loader_image.h"
#include "elfcore/elfcorehdr.h"
#include "loader/core/pool.h"

/* Stores a little-endian 16-bit value. */
void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Stores a little-endian 32-bit value. */
void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* The byte offset of field @field of program header @i. */
size_t phdr_field(uint32_t i, uint32_t field)
{
	return EHDR_SIZE + i * PHDR_SIZE + field;
}

/* True if the loader places this program header. */
int is_loaded(const struct phdr_spec *ph)
{
	return ph->type == PT_LOAD && ph->memsz;
}

/* Writes the ELF header and program headers of @img into its data. */
static void write_headers(struct image *img)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };
	uint8_t *p = img->data;
	uint32_t i;

	memcpy(p, ident, sizeof(ident));
	put16(p + E_TYPE, 2);		/* ET_EXEC */
	put16(p + E_MACHINE, 3);	/* EM_386 */
	put32(p + 20, 1);		/* EV_CURRENT */
	put32(p + E_ENTRY, img->entry);
	put32(p + E_PHOFF, EHDR_SIZE);
	put32(p + 32, 0);		/* no section headers */
	put32(p + 36, 0);
	put16(p + 40, EHDR_SIZE);
	put16(p + E_PHENTSIZE, PHDR_SIZE);
	put16(p + E_PHNUM, (uint16_t)img->nr_phdrs);
	put16(p + 46, 40);
	put16(p + 48, 0);
	put16(p + 50, 0);
	for (i = 0; i < img->nr_phdrs; i++) {
		const struct phdr_spec *ph = &img->ph[i];

		put32(p + phdr_field(i, P_TYPE), ph->type);
		put32(p + phdr_field(i, P_OFFSET), ph->offset);
		put32(p + phdr_field(i, P_VADDR), ph->vaddr);
		put32(p + phdr_field(i, 12), ph->vaddr);
		put32(p + phdr_field(i, P_FILESZ), ph->filesz);
		put32(p + phdr_field(i, P_MEMSZ), ph->memsz);
		put32(p + phdr_field(i, 24), 7);	/* RWX */
		put32(p + phdr_field(i, 28), PAGE_SIZE);
	}
}

/* Lays @img out in a fresh buffer: headers, then random segment bytes. */
void image_write(struct image *img, struct rng *r)
{
	size_t size = EHDR_SIZE + img->nr_phdrs * PHDR_SIZE, i;

	for (i = 0; i < img->nr_phdrs; i++)
		if (is_loaded(&img->ph[i]) &&
		    img->ph[i].offset + img->ph[i].filesz > size)
			size = img->ph[i].offset + img->ph[i].filesz;
	img->data = malloc(size);
	img->size = size;
	for (i = 0; i < size; i++)
		img->data[i] = (uint8_t)rng_next(r);
	write_headers(img);
}

/* Adds a program header to @img. */
void add_phdr(struct image *img, uint32_t type, uint32_t offset,
	      uint32_t vaddr, uint32_t filesz, uint32_t memsz)
{
	struct phdr_spec ph = { type, offset, vaddr, filesz, memsz };

	img->ph[img->nr_phdrs++] = ph;
}

/*
 * The fixed test image, phdrs deliberately out of order: a data segment
 * with bss, a PT_NOTE with nonsense fields, text at the kernel base
 * (file offset 0x100: not page aligned), an empty PT_LOAD, and rodata
 * sharing text's last page and crossing into the next.
 */
void default_image(struct image *img, struct rng *r)
{
	const uint32_t text = 0x100, text_sz = 3 * PAGE_SIZE + 123;
	const uint32_t ro = text + text_sz + 0x11, ro_sz = 0x300;
	const uint32_t data = ro + ro_sz + 5, data_sz = 5000;

	memset(img, 0, sizeof(*img));
	add_phdr(img, PT_LOAD, data, 0xC0006010, data_sz,
		 data_sz + 3 * PAGE_SIZE + 77);
	add_phdr(img, PT_NOTE, 0xffffff00, 0, 0x1000, 0x1000);
	add_phdr(img, PT_LOAD, text, CAPTURE_KERNEL_BASE, text_sz, text_sz);
	add_phdr(img, PT_LOAD, 0, 0xC0100000, 0, 0);
	add_phdr(img, PT_LOAD, ro, 0xC0003F00, ro_sz, ro_sz);
	img->entry = CAPTURE_KERNEL_BASE + 0x40;
	image_write(img, r);
}

/* A random image: 1-4 segments, random gaps, bss and phdr order. */
void random_image(struct image *img, struct rng *r)
{
	uint32_t nseg = 1 + rng_below(r, 4), i, filesz, memsz;
	uint32_t vaddr = CAPTURE_KERNEL_BASE + rng_below(r, 3) * PAGE_SIZE +
			 rng_below(r, 64);
	uint32_t offset = EHDR_SIZE + nseg * PHDR_SIZE + rng_below(r, 300);
	struct phdr_spec tmp;

	memset(img, 0, sizeof(*img));
	for (i = 0; i < nseg; i++) {
		filesz = i ? rng_below(r, 10000) : 16 + rng_below(r, 10000);
		memsz = filesz + (rng_below(r, 2) ? rng_below(r, 10000) : 0);
		if (!memsz)
			memsz = 1;
		add_phdr(img, PT_LOAD, offset, vaddr, filesz, memsz);
		if (!i)
			img->entry = vaddr + rng_below(r, filesz);
		offset += filesz + rng_below(r, 100);
		vaddr += memsz + rng_below(r, 6000);
	}
	for (i = nseg; i-- > 1;) {
		uint32_t other = rng_below(r, i + 1);

		tmp = img->ph[i];
		img->ph[i] = img->ph[other];
		img->ph[other] = tmp;
	}
	image_write(img, r);
}

/* What pfns [0, image_pages) must hold: segment bytes, zeros elsewhere. */
uint8_t *expected_image(const struct image *img, uint32_t *pages)
{
	uint32_t end = 0, i;
	uint8_t *mem;

	for (i = 0; i < img->nr_phdrs; i++) {
		const struct phdr_spec *ph = &img->ph[i];

		uint32_t seg_end = ph->vaddr - CAPTURE_KERNEL_BASE + ph->memsz;

		if (is_loaded(ph) && seg_end > end)
			end = seg_end;
	}
	*pages = pages_for(end);
	mem = calloc(*pages ? *pages : 1, PAGE_SIZE);
	for (i = 0; i < img->nr_phdrs; i++) {
		const struct phdr_spec *ph = &img->ph[i];

		if (is_loaded(ph))
			memcpy(mem + ph->vaddr - CAPTURE_KERNEL_BASE,
			       img->data + ph->offset, ph->filesz);
	}
	return mem;
}

/* Parameters for @img on the fake machine. */
struct loader_params params_for(const struct image *img,
				uint32_t pool_pages)
{
	struct loader_params p = {
		.image = img->data,
		.image_size = img->size,
		.cmdline = "console=ttyS0 p2mdump.test=1",
		.pool_pages = pool_pages,
		.max_mfn = MACHINE_MFNS,
		.phys_bits = 48,
	};

	return p;
}

size_t test_elfcorehdr(uint8_t *buf, size_t cap, uint32_t nr_ram)
{
	static struct core_range ram[CORE_MAX_LOADS + 8];
	static const struct core_note_ref notes[3] = {
		{ 0x10000, 1024 }, { 0x10400, 1024 }, { 0x10800, 1024 },
	};
	struct elfcorehdr_params p = {
		.ram = ram, .nr_ram = nr_ram, .notes = notes, .nr_notes = 3,
		.page_offset = 0xffff888000000000ull,
	};
	uint32_t i;

	if (nr_ram > sizeof(ram) / sizeof(ram[0]))
		return 0;
	for (i = 0; i < nr_ram; i++) {
		ram[i].start = (0x100ull + 3 * i) << 12;
		ram[i].end = ram[i].start + (2 << 12);
	}
	return elfcorehdr_build(&p, buf, cap);
}

uint32_t resolved_pool(const struct loader_params *p)
{
	struct loader_pool pool;

	return loader_pool(p, &pool) == LOADER_OK ? pool.pages : 0;
}
