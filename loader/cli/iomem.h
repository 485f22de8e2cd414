/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/iomem: the top-level "System RAM" ranges (the elfcorehdr's RAM
 * PT_LOADs), the start of the nested "Kernel code" range (the kernel
 * text PT_LOAD's machine address) and the end of "Kernel bss" (its size
 * when kallsyms has no _end).  $P2MDUMP_IOMEM replaces the path.
 */
#ifndef LOADER_CLI_IOMEM_H
#define LOADER_CLI_IOMEM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "elfcore/elfcorehdr.h"

struct iomem {
	const char *path;		/* what was read */
	struct core_range *ram;		/* sorted, non-overlapping */
	uint32_t nr_ram;
	bool has_kernel_code;
	uint64_t kernel_code;		/* start of "Kernel code" */
	uint64_t kernel_bss_end;	/* end of "Kernel bss" + 1, or 0 */
};

/* Reads the RAM map into @m; 0, or -1 after printing why. */
int iomem_read(struct iomem *m);

/* Parses /proc/iomem text from @f, called @path in messages, into @m
 * (what iomem_read() does once the file is open); 0, or -1 printed. */
int iomem_parse(struct iomem *m, FILE *f, const char *path);

/* Frees what iomem_read() allocated. */
void iomem_free(struct iomem *m);

#endif
