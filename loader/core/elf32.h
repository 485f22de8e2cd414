/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the capture kernel's ELF32 image: just enough to place its
 * PT_LOAD segments.  Every field is checked before it is used, because the
 * image comes from userspace.
 */
#ifndef LOADER_ELF32_H
#define LOADER_ELF32_H

#include <p2mdump/types.h>
#include "loader_err.h"

#define ELF32_MAX_SEGS 8

struct elf32_seg {
	uint32_t paddr;		/* vaddr - CAPTURE_KERNEL_BASE */
	uint32_t filesz;
	uint32_t memsz;
	uint32_t offset;	/* in the image */
};

struct elf32_image {
	const uint8_t *data;
	size_t size;
	uint32_t entry;		/* vaddr */
	uint32_t nr_segs;
	struct elf32_seg segs[ELF32_MAX_SEGS];	/* sorted by paddr */
	uint32_t end_paddr;	/* highest paddr + 1 */
};

/*
 * Parses an i386 ET_EXEC image linked at CAPTURE_KERNEL_BASE: checks the
 * identity, the program headers, that segments fit in the file and in
 * CAPTURE_MAX_PAGES, do not overlap, and that the entry is inside one.
 */
enum loader_err elf32_parse(struct elf32_image *img, const void *data,
			    size_t size);

#endif
