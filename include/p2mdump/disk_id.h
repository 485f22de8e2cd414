/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which disk the capture kernel may write: the words `p2mdump load` puts
 * on its command line and the capture kernel checks before its first
 * write (docs/design.md, "Capture kernel command line").
 *
 *   disk=BB:DD.F        the PCI function (domain 0); required
 *   disk_id=VVVV:DDDD   its PCI vendor:device, hex; required
 *   disk_sectors=N      its capacity in 512-byte sectors, decimal
 *   disk_serial=HEX     its virtio-blk serial (VIRTIO_BLK_T_GET_ID, up to
 *                       the first NUL), two hex digits a byte, "" if empty
 *
 * The last two are there when Linux had a driver bound to the disk at
 * load time (a PCI function without one has no block device to read
 * them from).  Any word that is there must match, or nothing is written.
 */
#ifndef P2MDUMP_DISK_ID_H
#define P2MDUMP_DISK_ID_H

#define DISK_WORD_BDF		"disk"
#define DISK_WORD_ID		"disk_id"
#define DISK_WORD_SECTORS	"disk_sectors"
#define DISK_WORD_SERIAL	"disk_serial"

#define VIRTIO_BLK_ID_BYTES	20	/* GET_ID's answer, NUL-padded */
#define DISK_SECTOR_SIZE	512u	/* virtio-blk capacity and sysfs size */

#endif
