/* SPDX-License-Identifier: GPL-2.0 */
/* The kdump header's facts about the crashed system, from its notes. */
#ifndef KDUMP_PARAMS_H
#define KDUMP_PARAMS_H

#include "header.h"
#include "elfcore/vmcore.h"

/*
 * Fills @p from the merged notes (CPUs from the NT_PRSTATUS notes;
 * OSRELEASE, NUMBER(phys_base), CRASHTIME and the VMCOREINFO text's place
 * from VMCOREINFO, each left 0 when absent) and max_mapnr from @d.  The
 * caller sets dump_level, compression and nr_dumpable.
 */
void kdump_params_from_notes(struct kdump_params *p, const struct core_desc *d,
			     const void *notes, uint32_t notes_size);

#endif
