// SPDX-License-Identifier: GPL-2.0
/* A kdump-compressed file read as crash reads it.  See kdump_file.h. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include "kdump_file.h"
#include "kdump/format.h"

#define BS	4096u

/* Prints why @path is refused; NULL for the caller to return. */
static struct kdump_file *refuse(struct kdump_file *f, const char *path,
				 const char *why)
{
	fprintf(stderr, "kdump_file: %s: %s\n", path, why);
	kdump_file_close(f);
	return NULL;
}

struct kdump_file *kdump_file_open(const char *path)
{
	struct kdump_file *f = calloc(1, sizeof(*f));
	uint64_t sub, bm, pfn, n = 0, sh;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (!f || fd < 0 || fstat(fd, &st))
		return refuse(f, path, "cannot open");
	f->size = (uint64_t)st.st_size;
	f->base = f->size ? mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (!f->base || f->base == MAP_FAILED || f->size < 2 * BS) {
		f->base = NULL;
		return refuse(f, path, "too short for the two headers");
	}
	if (memcmp(f->base, KDUMP_SIGNATURE, 8) ||
	    get_le32(f->base + DH_HEADER_VERSION) != KDUMP_HEADER_VERSION ||
	    get_le32(f->base + DH_BLOCK_SIZE) != BS)
		return refuse(f, path, "not a version 6 kdump file of 4 KiB blocks");
	f->status = get_le32(f->base + DH_STATUS);
	f->nr_cpus = get_le32(f->base + DH_NR_CPUS);
	sh = BS;
	f->max_mapnr = get_le64(f->base + sh + SH_MAX_MAPNR_64);
	sub = get_le32(f->base + DH_SUB_HDR_SIZE);
	bm = get_le32(f->base + DH_BITMAP_BLOCKS);
	if (bm % 2 || bm / 2 * (uint64_t)BS * 8 < f->max_mapnr ||
	    (1 + sub + bm) * BS > f->size)
		return refuse(f, path, "bitmaps do not fit max_mapnr or the file");
	f->bitmap1 = f->base + (1 + sub) * BS;
	f->bitmap2 = f->bitmap1 + bm / 2 * BS;
	f->table = f->base + (1 + sub + bm) * BS;
	f->notes = f->base + get_le64(f->base + sh + SH_OFFSET_NOTE);
	f->notes_size = get_le64(f->base + sh + SH_SIZE_NOTE);
	if (get_le64(f->base + sh + SH_OFFSET_NOTE) + f->notes_size > (1 + sub) * BS)
		return refuse(f, path, "notes outside the sub-header blocks");
	f->rank = malloc((f->max_mapnr + 1) * sizeof(*f->rank));
	if (!f->rank || lzo_init() != LZO_E_OK)
		return refuse(f, path, "out of memory or liblzo2 broken");
	for (pfn = 0; pfn < f->max_mapnr; pfn++) {
		f->rank[pfn] = (uint32_t)n;
		n += f->bitmap2[pfn >> 3] >> (pfn & 7) & 1;
	}
	return f;
}

/* True if bit @pfn of @bitmap is set. */
static int bit(const uint8_t *bitmap, uint64_t pfn)
{
	return bitmap[pfn >> 3] >> (pfn & 7) & 1;
}

/* Page data of @flags (LZO or zlib, as crash) into @out: KF_OK or KF_BAD. */
static enum kdump_page decompress(uint32_t flags, const uint8_t *in,
				  uint32_t size, uint8_t *out)
{
	lzo_uint lzo_len = BS;
	uLongf zlib_len = BS;

	if (flags == KDUMP_LZO)
		return lzo1x_decompress_safe(in, size, out, &lzo_len, NULL) ==
		       LZO_E_OK && lzo_len == BS ? KF_OK : KF_BAD;
	if (flags == KDUMP_ZLIB)
		return uncompress(out, &zlib_len, in, size) == Z_OK &&
		       zlib_len == BS ? KF_OK : KF_BAD;
	return KF_BAD;
}

enum kdump_page kdump_file_page(const struct kdump_file *f, uint64_t pfn,
				uint8_t *out)
{
	const uint8_t *d = f->table + (uint64_t)f->rank[pfn] * PD_BYTES;
	uint64_t off;
	uint32_t size, flags;

	if (pfn >= f->max_mapnr || !bit(f->bitmap1, pfn))
		return KF_NOT_RAM;
	if (!bit(f->bitmap2, pfn))
		return KF_EXCLUDED;
	if ((uint64_t)(d + PD_BYTES - f->base) > f->size)
		return KF_INCOMPLETE;
	off = get_le64(d + PD_OFFSET);
	size = get_le32(d + PD_SIZE);
	flags = get_le32(d + PD_FLAGS);
	if (!off)
		return KF_INCOMPLETE;
	if (off + size > f->size || size > BS || !size)
		return KF_BAD;
	if (!flags) {
		if (size != BS)
			return KF_BAD;
		memcpy(out, f->base + off, BS);
		return KF_OK;
	}
	return decompress(flags, f->base + off, size, out);
}

void kdump_file_close(struct kdump_file *f)
{
	if (!f)
		return;
	if (f->base)
		munmap((void *)f->base, f->size);
	free(f->rank);
	free(f);
}
