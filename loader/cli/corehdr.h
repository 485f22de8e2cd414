/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running system's elfcorehdr, gathered the way kexec-tools gathers
 * it on x86_64: per-CPU crash notes and VMCOREINFO (notes.h), the kernel
 * text mapping (iomem.h "Kernel code", kallsyms.h _stext.._end) and the
 * System RAM ranges (iomem.h), built by elfcore/elfcorehdr.c.
 */
#ifndef LOADER_CLI_COREHDR_H
#define LOADER_CLI_COREHDR_H

#include <stddef.h>
#include <stdint.h>
#include "iomem.h"
#include "notes.h"

struct system_core {
	struct iomem iomem;
	struct cpu_notes notes;
	struct core_note_ref refs[P2MDUMP_MAX_CPUS + 1];	/* PT_NOTEs */
	uint32_t nr_refs;
	uint64_t ktext_vaddr, ktext_maddr, ktext_size;	/* size 0: none */
	void *hdr;			/* after corehdr_build() */
	size_t hdr_size;
};

/* Reads the system's notes, kernel text and RAM into @c, warning about
 * what is missing; 0, or -1 after printing why. */
int corehdr_read(struct system_core *c);

/* Builds the elfcorehdr into @c->hdr, RAM vaddrs at @page_offset + maddr;
 * 0, or -1 after printing why. */
int corehdr_build(struct system_core *c, uint64_t page_offset);

/* Checks a pool of @pool_pages (0: the default) against what the capture
 * kernel needs to dump with @c's header (*@need); 0, or -1 printed. */
int corehdr_pool(const struct system_core *c, uint32_t pool_pages,
		 uint32_t *need);

/* Frees what corehdr_read() and corehdr_build() allocated. */
void corehdr_free(struct system_core *c);

#endif
