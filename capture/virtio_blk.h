/* SPDX-License-Identifier: GPL-2.0 */
/* virtio-blk over virtio.h: the dump disk.  Writes, and reading its serial. */
#ifndef CAPTURE_VIRTIO_BLK_H
#define CAPTURE_VIRTIO_BLK_H

#include <stdint.h>
#include <p2mdump/disk_id.h>
#include "virtio.h"

struct vblk {
	struct virtio_dev dev;
	uint64_t sectors;		/* capacity, DISK_SECTOR_SIZE each */
	uint64_t capacity;		/* bytes */
	uint32_t seg_max;		/* data segments per request */
	uint32_t size_max;		/* bytes per segment */
	struct vblk_req *req;		/* header + status, one pool page */
	struct sg_list sg;		/* header, data..., status */
};

/* Opens the virtio-blk function at @bdf; NULL or a one-line reason. */
const char *vblk_open(struct vblk *b, uint32_t bdf);

/* Reads the disk's serial (VIRTIO_BLK_T_GET_ID) into @id, NUL-terminated
 * (@id holds VIRTIO_BLK_ID_BYTES + 1); "" if the device does not support
 * the request, as Linux shows it.  0, or -1 on an I/O error. */
int vblk_get_id(struct vblk *b, char *id);

/* Writes @data (total a multiple of 512) at byte @offset; 0 or -1. */
int vblk_write(struct vblk *b, uint64_t offset, const struct sg_list *data);

#endif
