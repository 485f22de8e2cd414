/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a kdump-compressed file says about the crashed system, where each
 * part of it goes, and the two header blocks.  Pure logic: the capture
 * kernel and the host tools run the same code.
 */
#ifndef KDUMP_HEADER_H
#define KDUMP_HEADER_H

#include "format.h"

struct kdump_params {
	const char *release;		/* utsname.release (OSRELEASE), may be */
	uint32_t release_len;		/* unterminated; cut to 64 bytes */
	uint64_t timestamp;		/* seconds (CRASHTIME), 0: unknown */
	uint64_t phys_base;		/* NUMBER(phys_base) */
	uint32_t dump_level;		/* makedumpfile -d bits */
	uint32_t compression;		/* KDUMP_LZO, KDUMP_ZLIB or 0 */
	uint32_t nr_cpus;		/* NT_PRSTATUS notes */
	uint32_t current_cpu;
	uint64_t max_mapnr;		/* highest RAM pfn + 1 */
	const void *notes;		/* merged notes, notes_size bytes */
	uint32_t notes_size;
	uint32_t vmcoreinfo_offset;	/* VMCOREINFO text within the notes */
	uint32_t vmcoreinfo_size;	/* 0: none */
	uint64_t nr_dumpable;		/* set bits of bitmap 2 */
};

/* Byte offsets in the file, all block multiples. */
struct kdump_layout {
	uint32_t sub_hdr_blocks;	/* sub-header + notes */
	uint32_t bitmap_blocks;		/* both bitmaps */
	uint64_t bitmap1_off, bitmap2_off;
	uint64_t table_off;		/* page_desc table (data_offset) */
	uint64_t data_off;		/* page data: the table, block-rounded */
};

/* Places every part of the file for @p. */
void kdump_layout(struct kdump_layout *l, const struct kdump_params *p);

/* Fills block 0: disk_dump_header with @status, zero-padded. */
void kdump_put_header(uint8_t *block, const struct kdump_params *p,
		      const struct kdump_layout *l, uint32_t status);

/*
 * Fills block @i of the sub-header blocks (l.sub_hdr_blocks of them): the
 * sub-header, the notes right after it, zeros to the end.
 */
void kdump_put_sub_header(uint8_t *block, const struct kdump_params *p,
			  uint32_t i);

/* Fills one page_desc. */
void kdump_put_desc(uint8_t *p, uint64_t offset, uint32_t size,
		    uint32_t flags);

#endif
