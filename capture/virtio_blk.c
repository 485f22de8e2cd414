// SPDX-License-Identifier: GPL-2.0
/* The virtio-blk write path.  See virtio_blk.h. */
#include "virtio_blk.h"
#include "pool.h"
#include "arch/i386/pgtable.h"

#define VIRTIO_BLK_F_SIZE_MAX	(1ull << 1)
#define VIRTIO_BLK_F_SEG_MAX	(1ull << 2)
#define VIRTIO_BLK_F_RO		(1ull << 5)
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_GET_ID	8
#define VIRTIO_BLK_S_UNSUPP	2
#define CFG_CAPACITY		0
#define CFG_SIZE_MAX		8
#define CFG_SEG_MAX		12
#define IO_TIMEOUT_US		30000000ull	/* a stuck disk ends the dump */
#define SG_ROOM			(VIRTQ_MAX_SIZE)

struct vblk_req {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
	uint8_t status;			/* written by the device */
	uint8_t pad[15];
	char id[VIRTIO_BLK_ID_BYTES];	/* GET_ID's answer (device-written) */
};

static uint32_t cfg32(const struct vblk *b, uint32_t off)
{
	return *(volatile uint32_t *)(b->dev.device + off);
}

const char *vblk_open(struct vblk *b, uint32_t bdf)
{
	const char *err;
	uint64_t offered;

	err = virtio_open(&b->dev, bdf, VIRTIO_BLK_F_SIZE_MAX |
			  VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO);
	if (err)
		return err;
	offered = b->dev.features;
	if (offered & VIRTIO_BLK_F_RO)
		return "dump disk is read-only";
	b->sectors = (uint64_t)cfg32(b, CFG_CAPACITY + 4) << 32 |
		     cfg32(b, CFG_CAPACITY);
	b->capacity = b->sectors * DISK_SECTOR_SIZE;
	b->seg_max = b->dev.qsize - 2;
	if ((offered & VIRTIO_BLK_F_SEG_MAX) && cfg32(b, CFG_SEG_MAX) &&
	    cfg32(b, CFG_SEG_MAX) < b->seg_max)
		b->seg_max = cfg32(b, CFG_SEG_MAX);
	b->size_max = 1u << 20;
	if ((offered & VIRTIO_BLK_F_SIZE_MAX) && cfg32(b, CFG_SIZE_MAX))
		b->size_max = cfg32(b, CFG_SIZE_MAX);
	b->req = pool_alloc(1);
	b->sg.e = pool_alloc(1);	/* 256 entries of 16 bytes */
	b->sg.max = SG_ROOM;
	virtio_ready(&b->dev);
	return (const char *)0;
}

int vblk_get_id(struct vblk *b, char *id)
{
	uint32_t i;

	b->req->type = VIRTIO_BLK_T_GET_ID;
	b->req->reserved = 0;
	b->req->sector = 0;
	b->req->status = 0xff;
	for (i = 0; i < VIRTIO_BLK_ID_BYTES; i++)
		b->req->id[i] = 0;
	/* Header, answer and status sit in one page: no split. */
	b->sg.n = 0;
	b->sg.e[b->sg.n++] = (struct sg_entry){ virt_to_maddr(b->req), 16 };
	b->sg.e[b->sg.n++] = (struct sg_entry){ virt_to_maddr(b->req->id),
						VIRTIO_BLK_ID_BYTES };
	b->sg.e[b->sg.n++] = (struct sg_entry){
		virt_to_maddr(&b->req->status), 1 };
	if (virtio_transfer(&b->dev, &b->sg, 1, IO_TIMEOUT_US) < 0)
		return -1;
	id[0] = '\0';
	if (b->req->status == VIRTIO_BLK_S_UNSUPP)
		return 0;
	if (b->req->status != 0)
		return -1;
	for (i = 0; i < VIRTIO_BLK_ID_BYTES && b->req->id[i]; i++)
		id[i] = b->req->id[i];
	id[i] = '\0';
	return 0;
}

int vblk_write(struct vblk *b, uint64_t offset, const struct sg_list *data)
{
	uint32_t i;

	if (data->n > b->seg_max || (offset & (DISK_SECTOR_SIZE - 1)))
		return -1;
	b->req->type = VIRTIO_BLK_T_OUT;
	b->req->reserved = 0;
	b->req->sector = offset / DISK_SECTOR_SIZE;
	b->req->status = 0xff;
	b->sg.n = 0;
	/* Header and status sit in one page: one segment each, no split. */
	b->sg.e[b->sg.n++] = (struct sg_entry){ virt_to_maddr(b->req), 16 };
	for (i = 0; i < data->n; i++)
		b->sg.e[b->sg.n++] = data->e[i];
	b->sg.e[b->sg.n++] = (struct sg_entry){
		virt_to_maddr(&b->req->status), 1 };
	if (virtio_transfer(&b->dev, &b->sg, b->sg.n - 1, IO_TIMEOUT_US) < 0)
		return -1;
	return b->req->status == 0 ? 0 : -1;
}
