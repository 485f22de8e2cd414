// SPDX-License-Identifier: GPL-2.0
/* PCI configuration access.  See pci.h. */
#include "pci.h"
#include "cpu.h"

#define PCI_CONF_ADDR	0xcf8
#define PCI_CONF_DATA	0xcfc

static void select_reg(uint32_t bdf, uint32_t off)
{
	outl(PCI_CONF_ADDR, 0x80000000u | (bdf << 8) | (off & 0xfc));
}

uint32_t pci_read32(uint32_t bdf, uint32_t off)
{
	select_reg(bdf, off);
	return inl(PCI_CONF_DATA);
}

uint16_t pci_read16(uint32_t bdf, uint32_t off)
{
	return (uint16_t)(pci_read32(bdf, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(uint32_t bdf, uint32_t off)
{
	return (uint8_t)(pci_read32(bdf, off) >> ((off & 3) * 8));
}

/* A 16-bit write: a read-modify-write of the dword would clear the
 * write-1-to-clear bits of the status register next to the command. */
void pci_write16(uint32_t bdf, uint32_t off, uint16_t v)
{
	select_reg(bdf, off);
	outw((uint16_t)(PCI_CONF_DATA + (off & 2)), v);
}

uint64_t pci_bar_maddr(uint32_t bdf, unsigned int bar)
{
	uint32_t lo = pci_read32(bdf, PCI_BAR0 + 4 * bar);
	uint64_t maddr = lo & ~0xfu;

	if (lo & 1)
		return 0;			/* an I/O BAR */
	if (((lo >> 1) & 3) == 2 && bar < 5)	/* 64-bit */
		maddr |= (uint64_t)pci_read32(bdf, PCI_BAR0 + 4 * (bar + 1)) << 32;
	return maddr;
}

uint32_t pci_find_cap(uint32_t bdf, uint8_t id)
{
	uint32_t cap, guard;

	if (!(pci_read16(bdf, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	cap = pci_read8(bdf, PCI_CAP_PTR) & 0xfc;
	for (guard = 0; cap && guard < 48; guard++) {	/* a looped list */
		if (pci_read8(bdf, cap) == id)
			return cap;
		cap = pci_read8(bdf, cap + 1) & 0xfc;
	}
	return 0;
}
