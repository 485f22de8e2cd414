/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing the vmcore to the dump disk (layout: dumpdisk.h, elfcore/vmcore.h).
 *
 * Order: header "in progress"; the ELF headers (already clipped if the
 * disk is too small); the merged notes; every PT_LOAD, 1 MiB per request,
 * oldmem handed to the disk by machine address (zero-copy) while the same
 * pages are mapped in the window, one batch per request, to digest them;
 * our own frames are written as zeros.  Last, the header "complete" or
 * "incomplete".  A fault on the way rewrites the ELF headers to what is on
 * disk and marks the dump incomplete before the machine resets.
 */
#ifndef CAPTURE_DUMP_H
#define CAPTURE_DUMP_H

#include <p2mdump/start_info.h>

/* Writes the dump and ends the run (EXIT_OK, _DUMP_INCOMPLETE, _FAILED). */
void dump_run(const struct start_info *si) __attribute__((noreturn));

#endif
