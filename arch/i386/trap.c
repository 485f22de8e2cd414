// SPDX-License-Identifier: GPL-2.0
/* The IDT and the one C trap handler.  See trap.h. */
#include "trap.h"
#include "cpu.h"
#include "gdt.h"
#include "machine.h"
#include "smp.h"
#include "lib/printk.h"
#include <p2mdump/exit_codes.h>

#define IDT_ENTRIES	256
#define NR_EXCEPTIONS	32
#define GATE_INTR32	0x8e00u		/* present, DPL 0, 32-bit interrupt gate */
#define VECTOR_NMI	2

struct fixup {
	uint32_t insn;
	uint32_t resume;
};

extern const uint32_t trap_stubs[NR_EXCEPTIONS + 1];
extern const struct fixup __fixup_start[], __fixup_end[];

static uint64_t idt[IDT_ENTRIES] __attribute__((aligned(8)));
static void (*fatal_hook)(void);

struct fault_record last_fixed_fault;
uint32_t nmi_count;

static const char *const names[NR_EXCEPTIONS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound", "#UD invalid opcode", "#NM no FPU",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static uint64_t gate(uint32_t handler)
{
	return (handler & 0xffffu) | ((uint64_t)GDT_KERNEL_CS << 16) |
	       ((uint64_t)GATE_INTR32 << 32) |
	       ((uint64_t)(handler >> 16) << 48);
}

void trap_load(void)
{
	struct desc_ptr d = { sizeof(idt) - 1, (uint32_t)(uintptr_t)idt };

	lidt(&d);
}

void trap_init(void)
{
	unsigned int v;

	/* NMI first: it is the one that can arrive at any moment. */
	idt[VECTOR_NMI] = gate(trap_stubs[VECTOR_NMI]);
	for (v = 0; v < IDT_ENTRIES; v++)
		if (v != VECTOR_NMI)
			idt[v] = gate(trap_stubs[v < NR_EXCEPTIONS ?
						 v : NR_EXCEPTIONS]);
	trap_load();
}

void trap_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static const struct fixup *find_fixup(uint32_t eip)
{
	const struct fixup *f;

	for (f = __fixup_start; f < __fixup_end; f++)
		if (f->insn == eip)
			return f;
	return (const struct fixup *)0;
}

void trap_handler(struct trap_frame *tf);

void trap_handler(struct trap_frame *tf)
{
	uint32_t cr2 = read_cr2();
	const struct fixup *fix;
	void (*hook)(void);

	if (tf->vector == VECTOR_NMI && smp_on_helper())
		return;			/* a helper prints nothing */
	if (tf->vector == VECTOR_NMI) {
		nmi_count++;
		printk("p2mdump: NMI ignored (eip %08x)\n", tf->eip);
		return;
	}
	fix = find_fixup(tf->eip);
	if (fix) {
		last_fixed_fault = (struct fault_record){
			tf->vector, tf->error, tf->eip, cr2,
			last_fixed_fault.count + 1 };
		tf->eip = fix->resume;
		tf->eax = (uint32_t)-1;
		return;
	}
	if (smp_on_helper())		/* never the whole run: write it off */
		smp_helper_trap(tf->vector, tf->error, tf->eip, cr2);
	printk("p2mdump: TRAP vector %u (%s) error %08x eip %08x cr2 %08x\n",
	       tf->vector, tf->vector < NR_EXCEPTIONS && names[tf->vector] ?
	       names[tf->vector] : "external interrupt",
	       tf->error, tf->eip, cr2);
	hook = fatal_hook;
	fatal_hook = (void (*)(void))0;	/* a fault in the hook ends it */
	if (hook)
		hook();
	machine_exit(EXIT_TRAP);
}
