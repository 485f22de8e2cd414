// SPDX-License-Identifier: GPL-2.0
/* Gathers and builds the running system's elfcorehdr; see corehdr.h. */
#include <stdlib.h>
#include <string.h>
#include "elfcore/vmcore.h"
#include "loader/core/pool.h"
#include "cli.h"
#include "corehdr.h"
#include "kallsyms.h"

/* Finds the kernel text PT_LOAD, _stext to _end at "Kernel code", or
 * warns why there is none. */
static void read_ktext(struct system_core *c)
{
	uint64_t stext, end;
	char why[512];

	if (!c->iomem.has_kernel_code) {
		cli_warn("no kernel text PT_LOAD: %s has no \"Kernel code\" range",
			 c->iomem.path);
		return;
	}
	if (kallsyms_text(&stext, &end, why, sizeof(why))) {
		cli_warn("no kernel text PT_LOAD: %s", why);
		return;
	}
	if (!end) {
		/* No data symbols: _end is about where the bss ends. */
		if (c->iomem.kernel_bss_end <= c->iomem.kernel_code) {
			cli_warn("no kernel text PT_LOAD: no _end in kallsyms, no \"Kernel bss\" in %s",
				 c->iomem.path);
			return;
		}
		end = stext + c->iomem.kernel_bss_end - c->iomem.kernel_code;
	}
	c->ktext_vaddr = stext;
	c->ktext_maddr = c->iomem.kernel_code;
	c->ktext_size = end - stext;
}

int corehdr_read(struct system_core *c)
{
	memset(c, 0, sizeof(*c));
	if (iomem_read(&c->iomem) || notes_read(&c->notes))
		return -1;
	c->nr_refs = notes_refs(&c->notes, c->refs);
	read_ktext(c);
	return 0;
}

/* Parses the header as the capture kernel will, into a load table sized
 * from its PT_LOADs; 0, or -1 printed. */
static int check_hdr(const struct system_core *c)
{
	struct core_desc *d = malloc(sizeof(*d));
	struct core_load *loads = NULL;
	struct core_counts n;
	enum core_err err;

	err = elfcorehdr_count(&n, c->hdr, c->hdr_size);
	if (err == CORE_OK)
		loads = calloc(n.nr_loads, sizeof(*loads));
	if (!d || (err == CORE_OK && !loads)) {
		free(d);
		cli_err("out of memory");
		return -1;
	}
	if (err == CORE_OK) {
		core_desc_init(d, loads, n.nr_loads);
		err = elfcorehdr_parse(d, c->hdr, c->hdr_size);
	}
	free(loads);
	free(d);
	if (err != CORE_OK) {
		cli_err("the capture kernel would refuse this elfcorehdr (%u notes, %u RAM ranges): %s",
			c->nr_refs, c->iomem.nr_ram, core_strerror(err));
		return -1;
	}
	return 0;
}

int corehdr_build(struct system_core *c, uint64_t page_offset)
{
	struct elfcorehdr_params p = {
		.ram = c->iomem.ram,
		.nr_ram = c->iomem.nr_ram,
		.notes = c->refs,
		.nr_notes = c->nr_refs,
		.page_offset = page_offset,
		.ktext_vaddr = c->ktext_vaddr,
		.ktext_maddr = c->ktext_maddr,
		.ktext_size = c->ktext_size,
	};
	size_t size = elfcorehdr_size(&p);

	if (!size) {
		cli_err("too many RAM ranges and notes for one ELF header (%u + %u)",
			c->iomem.nr_ram, c->nr_refs);
		return -1;
	}
	free(c->hdr);
	c->hdr = calloc(1, size);
	if (!c->hdr) {
		cli_err("out of memory");
		return -1;
	}
	c->hdr_size = elfcorehdr_build(&p, c->hdr, size);
	if (!c->hdr_size) {
		cli_err("cannot build the elfcorehdr");
		return -1;
	}
	return check_hdr(c);
}

int corehdr_pool(const struct system_core *c, uint32_t pool_pages,
		 uint32_t *need)
{
	struct loader_params p = {
		.pool_pages = pool_pages,
		.elfcorehdr = c->hdr,
		.elfcorehdr_size = (uint32_t)c->hdr_size,
	};
	struct loader_pool pool;
	enum loader_err err = loader_pool(&p, &pool);

	*need = pool.need;
	if (err == LOADER_ERR_POOL_SMALL)
		cli_err("--pool %u is too small: the capture kernel needs %u pages to dump this system (%u RAM ranges, %u note buffers of %llu bytes); leave --pool out for the default, %u",
			pool_pages, pool.need, pool.counts.nr_loads,
			pool.counts.nr_notes, (unsigned long long)pool.counts.notes_bytes,
			pool.need + LOADER_POOL_MARGIN);
	else if (err != LOADER_OK)
		cli_err("%s", loader_strerror(err));
	return err == LOADER_OK ? 0 : -1;
}

void corehdr_free(struct system_core *c)
{
	iomem_free(&c->iomem);
	free(c->hdr);
	c->hdr = NULL;
}
