/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF images for the loader unit tests: a fixed one with awkward
 * segments, random ones, and the bytes a correct load leaves in memory.
 */
#ifndef TESTS_LOADER_IMAGE_H
#define TESTS_LOADER_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "rng.h"
#include "loader/core/build.h"

#define MAX_PHDRS	12

struct phdr_spec {
	uint32_t type, offset, vaddr, filesz, memsz;
};

struct image {
	uint8_t *data;
	size_t size;
	uint32_t entry;
	uint32_t nr_phdrs;
	struct phdr_spec ph[MAX_PHDRS];
};

#define PT_LOAD		1
#define PT_NOTE		4
#define EHDR_SIZE	52
#define PHDR_SIZE	32
/* Byte offsets of the fields the tests patch. */
#define E_TYPE		16
#define E_MACHINE	18
#define E_ENTRY		24
#define E_PHOFF		28
#define E_PHENTSIZE	42
#define E_PHNUM		44
#define P_TYPE		0
#define P_OFFSET	4
#define P_VADDR		8
#define P_FILESZ	16
#define P_MEMSZ		20

/* Stores a little-endian 16-bit value. */
void put16(uint8_t *p, uint16_t v);

/* Stores a little-endian 32-bit value. */
void put32(uint8_t *p, uint32_t v);

/* The byte offset of field @field of program header @i. */
size_t phdr_field(uint32_t i, uint32_t field);

/* True if the loader places this program header. */
int is_loaded(const struct phdr_spec *ph);

/* Lays @img out in a fresh buffer: headers, then random segment bytes. */
void image_write(struct image *img, struct rng *r);

/* Adds a program header to @img. */
void add_phdr(struct image *img, uint32_t type, uint32_t offset,
	      uint32_t vaddr, uint32_t filesz, uint32_t memsz);

/*
 * The fixed test image, phdrs deliberately out of order: a data segment
 * with bss, a PT_NOTE with nonsense fields, text at the kernel base
 * (file offset 0x100: not page aligned), an empty PT_LOAD, and rodata
 * sharing text's last page and crossing into the next.
 */
void default_image(struct image *img, struct rng *r);

/* A random image: 1-4 segments, random gaps, bss and phdr order. */
void random_image(struct image *img, struct rng *r);

/* What pfns [0, image_pages) must hold: segment bytes, zeros elsewhere. */
uint8_t *expected_image(const struct image *img, uint32_t *pages);

/* Parameters for @img on the fake machine. */
struct loader_params params_for(const struct image *img,
				uint32_t pool_pages);

/* Builds into @buf an elfcorehdr of @nr_ram 2-page RAM ranges (a page
 * apart) and 3 note buffers of 1 KiB; its size, 0 if @cap is short. */
size_t test_elfcorehdr(uint8_t *buf, size_t cap, uint32_t nr_ram);

/* The pool loader_pool() resolves for @p (0 if it refuses it). */
uint32_t resolved_pool(const struct loader_params *p);

#endif
