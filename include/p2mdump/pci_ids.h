/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dump disks p2mdump drives, by PCI ID: the CLI accepts only these as
 * a target, and the capture kernel looks for only these.
 */
#ifndef P2MDUMP_PCI_IDS_H
#define P2MDUMP_PCI_IDS_H

#define PCI_VENDOR_VIRTIO	0x1af4
#define PCI_DEVICE_VIRTIO_BLK_LEGACY	0x1001	/* transitional */
#define PCI_DEVICE_VIRTIO_BLK_MODERN	0x1042	/* virtio 1.0 */

/* NVMe: any vendor, by class code (mass storage, NVM, NVM Express). */
#define PCI_CLASS_NVME		0x010802

#endif
