/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA scatter lists.  Devices see machine (bus) addresses.  Our own
 * buffers are contiguous in vaddr but not in machine memory, so each is
 * translated through the p2m and split at every page boundary; oldmem is
 * already named by machine address and is handed over as it is.
 */
#ifndef CAPTURE_DMA_H
#define CAPTURE_DMA_H

#include <stdint.h>

struct sg_entry {
	uint64_t maddr;
	uint32_t len;
};

struct sg_list {
	struct sg_entry *e;
	uint32_t n, max;
	uint32_t max_len;		/* merge limit per entry, 0: a page */
};

/* Appends our buffer [vaddr, vaddr + len), split per page; -1 if full. */
int sg_add_buffer(struct sg_list *sg, const void *vaddr, uint32_t len);

/* Appends machine memory [maddr, maddr + len) within one page; -1 if full.
 * Merges with the previous entry when machine-adjacent. */
int sg_add_maddr(struct sg_list *sg, uint64_t maddr, uint32_t len);

#endif
