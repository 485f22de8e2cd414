/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Merging the crashed system's note buffers into one PT_NOTE, as Linux's
 * /proc/vmcore does: each buffer is walked note by note; a note with
 * namesz == 0 and descsz == 0 ends a buffer (Linux's crash_notes end so);
 * a note whose sizes run past the buffer is malformed and ends that buffer
 * too; everything valid before it is kept.  Pure logic: memory is reached
 * through a read callback.
 */
#ifndef ELFCORE_NOTES_H
#define ELFCORE_NOTES_H

#include <stddef.h>
#include <stdint.h>
#include "vmcore.h"

/* Copies len bytes at machine address maddr into dst; 0 or -1. */
typedef int (*oldmem_read_fn)(void *ctx, uint64_t maddr, void *dst,
			      uint32_t len);

struct notes_stats {
	uint32_t kept, empty_buffers, malformed;
};

/*
 * Reads every note buffer of @d and appends its valid notes to @out.
 * Returns the merged size (a multiple of 4), or -1 if @cap is too small.
 * @scratch (scratch_cap bytes) holds one buffer at a time; buffers larger
 * than it are read only up to scratch_cap.
 */
long notes_merge(const struct core_desc *d, oldmem_read_fn read, void *ctx,
		 void *scratch, uint32_t scratch_cap, void *out, size_t cap,
		 struct notes_stats *stats);

#endif
