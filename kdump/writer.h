/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a kdump-compressed file front to back through a sink of whole
 * blocks, in bounded memory (a few blocks plus the data buffer, however
 * large the machine).  The caller walks the crashed system and hands over
 * the bitmap blocks, then every dumpable page in pfn order, already
 * compressed (or raw); the writer places descriptors and data.
 *
 * Order on disk: bitmap 2 and the descriptor table zeroed, the header
 * marked KDUMP_INCOMPLETE, the sub-header and notes, bitmap 1; then for
 * each bitmap 2 block, the block and its pages' data and descriptors (a
 * descriptor block only after the data it points at); last the header
 * without KDUMP_INCOMPLETE.  So at any moment every descriptor on disk
 * points at data on disk and follows the bitmap 2 block that counts it;
 * the rest are zero, which crash reads as "incomplete page".  Bitmap 2 is
 * written with the pages so the caller's filter runs twice (count, write),
 * not three times.
 *
 * When the sink's limit is reached the writer keeps what fits, zeroes the
 * descriptors of pages that did not, and ends the file marked incomplete.
 */
#ifndef KDUMP_WRITER_H
#define KDUMP_WRITER_H

#include "header.h"
#include "lib/csum.h"

struct kdump_sink {
	void *ctx;
	/* Writes @len bytes at file offset @off (both block multiples). */
	int (*write)(void *ctx, uint64_t off, const void *buf, uint32_t len);
	/* Writes @len zero bytes at @off (both block multiples). */
	int (*zero)(void *ctx, uint64_t off, uint64_t len);
};

enum kdump_result {
	KDUMP_OK = 0,
	KDUMP_FULL = 1,		/* the limit was reached: file ended, incomplete */
	KDUMP_IO_ERROR = -1,	/* the sink refused a write */
};

/* The writer's work memory: a header block, two descriptor blocks and
 * the data buffer (at least two blocks). */
#define KDUMP_WORK_BLOCKS(data_blocks)	(3 + (data_blocks))

struct kdump_writer {
	struct kdump_params p;
	struct kdump_layout l;
	struct kdump_sink sink;
	uint64_t limit;			/* file bytes the sink holds */
	uint8_t *block;			/* one block: headers, bitmap scratch */
	uint8_t *table;			/* two blocks: descriptors not yet written */
	uint8_t *data;			/* data_cap bytes of page data */
	uint32_t data_cap;
	uint64_t bitmap_next;		/* next bitmap 1 block, file offset */
	uint64_t bitmap2_next;		/* next bitmap 2 block */
	uint64_t table_base;		/* file offset of table[0] */
	uint32_t table_len;		/* bytes in table[] */
	uint32_t table_skew;		/* table[] starts this far into an entry */
	uint64_t data_base;		/* file offset of data[0] */
	uint32_t data_len;		/* bytes in data[] */
	uint32_t disk_tail;		/* ... of which the disk has (zero-padded
					 * to a block), not yet summed */
	uint64_t data_end;		/* file bytes on disk: the file's size */
	uint64_t zero_page_off;		/* the one zero page all zero pages share */
	uint64_t nr_put;		/* descriptors put */
	uint64_t nr_kept;		/* ... whose data reached the disk */
	struct csum front, bitmap2_sum, table_sum, data_sum;
	uint64_t table_done;		/* table bytes written (block multiple) */
	enum kdump_result state;
};

/*
 * Starts a file for @p on @sink, which holds @limit bytes, with @work of
 * KDUMP_WORK_BLOCKS(data_blocks) blocks.  Writes the zeroed table, the
 * header (incomplete) and the sub-header.
 */
enum kdump_result kdump_begin(struct kdump_writer *w,
			      const struct kdump_params *p,
			      const struct kdump_sink *sink, uint64_t limit,
			      uint8_t *work, uint32_t data_blocks);

/* Writes the next block of bitmap 1 (all of them before any page). */
enum kdump_result kdump_put_bitmap(struct kdump_writer *w,
				   const uint8_t *block);

/* Writes the next block of bitmap 2, before the pages it counts. */
enum kdump_result kdump_put_bitmap2(struct kdump_writer *w,
				    const uint8_t *block);

/*
 * Adds the next dumpable page: @size bytes at @buf with page_desc flags
 * @flags (KDUMP_LZO..., or 0 for a raw page of PAGE_SIZE bytes).
 */
enum kdump_result kdump_put_page(struct kdump_writer *w, const void *buf,
				 uint32_t size, uint32_t flags);

/* Adds the next dumpable page as a zero page (the shared one). */
enum kdump_result kdump_put_zero_page(struct kdump_writer *w);

/*
 * Flushes everything and rewrites the header: complete if every dumpable
 * page went in and nothing failed, else incomplete.  Returns the state.
 */
enum kdump_result kdump_finish(struct kdump_writer *w);

/* The digest (lib/csum.h) of the file's data_end bytes as on disk now. */
uint64_t kdump_digest(const struct kdump_writer *w);

#endif
