// SPDX-License-Identifier: GPL-2.0
/*
 * kdump_pfns: what a kdump-compressed file holds for a range of frames,
 * read as crash reads it (kdump_file.h).  For t_corrupt.sh: the frames
 * whose struct pages a corrupted entry covered must all be there.
 *
 *   kdump_pfns KDUMP FIRST NR
 *
 * Prints "key value" lines for frames [FIRST, FIRST + NR):
 *   ram        in bitmap 1
 *   kept       in bitmap 2
 *   readable   kept, and the page decompresses (a complete descriptor)
 *   nonzero    readable pages with a non-zero byte
 *   bad        kept but incomplete or malformed
 * Exit status 0, 1 on a usage or file error.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kdump_file.h"

/* A decimal or 0x-prefixed number; 0 and *@v, or -1. */
static int number(const char *s, uint64_t *v)
{
	char *end;

	*v = strtoull(s, &end, 0);
	return *s && !*end ? 0 : -1;
}

/* True if any of the 4096 bytes at @p is non-zero. */
static int nonzero(const uint8_t *p)
{
	int i;

	for (i = 0; i < 4096; i++)
		if (p[i])
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t first, nr, pfn, ram = 0, kept = 0, ok = 0, nz = 0, bad = 0;
	static uint8_t page[4096];
	struct kdump_file *f;
	enum kdump_page r;

	if (argc != 4 || number(argv[2], &first) || number(argv[3], &nr)) {
		fprintf(stderr, "usage: kdump_pfns KDUMP FIRST NR\n");
		return 1;
	}
	f = kdump_file_open(argv[1]);
	if (!f)
		return 1;
	for (pfn = first; pfn < first + nr; pfn++) {
		r = kdump_file_page(f, pfn, page);
		if (r == KF_NOT_RAM)
			continue;
		ram++;
		if (r == KF_EXCLUDED)
			continue;
		kept++;
		if (r != KF_OK) {
			bad++;
			continue;
		}
		ok++;
		nz += nonzero(page);
	}
	printf("ram %llu\nkept %llu\nreadable %llu\nnonzero %llu\nbad %llu\n",
	       (unsigned long long)ram, (unsigned long long)kept,
	       (unsigned long long)ok, (unsigned long long)nz,
	       (unsigned long long)bad);
	kdump_file_close(f);
	return 0;
}
