// SPDX-License-Identifier: GPL-2.0
/* makedumpfile's kdump-compressed bitmaps.  See kdump_bitmap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kdump_bitmap.h"

#define HDR_SIG			0
#define HDR_VERSION		8
#define HDR_BLOCK_SIZE		428
#define HDR_SUB_HDR_SIZE	432
#define HDR_BITMAP_BLOCKS	436
#define HDR_MAX_MAPNR		440
#define SUB_MAX_MAPNR_64	96

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Reads @len bytes at @off of @f; 0 or -1. */
static int read_at(FILE *f, uint64_t off, void *buf, uint64_t len)
{
	return fseeko(f, (off_t)off, SEEK_SET) || fread(buf, 1, len, f) != len ? -1 : 0;
}

static int fail(FILE *f, const char *path, const char *why)
{
	fprintf(stderr, "kdump: %s: %s\n", path, why);
	if (f)
		fclose(f);
	return -1;
}

int kdump_bitmaps_read(struct kdump_bitmaps *k, const char *path)
{
	uint8_t hdr[464], sub[104];
	uint64_t half, bytes, base;
	uint32_t sub_blocks, blocks;
	FILE *f = fopen(path, "rb");

	memset(k, 0, sizeof(*k));
	if (!f)
		return fail(NULL, path, "cannot open");
	if (read_at(f, 0, hdr, sizeof(hdr)) || memcmp(hdr + HDR_SIG, "KDUMP   ", 8))
		return fail(f, path, "no KDUMP signature");
	k->header_version = le32(hdr + HDR_VERSION);
	k->block_size = le32(hdr + HDR_BLOCK_SIZE);
	sub_blocks = le32(hdr + HDR_SUB_HDR_SIZE);
	blocks = le32(hdr + HDR_BITMAP_BLOCKS);
	k->max_mapnr = le32(hdr + HDR_MAX_MAPNR);
	if (k->block_size < 512 || k->block_size > (1u << 20) ||
	    (k->block_size & (k->block_size - 1)) || !sub_blocks ||
	    sub_blocks > 1024 || !blocks || blocks % 2)
		return fail(f, path, "bad block_size, sub_hdr_size or bitmap_blocks");
	if (k->header_version >= 6) {
		if (read_at(f, k->block_size, sub, sizeof(sub)))
			return fail(f, path, "short sub-header");
		k->max_mapnr = le64(sub + SUB_MAX_MAPNR_64);
	}
	half = (uint64_t)blocks / 2 * k->block_size;
	bytes = (k->max_mapnr + 7) / 8;
	if (!k->max_mapnr || bytes > half || half > (1ull << 32))
		return fail(f, path, "bitmaps smaller than max_mapnr");
	k->bitmap1 = malloc(bytes);
	k->bitmap2 = malloc(bytes);
	base = (uint64_t)(1 + sub_blocks) * k->block_size;
	if (!k->bitmap1 || !k->bitmap2 || read_at(f, base, k->bitmap1, bytes) ||
	    read_at(f, base + half, k->bitmap2, bytes)) {
		kdump_bitmaps_free(k);
		return fail(f, path, "short bitmaps");
	}
	fclose(f);
	return 0;
}

void kdump_bitmaps_free(struct kdump_bitmaps *k)
{
	free(k->bitmap1);
	free(k->bitmap2);
	k->bitmap1 = k->bitmap2 = NULL;
}
