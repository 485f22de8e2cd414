/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper CPUs (docs/design.md, "Helper CPUs"): the other CPUs of the
 * crashed machine, brought into the capture kernel with INIT-STARTUP-
 * STARTUP and parked there.  Words: helpers=N|all, cpus_apic=A,B,...,
 * bsp_apic=A (capture/cmdline.h).  The dump never depends on them: one
 * that does not arrive in time, or faults, is written off.
 */
#ifndef CAPTURE_HELPERS_H
#define CAPTURE_HELPERS_H

#include <stdint.h>
#include <p2mdump/start_info.h>

/* Brings up the helpers the command line names; returns once each has
 * arrived and parked or been written off, the start page restored. */
void helpers_start(const struct start_info *si);

/* How many helpers arrived (and are parked, cli; hlt). */
uint32_t helpers_arrived(void);

#endif
