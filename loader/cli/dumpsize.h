/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much dump disk a dump of this machine takes, from its elfcorehdr:
 * the arithmetic of the capture kernel's own layouts (kdump/header.c's
 * kdump_layout(), elfcore/vmcore.c's vmcore_layout()), so the two cannot
 * disagree.  load uses it to refuse or warn about a small disk; a later
 * `p2mdump estimate` can print it.
 */
#ifndef LOADER_CLI_DUMPSIZE_H
#define LOADER_CLI_DUMPSIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Dump disk bytes, the dump disk header (DUMPDISK_VMCORE_OFFSET) included. */
struct dump_size {
	uint64_t metadata;	/* the least that holds a dump: headers,
				 * notes, bitmaps (kdump), no page */
	uint64_t worst;		/* every RAM page, uncompressed */
	uint64_t ram_pages;	/* pages the elfcorehdr describes */
};

/* The sizes of a dump (kdump format if @kdump, else ELF) of the system
 * elfcorehdr @hdr (@size bytes) describes; 0, or -1 if the capture
 * kernel would refuse the header (prints nothing). */
int dumpsize_of(const void *hdr, size_t size, bool kdump, struct dump_size *s);

/* Refuses a disk of @sectors that cannot hold @s->metadata, warns when
 * it is under @s->worst; 0, or -1 printed. */
int dumpsize_check(const char *spec, uint64_t sectors, bool kdump,
		   const struct dump_size *s);

#endif
