/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a run ends, as written to QEMU's isa-debug-exit port (0xf4).  QEMU
 * exits with status (code << 1) | 1, so EXIT_OK shows up as 33.  On real
 * hardware the port write is harmless and the machine resets after it.
 */
#ifndef P2MDUMP_EXIT_CODES_H
#define P2MDUMP_EXIT_CODES_H

#define EXIT_OK			0x10	/* status 33: everything passed, dump complete */
#define EXIT_BAD_CHECKSUM	0x11	/* status 35: capture image corrupted */
#define EXIT_TRAP		0x12	/* status 37: unexpected exception */
#define EXIT_SELFTEST		0x13	/* status 39: a boot self-test failed */
#define EXIT_BAD_START_INFO	0x14	/* status 41: start info malformed */
#define EXIT_HARNESS		0x15	/* status 43: the guest harness failed */
#define EXIT_BUG		0x16	/* status 45: an internal invariant broke */
#define EXIT_DUMP_INCOMPLETE	0x17	/* status 47: dump cut short, marked so */
#define EXIT_DUMP_FAILED	0x18	/* status 49: no dump could be written */
#define EXIT_WRONG_DISK		0x19	/* status 51: disk= is not the armed disk */

#endif
