// SPDX-License-Identifier: GPL-2.0
/* Merging the crashed system's note buffers into one PT_NOTE.  See notes.h. */
#include "notes.h"
#include <p2mdump/elf64.h>

#define NHDR_SIZE	((uint32_t)sizeof(struct elf64_nhdr))

/* @x rounded up to 4, computed in 64 bits so it cannot overflow. */
static uint64_t pad4(uint32_t x)
{
	return ((uint64_t)x + 3) & ~3ull;
}

/* Where one buffer's walk ended. */
enum walk_end {
	WALK_END,		/* ran to the end of the bytes read */
	WALK_TERMINATOR,	/* namesz == 0 && descsz == 0 */
	WALK_MALFORMED,		/* a note ran past the end */
	WALK_NO_ROOM,		/* @out is full */
};

struct merge_out {
	uint8_t *buf;
	size_t cap, len;
	uint32_t kept;		/* notes kept from the current buffer */
};

/*
 * Bytes (header, padded name and descriptor) of the note at @p, which has
 * @left bytes after it; 0 for a terminator, -1 if it runs past them.
 */
static int64_t note_size(const uint8_t *p, uint32_t left)
{
	struct elf64_nhdr nh;
	uint64_t size;

	if (left < NHDR_SIZE)
		return -1;
	__builtin_memcpy(&nh, p, sizeof(nh));
	if (!nh.n_namesz && !nh.n_descsz)
		return 0;
	size = NHDR_SIZE + pad4(nh.n_namesz) + pad4(nh.n_descsz);
	return size > left ? -1 : (int64_t)size;
}

/* Appends every complete note of the @len bytes at @p to @o. */
static enum walk_end walk_buffer(const uint8_t *p, uint32_t len,
				 struct merge_out *o)
{
	uint32_t off = 0, size;
	int64_t ret;

	while (off < len) {
		ret = note_size(p + off, len - off);
		if (ret < 0)
			return WALK_MALFORMED;
		if (ret == 0)
			return WALK_TERMINATOR;
		size = (uint32_t)ret;
		if (size > o->cap - o->len ||
		    (uint64_t)o->len + size > (uint64_t)__LONG_MAX__)
			return WALK_NO_ROOM;
		__builtin_memcpy(o->buf + o->len, p + off, size);
		o->len += size;
		o->kept++;
		off += size;
	}
	return WALK_END;
}

/* Reads note buffer @seg into @scratch and merges it; -1 if @o is full. */
static int merge_one(const struct core_note_ref *seg, oldmem_read_fn read,
		     void *ctx, uint8_t *scratch, uint32_t scratch_cap,
		     struct merge_out *o, struct notes_stats *st)
{
	uint32_t len = seg->size < scratch_cap ? (uint32_t)seg->size
					       : scratch_cap;
	enum walk_end end;

	if (len && read(ctx, seg->maddr, scratch, len) != 0) {
		st->malformed++;
		return 0;
	}
	o->kept = 0;
	end = walk_buffer(scratch, len, o);
	if (end == WALK_NO_ROOM)
		return -1;
	st->kept += o->kept;
	if (end == WALK_MALFORMED)
		st->malformed++;
	else if (!o->kept)
		st->empty_buffers++;
	return 0;
}

/* Merges every note buffer of @d into @out; the size, or -1 if full. */
long notes_merge(const struct core_desc *d, oldmem_read_fn read, void *ctx,
		 void *scratch, uint32_t scratch_cap, void *out, size_t cap,
		 struct notes_stats *stats)
{
	struct notes_stats st = { 0, 0, 0 };
	struct merge_out o = { out, cap, 0, 0 };
	uint32_t i;
	long ret = 0;

	for (i = 0; i < d->nr_notes && ret == 0; i++)
		ret = merge_one(&d->notes[i], read, ctx, scratch, scratch_cap,
				&o, &st);
	if (stats)
		*stats = st;
	return ret ? -1 : (long)o.len;
}
