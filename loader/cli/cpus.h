/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helper-CPU words load gives the capture kernel (docs/design.md,
 * "Helper CPUs"): helpers=N cpus_apic=A,B,... bsp_apic=A, from the online
 * CPUs' APIC IDs in /proc/cpuinfo ($P2MDUMP_CPUINFO for tests); Linux's
 * CPU 0 is the boot CPU, never sent INIT.
 */
#ifndef LOADER_CLI_CPUS_H
#define LOADER_CLI_CPUS_H

#include <stddef.h>
#include <stdint.h>

#define CPUS_HELPERS_ALL	UINT32_MAX
/* The words' longest: POOL_HELPERS_MAX + 2 IDs of 10 digits and more. */
#define CPUS_WORDS_MAX		256

/*
 * Writes " helpers=N cpus_apic=... bsp_apic=A" into @buf (@len bytes)
 * for at most @want helpers (CPUS_HELPERS_ALL: every other CPU; at most
 * POOL_HELPERS_MAX), listing the boot CPU and N + 1 others (the CPU that
 * panics is one of them, or the boot CPU); "" for none.  Sets *@n to N.
 * 0, or -1 after printing why.
 */
int cpus_helper_words(uint32_t want, char *buf, size_t len, uint32_t *n);

#endif
