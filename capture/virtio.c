// SPDX-License-Identifier: GPL-2.0
/* virtio 1.0 over PCI, one polled split virtqueue.  See virtio.h. */
#include "virtio.h"
#include "pool.h"
#include "arch/i386/cpu.h"
#include "arch/i386/mmu.h"
#include "arch/i386/pci.h"
#include "arch/i386/timer.h"

/* struct virtio_pci_common_cfg offsets (virtio 1.0, 4.1.4.3) */
#define CC_DFSELECT	0x00
#define CC_DF		0x04
#define CC_GFSELECT	0x08
#define CC_GF		0x0c
#define CC_MSIX		0x10
#define CC_STATUS	0x14
#define CC_Q_SELECT	0x16
#define CC_Q_SIZE	0x18
#define CC_Q_MSIX	0x1a
#define CC_Q_ENABLE	0x1c
#define CC_Q_NOFF	0x1e
#define CC_Q_DESC	0x20
#define CC_Q_AVAIL	0x28
#define CC_Q_USED	0x30

#define CAP_COMMON	1
#define CAP_NOTIFY	2
#define CAP_DEVICE	4

#define ST_ACKNOWLEDGE	1
#define ST_DRIVER	2
#define ST_DRIVER_OK	4
#define ST_FEATURES_OK	8

#define NO_VECTOR	0xffff
#define DESC_F_NEXT	1
#define DESC_F_WRITE	2
#define AVAIL_F_NO_INTERRUPT 1

struct caps {
	volatile uint8_t *common, *device, *notify_base;
	uint32_t notify_mult;
};

static void w8(volatile uint8_t *b, uint32_t off, uint8_t v) { b[off] = v; }
static uint8_t r8(volatile uint8_t *b, uint32_t off) { return b[off]; }
static void w16(volatile uint8_t *b, uint32_t off, uint16_t v) { *(volatile uint16_t *)(b + off) = v; }
static uint16_t r16(volatile uint8_t *b, uint32_t off) { return *(volatile uint16_t *)(b + off); }
static void w32(volatile uint8_t *b, uint32_t off, uint32_t v) { *(volatile uint32_t *)(b + off) = v; }
static uint32_t r32(volatile uint8_t *b, uint32_t off) { return *(volatile uint32_t *)(b + off); }

/* 64-bit registers are written as two 32-bit halves (4.1.3.1). */
static void w64(volatile uint8_t *b, uint32_t off, uint64_t v)
{
	w32(b, off, (uint32_t)v);
	w32(b, off + 4, (uint32_t)(v >> 32));
}

/* Maps the region a vendor capability at config offset @cap points to. */
static volatile uint8_t *map_cap(uint32_t bdf, uint32_t cap)
{
	uint64_t bar = pci_bar_maddr(bdf, pci_read8(bdf, cap + 4));

	if (!bar)
		return (volatile uint8_t *)0;
	return ioremap(bar + pci_read32(bdf, cap + 8), pci_read32(bdf, cap + 12));
}

