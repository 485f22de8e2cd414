// SPDX-License-Identifier: GPL-2.0
/* The kdump-compressed file's layout and headers.  See header.h. */
#include "header.h"

void kdump_layout(struct kdump_layout *l, const struct kdump_params *p)
{
	uint64_t bitmap_bytes = (p->max_mapnr + 7) >> 3;

	/* KDUMP_BLOCK_SIZE is the page size: pages_for() counts blocks. */
	l->sub_hdr_blocks = (uint32_t)pages_for(SH_SIZE + (uint64_t)p->notes_size);
	l->bitmap_blocks = 2 * (uint32_t)pages_for(bitmap_bytes);
	l->bitmap1_off = (uint64_t)(1 + l->sub_hdr_blocks) * KDUMP_BLOCK_SIZE;
	l->bitmap2_off = l->bitmap1_off +
			 (uint64_t)(l->bitmap_blocks / 2) * KDUMP_BLOCK_SIZE;
	l->table_off = l->bitmap1_off +
		       (uint64_t)l->bitmap_blocks * KDUMP_BLOCK_SIZE;
	l->data_off = page_round_up(l->table_off + p->nr_dumpable * PD_BYTES);
}

/* Copies at most @cap - 1 bytes of @s (stopping at a NUL) to @dst. */
static void put_str(uint8_t *dst, const char *s, uint32_t len, uint32_t cap)
{
	uint32_t i;

	for (i = 0; i < len && i < cap - 1 && s[i]; i++)
		dst[i] = (uint8_t)s[i];
}

/* Sets every byte of [p, p + n) to 0. */
static void zero(uint8_t *p, uint32_t n)
{
	while (n--)
		*p++ = 0;
}

void kdump_put_header(uint8_t *block, const struct kdump_params *p,
		      const struct kdump_layout *l, uint32_t status)
{
	uint8_t *uts = block + DH_UTSNAME;
	uint32_t i;

	zero(block, KDUMP_BLOCK_SIZE);
	for (i = 0; i < 8; i++)
		block[DH_SIGNATURE + i] = (uint8_t)KDUMP_SIGNATURE[i];
	put_le32(block + DH_HEADER_VERSION, KDUMP_HEADER_VERSION);
	put_str(uts + UTS_SYSNAME * KDUMP_UTS_LEN, "Linux", 5, KDUMP_UTS_LEN);
	put_str(uts + UTS_RELEASE * KDUMP_UTS_LEN, p->release, p->release_len,
		KDUMP_UTS_LEN);
	put_str(uts + UTS_MACHINE * KDUMP_UTS_LEN, "x86_64", 6, KDUMP_UTS_LEN);
	put_le64(block + DH_TIMESTAMP, p->timestamp);
	put_le32(block + DH_STATUS, status);
	put_le32(block + DH_BLOCK_SIZE, KDUMP_BLOCK_SIZE);
	put_le32(block + DH_SUB_HDR_SIZE, l->sub_hdr_blocks);
	put_le32(block + DH_BITMAP_BLOCKS, l->bitmap_blocks);
	put_le32(block + DH_MAX_MAPNR, p->max_mapnr > 0xffffffffu ?
		 0xffffffffu : (uint32_t)p->max_mapnr);
	put_le32(block + DH_TOTAL_RAM_BLOCKS, p->nr_dumpable > 0xffffffffu ?
		 0xffffffffu : (uint32_t)p->nr_dumpable);
	put_le32(block + DH_CURRENT_CPU, p->current_cpu);
	put_le32(block + DH_NR_CPUS, p->nr_cpus);
}

void kdump_put_sub_header(uint8_t *block, const struct kdump_params *p,
			  uint32_t i)
{
	const uint64_t notes_off = KDUMP_BLOCK_SIZE + SH_SIZE;
	const uint8_t *notes = p->notes;
	uint64_t first = (uint64_t)i * KDUMP_BLOCK_SIZE;	/* region offset */
	uint32_t at;

	zero(block, KDUMP_BLOCK_SIZE);
	for (at = 0; at < KDUMP_BLOCK_SIZE; at++)
		if (first + at >= SH_SIZE && first + at < SH_SIZE + p->notes_size)
			block[at] = notes[first + at - SH_SIZE];
	if (i)
		return;
	put_le64(block + SH_PHYS_BASE, p->phys_base);
	put_le32(block + SH_DUMP_LEVEL, p->dump_level);
	if (p->vmcoreinfo_size) {
		put_le64(block + SH_OFFSET_VMCOREINFO,
			 notes_off + p->vmcoreinfo_offset);
		put_le64(block + SH_SIZE_VMCOREINFO, p->vmcoreinfo_size);
	}
	put_le64(block + SH_OFFSET_NOTE, notes_off);
	put_le64(block + SH_SIZE_NOTE, p->notes_size);
	put_le64(block + SH_MAX_MAPNR_64, p->max_mapnr);
}

void kdump_put_desc(uint8_t *p, uint64_t offset, uint32_t size,
		    uint32_t flags)
{
	put_le64(p + PD_OFFSET, offset);
	put_le32(p + PD_SIZE, size);
	put_le32(p + PD_FLAGS, flags);
	put_le64(p + PD_PAGE_FLAGS, 0);
}
