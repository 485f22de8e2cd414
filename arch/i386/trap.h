/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exceptions.  Every handler prints vector, error code, EIP and CR2 on the
 * serial console and ends the run with EXIT_TRAP, with two exceptions: an
 * NMI is counted and ignored (a watchdog must not kill a dump), and a
 * fault at an instruction listed in the fixup table (probe_write32)
 * resumes after it with a failure return.  On a helper CPU nothing ends
 * the run: an NMI is ignored, anything else writes that helper off and
 * parks it (smp.h).
 */
#ifndef ARCH_I386_TRAP_H
#define ARCH_I386_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;	/* pushal */
	uint32_t vector, error;
	uint32_t eip, cs, eflags;				/* by the CPU */
};

struct fault_record {
	uint32_t vector, error, eip, cr2;
	uint32_t count;
};

extern struct fault_record last_fixed_fault;
extern uint32_t nmi_count;

void trap_init(void);
/* Loads the IDT trap_init() built on this CPU (helper CPUs share it). */
void trap_load(void);

/* Called before the run ends on a fatal trap (e.g. to mark a dump). */
void trap_set_fatal_hook(void (*hook)(void));

/* Stores @val at @vaddr: 0, or -1 if the store faulted. */
int probe_write32(volatile uint32_t *vaddr, uint32_t val);

#endif
