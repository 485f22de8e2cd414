/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture kernel's command line: blank-separated words, "name" or
 * "name=value".  Options (docs/design.md):
 *   nobatch          map oldmem one PTE and one TLB flush at a time
 *   fault_at=PCT     fault on purpose once PCT % of the dump is written
 *   disk=BB:DD.F     the dump disk's PCI address (required for a dump)
 *   disk_id=, disk_sectors=, disk_serial=  which disk it must be
 *                    (include/p2mdump/disk_id.h)
 *   lzo_bench=N      after boot, time LZO1X-1 on N of our own pages
 *   zlib_bench=N     the same with zlib level 1
 *   format=kdump|elf the vmcore's format (default kdump)
 *   compress=lzo|zlib|none  kdump page compression (default lzo)
 *   dump_level=N     makedumpfile's -d bits (default 1: zero pages)
 *   nonce=HEX        load's nonce, 16 hex digits, copied into every
 *                    dump header (default 0: none)
 *   helpers=N|all    start up to N helper CPUs (absent or 0: none)
 *   cpus_apic=A,B,.. the machine's CPUs by APIC ID (decimal)
 *   bsp_apic=A       the firmware's boot CPU: never sent INIT
 *   helpers_fault    tests: each helper faults on arrival (written off)
 */
#ifndef CAPTURE_CMDLINE_H
#define CAPTURE_CMDLINE_H

#include <stdint.h>

/* Looks options up in @cmdline from now on (kept, not copied). */
void cmdline_init(const char *cmdline);
/* True if the bare word @name is there ("name=..." does not count). */
int cmdline_flag(const char *name);
/* The value of name=VALUE parsed as decimal (hex after 0x) into @value;
 * -1 (and @value untouched): absent, not a number or over 32 bits. */
int cmdline_u32(const char *name, uint32_t *value);
/* The same for a 64-bit value. */
int cmdline_u64(const char *name, uint64_t *value);
/* The value of name=VALUE, 1 to 16 hex digits (no 0x), into @value;
 * -1 (and @value untouched): absent, empty or not such a number. */
int cmdline_hex64(const char *name, uint64_t *value);
/* A pointer to VALUE (up to the next blank) of the first name=VALUE, or
 * NULL; a bare "name" word does not hide a later name=VALUE. */
const char *cmdline_str(const char *name);
/* name=A,B,C: up to @max decimal 32-bit numbers into @out; their count,
 * or -1: absent, empty, malformed or more than @max. */
int cmdline_u32_list(const char *name, uint32_t *out, uint32_t max);
/* True if the first name=VALUE has exactly @value as its VALUE. */
int cmdline_is(const char *name, const char *value);

#endif
