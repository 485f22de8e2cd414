/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVMe as the hardware defines it (NVM Express Base Specification 1.4):
 * controller registers in BAR0, the admin and NVM opcodes we issue, the
 * submission and completion queue entries, and the fields of the
 * Identify data we read.  Constants only; the driver is nvme.c.
 */
#ifndef CAPTURE_NVME_REGS_H
#define CAPTURE_NVME_REGS_H

#include <stdint.h>

/* Controller registers (section 3.1), offsets in BAR0. */
#define NVME_REG_CAP		0x00	/* 64-bit: capabilities */
#define NVME_REG_VS		0x08
#define NVME_REG_INTMS		0x0c	/* interrupt mask set (INTx/MSI) */
#define NVME_REG_CC		0x14
#define NVME_REG_CSTS		0x1c
#define NVME_REG_AQA		0x24
#define NVME_REG_ASQ		0x28	/* 64-bit */
#define NVME_REG_ACQ		0x30	/* 64-bit */
#define NVME_REG_DBS		0x1000	/* doorbells, CAP.DSTRD apart */

/* CAP fields. */
#define NVME_CAP_MQES(cap)	((uint32_t)(cap) & 0xffff)	/* 0-based */
#define NVME_CAP_TO(cap)	((uint32_t)((cap) >> 24) & 0xff) /* 500 ms */
#define NVME_CAP_DSTRD(cap)	((uint32_t)((cap) >> 32) & 0xf)
#define NVME_CAP_CSS_NVM(cap)	((uint32_t)((cap) >> 37) & 1)
#define NVME_CAP_MPSMIN(cap)	((uint32_t)((cap) >> 48) & 0xf)	/* 4K << n */

/* CC fields: NVM command set, 4 KiB pages, round robin. */
#define NVME_CC_EN		(1u << 0)
#define NVME_CC_IOSQES		(6u << 16)	/* 64-byte SQ entries */
#define NVME_CC_IOCQES		(4u << 20)	/* 16-byte CQ entries */

/* CSTS fields. */
#define NVME_CSTS_RDY		(1u << 0)
#define NVME_CSTS_CFS		(1u << 1)	/* controller fatal status */

#define NVME_TO_UNIT_US		500000u		/* CAP.TO counts these */

/* Admin opcodes (section 5). */
#define NVME_ADMIN_CREATE_SQ	0x01
#define NVME_ADMIN_CREATE_CQ	0x05
#define NVME_ADMIN_IDENTIFY	0x06
#define NVME_ADMIN_SET_FEATURES	0x09

/* NVM opcodes (NVM command set, section 6). */
#define NVME_CMD_FLUSH		0x00
#define NVME_CMD_WRITE		0x01

/* Identify CNS values, Set Features feature IDs. */
#define NVME_CNS_NS		0x00
#define NVME_CNS_CTRL		0x01
#define NVME_FEAT_NUM_QUEUES	0x07

/* Create I/O queue CDW11 bits. */
#define NVME_QUEUE_PHYS_CONTIG	(1u << 0)
#define NVME_CQ_IRQ_ENABLED	(1u << 1)	/* we leave it clear */

/* Identify Controller data (4096 bytes): byte offsets. */
#define NVME_ID_CTRL_SN		4	/* NVME_SERIAL_BYTES (disk_id.h) */
#define NVME_ID_CTRL_MDTS	77	/* 2^n min pages, 0: no limit */
#define NVME_ID_CTRL_NN		516	/* 32-bit: namespaces */
#define NVME_ID_CTRL_VWC	525	/* bit 0: volatile write cache */

/* Identify Namespace data: byte offsets. */
#define NVME_ID_NS_NSZE		0	/* 64-bit: size in LBAs */
#define NVME_ID_NS_FLBAS	26	/* bits 3:0 the format in use */
#define NVME_ID_NS_LBAF		128	/* 16 formats of 32 bits */
#define NVME_LBAF_MS(f)		((f) & 0xffff)	/* metadata bytes per LBA */
#define NVME_LBAF_LBADS(f)	(((f) >> 16) & 0xff)	/* log2 LBA size */

/* A submission queue entry (64 bytes). */
struct nvme_sqe {
	uint8_t opcode;
	uint8_t flags;			/* 0: PRPs, not SGLs */
	uint16_t cid;
	uint32_t nsid;
	uint64_t rsvd;
	uint64_t mptr;
	uint64_t prp1, prp2;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};

/* A completion queue entry (16 bytes). */
struct nvme_cqe {
	uint32_t result;
	uint32_t rsvd;
	uint16_t sq_head, sq_id;
	uint16_t cid;
	uint16_t status;		/* bit 0: phase tag, 15:1 status */
};

_Static_assert(sizeof(struct nvme_sqe) == 64, "NVMe SQ entry");
_Static_assert(sizeof(struct nvme_cqe) == 16, "NVMe CQ entry");

#endif