static const char *find_caps(uint32_t bdf, struct caps *c)
{
	uint32_t cap, guard;

	if (!(pci_read16(bdf, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return "device has no PCI capabilities (legacy-only virtio?)";
	cap = pci_read8(bdf, PCI_CAP_PTR) & 0xfc;
	for (guard = 0; cap && guard < 48; guard++) {
		if (pci_read8(bdf, cap) == PCI_CAP_ID_VNDR) {
			switch (pci_read8(bdf, cap + 3)) {
			case CAP_COMMON:
				c->common = c->common ? c->common : map_cap(bdf, cap);
				break;
			case CAP_DEVICE:
				c->device = c->device ? c->device : map_cap(bdf, cap);
				break;
			case CAP_NOTIFY:
				if (!c->notify_base) {
					c->notify_base = map_cap(bdf, cap);
					c->notify_mult = pci_read32(bdf, cap + 16);
				}
				break;
			}
		}
		cap = pci_read8(bdf, cap + 1) & 0xfc;
	}
	if (!c->common || !c->device || !c->notify_base)
		return "virtio 1.0 capabilities missing or unmappable";
	return (const char *)0;
}

/* Writes 0 to the status and waits for the device to finish resetting. */
static const char *reset(volatile uint8_t *common)
{
	uint64_t deadline;

	w8(common, CC_STATUS, 0);
	deadline = now_us() + 1000000;
	while (r8(common, CC_STATUS) != 0)
		if (now_us() > deadline)
			return "device did not reset";
	return (const char *)0;
}

static const char *negotiate(struct virtio_dev *d, uint64_t want)
{
	volatile uint8_t *cc = d->common;
	uint64_t offered;

	w32(cc, CC_DFSELECT, 0);
	offered = r32(cc, CC_DF);
	w32(cc, CC_DFSELECT, 1);
	offered |= (uint64_t)r32(cc, CC_DF) << 32;
	if (!(offered & VIRTIO_F_VERSION_1))
		return "device does not offer VIRTIO_F_VERSION_1";
	d->features = offered & (want | VIRTIO_F_VERSION_1);
	w32(cc, CC_GFSELECT, 0);
	w32(cc, CC_GF, (uint32_t)d->features);
	w32(cc, CC_GFSELECT, 1);
	w32(cc, CC_GF, (uint32_t)(d->features >> 32));
	w8(cc, CC_STATUS, r8(cc, CC_STATUS) | ST_FEATURES_OK);
	if (!(r8(cc, CC_STATUS) & ST_FEATURES_OK))
		return "device refused our features";
	return (const char *)0;
}

/* Queue 0 in three pool pages: each ring fits in a page of its own. */
static const char *setup_queue(struct virtio_dev *d, const struct caps *c)
{
	volatile uint8_t *cc = d->common;
	uint16_t size;

	w16(cc, CC_Q_SELECT, 0);
	size = r16(cc, CC_Q_SIZE);
	if (size == 0)
		return "device has no queue 0";
	d->qsize = size < VIRTQ_MAX_SIZE ? size : VIRTQ_MAX_SIZE;
	d->desc = pool_alloc(1);
	d->avail = pool_alloc(1);
	d->used = pool_alloc(1);
	d->avail->flags = AVAIL_F_NO_INTERRUPT;
	/* A reopen: the device starts the fresh rings at index 0, and so
	 * must we (stale indexes made it replay old slots and let the wait
	 * end on its first completion). */
	d->avail_idx = 0;
	d->used_idx = 0;
	w16(cc, CC_Q_SIZE, d->qsize);
	w16(cc, CC_Q_MSIX, NO_VECTOR);
	w64(cc, CC_Q_DESC, virt_to_maddr(d->desc));
	w64(cc, CC_Q_AVAIL, virt_to_maddr(d->avail));
	w64(cc, CC_Q_USED, virt_to_maddr(d->used));
	d->notify = (volatile uint16_t *)(c->notify_base +
					  r16(cc, CC_Q_NOFF) * c->notify_mult);
	w16(cc, CC_Q_ENABLE, 1);
	return (const char *)0;
}

const char *virtio_open(struct virtio_dev *d, uint32_t bdf, uint64_t want)
{
	struct caps c = { 0 };
	const char *err;
	uint16_t cmd;

	d->bdf = bdf;
	cmd = pci_read16(bdf, PCI_COMMAND);
	pci_write16(bdf, PCI_COMMAND, cmd | PCI_CMD_MEMORY | PCI_CMD_MASTER |
		    PCI_CMD_INTX_DISABLE);
	err = find_caps(bdf, &c);
	if (err)
		return err;
	d->common = c.common;
	d->device = c.device;
	err = reset(d->common);
	if (err)
		return err;
	w8(d->common, CC_STATUS, ST_ACKNOWLEDGE);
	w8(d->common, CC_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	err = negotiate(d, want);
	if (err)
		return err;
	w16(d->common, CC_MSIX, NO_VECTOR);
	return setup_queue(d, &c);
}

void virtio_ready(struct virtio_dev *d)
{
	w8(d->common, CC_STATUS, r8(d->common, CC_STATUS) | ST_DRIVER_OK);
}

int virtio_transfer(struct virtio_dev *d, const struct sg_list *sg,
		    uint32_t n_out, uint64_t timeout_us)
{
	volatile uint16_t *used_idx = &d->used->idx;
	uint64_t deadline;
	uint32_t i;

	if (sg->n == 0 || sg->n > d->qsize)
		return -1;
	for (i = 0; i < sg->n; i++) {
		d->desc[i].addr = sg->e[i].maddr;
		d->desc[i].len = sg->e[i].len;
		d->desc[i].flags = (uint16_t)((i + 1 < sg->n ? DESC_F_NEXT : 0) |
					      (i >= n_out ? DESC_F_WRITE : 0));
		d->desc[i].next = (uint16_t)(i + 1);
	}
	d->avail->ring[d->avail_idx & (d->qsize - 1)] = 0;
	mb();
	d->avail->idx = ++d->avail_idx;
	mb();
	*d->notify = 0;
	deadline = now_us() + timeout_us;
	while (*used_idx == d->used_idx) {
		if (now_us() > deadline)
			return -1;
		cpu_relax();
	}
	d->used_idx++;
	mb();
	return 0;
}
