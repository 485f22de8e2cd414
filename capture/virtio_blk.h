/* SPDX-License-Identifier: GPL-2.0 */
/* virtio-blk over virtio.h: the dump disk.  Writes only. */
#ifndef CAPTURE_VIRTIO_BLK_H
#define CAPTURE_VIRTIO_BLK_H

#include <stdint.h>
#include "virtio.h"

#define VBLK_SECTOR	512u

struct vblk {
	struct virtio_dev dev;
	uint64_t capacity;		/* bytes */
	uint32_t seg_max;		/* data segments per request */
	uint32_t size_max;		/* bytes per segment */
	struct vblk_req *req;		/* header + status, one pool page */
	struct sg_list sg;		/* header, data..., status */
};

/* Opens the virtio-blk function at @bdf; NULL or a one-line reason. */
const char *vblk_open(struct vblk *b, uint32_t bdf);

/* Writes @data (total a multiple of 512) at byte @offset; 0 or -1. */
int vblk_write(struct vblk *b, uint64_t offset, const struct sg_list *data);

#endif
