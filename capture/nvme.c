// SPDX-License-Identifier: GPL-2.0
/* The polled NVMe dump-disk driver.  See nvme.h; hardware: nvme_regs.h. */
#include <p2mdump/page.h>
#include "nvme.h"
#include "nvme_prp.h"
#include "oldmem.h"
#include "pool.h"
#include "lib/pool_need.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "arch/i386/cpu.h"
#include "arch/i386/mmu.h"
#include "arch/i386/pci.h"
#include "arch/i386/pgtable.h"
#include "arch/i386/timer.h"

#define QUEUE_DEPTH	64	/* 64 x 64-byte SQ entries: one page */
#define IO_QID		1
#define CMD_TIMEOUT_US	30000000ull	/* a stuck disk ends the dump */
#define MAX_CMD_BYTES	(1u << 20)	/* one PRP list page per command */

/* The pool plan's disk share (a virtio-blk open and its reopen). */
_Static_assert(NVME_POOL_PAGES <= 2 * POOL_DISK_PAGES, "NVMe pool pages");

/* Controller register @off (32 bits). */
static uint32_t r32(const struct nvme *n, uint32_t off)
{
	return *(volatile uint32_t *)(n->regs + off);
}

/* Writes controller register @off (32 bits). */
static void w32(struct nvme *n, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(n->regs + off) = v;
}

/* 64-bit registers as two 32-bit halves, low first (what 32-bit hosts
 * do; the spec allows it). */
static void w64(struct nvme *n, uint32_t off, uint64_t v)
{
	w32(n, off, (uint32_t)v);
	w32(n, off + 4, (uint32_t)(v >> 32));
}

/* Memory decoding and bus mastering on; INTx, MSI and MSI-X off: we
 * poll, and the crashed kernel's vectors must not fire. */
static void pci_setup(uint32_t bdf)
{
	uint32_t cap;

	pci_write16(bdf, PCI_COMMAND, pci_read16(bdf, PCI_COMMAND) |
		    PCI_CMD_MEMORY | PCI_CMD_MASTER | PCI_CMD_INTX_DISABLE);
	cap = pci_find_cap(bdf, PCI_CAP_ID_MSIX);
	if (cap)
		pci_write16(bdf, cap + PCI_MSIX_FLAGS, pci_read16(bdf,
			    cap + PCI_MSIX_FLAGS) & ~PCI_MSIX_FLAGS_ENABLE);
	cap = pci_find_cap(bdf, PCI_CAP_ID_MSI);
	if (cap)
		pci_write16(bdf, cap + PCI_MSI_FLAGS, pci_read16(bdf,
			    cap + PCI_MSI_FLAGS) & ~PCI_MSI_FLAGS_ENABLE);
}

/* Maps BAR0's registers and doorbells (once: a reopen keeps them). */
static const char *map_bar(struct nvme *n)
{
	uint64_t bar = pci_bar_maddr(n->bdf, 0);
	uint32_t stride;

	if (n->regs)
		return (const char *)0;
	if (!bar)
		return "NVMe BAR0 is not an assigned memory BAR";
	n->regs = ioremap(bar, PAGE_SIZE);
	if (!n->regs)
		return "no room to map the NVMe registers";
	n->cap = (uint64_t)r32(n, NVME_REG_CAP + 4) << 32 | r32(n, NVME_REG_CAP);
	stride = 4u << NVME_CAP_DSTRD(n->cap);
	n->dbs = ioremap(bar + NVME_REG_DBS, 4 * stride);
	if (!n->dbs)
		return "no room to map the NVMe doorbells";
	printk("dump: nvme: registers at %llx (MA), version %08x, CAP.TO %u ms, "
	       "MQES %u\n", (unsigned long long)bar, r32(n, NVME_REG_VS),
	       NVME_CAP_TO(n->cap) * (NVME_TO_UNIT_US / 1000),
	       NVME_CAP_MQES(n->cap) + 1);
	return (const char *)0;
}

/* Waits up to CAP.TO for CSTS.RDY to read @rdy; NULL or why not. */
static const char *wait_ready(struct nvme *n, uint32_t rdy)
{
	uint64_t deadline = now_us() +
		(uint64_t)(NVME_CAP_TO(n->cap) + 1) * NVME_TO_UNIT_US;
	uint32_t csts;

	for (;;) {
		csts = r32(n, NVME_REG_CSTS);
		if (csts == 0xffffffffu)
			return "NVMe controller does not answer (CSTS reads all ones)";
		if (rdy && (csts & NVME_CSTS_CFS))
			return "NVMe controller reports a fatal status (CSTS.CFS) after enable";
		if ((csts & NVME_CSTS_RDY) == rdy)
			return (const char *)0;
		if (now_us() > deadline)
			return rdy ? "NVMe controller not ready within CAP.TO" :
				     "NVMe controller did not stop within CAP.TO";
		cpu_relax();
	}
}

