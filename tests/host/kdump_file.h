/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a kdump-compressed file on the host the way crash does: header
 * checks first, then a pfn's page found by counting bitmap 2 bits below
 * it, decompressed with the system's liblzo2 (LZO) or zlib (zlib), or
 * taken raw.  For the tests' checkers; independent of kdump/, which
 * writes the format.
 */
#ifndef TESTS_HOST_KDUMP_FILE_H
#define TESTS_HOST_KDUMP_FILE_H

#include <stdint.h>

struct kdump_file {
	const uint8_t *base;		/* the file, mapped */
	uint64_t size;
	uint32_t status;		/* disk_dump_header.status */
	uint32_t nr_cpus;
	uint64_t max_mapnr;		/* max_mapnr_64 */
	const uint8_t *bitmap1, *bitmap2;
	const uint8_t *table;		/* page_desc array */
	const uint8_t *notes;
	uint64_t notes_size;
	uint32_t *rank;			/* bitmap 2 bits below each pfn */
};

enum kdump_page {
	KF_OK = 0,
	KF_NOT_RAM,			/* not in bitmap 1 */
	KF_EXCLUDED,			/* RAM, not in bitmap 2 */
	KF_INCOMPLETE,			/* descriptor zero or past the file */
	KF_BAD,				/* descriptor or data malformed */
};

/* Opens and checks @path; NULL and a reason in @why (on stderr) if bad. */
struct kdump_file *kdump_file_open(const char *path);

/* The page of @pfn into @out (4096 bytes). */
enum kdump_page kdump_file_page(const struct kdump_file *f, uint64_t pfn,
				uint8_t *out);

void kdump_file_close(struct kdump_file *f);

#endif
