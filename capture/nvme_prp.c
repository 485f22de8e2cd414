// SPDX-License-Identifier: GPL-2.0
/* A scatter list cut into NVMe commands with PRPs.  See nvme_prp.h. */
#include "nvme_prp.h"

/* True if @maddr lies on a memory page boundary. */
static int page_aligned(uint64_t maddr)
{
	return (maddr & (PRP_PAGE - 1)) == 0;
}

/*
 * The bytes the command starting at @cur can take under the PRP rules
 * and @max_bytes, before rounding to whole LBAs (0 if it starts off a
 * dword: PRP1's bits 1:0 must be clear).
 */
static uint32_t run_bytes(const struct sg_list *sg, struct prp_cursor cur,
			  uint32_t max_bytes)
{
	uint32_t bytes = 0;
	int first = 1;

	for (; cur.i < sg->n; cur.i++, cur.skip = 0) {
		uint64_t maddr = sg->e[cur.i].maddr + cur.skip;
		uint32_t len = sg->e[cur.i].len - cur.skip;

		if (len == 0)
			continue;
		if (first && (maddr & 3))
			return 0;
		if (!first && !page_aligned(maddr))
			break;		/* an inner piece must start a page */
		if (len >= max_bytes - bytes)
			return max_bytes;
		bytes += len;
		if (!page_aligned(maddr + len))
			break;		/* and the one before must end one */
		first = 0;
	}
	return bytes;
}

/* Appends the pages of [maddr, maddr + len) after the first one the
 * command names (PRP1) or from @maddr on; returns the new count. */
static uint32_t add_pages(uint64_t *list, uint32_t n, uint64_t maddr,
			  uint32_t len, int first)
{
	uint64_t end = maddr + len, page = maddr & ~(uint64_t)(PRP_PAGE - 1);

	if (first)
		page += PRP_PAGE;
	for (; page < end; page += PRP_PAGE)
		list[n++] = page;
	return n;
}

/* The bytes of @sg from @cur on, up to PRP_LBA (all we ask). */
static uint32_t stream_left(const struct sg_list *sg, struct prp_cursor cur)
{
	uint32_t sum = 0;

	for (; cur.i < sg->n && sum < PRP_LBA; cur.i++, cur.skip = 0)
		sum += sg->e[cur.i].len - cur.skip;
	return sum;
}

int prp_next(const struct sg_list *sg, struct prp_cursor *cur,
	     uint32_t max_bytes, uint64_t *list, uint64_t list_maddr,
	     struct prp_cmd *cmd)
{
	uint32_t left, n = 0;
	int first = 1;

	cmd->bytes = run_bytes(sg, *cur, max_bytes) & ~(PRP_LBA - 1);
	if (cmd->bytes == 0)
		return stream_left(sg, *cur) < PRP_LBA ? -1 : PRP_BOUNCE;
	for (left = cmd->bytes; left; ) {
		const struct sg_entry *e = &sg->e[cur->i];
		uint32_t take = e->len - cur->skip;

		if (take > left)
			take = left;
		if (take && first)
			cmd->prp1 = e->maddr + cur->skip;
		n = add_pages(list, n, e->maddr + cur->skip, take, first);
		first &= take == 0;
		left -= take;
		cur->skip += take;
		if (cur->skip == e->len) {
			cur->i++;
			cur->skip = 0;
		}
	}
	cmd->nr_list = n > 1 ? n : 0;
	cmd->prp2 = n > 1 ? list_maddr : n ? list[0] : 0;
	return 0;
}

int prp_done(const struct sg_list *sg, const struct prp_cursor *cur)
{
	struct prp_cursor c = *cur;

	while (c.i < sg->n && c.skip == sg->e[c.i].len) {
		c.i++;
		c.skip = 0;
	}
	return c.i >= sg->n;
}

int prp_bounce(const struct sg_list *sg, struct prp_cursor *cur,
	       prp_copy_fn copy, void *ctx)
{
	uint32_t at = 0;

	if (stream_left(sg, *cur) < PRP_LBA)
		return -1;
	while (at < PRP_LBA) {
		const struct sg_entry *e = &sg->e[cur->i];
		uint32_t take = e->len - cur->skip;

		if (take > PRP_LBA - at)
			take = PRP_LBA - at;
		if (take)
			copy(ctx, at, e->maddr + cur->skip, take);
		at += take;
		cur->skip += take;
		if (cur->skip == e->len) {
			cur->i++;
			cur->skip = 0;
		}
	}
	return 0;
}
