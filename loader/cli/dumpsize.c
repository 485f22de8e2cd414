// SPDX-License-Identifier: GPL-2.0
/* Dump disk sizes from the elfcorehdr; see dumpsize.h. */
#include <stdlib.h>
#include <p2mdump/disk_id.h>
#include <p2mdump/dumpdisk.h>
#include "elfcore/vmcore.h"
#include "kdump/header.h"
#include "cli.h"
#include "dumpsize.h"

/* True if load @i of @d lies inside another load (the kernel text
 * mapping inside its System RAM range): its pages are counted there. */
static bool inside_another(const struct core_desc *d, uint32_t i)
{
	const struct core_load *a = &d->loads[i], *b;
	uint32_t j;

	for (j = 0; j < d->nr_loads; j++) {
		b = &d->loads[j];
		if (j != i && b->maddr <= a->maddr &&
		    a->maddr + a->size <= b->maddr + b->size &&
		    (b->size > a->size || j < i))
			return true;
	}
	return false;
}

/* The kdump sizes: block-rounded headers, notes and both bitmaps, then a
 * page_desc and a raw page per RAM page at worst. */
static void kdump_sizes(const struct core_desc *d, uint64_t notes,
			struct dump_size *s)
{
	struct kdump_params p = { 0 };
	struct kdump_layout l;
	uint32_t i;

	for (i = 0; i < d->nr_loads; i++)
		if (!inside_another(d, i) &&
		    pages_for(d->loads[i].maddr + d->loads[i].size) > p.max_mapnr)
			p.max_mapnr = pages_for(d->loads[i].maddr + d->loads[i].size);
	p.notes_size = (uint32_t)notes;
	kdump_layout(&l, &p);
	s->metadata = DUMPDISK_VMCORE_OFFSET + l.data_off;
	p.nr_dumpable = s->ram_pages;
	kdump_layout(&l, &p);
	s->worst = DUMPDISK_VMCORE_OFFSET + l.data_off + s->ram_pages * PAGE_SIZE;
}

int dumpsize_of(const void *hdr, size_t size, bool kdump, struct dump_size *s)
{
	struct core_desc *d = malloc(sizeof(*d));
	struct core_load *room = NULL;
	struct core_counts c;
	uint32_t i;
	int ret = -1;

	if (!d || elfcorehdr_count(&c, hdr, size) != CORE_OK)
		goto out;
	room = calloc(c.nr_loads ? c.nr_loads : 1, sizeof(*room));
	if (!room)
		goto out;
	core_desc_init(d, room, c.nr_loads);
	if (elfcorehdr_parse(d, hdr, size) != CORE_OK)
		goto out;
	s->ram_pages = 0;
	for (i = 0; i < d->nr_loads; i++)
		if (!inside_another(d, i))
			s->ram_pages += pages_for(d->loads[i].size);
	/* The merged notes are at most c.notes_bytes (vmcore.h). */
	if (kdump) {
		kdump_sizes(d, c.notes_bytes, s);
	} else {
		vmcore_layout(d, c.notes_bytes);
		s->metadata = DUMPDISK_VMCORE_OFFSET + d->loads[0].offset;
		s->worst = DUMPDISK_VMCORE_OFFSET + d->full_size;
	}
	ret = 0;
out:
	free(room);
	free(d);
	return ret;
}

int dumpsize_check(const char *spec, uint64_t sectors, bool kdump,
		   const struct dump_size *s)
{
	uint64_t bytes = sectors * DISK_SECTOR_SIZE;

	if (bytes < s->metadata) {
		cli_err("target %s holds %llu KiB, too little for even the headers of a dump of this machine's %llu MiB of RAM (%s format: %llu KiB)",
			spec, (ull)bytes >> 10, (ull)s->ram_pages >> 8,
			kdump ? "kdump" : "ELF", (ull)(s->metadata + 1023) >> 10);
		return -1;
	}
	if (bytes < s->worst)
		cli_warn("target %s holds %llu MiB; a dump of every page of this machine's %llu MiB of RAM could take %llu MiB: a larger dump is cut short and marked incomplete",
			 spec, (ull)bytes >> 20, (ull)s->ram_pages >> 8,
			 (ull)(s->worst + (1 << 20) - 1) >> 20);
	return 0;
}
