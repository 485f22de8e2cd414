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
 * boundary of the stream (whole LBAs).  A break inside an LBA (an ELF
 * load that ends mid-page, then its padding) cannot be named by PRPs
 * at all: that one LBA is copied into a buffer of ours (prp_bounce())
 * and goes as a command of its own.
 *
 *   stream  |e0 ......|e1 ...........|e2 ....|   e1 starts mid-page:
 *   cmds    [ cmd 0   ][ cmd 1 .............. ]  a break before it
 *   stream  |e0 ..........|e1 ...............|   e0 ends mid-page
 *   LBAs    |   |   |   | ^ |   |   |   |   |    and mid-LBA:
 *   cmds    [ cmd 0     ][b][ cmd 2 ..........]  LBA b bounced
 */
#ifndef CAPTURE_NVME_PRP_H
#define CAPTURE_NVME_PRP_H

#include <stdint.h>
#include <p2mdump/disk_id.h>
#include "dma.h"

#define PRP_PAGE		4096u	/* NVMe memory page: CC.MPS = 0 */
#define PRP_LIST_ENTRIES	(PRP_PAGE / 8)	/* one list page */
#define PRP_MAX_BYTES		(PRP_LIST_ENTRIES * PRP_PAGE)
#define PRP_LBA			DISK_SECTOR_SIZE	/* all we write */

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

#define PRP_BOUNCE	1	/* prp_next(): copy the next LBA */

/*
 * Builds the next command from @sg at @cur (not at the end) of at most
 * @max_bytes (a multiple of PRP_PAGE, <= PRP_MAX_BYTES), writing PRP list
 * entries to @list (PRP_LIST_ENTRIES of room), which the device sees at
 * @list_maddr, and advances @cur past it: 0.  PRP_BOUNCE (and @cur
 * unmoved) if the next LBA cannot go by PRPs (a break inside it, or a
 * start off a dword): prp_bounce() it.  -1 if less than an LBA is left.
 */
int prp_next(const struct sg_list *sg, struct prp_cursor *cur,
	     uint32_t max_bytes, uint64_t *list, uint64_t list_maddr,
	     struct prp_cmd *cmd);

/* Copies a piece of the stream: @len bytes at machine address @maddr to
 * byte @at of the bounce buffer. */
typedef void (*prp_copy_fn)(void *ctx, uint32_t at, uint64_t maddr,
			    uint32_t len);

/* Hands the next PRP_LBA bytes of @sg at @cur to @copy piece by piece
 * and advances @cur past them; 0, or -1 if less than an LBA is left. */
int prp_bounce(const struct sg_list *sg, struct prp_cursor *cur,
	       prp_copy_fn copy, void *ctx);

/* True if @cur has consumed all of @sg. */
int prp_done(const struct sg_list *sg, const struct prp_cursor *cur);

#endif
