/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper CPUs (docs/design.md, "Helper CPUs"): the other CPUs of the
 * crashed machine, brought into the capture kernel with INIT-STARTUP-
 * STARTUP; they wait there until the dump puts them to work
 * (capture/dump_jobs.c), then park.  Words: helpers=N|all, cpus_apic=A,B,...,
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

/* How many helpers arrived (and wait for work: helpers_put_to_work()). */
uint32_t helpers_arrived(void);

/*
 * Numbers the arrived helpers 1..n (n <= @max) and has each run @fn(@ctx,
 * its number), then park; the others, and all when @fn is NULL, park at
 * once.  Once only.  Returns n.
 */
uint32_t helpers_put_to_work(void (*fn)(void *ctx, uint32_t worker),
			     void *ctx, uint32_t max);

/* helpers_put_to_work() with no work: every helper parks. */
void helpers_park(void);

/* Nonzero once helper @worker has faulted (it is parked). */
int helpers_faulted(uint32_t worker);

/* Stops helper @worker for good (INIT: back to wait-for-SIPI). */
void helpers_write_off(uint32_t worker);

#endif
