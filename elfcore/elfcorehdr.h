/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The elfcorehdr: an ELF64 core header prepared at load time that
 * describes the crashed system, the way kexec-tools prepares one for a
 * kdump kernel.  PT_NOTE entries point at note buffers in machine memory
 * (p_offset = p_paddr = their machine address), PT_LOAD entries describe
 * RAM (p_offset = p_paddr = machine address, p_vaddr in the direct map),
 * plus optionally the kernel-text mapping kexec-tools adds on x86_64.
 * Freestanding: the guest harness and the CLI both build it.
 */
#ifndef ELFCORE_ELFCOREHDR_H
#define ELFCORE_ELFCOREHDR_H

#include <p2mdump/types.h>

struct core_range {
	uint64_t start, end;		/* machine addresses, [start, end) */
};

struct core_note_ref {
	uint64_t maddr, size;		/* a note buffer in machine memory */
};

struct elfcorehdr_params {
	const struct core_range *ram;	/* sorted, non-overlapping */
	uint32_t nr_ram;
	const struct core_note_ref *notes;	/* per-CPU notes, VMCOREINFO */
	uint32_t nr_notes;
	uint64_t page_offset;		/* vaddr of maddr 0 (0: none) */
	uint64_t ktext_vaddr;		/* kernel text PT_LOAD, 0: none */
	uint64_t ktext_maddr;
	uint64_t ktext_size;
};

/* Bytes elfcorehdr_build() needs for these parameters; 0 if they need
 * more program headers than e_phnum can hold (0xfffe). */
size_t elfcorehdr_size(const struct elfcorehdr_params *p);

/* Writes the header into buf; returns its size, or 0 if cap is short. */
size_t elfcorehdr_build(const struct elfcorehdr_params *p, void *buf,
			size_t cap);

#endif
