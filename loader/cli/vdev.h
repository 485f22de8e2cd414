/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether the capture kernel can drive the virtio PCI function that is
 * the dump target, as the running kernel sees it in sysfs (sysfs.h):
 *
 * - it must offer the virtio 1.0 ("modern") PCI interface, which is all
 *   the capture kernel speaks (capture/virtio.h): a non-transitional ID
 *   (0x1040 and up), VIRTIO_F_VERSION_1 negotiated by Linux's driver
 *   (virtioN/features, bit 32: only the modern interface carries it), or
 *   a VIRTIO_PCI_CAP_COMMON_CFG vendor capability in its config space
 *   (bus/pci/devices/ADDR/config, whose capabilities only root reads);
 * - its DMA must not be translated: the capture kernel hands the device
 *   machine addresses, so a device that negotiated
 *   VIRTIO_F_ACCESS_PLATFORM (virtioN/features, bit 33) or sits in an
 *   IOMMU group whose domain is not "identity" would read and write
 *   wherever the crashed kernel's IOMMU tables send those addresses.
 */
#ifndef LOADER_CLI_VDEV_H
#define LOADER_CLI_VDEV_H

/* Refuses the virtio PCI function at sysfs directory @dir (PCI device
 * ID @device) for the reasons above; 0, or -1 after printing why. */
int vdev_check(const char *spec, const char *dir, unsigned int device);

/* The IOMMU rule alone (any PCI function: an NVMe controller too);
 * 0, or -1 after printing why. */
int vdev_iommu_check(const char *spec, const char *dir);

#endif
