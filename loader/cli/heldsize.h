/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory a load holds while armed, before arming (`p2mdump
 * estimate`): the capture kernel's pages as the module will count them,
 * with the same loader core calls (loader_pool() for the default pool,
 * loader_count_pages() for the image, pool, elfcorehdr and extent map).
 * The module adds its transition page table (a few pages; `status`
 * shows the real total as "frames held").  loader_count_pages() needs
 * the capture kernel ELF: --image FILE, else capture.elf next to the
 * p2mdump executable (the build tree's build/capture.elf, which has the
 * same program headers as the module's built-in copy), else
 * ../lib/p2mdump/capture.elf from it (/usr/sbin/p2mdump: the package's
 * copy, built from the source p2mdump-dkms builds the module from).
 */
#ifndef LOADER_CLI_HELDSIZE_H
#define LOADER_CLI_HELDSIZE_H

#include <stdint.h>
#include "corehdr.h"

#define HELDSIZE_IMAGE		"capture.elf"	/* next to the executable */
#define HELDSIZE_INSTALLED	"../lib/p2mdump/capture.elf"	/* from it */

struct held_size {
	uint32_t pool;		/* the default pool, pages */
	uint32_t pages;		/* every capture kernel page, pool included */
	uint32_t helpers;	/* helper CPUs the pool has room for */
};

/* Counts the pages of a load with the capture kernel ELF @image (NULL:
 * HELDSIZE_IMAGE or HELDSIZE_INSTALLED from the executable) on @c's elfcorehdr, one extent,
 * the default pool with room for @helpers helper CPUs; 0, 1 if there is
 * no image to count (nothing printed), or -1 printed. */
int heldsize_count(const char *image, const struct system_core *c,
		   uint32_t helpers, struct held_size *out);

#endif
