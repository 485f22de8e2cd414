/* SPDX-License-Identifier: GPL-2.0 */
/* PCI configuration space through the port-I/O mechanism #1 (0xcf8). */
#ifndef ARCH_I386_PCI_H
#define ARCH_I386_PCI_H

#include <stdint.h>

#define PCI_BDF(bus, dev, fn)	(((bus) << 8) | ((dev) << 3) | (fn))

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_CLASS_REVISION	0x08	/* class:24, revision:8 */
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_BAR0		0x10
#define PCI_CAP_PTR		0x34
#define PCI_CMD_MEMORY		0x0002
#define PCI_CMD_MASTER		0x0004
#define PCI_CMD_INTX_DISABLE	0x0400
#define PCI_STATUS_CAP_LIST	0x0010
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_MSIX		0x11
#define PCI_MSI_FLAGS		0x02	/* from the capability */
#define PCI_MSI_FLAGS_ENABLE	0x0001
#define PCI_MSIX_FLAGS		0x02
#define PCI_MSIX_FLAGS_ENABLE	0x8000

uint32_t pci_read32(uint32_t bdf, uint32_t off);
uint16_t pci_read16(uint32_t bdf, uint32_t off);
uint8_t pci_read8(uint32_t bdf, uint32_t off);
void pci_write16(uint32_t bdf, uint32_t off, uint16_t v);

/* The config offset of the first capability @id of @bdf, 0 if none. */
uint32_t pci_find_cap(uint32_t bdf, uint8_t id);

/* Memory BAR @bar's machine address (64-bit BARs too), or 0 if it is an
 * I/O BAR or unassigned. */
uint64_t pci_bar_maddr(uint32_t bdf, unsigned int bar);

#endif