/* Stops whatever the crashed kernel left running: CC.EN = 0 resets the
 * controller and drops its queues (a fatal status is cleared too). */
static const char *disable(struct nvme *n)
{
	uint32_t csts = r32(n, NVME_REG_CSTS), cc = r32(n, NVME_REG_CC);

	if (csts != 0xffffffffu && (csts & NVME_CSTS_CFS))
		printk("dump: nvme: controller in fatal status (CSTS %08x): "
		       "resetting it\n", csts);
	/* Caught mid-enable: let it finish first (a clear of EN before
	 * RDY = 1 is not defined); a fatal status never gets there. */
	if ((cc & NVME_CC_EN) && !(csts & (NVME_CSTS_RDY | NVME_CSTS_CFS)))
		(void)wait_ready(n, NVME_CSTS_RDY);
	w32(n, NVME_REG_CC, cc & ~NVME_CC_EN);
	return wait_ready(n, 0);
}

/* Points @q at fresh pages (kept across a reopen) and doorbells of queue
 * @qid; depth at most CAP.MQES + 1. */
static void queue_init(struct nvme *n, struct nvme_queue *q, uint32_t qid)
{
	uint32_t stride = 4u << NVME_CAP_DSTRD(n->cap);

	if (!q->sq) {
		q->sq = pool_alloc(1);
		q->cq = pool_alloc(1);
	}
	memset(q->sq, 0, PAGE_SIZE);
	memset((void *)q->cq, 0, PAGE_SIZE);
	q->depth = QUEUE_DEPTH;
	if (NVME_CAP_MQES(n->cap) + 1 < q->depth)
		q->depth = (uint16_t)(NVME_CAP_MQES(n->cap) + 1);
	q->sq_db = (volatile uint32_t *)(n->dbs + 2 * qid * stride);
	q->cq_db = (volatile uint32_t *)(n->dbs + (2 * qid + 1) * stride);
	q->sq_tail = 0;
	q->cq_head = 0;
	q->phase = 1;
}

/* Queues @c on @q and rings its doorbell. */
static void submit(struct nvme_queue *q, const struct nvme_sqe *c)
{
	q->sq[q->sq_tail] = *c;
	q->sq_tail = (uint16_t)((q->sq_tail + 1) % q->depth);
	mb();
	*q->sq_db = q->sq_tail;
}

/* Waits for @q's next completion; its status (0: success) into
 * @status.  0, or -1 on time-out. */
static int reap(struct nvme_queue *q, uint16_t *status)
{
	uint64_t deadline = now_us() + CMD_TIMEOUT_US;
	volatile struct nvme_cqe *e = &q->cq[q->cq_head];

	while ((e->status & 1) != q->phase) {
		if (now_us() > deadline)
			return -1;
		cpu_relax();
	}
	mb();
	*status = (uint16_t)(e->status >> 1);
	if (++q->cq_head == q->depth) {
		q->cq_head = 0;
		q->phase ^= 1;
	}
	*q->cq_db = q->cq_head;
	return 0;
}

/* Runs admin command @c to completion; its status, or -1 on time-out. */
static int admin(struct nvme *n, struct nvme_sqe *c)
{
	uint16_t status;

	submit(&n->admin, c);
	return reap(&n->admin, &status) < 0 ? -1 : status;
}

/* The admin queue in pool pages, then CC.EN = 1. */
static const char *enable(struct nvme *n)
{
	if (NVME_CAP_MPSMIN(n->cap) != 0)
		return "NVMe controller does not take 4 KiB memory pages";
	if (!NVME_CAP_CSS_NVM(n->cap))
		return "NVMe controller does not offer the NVM command set";
	queue_init(n, &n->admin, 0);
	w32(n, NVME_REG_AQA, (uint32_t)(n->admin.depth - 1) << 16 |
	    (uint32_t)(n->admin.depth - 1));
	w64(n, NVME_REG_ASQ, virt_to_maddr(n->admin.sq));
	w64(n, NVME_REG_ACQ, virt_to_maddr((const void *)n->admin.cq));
	w32(n, NVME_REG_CC, NVME_CC_EN | NVME_CC_IOSQES | NVME_CC_IOCQES);
	return wait_ready(n, NVME_CSTS_RDY);
}

/* Identify @cns (of namespace @nsid) into n->ident; the status or -1. */
static int identify(struct nvme *n, uint32_t cns, uint32_t nsid)
{
	struct nvme_sqe c = { 0 };

	memset(n->ident, 0, PAGE_SIZE);
	c.opcode = NVME_ADMIN_IDENTIFY;
	c.nsid = nsid;
	c.prp1 = virt_to_maddr(n->ident);
	c.cdw10 = cns;
	return admin(n, &c);
}

