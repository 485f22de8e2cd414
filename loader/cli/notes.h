/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The note buffers the elfcorehdr points at: each CPU's crash_notes
 * (sysfs devices/system/cpu/cpuN/crash_notes, _size) and VMCOREINFO
 * (sysfs kernel/vmcoreinfo).  The sysfs root is sysfs_root().
 */
#ifndef LOADER_CLI_NOTES_H
#define LOADER_CLI_NOTES_H

#include <stdint.h>
#include <p2mdump/ioctl.h>
#include "elfcore/elfcorehdr.h"

struct cpu_notes {
	uint64_t addr[P2MDUMP_MAX_CPUS];	/* per CPU number, 0: none */
	uint64_t size[P2MDUMP_MAX_CPUS];
	uint32_t nr_cpus;			/* highest CPU with notes + 1 */
	uint32_t nr_notes;			/* CPUs with notes */
	struct core_note_ref vmcoreinfo;	/* size 0: none */
};

/* Reads every CPU's crash_notes and VMCOREINFO into @n, warning about
 * missing ones; 0, or -1 after printing why. */
int notes_read(struct cpu_notes *n);

/* The PT_NOTE list: per-CPU notes in CPU order, then VMCOREINFO.
 * @refs holds P2MDUMP_MAX_CPUS + 1; returns the count. */
uint32_t notes_refs(const struct cpu_notes *n, struct core_note_ref *refs);

#endif
