/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which disk the capture kernel may write: the words `p2mdump load` puts
 * on its command line and the capture kernel checks before its first
 * write (docs/design.md, "Capture kernel command line").
 *
 *   disk=BB:DD.F        the PCI function (domain 0); required
 *   disk_id=VVVV:DDDD   its PCI vendor:device, hex; required
 *   disk_sectors=N      its capacity in 512-byte sectors, decimal
 *   disk_serial=HEX     its serial, two hex digits a byte, "" if empty:
 *                       virtio-blk: VIRTIO_BLK_T_GET_ID up to the first NUL;
 *                       NVMe: Identify Controller SN without its trailing
 *                       blanks (Linux's class/nvme/nvmeN/serial, trimmed)
 *   disk_nsid=N         NVMe only: the namespace ID, decimal; required for
 *                       NVMe, refused for virtio-blk
 *
 * disk_sectors= and disk_serial= are there when Linux had a driver bound
 * to the disk at load time (a PCI function without one has no block
 * device to read them from).  Any word that is there must match, or
 * nothing is written.  The capture kernel tells the two kinds of disk
 * apart by the function's PCI vendor (virtio) or class (NVMe, pci_ids.h).
 */
#ifndef P2MDUMP_DISK_ID_H
#define P2MDUMP_DISK_ID_H

#define DISK_WORD_BDF		"disk"
#define DISK_WORD_ID		"disk_id"
#define DISK_WORD_SECTORS	"disk_sectors"
#define DISK_WORD_SERIAL	"disk_serial"
#define DISK_WORD_NSID		"disk_nsid"

#define VIRTIO_BLK_ID_BYTES	20	/* GET_ID's answer, NUL-padded */
#define NVME_SERIAL_BYTES	20	/* Identify Controller SN, blank-padded */
#define DISK_SERIAL_MAX		20	/* the longer of the two */
#define DISK_SECTOR_SIZE	512u	/* capacities, sysfs size, NVMe LBA */

#endif
