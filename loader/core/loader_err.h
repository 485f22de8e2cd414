/* SPDX-License-Identifier: GPL-2.0 */
/* Loader core errors: each bad input has its own code and message. */
#ifndef LOADER_ERR_H
#define LOADER_ERR_H

enum loader_err {
	LOADER_OK = 0,
	LOADER_ERR_NOT_ELF,		/* no ELF magic, or truncated header */
	LOADER_ERR_NOT_I386,		/* not ELFCLASS32/LSB/EM_386/ET_EXEC */
	LOADER_ERR_BAD_PHDRS,		/* program headers outside the file */
	LOADER_ERR_NO_SEGMENTS,		/* no PT_LOAD */
	LOADER_ERR_TOO_MANY_SEGMENTS,
	LOADER_ERR_SEG_OUTSIDE_FILE,	/* offset + filesz beyond the file */
	LOADER_ERR_SEG_FILESZ,		/* filesz > memsz */
	LOADER_ERR_SEG_BASE,		/* vaddr below CAPTURE_KERNEL_BASE */
	LOADER_ERR_SEG_TOO_BIG,		/* image beyond CAPTURE_MAX_PAGES */
	LOADER_ERR_SEG_OVERLAP,
	LOADER_ERR_BAD_ENTRY,		/* entry not inside a segment */
	LOADER_ERR_CMDLINE,		/* command line too long */
	LOADER_ERR_NO_FRAMES,		/* the frame source ran dry */
	LOADER_ERR_UNMAPPABLE,		/* a frame the capture kernel cannot map */
	LOADER_ERR_DUP_FRAME,		/* the frame source gave a frame twice */
	LOADER_ERR_BAD_PARAMS,		/* phys_bits outside 32..52, no max_mfn */
	LOADER_ERR_ELFCOREHDR,		/* the capture kernel would refuse it */
	LOADER_ERR_TOO_MANY_LOADS,	/* over CORE_MAX_LOADS PT_LOADs */
	LOADER_ERR_POOL_SMALL,		/* pool below what the dump needs */
	LOADER_ERR_EXTENT_MAP,		/* the dump target's extent map breaks
					 * a rule of p2mdump/extent_map.h */
	LOADER_ERR_NR,
};

const char *loader_strerror(enum loader_err err);

#endif
