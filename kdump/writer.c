// SPDX-License-Identifier: GPL-2.0
/* The kdump-compressed file, written front to back.  See writer.h. */
#include "writer.h"
#include "lib/string.h"

#define BS	KDUMP_BLOCK_SIZE

/* Adds @len bytes (a multiple of 4) at @buf to @c. */
static void sum(struct csum *c, const void *buf, uint32_t len)
{
	csum_add_words(c, buf, len / 4);
}

/* Writes @len bytes at @off and sums them into @c; records an I/O error. */
static enum kdump_result put(struct kdump_writer *w, struct csum *c,
			     uint64_t off, const void *buf, uint32_t len)
{
	if (w->sink.write(w->sink.ctx, off, buf, len)) {
		w->state = KDUMP_IO_ERROR;
		return w->state;
	}
	if (c)
		sum(c, buf, len);
	return KDUMP_OK;
}

/* Writes the header block with @status (summed later, by the digest). */
static enum kdump_result put_header(struct kdump_writer *w, uint32_t status)
{
	kdump_put_header(w->block, &w->p, &w->l, status);
	return put(w, NULL, 0, w->block, BS);
}

enum kdump_result kdump_begin(struct kdump_writer *w,
			      const struct kdump_params *p,
			      const struct kdump_sink *sink, uint64_t limit,
			      uint8_t *work, uint32_t data_blocks)
{
	uint32_t i, status = p->compression | KDUMP_INCOMPLETE;

	memset(w, 0, sizeof(*w));
	w->p = *p;
	w->sink = *sink;
	w->limit = page_round_down(limit);
	w->block = work;
	w->table = work + BS;
	w->data = work + 3 * BS;
	w->data_cap = data_blocks * BS;
	kdump_layout(&w->l, p);
	w->bitmap_next = w->l.bitmap1_off;
	w->bitmap2_next = w->l.bitmap2_off;
	w->table_base = w->l.table_off;
	w->data_base = w->l.data_off;
	w->zero_page_off = w->l.data_off;
	w->data_end = BS;		/* the header block, until the rest is */
	if (data_blocks < 2)
		return w->state = KDUMP_IO_ERROR;
	if (w->limit < w->l.data_off + BS) {
		/* Not even the headers and one page: say so, keep nothing. */
		w->state = KDUMP_FULL;
		put_header(w, status);
		return w->state;
	}
	if (w->sink.zero(w->sink.ctx, w->l.bitmap2_off,
			 w->l.data_off - w->l.bitmap2_off))
		return w->state = KDUMP_IO_ERROR;
	if (put_header(w, status))
		return w->state;
	/* The sub-header blocks, built one at a time in w->table. */
	for (i = 0; i < w->l.sub_hdr_blocks; i++) {
		kdump_put_sub_header(w->table, p, i);
		if (put(w, &w->front, BS + (uint64_t)i * BS, w->table, BS))
			return w->state;
	}
	/* The shared zero page: the first page of data. */
	memset(w->data, 0, BS);
	w->data_len = BS;
	w->data_end = w->l.data_off;
	return KDUMP_OK;
}

enum kdump_result kdump_put_bitmap(struct kdump_writer *w,
				   const uint8_t *block)
{
	if (w->state)
		return w->state;
	if (w->bitmap_next >= w->l.bitmap2_off)
		return w->state = KDUMP_IO_ERROR;	/* one too many */
	if (put(w, &w->front, w->bitmap_next, block, BS))
		return w->state;
	w->bitmap_next += BS;
	return KDUMP_OK;
}

enum kdump_result kdump_put_bitmap2(struct kdump_writer *w,
				    const uint8_t *block)
{
	if (w->state)
		return w->state;
	if (w->bitmap_next != w->l.bitmap2_off ||
	    w->bitmap2_next >= w->l.table_off)
		return w->state = KDUMP_IO_ERROR;	/* out of order */
	if (put(w, &w->bitmap2_sum, w->bitmap2_next, block, BS))
		return w->state;
	w->bitmap2_next += BS;
	return KDUMP_OK;
}

/*
 * Writes data[] with its last block zero-padded.  Unless @final, keeps
 * that partial block in data[] (it is written again, fuller, next time)
 * and sums only the complete ones.  Past the limit, writes what fits and
 * the state becomes KDUMP_FULL.
 */
static void flush_data(struct kdump_writer *w, int final)
{
	uint32_t len = (uint32_t)page_round_up(w->data_len);
	uint32_t done = (uint32_t)page_round_down(w->data_len);

	if (!w->data_len)
		return;
	memset(w->data + w->data_len, 0, len - w->data_len);
	if (w->data_base + len > w->limit) {
		len = (uint32_t)(w->limit - w->data_base);
		final = 1;
		w->state = KDUMP_FULL;
	}
	if (len && w->sink.write(w->sink.ctx, w->data_base, w->data, len)) {
		w->state = KDUMP_IO_ERROR;
		return;
	}
	w->data_end = w->data_base + len;
	if (final) {
		sum(&w->data_sum, w->data, len);
		w->data_base += len;
		w->data_len = 0;
		w->disk_tail = 0;
		return;
	}
	sum(&w->data_sum, w->data, done);
	memmove(w->data, w->data + done, w->data_len - done);
	w->data_base += done;
	w->data_len -= done;
	w->disk_tail = w->data_len;
}

