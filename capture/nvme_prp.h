/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVMe PRPs from a scatter list: pure logic, no device, so the host test
 * (tests/unit/test_nvme_prp.c) runs it against random lists.
 *
 * A command's data is one run of the stream the list describes, named by
 * PRP entries of one 4 KiB memory page each (CC.MPS = 0):
 *
 *   PRP1: any dword-aligned address; its data runs to that page's end
 *   then: page-aligned addresses, every page whole but the last
 *   PRP2: the second page's address, or, with three pages or more, the
 *         machine address of a PRP list holding pages 2, 3, ...
 *
 * So a scatter entry can continue a command only if it starts on a page
 * boundary and the one before it ended on one.  prp_next() ends a command
 * at such a break, at @max_bytes (MDTS), and always on a 512-byte
 * boundary of the stream (whole LBAs).
 *
 *   stream  |e0 ......|e1 ...........|e2 ....|   e1 starts mid-page:
 *   cmds    [ cmd 0   ][ cmd 1 .............. ]  a break before it
 */
#ifndef CAPTURE_NVME_PRP_H
#define CAPTURE_NVME_PRP_H

#include <stdint.h>
#include "dma.h"

#define PRP_PAGE		4096u
#define PRP_LIST_ENTRIES	(PRP_PAGE / 8)	/* one list page */
#define PRP_MAX_BYTES		(PRP_LIST_ENTRIES * PRP_PAGE)
#define PRP_LBA			512u

/* Where the next command starts: entry @i, @skip bytes into it. */
struct prp_cursor {
	uint32_t i, skip;
};

/* One command's share of the stream. */
struct prp_cmd {
	uint32_t bytes;			/* a multiple of PRP_LBA, > 0 */
	uint64_t prp1, prp2;		/* prp2: 0, a page, or @list_maddr */
	uint32_t nr_list;		/* entries written to the list */
};

/*
 * Builds the next command from @sg at @cur (not at the end) of at most
 * @max_bytes (a multiple of PRP_PAGE, <= PRP_MAX_BYTES), writing PRP list
 * entries to @list (PRP_LIST_ENTRIES of room), which the device sees at
 * @list_maddr, and advances @cur past it.  0, or -1 if the stream cannot
 * go out by PRPs without a copy: an address or length not dword-aligned,
 * or a break that falls off a 512-byte boundary of the stream.
 */
int prp_next(const struct sg_list *sg, struct prp_cursor *cur,
	     uint32_t max_bytes, uint64_t *list, uint64_t list_maddr,
	     struct prp_cmd *cmd);

/* True if @cur has consumed all of @sg. */
int prp_done(const struct sg_list *sg, const struct prp_cursor *cur);

#endif
