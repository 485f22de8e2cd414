/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page pool: zeroed pages the loader gave us beyond the image.  They
 * are consecutive pfns, so a multi-page allocation is contiguous in vaddr
 * and paddr, but not in machine memory: DMA goes through dma.h.
 */
#ifndef CAPTURE_POOL_H
#define CAPTURE_POOL_H

#include <stdint.h>
#include <p2mdump/start_info.h>

void pool_init(const struct start_info *si);

/* @n zeroed pages, contiguous in vaddr; ends the run if the pool is dry. */
void *pool_alloc(uint32_t n);

uint32_t pool_free_pages(void);

#endif