/* The little-endian 32-bit field at byte @off of Identify data @p. */
static uint32_t le32_at(const uint8_t *p, uint32_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
	       (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
}

/* Serial (as Linux's sysfs shows it, without the trailing blanks),
 * MDTS and the write cache from Identify Controller. */
static const char *identify_ctrl(struct nvme *n)
{
	uint32_t i, mdts;

	if (identify(n, NVME_CNS_CTRL, 0) != 0)
		return "NVMe Identify Controller failed";
	for (i = 0; i < NVME_SERIAL_BYTES; i++)
		n->serial[i] = (char)n->ident[NVME_ID_CTRL_SN + i];
	n->serial[i] = '\0';
	while (i && (n->serial[i - 1] == ' ' || n->serial[i - 1] == '\0'))
		n->serial[--i] = '\0';
	mdts = n->ident[NVME_ID_CTRL_MDTS];
	n->max_bytes = MAX_CMD_BYTES;
	if (mdts && mdts < 20 && (PAGE_SIZE << mdts) < n->max_bytes)
		n->max_bytes = PAGE_SIZE << mdts;
	n->vwc = n->ident[NVME_ID_CTRL_VWC] & 1;
	if (n->nsid == 0 || n->nsid > le32_at(n->ident, NVME_ID_CTRL_NN))
		n->ns_active = 0;
	return (const char *)0;
}

/* Size and LBA format of namespace n->nsid; an inactive one (Identify
 * fails or reports size 0) leaves ns_active false. */
static void identify_ns(struct nvme *n)
{
	uint32_t lbaf;

	if (!n->ns_active || identify(n, NVME_CNS_NS, n->nsid) != 0)
		goto inactive;
	n->nsze = (uint64_t)le32_at(n->ident, NVME_ID_NS_NSZE + 4) << 32 |
		  le32_at(n->ident, NVME_ID_NS_NSZE);
	lbaf = le32_at(n->ident, NVME_ID_NS_LBAF +
		       4 * (n->ident[NVME_ID_NS_FLBAS] & 0xf));
	n->lba_bytes = 1u << (NVME_LBAF_LBADS(lbaf) & 31);
	n->ms = NVME_LBAF_MS(lbaf);
	if (n->nsze && NVME_LBAF_LBADS(lbaf) >= 9)
		return;
inactive:
	n->ns_active = 0;
	n->nsze = 0;
}

const char *nvme_open(struct nvme *n, uint32_t bdf, uint32_t nsid)
{
	const char *err;

	n->bdf = bdf;
	n->nsid = nsid;
	n->ns_active = 1;
	n->inflight = 0;
	pci_setup(bdf);
	err = map_bar(n);
	if (!err)
		err = disable(n);
	if (!err)
		err = enable(n);
	if (err)
		return err;
	if (!n->ident)
		n->ident = pool_alloc(1);
	err = identify_ctrl(n);
	if (err)
		return err;
	identify_ns(n);
	return (const char *)0;
}

/* Creates I/O completion queue and submission queue IO_QID, no
 * interrupts; NULL or why not. */
static const char *create_io_queues(struct nvme *n)
{
	struct nvme_sqe c = { 0 };

	queue_init(n, &n->io, IO_QID);
	c.opcode = NVME_ADMIN_SET_FEATURES;	/* one pair is all we ask */
	c.cdw10 = NVME_FEAT_NUM_QUEUES;
	if (admin(n, &c) != 0)
		return "NVMe Set Features (Number of Queues) failed";
	c = (struct nvme_sqe){ 0 };
	c.opcode = NVME_ADMIN_CREATE_CQ;
	c.prp1 = virt_to_maddr((const void *)n->io.cq);
	c.cdw10 = (uint32_t)(n->io.depth - 1) << 16 | IO_QID;
	c.cdw11 = NVME_QUEUE_PHYS_CONTIG;	/* and no NVME_CQ_IRQ_ENABLED */
	if (admin(n, &c) != 0)
		return "NVMe Create I/O Completion Queue failed";
	c = (struct nvme_sqe){ 0 };
	c.opcode = NVME_ADMIN_CREATE_SQ;
	c.prp1 = virt_to_maddr(n->io.sq);
	c.cdw10 = (uint32_t)(n->io.depth - 1) << 16 | IO_QID;
	c.cdw11 = (uint32_t)IO_QID << 16 | NVME_QUEUE_PHYS_CONTIG;
	if (admin(n, &c) != 0)
		return "NVMe Create I/O Submission Queue failed";
	return (const char *)0;
}

const char *nvme_start(struct nvme *n)
{
	if (!n->ns_active)
		return "NVMe namespace not active";
	if (n->lba_bytes != PRP_LBA)
		return n->lba_bytes == 4096 ?
		       "NVMe namespace has 4096-byte LBAs: the capture kernel writes 512-byte LBAs only" :
		       "NVMe namespace LBA size is not 512 bytes: the capture kernel writes 512-byte LBAs only";
	if (n->ms)
		return "NVMe namespace format carries metadata: the capture kernel writes formats without metadata only";
	if (!n->prp_lists)
		n->prp_lists = pool_alloc(NVME_IO_DEPTH);
	return create_io_queues(n);
}

/* Waits for every command in flight; 0, or -1 (printed) if any failed. */
static int drain(struct nvme *n)
{
	uint16_t status;
	int ret = 0;

	for (; n->inflight; n->inflight--) {
		if (reap(&n->io, &status) < 0) {
			printk("dump: nvme: I/O command timed out\n");
			return -1;
		}
		if (status) {
			printk("dump: nvme: I/O command failed, status %04x\n",
			       status);
			ret = -1;
		}
	}
	return ret;
}

/* Queues one I/O command; drains first when NVME_IO_DEPTH are out. */
static int queue_io(struct nvme *n, struct nvme_sqe *c)
{
	if (n->inflight == NVME_IO_DEPTH && drain(n) < 0)
		return -1;
	c->cid = (uint16_t)n->inflight;
	submit(&n->io, c);
	n->inflight++;
	return 0;
}

/* prp_copy_fn: a piece of the stream into the bounce buffer @ctx, from
 * our own pages directly, from oldmem through the map window (only the
 * ELF writer makes such pieces, after it is done with the window). */
static void bounce_copy(void *ctx, uint32_t at, uint64_t maddr, uint32_t len)
{
	uint8_t *dst = (uint8_t *)ctx + at;

	while (len) {
		uint32_t in_page = PAGE_SIZE - offset_in_page(maddr);
		uint32_t n = len < in_page ? len : in_page;
		uint32_t pfn = mfn_to_pfn(maddr_to_mfn(maddr));

		if (pfn != PFN_INVALID)
			memcpy(dst, (const uint8_t *)__va(pfn_to_paddr(pfn)) +
			       offset_in_page(maddr), n);
		else
			oldmem_read((void *)0, maddr, dst, n);
		dst += n;
		maddr += n;
		len -= n;
	}
}

/* The next command of @data at @cur into @c, its PRP list (or bounce
 * buffer) the slot of the next command in flight; its bytes, or 0 (and
 * printed) if the stream is not whole LBAs. */
static uint32_t next_cmd(struct nvme *n, const struct sg_list *data,
			 struct prp_cursor *cur, struct nvme_sqe *c)
{
	uint64_t *list = n->prp_lists + n->inflight * PRP_LIST_ENTRIES;
	struct prp_cmd p;
	int r = prp_next(data, cur, n->max_bytes, list, virt_to_maddr(list), &p);

	if (r == PRP_BOUNCE) {
		r = prp_bounce(data, cur, bounce_copy, list);
		p = (struct prp_cmd){ PRP_LBA, virt_to_maddr(list), 0, 0 };
		n->bounced++;
	}
	if (r < 0) {
		printk("dump: nvme: a request that is not whole 512-byte LBAs\n");
		return 0;
	}
	c->prp1 = p.prp1;
	c->prp2 = p.prp2;
	return p.bytes;
}

int nvme_write(struct nvme *n, uint64_t offset, const struct sg_list *data)
{
	struct prp_cursor cur = { 0, 0 };
	uint64_t lba = offset / PRP_LBA;

	if (offset % PRP_LBA)
		return -1;
	while (!prp_done(data, &cur)) {
		struct nvme_sqe c = { 0 };
		uint32_t bytes;

		if (n->inflight == NVME_IO_DEPTH && drain(n) < 0)
			return -1;
		bytes = next_cmd(n, data, &cur, &c);
		if (!bytes) {
			drain(n);
			return -1;
		}
		c.opcode = NVME_CMD_WRITE;
		c.nsid = n->nsid;
		c.cdw10 = (uint32_t)lba;
		c.cdw11 = (uint32_t)(lba >> 32);
		c.cdw12 = bytes / PRP_LBA - 1;
		if (queue_io(n, &c) < 0)
			return -1;
		lba += bytes / PRP_LBA;
	}
	return drain(n);
}

int nvme_flush(struct nvme *n)
{
	struct nvme_sqe c = { 0 };

	if (!n->vwc)
		return 0;
	c.opcode = NVME_CMD_FLUSH;
	c.nsid = n->nsid;
	if (queue_io(n, &c) < 0 || drain(n) < 0)
		return -1;
	n->flushes++;
	return 0;
}
