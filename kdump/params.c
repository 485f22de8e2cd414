// SPDX-License-Identifier: GPL-2.0
/* The kdump header's facts from the notes.  See params.h. */
#include "params.h"
#include "bitmap.h"
#include "elfcore/vmcoreinfo.h"
#include "lib/string.h"
#include <p2mdump/elf64.h>

void kdump_params_from_notes(struct kdump_params *p, const struct core_desc *d,
			     const void *notes, uint32_t notes_size)
{
	struct vmcoreinfo vi;
	uint64_t v;

	memset(p, 0, sizeof(*p));
	p->notes = notes;
	p->notes_size = notes_size;
	p->nr_cpus = notes_count(notes, notes_size, NT_PRSTATUS, "CORE");
	p->max_mapnr = kdump_max_mapnr(d);
	if (vmcoreinfo_find(&vi, notes, notes_size))
		return;
	p->vmcoreinfo_offset = vi.offset;
	p->vmcoreinfo_size = vi.len;
	vmcoreinfo_get(&vi, "OSRELEASE", &p->release, &p->release_len);
	if (!vmcoreinfo_number(&vi, "NUMBER(phys_base)", &v))
		p->phys_base = v;
	if (!vmcoreinfo_number(&vi, "CRASHTIME", &v))
		p->timestamp = v;
}
