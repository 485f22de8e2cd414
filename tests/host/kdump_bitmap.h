/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the two bitmaps of a makedumpfile kdump-compressed file (layout:
 * the shared reference kdump-compressed.md, outside the tree):
 *
 *   block 0                    disk_dump_header: "KDUMP   ", header_version @8,
 *                              block_size @428, sub_hdr_size @432,
 *                              bitmap_blocks @436, max_mapnr (u32) @440
 *   block 1                    kdump_sub_header: max_mapnr_64 @96 (version >= 6)
 *   block 1 + sub_hdr_size     bitmap 1 (RAM), then bitmap 2 (dumpable), each
 *                              bitmap_blocks / 2 blocks, LSB first
 *
 * Host only (stdio); every field is checked before it is used.
 */
#ifndef TESTS_HOST_KDUMP_BITMAP_H
#define TESTS_HOST_KDUMP_BITMAP_H

#include <stdint.h>

struct kdump_bitmaps {
	uint32_t block_size, header_version;
	uint64_t max_mapnr;
	uint8_t *bitmap1, *bitmap2;	/* (max_mapnr + 7) / 8 bytes each */
};

/* Reads @path's header and bitmaps; 0, or -1 with a message on stderr. */
int kdump_bitmaps_read(struct kdump_bitmaps *k, const char *path);

void kdump_bitmaps_free(struct kdump_bitmaps *k);

#endif
