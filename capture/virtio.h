/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio 1.0 PCI device (the "modern" interface), one split virtqueue,
 * polled: the capture kernel runs with interrupts off.  Modern, not
 * legacy, because a legacy queue must be machine-contiguous across pages
 * and our pages are scattered; modern takes the descriptor table, the
 * available ring and the used ring at three separate addresses, and each
 * fits in one page of ours.
 */
#ifndef CAPTURE_VIRTIO_H
#define CAPTURE_VIRTIO_H

#include <stdint.h>
#include "dma.h"

#define VIRTIO_F_VERSION_1	(1ull << 32)
#define VIRTQ_MAX_SIZE		256	/* 16 * 256 = one page of descriptors */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[VIRTQ_MAX_SIZE];
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[VIRTQ_MAX_SIZE];
};

struct virtio_dev {
	uint32_t bdf;
	volatile uint8_t *common;	/* struct virtio_pci_common_cfg */
	volatile uint8_t *device;	/* device-specific config */
	volatile uint16_t *notify;	/* queue 0's notify register */
	uint64_t features;		/* negotiated */
	uint16_t qsize;
	uint16_t avail_idx, used_idx;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
};

/*
 * Resets the device (the crashed kernel may have been driving it), maps
 * its registers, negotiates VERSION_1 plus @want, sets up queue 0.
 * Returns NULL or a one-line reason.
 */
const char *virtio_open(struct virtio_dev *d, uint32_t bdf, uint64_t want);

/* Sets DRIVER_OK: the device may now process requests. */
void virtio_ready(struct virtio_dev *d);

/*
 * Runs one request: entries [0, n_out) are read by the device, the rest
 * written by it.  Waits for completion up to timeout_us.  0, or -1 on
 * time-out or if the chain does not fit the queue.
 */
int virtio_transfer(struct virtio_dev *d, const struct sg_list *sg,
		    uint32_t n_out, uint64_t timeout_us);

#endif
