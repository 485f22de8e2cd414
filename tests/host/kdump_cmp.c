// SPDX-License-Identifier: GPL-2.0
/*
 * kdump_cmp: two kdump-compressed files, read as crash reads them
 * (kdump_file.h) and compared page for page: the same frames in both
 * bitmaps, and each page the same once decompressed.  For t_helpers.sh:
 * a dump written with helper CPUs against one written by one CPU.
 *
 *   kdump_cmp A B
 *
 * Prints "pages N same S differ D" and up to 8 "differ PFN" lines.
 * Exit status 0 if the files hold the same pages, 1 if not or on an error.
 */
#include <stdio.h>
#include <string.h>
#include "kdump_file.h"

int main(int argc, char **argv)
{
	static uint8_t pa[4096], pb[4096];
	struct kdump_file *a, *b;
	uint64_t pfn, pages = 0, same = 0, differ = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: kdump_cmp A B\n");
		return 1;
	}
	a = kdump_file_open(argv[1]);
	b = kdump_file_open(argv[2]);
	if (!a || !b)
		return 1;
	if (a->max_mapnr != b->max_mapnr) {
		fprintf(stderr, "kdump_cmp: max_mapnr %llu and %llu differ\n",
			(unsigned long long)a->max_mapnr,
			(unsigned long long)b->max_mapnr);
		return 1;
	}
	for (pfn = 0; pfn < a->max_mapnr; pfn++) {
		enum kdump_page ka = kdump_file_page(a, pfn, pa);
		enum kdump_page kb = kdump_file_page(b, pfn, pb);

		if (ka == KF_NOT_RAM && kb == KF_NOT_RAM)
			continue;
		pages++;
		if (ka == kb && (ka != KF_OK || !memcmp(pa, pb, sizeof(pa)))) {
			same++;
			continue;
		}
		if (differ++ < 8)
			printf("differ %#llx (%d, %d)\n", (unsigned long long)pfn,
			       ka, kb);
	}
	printf("pages %llu same %llu differ %llu\n", (unsigned long long)pages,
	       (unsigned long long)same, (unsigned long long)differ);
	kdump_file_close(a);
	kdump_file_close(b);
	return differ ? 1 : 0;
}
