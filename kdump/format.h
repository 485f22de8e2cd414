/* SPDX-License-Identifier: GPL-2.0 */
/*
 * makedumpfile's kdump-compressed format ("KDUMP   ", header version 6),
 * as crash and makedumpfile read it.  docs/kdump-format.md draws it.
 *
 *   block 0                 disk_dump_header
 *   block 1                 kdump_sub_header, then the crashed kernel's
 *                           notes (NT_PRSTATUS per CPU, VMCOREINFO)
 *   1 + sub_hdr_size        bitmap 1 (RAM pfns), then bitmap 2 (dumpable
 *                           pfns); bit pfn is byte[pfn >> 3] & 1 << (pfn & 7)
 *   data_offset             one page_desc per set bit of bitmap 2, pfn order
 *   after the table         page data; page_desc.offset is absolute
 *
 * The structs are LP64 in makedumpfile (464, 104 and 24 bytes); i386 would
 * lay them out differently, so fields are written one by one, little-
 * endian, at the offsets below, on the capture kernel and the host alike.
 */
#ifndef KDUMP_FORMAT_H
#define KDUMP_FORMAT_H

#include <p2mdump/page.h>

#define KDUMP_SIGNATURE		"KDUMP   "	/* 8 bytes, no NUL */
#define KDUMP_HEADER_VERSION	6	/* 6: max_mapnr_64 and friends */
#define KDUMP_BLOCK_SIZE	PAGE_SIZE
#define KDUMP_UTS_LEN		65	/* each new_utsname field, NUL incl. */

/* disk_dump_header.status, and page_desc.flags for the first three. */
#define KDUMP_ZLIB		0x01	/* RFC 1950 stream */
#define KDUMP_LZO		0x02	/* LZO1X-1 */
#define KDUMP_SNAPPY		0x04
#define KDUMP_INCOMPLETE	0x08	/* header only: cut short */
#define KDUMP_EXCLUDED_VMEMMAP	0x10	/* header only */
#define KDUMP_ZSTD		0x20

/* struct disk_dump_header (LP64): offset of each field. */
#define DH_SIGNATURE		0	/* char[8] */
#define DH_HEADER_VERSION	8	/* int */
#define DH_UTSNAME		12	/* new_utsname: 6 x char[65] */
#define DH_TIMESTAMP		408	/* timeval: tv_sec, tv_usec (2 x i64) */
#define DH_STATUS		424	/* unsigned int */
#define DH_BLOCK_SIZE		428	/* int */
#define DH_SUB_HDR_SIZE		432	/* int, blocks */
#define DH_BITMAP_BLOCKS	436	/* unsigned int, both bitmaps */
#define DH_MAX_MAPNR		440	/* unsigned int, saturated */
#define DH_TOTAL_RAM_BLOCKS	444	/* unsigned int */
#define DH_DEVICE_BLOCKS	448	/* unsigned int */
#define DH_WRITTEN_BLOCKS	452	/* unsigned int */
#define DH_CURRENT_CPU		456	/* unsigned int */
#define DH_NR_CPUS		460	/* int: NT_PRSTATUS notes */
#define DH_SIZE			464

/* new_utsname fields, in order from DH_UTSNAME. */
enum kdump_uts {
	UTS_SYSNAME, UTS_NODENAME, UTS_RELEASE, UTS_VERSION, UTS_MACHINE,
	UTS_DOMAINNAME, UTS_FIELDS
};

/* struct kdump_sub_header (LP64), at block 1. */
#define SH_PHYS_BASE		0	/* unsigned long */
#define SH_DUMP_LEVEL		8	/* int */
#define SH_SPLIT		12	/* int */
#define SH_START_PFN		16	/* unsigned long, split dumps */
#define SH_END_PFN		24
#define SH_OFFSET_VMCOREINFO	32	/* off_t: the VMCOREINFO text */
#define SH_SIZE_VMCOREINFO	40	/* unsigned long */
#define SH_OFFSET_NOTE		48	/* off_t: every note */
#define SH_SIZE_NOTE		56
#define SH_OFFSET_ERASEINFO	64
#define SH_SIZE_ERASEINFO	72
#define SH_START_PFN_64		80
#define SH_END_PFN_64		88
#define SH_MAX_MAPNR_64		96
#define SH_SIZE			104

/* page_desc_t (LP64). */
#define PD_OFFSET		0	/* off_t, absolute */
#define PD_SIZE			8	/* unsigned int, bytes in the file */
#define PD_FLAGS		12	/* unsigned int: KDUMP_ZLIB/LZO/..., 0 raw */
#define PD_PAGE_FLAGS		16	/* unsigned long long, 0 */
#define PD_BYTES		24

_Static_assert(DH_UTSNAME + UTS_FIELDS * KDUMP_UTS_LEN <= DH_TIMESTAMP &&
	       DH_TIMESTAMP % 8 == 0 && DH_STATUS == DH_TIMESTAMP + 16 &&
	       DH_NR_CPUS + 4 == DH_SIZE && DH_SIZE % 8 == 0,
	       "disk_dump_header is 464 bytes, timeval 8-aligned (LP64)");
_Static_assert(SH_MAX_MAPNR_64 + 8 == SH_SIZE && SH_OFFSET_VMCOREINFO % 8 == 0,
	       "kdump_sub_header is 104 bytes (LP64)");
_Static_assert(PD_PAGE_FLAGS + 8 == PD_BYTES, "page_desc_t is 24 bytes");
_Static_assert(DH_SIZE <= KDUMP_BLOCK_SIZE && SH_SIZE < KDUMP_BLOCK_SIZE,
	       "the headers fit their blocks");

/* Little-endian stores into a byte buffer: the file is little-endian. */
static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

#endif
