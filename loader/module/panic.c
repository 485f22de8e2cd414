// SPDX-License-Identifier: GPL-2.0
/*
 * The panic path.  A panic notifier at the highest priority: by the time
 * it runs panic() has stopped the other CPUs, disabled interrupts and
 * software-disabled this CPU's local APIC (docs/handoff.md section 3).  It
 *
 *   1. saves this CPU's registers as an NT_PRSTATUS note in its
 *      crash_notes buffer (where kdump would put them),
 *   2. re-checks the capture image's checksum and the handoff sum (the
 *      handoff code, its parameters, the transition table): on a mismatch
 *      it says so and returns, and the normal panic behaviour goes on,
 *   3. quiets this CPU (LAPIC LVTs masked, KVM paravirt MSRs off),
 *   4. copies the kernel half into the transition table and jumps.
 */
#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <linux/kexec.h>
#include <asm/kvm_para.h>
#include <asm/msr.h>
#include <asm/segment.h>
#include "lib/csum.h"
#include "handoff.h"
#include "p2mdump.h"

static struct capture *armed;		/* NULL: disarmed */

/*
 * x86_64's elf_gregset_t is struct user_regs_struct: the pt_regs fields in
 * pt_regs order, then fs_base, gs_base, ds, es, fs, gs.  (The kernel's
 * ELF_CORE_COPY_REGS calls a helper that is not exported.)
 */
static void copy_regs(elf_gregset_t *gregs, const struct pt_regs *regs)
{
	unsigned long *g = (unsigned long *)gregs;
	const size_t n = sizeof(*regs) / sizeof(long);
	unsigned int seg;

	BUILD_BUG_ON(sizeof(*gregs) != (n + 6) * sizeof(long));
	memcpy(g, regs, sizeof(*regs));
	rdmsrl(MSR_FS_BASE, g[n]);
	rdmsrl(MSR_GS_BASE, g[n + 1]);
	savesegment(ds, seg);
	g[n + 2] = seg;
	savesegment(es, seg);
	g[n + 3] = seg;
	savesegment(fs, seg);
	g[n + 4] = seg;
	savesegment(gs, seg);
	g[n + 5] = seg;
}

/* Writes "CORE" NT_PRSTATUS then an empty note, as crash_save_cpu() does. */
static void save_prstatus(u64 note_maddr, struct pt_regs *regs, pid_t pid)
{
	struct elf_prstatus prstatus;
	struct elf_note *note = phys_to_virt(note_maddr);
	u8 *p = (u8 *)(note + 1);

	memset(&prstatus, 0, sizeof(prstatus));
	prstatus.common.pr_pid = pid;
	copy_regs(&prstatus.pr_reg, regs);
	note->n_namesz = 5;
	note->n_descsz = sizeof(prstatus);
	note->n_type = NT_PRSTATUS;
	memcpy(p, "CORE\0\0\0", 8);
	memcpy(p + 8, &prstatus, sizeof(prstatus));
	memset(p + 8 + ALIGN(sizeof(prstatus), 4), 0, sizeof(struct elf_note));
}

/*
 * Saves this CPU's registers into its crash_notes.  The snapshot is static,
 * not on the stack: only the CPU that won panic() gets here, and objtool
 * cannot follow crash_setup_regs()'s pushf/pop into a stack slot.
 */
static noinline void save_this_cpu(const struct capture *c, unsigned int cpu)
{
	static struct pt_regs regs;

	crash_setup_regs(&regs, NULL);
	if (cpu < c->nr_cpus && c->crash_notes[cpu])
		save_prstatus(c->crash_notes[cpu], &regs, current->pid);
}

static void quiet_lapic(void)
{
	if (!boot_cpu_has(X86_FEATURE_APIC) || !apic)
		return;
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_LVTPC, APIC_LVT_MASKED);	/* perf NMI watchdog */
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_LVT_MASKED);		/* ACPI NMI on LINT1 */
	apic_write(APIC_LVTERR, APIC_LVT_MASKED);
}

