/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A polled NVMe driver for the dump disk: one namespace, 512-byte LBAs,
 * one I/O queue pair without interrupts, WRITE and FLUSH only.
 *
 * The crashed kernel may have left the controller running with commands
 * in flight and its queues in memory we are about to dump: nvme_open()
 * disables it first (CC.EN = 0, CSTS.RDY = 0 within CAP.TO), which drops
 * all of that, then builds an admin queue in pool pages and reads the
 * Identify data.  nvme_start() refuses a namespace format we cannot
 * write and creates the I/O queues.  Queues, Identify data and PRP lists
 * are single pool pages, so nothing needs machine-contiguous memory;
 * data goes by machine address (nvme_prp.h), oldmem zero-copy.
 */
#ifndef CAPTURE_NVME_H
#define CAPTURE_NVME_H

#include <stdint.h>
#include <p2mdump/disk_id.h>
#include "dma.h"
#include "nvme_regs.h"

#define NVME_IO_DEPTH	4	/* commands in flight, one PRP list each */
/* Admin and I/O queues (2 pages each), Identify data, the PRP lists:
 * taken once, a reopen reuses them (lib/pool_need.h plans for them). */
#define NVME_POOL_PAGES	(5 + NVME_IO_DEPTH)

struct nvme_queue {
	struct nvme_sqe *sq;			/* one pool page */
	volatile struct nvme_cqe *cq;		/* one pool page */
	volatile uint32_t *sq_db, *cq_db;	/* tail and head doorbells */
	uint16_t depth, sq_tail, cq_head, phase;
};

struct nvme {
	uint32_t bdf;
	volatile uint8_t *regs;		/* BAR0's first page */
	volatile uint8_t *dbs;		/* BAR0's doorbells */
	uint64_t cap;
	struct nvme_queue admin, io;
	uint8_t *ident;			/* Identify data, one pool page */
	uint64_t *prp_lists;		/* NVME_IO_DEPTH pool pages */
	uint32_t inflight;
	uint64_t bounced;		/* LBAs copied: PRPs could not name them */
	uint32_t flushes;		/* FLUSH commands completed */
	/* What Identify said: */
	char serial[NVME_SERIAL_BYTES + 1];	/* trailing blanks cut */
	uint32_t max_bytes;		/* per command: MDTS, at most 1 MiB */
	int vwc;			/* volatile write cache: FLUSH */
	uint32_t nsid;
	int ns_active;			/* Identify Namespace found it */
	uint64_t nsze;			/* LBAs */
	uint32_t lba_bytes, ms;		/* LBA size, metadata per LBA */
};

/* Resets the controller at @bdf, sets up the admin queue, reads Identify
 * Controller and Namespace @nsid (ns_active false if there is none: the
 * disk check says so).  NULL or a one-line reason. */
const char *nvme_open(struct nvme *n, uint32_t bdf, uint32_t nsid);

/* Refuses a namespace that is not 512-byte LBAs without metadata, then
 * creates the I/O queue pair.  NULL or a one-line reason. */
const char *nvme_start(struct nvme *n);

/* Writes @data (whole LBAs) at byte @offset of the namespace, as many
 * commands as the PRP rules and MDTS need; 0, or -1 (printed). */
int nvme_write(struct nvme *n, uint64_t offset, const struct sg_list *data);

/* Flushes the volatile write cache, if there is one; 0 or -1. */
int nvme_flush(struct nvme *n);

#endif
