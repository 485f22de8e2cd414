/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a helper CPU gets from a STARTUP IPI into the capture kernel
 * (docs/design.md, "Helper CPUs").  Three pieces, three places:
 *
 *  1. smp_trampoline: copied to the borrowed start page below 1 MiB (page
 *     frame = the STARTUP vector).  Real mode, CS = vector << 8, IP = 0:
 *     load the page's own flat GDT, set PE (CR0 = PE|ET: caches on, as
 *     INIT left them off), far-jump to its 32-bit half, which loads flat
 *     data segments and jumps, paging still off, to piece 2.  Parameters
 *     sit in named slots at the end of the page copy (TR_*), written by
 *     smp_trampoline_install(); EBX holds the page's linear address.
 *  2. smp_paging_stub: copied into the handoff page (identity-mapped in
 *     the capture kernel's PAE tables, below 3 GiB): CR4.PAE, CR3 = the
 *     PDPT (EAX), CR0.PG|WP.  The instruction after the CR0 write is
 *     fetched through the capture tables: it must be, and is, identity-
 *     mapped.  Then jump to the kernel vaddr in ECX.
 *  3. smp_ap_entry, in the kernel image: take a ticket (lock xadd), which
 *     picks the stack (and in C, the GDT page) this CPU gets; too many
 *     tickets: park with no stack.  Then smp_ap_main(ticket).
 *
 * No piece uses a stack before 3 has one: several CPUs may run 1 and 2
 * at once.
 */
#include <p2mdump/start_info.h>

#define CR0_PE		0x00000001
#define CR0_ET		0x00000010
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020

#define OFF(sym)	((sym) - smp_trampoline)

	.text
	.code16
	.globl smp_trampoline, smp_trampoline_end
	.globl smp_tr_gdt_desc, smp_tr_pm_ptr, smp_tr_cr3, smp_tr_entry
	.globl smp_tr_stub, smp_tr_pm32, smp_tr_gdt
smp_trampoline:
	cli
	cld
	xorl	%ebx, %ebx
	movw	%cs, %bx
	movw	%bx, %ds
	shll	$4, %ebx		/* linear address of this page */
	lgdtl	OFF(smp_tr_gdt_desc)
	movl	$(CR0_PE | CR0_ET), %eax
	movl	%eax, %cr0
	ljmpl	*OFF(smp_tr_pm_ptr)

	.code32
smp_tr_pm32:
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	OFF(smp_tr_cr3)(%ebx), %eax
	movl	OFF(smp_tr_entry)(%ebx), %ecx
	jmp	*OFF(smp_tr_stub)(%ebx)

	.align 8
smp_tr_gdt:				/* flat, accessed bits preset */
	.quad	0
	.quad	BOOT_DESC_CODE32	/* BOOT_CS */
	.quad	BOOT_DESC_DATA32	/* BOOT_DS */
smp_tr_gdt_desc:
	.word	3 * 8 - 1
	.long	0			/* page + OFF(smp_tr_gdt) */
smp_tr_pm_ptr:
	.long	0			/* page + OFF(smp_tr_pm32) */
	.word	BOOT_CS
	.align 4
smp_tr_cr3:
	.long	0			/* the PDPT, below 4 GiB */
smp_tr_entry:
	.long	0			/* smp_ap_entry */
smp_tr_stub:
	.long	0			/* smp_paging_stub's copy */
smp_trampoline_end:

/* In: EAX = PDPT, ECX = kernel entry; runs at an identity address. */
	.globl smp_paging_stub, smp_paging_stub_end
smp_paging_stub:
	movl	%cr4, %edx
	orl	$CR4_PAE, %edx
	movl	%edx, %cr4
	movl	%eax, %cr3
	movl	%cr0, %edx
	orl	$(CR0_PG | CR0_WP), %edx
	movl	%edx, %cr0
	jmp	*%ecx			/* fetched through the PAE tables */
smp_paging_stub_end:

/* Paging on, kernel vaddrs from here. */
	.globl smp_ap_entry
smp_ap_entry:
	movl	$1, %eax
	lock xaddl %eax, smp_ap_ticket
	cmpl	smp_ap_nr, %eax
	jae	1f
	movl	smp_ap_stack_top(, %eax, 4), %esp
	pushl	%eax
	call	smp_ap_main		/* never returns */
1:	cli
	hlt
	jmp	1b