/* What kvm_guest_cpu_offline() does, which is not exported. */
static void quiet_kvm(void)
{
	u32 base = hypervisor_cpuid_base("KVMKVMKVM\0\0\0", 0);
	u32 features;

	if (!base)
		return;
	features = cpuid_eax(base | KVM_CPUID_FEATURES);
	if (features & (1 << KVM_FEATURE_ASYNC_PF))
		wrmsrl_safe(MSR_KVM_ASYNC_PF_EN, 0);
	if (features & (1 << KVM_FEATURE_STEAL_TIME))
		wrmsrl_safe(MSR_KVM_STEAL_TIME, 0);
	if (features & (1 << KVM_FEATURE_PV_EOI))
		wrmsrl_safe(MSR_KVM_PV_EOI_EN, 0);
	if (features & (1 << KVM_FEATURE_CLOCKSOURCE2))
		wrmsrl_safe(MSR_KVM_SYSTEM_TIME_NEW, 0);
	if (features & (1 << KVM_FEATURE_CLOCKSOURCE))
		wrmsrl_safe(MSR_KVM_SYSTEM_TIME, 0);
}

/*
 * What the jump relies on that the capture image checksum does not cover
 * (docs/handoff.md section 5): the handoff page up to the end of the
 * handoff code (the PDPT, the code, its parameter slots), every transition
 * table page (entries 256..511 of its top level are still empty: they are
 * copied after this check) and the jump's two arguments.
 */
u64 handoff_sum(const struct capture *c)
{
	const void *page = phys_to_virt(c->result.si.handoff_maddr);
	size_t len = HANDOFF_CODE_OFFSET +
		     (p2mdump_handoff_end - p2mdump_handoff_start);
	u64 args[2] = { c->result.si.handoff_maddr, transition_cr3(&c->trans) };
	struct csum s;
	unsigned int i;

	csum_init(&s);
	csum_add_words(&s, page, DIV_ROUND_UP(len, 4));
	for (i = 0; i < c->trans.nr_pages; i++)
		csum_add_page(&s, page_address(c->trans.pages[i]), 0, 0);
	csum_add_words(&s, (const u32 *)args, sizeof(args) / 4);
	return csum_final(&s);
}

static int on_panic(struct notifier_block *nb, unsigned long event, void *msg)
{
	struct capture *c = READ_ONCE(armed);
	struct frame_source src;
	unsigned int cpu;

	if (!c)
		return NOTIFY_DONE;
	local_irq_disable();
	cpu = smp_processor_id();
	save_this_cpu(c, cpu);
	frames_source(&src);
	if (loader_checksum(&src, c->p2m, &c->result.si) !=
	    c->result.si.checksum) {
		pr_emerg("p2mdump: capture kernel corrupted since load; no dump\n");
		return NOTIFY_DONE;
	}
	if (handoff_sum(c) != c->handoff_sum) {
		pr_emerg("p2mdump: handoff code or transition table corrupted since load; no dump\n");
		return NOTIFY_DONE;
	}
	pr_emerg("p2mdump: panic on CPU %u, entering the capture kernel\n", cpu);
	quiet_lapic();
	quiet_kvm();
	transition_copy_kernel_half(&c->trans);
	p2mdump_jump(transition_cr3(&c->trans),
		     c->result.si.handoff_maddr + HANDOFF_CODE_OFFSET);
	BUG();
}

static struct notifier_block panic_nb = {
	.notifier_call = on_panic,
	.priority = INT_MAX,		/* first, before anything else runs */
};

void panic_path_arm(struct capture *c)
{
	WRITE_ONCE(armed, c);
}

int panic_path_init(void)
{
	return atomic_notifier_chain_register(&panic_notifier_list, &panic_nb);
}

void panic_path_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &panic_nb);
}