/*
 * Zeroes the buffered descriptors whose data did not reach the disk.  The
 * first table_skew bytes end a descriptor whose data is on disk already.
 */
static void drop_lost_descs(struct kdump_writer *w)
{
	uint32_t at;

	for (at = w->table_skew; at + PD_BYTES <= w->table_len; at += PD_BYTES) {
		uint8_t *d = w->table + at;

		if (get_le64(d + PD_OFFSET) + get_le32(d + PD_SIZE) > w->data_end) {
			memset(d, 0, PD_BYTES);
			w->nr_kept--;
		}
	}
}

/*
 * Writes the complete descriptor blocks (and on @final the last, padded),
 * each after the data its descriptors point at.
 */
static void flush_table(struct kdump_writer *w, int final)
{
	uint32_t len;

	if (w->state == KDUMP_OK)
		flush_data(w, final);
	if (w->state == KDUMP_FULL)
		drop_lost_descs(w);
	while (w->state != KDUMP_IO_ERROR &&
	       (w->table_len >= BS || (final && w->table_len))) {
		len = w->table_len < BS ? w->table_len : BS;
		memset(w->table + len, 0, BS - len);
		if (put(w, &w->table_sum, w->table_base, w->table, BS))
			return;
		memmove(w->table, w->table + len, w->table_len - len);
		w->table_len -= len;
		w->table_skew = w->table_len;	/* < PD_BYTES: one's tail */
		w->table_base += BS;
		w->table_done += BS;
	}
}

/* Appends one descriptor; table[] always has room for a whole one. */
static enum kdump_result add_desc(struct kdump_writer *w, uint64_t off,
				  uint32_t size, uint32_t flags)
{
	if (w->nr_put == w->p.nr_dumpable)
		return w->state = KDUMP_IO_ERROR;	/* more than counted */
	kdump_put_desc(w->table + w->table_len, off, size, flags);
	w->table_len += PD_BYTES;
	w->nr_put++;
	w->nr_kept++;
	if (w->table_len >= BS)
		flush_table(w, 0);
	return w->state;
}

enum kdump_result kdump_put_page(struct kdump_writer *w, const void *buf,
				 uint32_t size, uint32_t flags)
{
	uint64_t off;

	if (w->state)
		return w->state;
	if (!size || size > BS || (!flags && size != BS))
		return w->state = KDUMP_IO_ERROR;
	if (w->data_len + size > w->data_cap) {
		flush_data(w, 0);
		if (w->state) {
			flush_table(w, 1);
			return w->state;
		}
	}
	off = w->data_base + w->data_len;
	memcpy(w->data + w->data_len, buf, size);
	w->data_len += size;
	return add_desc(w, off, size, flags);
}

enum kdump_result kdump_put_zero_page(struct kdump_writer *w)
{
	if (w->state)
		return w->state;
	return add_desc(w, w->zero_page_off, BS, 0);
}

enum kdump_result kdump_finish(struct kdump_writer *w)
{
	uint32_t status = w->p.compression;

	if (w->state != KDUMP_IO_ERROR && w->data_end > BS)	/* begun */
		flush_table(w, 1);
	if (w->state || w->nr_put != w->p.nr_dumpable ||
	    w->bitmap2_next != w->l.table_off)
		status |= KDUMP_INCOMPLETE;
	if (w->state != KDUMP_IO_ERROR && put_header(w, status) == KDUMP_OK &&
	    !(status & KDUMP_INCOMPLETE))
		return KDUMP_OK;
	if (w->state == KDUMP_OK)
		w->state = KDUMP_FULL;		/* short of pages: incomplete */
	return w->state;
}

/* Adds the disk's partial last data block: data[0, disk_tail), zeros. */
static void sum_disk_tail(const struct kdump_writer *w, struct csum *c)
{
	uint32_t whole = w->disk_tail / 4, rest = w->disk_tail % 4, i, word = 0;

	if (!w->disk_tail)
		return;
	sum(c, w->data, whole * 4);
	for (i = 0; i < rest; i++)
		word |= (uint32_t)w->data[whole * 4 + i] << (8 * i);
	if (rest)
		csum_add_words(c, &word, 1);
	csum_add_zeros(c, BS / 4 - whole - (rest != 0));
}

uint64_t kdump_digest(const struct kdump_writer *w)
{
	struct csum all, c;
	uint64_t table_bytes = w->l.data_off - w->l.table_off;
	uint64_t bitmap2_bytes = w->l.table_off - w->l.bitmap2_off;

	csum_init(&all);
	sum(&all, w->block, BS);		/* the header as last written */
	if (w->data_end > BS) {
		csum_concat(&all, &w->front, (w->l.bitmap2_off - BS) / 4);
		c = w->bitmap2_sum;
		csum_add_zeros(&c, (uint32_t)((w->l.table_off - w->bitmap2_next) / 4));
		csum_concat(&all, &c, bitmap2_bytes / 4);
		c = w->table_sum;
		csum_add_zeros(&c, (uint32_t)((table_bytes - w->table_done) / 4));
		csum_concat(&all, &c, table_bytes / 4);
		c = w->data_sum;
		sum_disk_tail(w, &c);
		csum_concat(&all, &c, (w->data_end - w->l.data_off) / 4);
	}
	return csum_final(&all);
}
