/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed system's memory ("oldmem"), reached only through foreign
 * mappings in the map window, rewritten in batches.
 */
#ifndef CAPTURE_OLDMEM_H
#define CAPTURE_OLDMEM_H

#include <stdint.h>

/* Batching on (default) or off (the `nobatch` baseline). */
void oldmem_set_batched(int batched);

/* Maps machine frames [first_mfn, first_mfn + n), n <= MAP_WINDOW_OLDMEM_PAGES,
 * in one batch; returns the vaddr of the first. */
void *oldmem_map(uint64_t first_mfn, uint32_t n);

/* notes.h's read callback: copies [maddr, maddr + len) into dst. */
int oldmem_read(void *ctx, uint64_t maddr, void *dst, uint32_t len);

/* Pages mapped so far. */
uint64_t oldmem_pages_mapped(void);

#endif
