/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Leaving a panicking x86_64 Linux for the 32-bit PAE capture kernel
 * (docs/handoff.md section 5; Intel SDM vol. 3, 9.8.5.4).
 *
 * p2mdump_jump() runs in the module's text: it loads the transition CR3
 * (identity map of 0-4 GiB plus the kernel half copied from the live table,
 * so this very code stays mapped) and jumps to the handoff page's identity
 * address.  The blob between p2mdump_handoff_start and _end is copied into
 * the handoff page at HANDOFF_CODE_OFFSET.  It is position independent
 * (local labels only: no relocations) and keeps its parameters in named
 * slots that the module fills in after copying.
 *
 *   64-bit, identity   endbr64, own GDT, null IDT, CR4 &= PAE|LA57, DR7 = 0,
 *                      far return into a 32-bit code segment
 *   32-bit compat      flat data segments, stack at the top of the page,
 *                      CR0.PG = 0 (leaves IA-32e mode), EFER.LME = 0,
 *                      CR4 = PAE, CR3 = PDPT, CR0.PG = 1
 *   32-bit PAE         ESI = start info, jump to the capture kernel
 */
#include <linux/linkage.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include <p2mdump/start_info.h>	/* BOOT_CS, BOOT_DS and their descriptors */

	.text
	.code64
/* void p2mdump_jump(u64 transition_cr3, u64 handoff_code_maddr) */
SYM_CODE_START(p2mdump_jump)
	cli
	movq	%rdi, %cr3
	jmpq	*%rsi
SYM_CODE_END(p2mdump_jump)

	.section .rodata, "a"
	.balign 16
	.globl p2mdump_handoff_start
p2mdump_handoff_start:
.Lbase:
	/*
	 * p2mdump_jump enters here by an indirect jump, with Linux's CR4.CET
	 * still on: under IBT (CONFIG_X86_KERNEL_IBT) any other first
	 * instruction is a #CP.  Always there (a NOP without CET), so the
	 * module does not depend on the config it was built for.  It is the
	 * only indirect target: CET is off before the jump to the capture
	 * kernel (docs/handoff.md section 4).
	 */
	endbr64
	leaq	.Lbase(%rip), %rbx
	leaq	.Lgdt(%rip), %rax
	movq	%rax, .Lgdtr_base(%rip)
	lgdt	.Lgdtr(%rip)
	lidt	.Lnull_idtr(%rip)
	xorl	%eax, %eax
	movq	%rax, %dr7		/* no stray breakpoints past here */
	/* PCIDE, PGE, SMEP, SMAP, CET...: off.  PAE/LA57 cannot change yet. */
	movq	%cr4, %rax
	andq	$(X86_CR4_PAE | X86_CR4_LA57), %rax
	movq	%rax, %cr4
	leaq	.Lcompat(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq

	.code32
.Lcompat:
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	%ebx, %esp		/* the upper half of RSP is gone */
	andl	$0xfffff000, %esp
	addl	$4096, %esp
	movl	%cr0, %eax		/* paging off: IA-32e mode ends */
	andl	$~X86_CR0_PG, %eax
	movl	%eax, %cr0
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~(1 << _EFER_LME), %eax
	wrmsr
	movl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	(.Lpdpt - .Lbase)(%ebx), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax		/* PAE paging on, the capture tables */
	orl	$X86_CR0_PG, %eax
	movl	%eax, %cr0
	movl	(.Lstart_info - .Lbase)(%ebx), %esi
	jmp	*(.Lentry - .Lbase)(%ebx)

	.balign 8
.Lgdt:
	.quad	0
	.quad	BOOT_DESC_CODE32	/* BOOT_CS */
	.quad	BOOT_DESC_DATA32	/* BOOT_DS */
.Lgdtr:
	.word	.Lgdtr - .Lgdt - 1
.Lgdtr_base:
	.quad	0
.Lnull_idtr:
	.word	0
	.quad	0

	.balign 4
	.globl p2mdump_handoff_params
p2mdump_handoff_params:		/* struct handoff_params */
.Lpdpt:
	.long	0
.Lentry:
	.long	0
.Lstart_info:
	.long	0
	.globl p2mdump_handoff_end
p2mdump_handoff_end:
