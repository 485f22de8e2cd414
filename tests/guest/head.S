/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest harness ("crashed system") entry: Multiboot 1 header, a flat
 * GDT of its own, a stack, then harness_main(mbi).  Also the handoff stub
 * that is copied into the capture kernel's handoff page.
 */
#include <p2mdump/start_info.h>	/* BOOT_CS, BOOT_DS and their descriptors */

#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* page-align modules, memory info */

	.section .multiboot, "a"
	.align 4
	.long	MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	cld
	movl	$stack_top, %esp
	lgdt	gdt_desc
	ljmp	$BOOT_CS, $1f
1:	movl	$BOOT_DS, %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	%ecx, %ss
	pushl	%ebx			/* multiboot info */
	call	harness_main
2:	cli
	hlt
	jmp	2b

/*
 * void enter_capture(uint32_t stub, uint32_t pdpt_maddr, uint32_t entry,
 *                    uint32_t start_info_vaddr): never returns.
 * Loads the registers the stub wants and jumps to its identity address.
 */
	.globl enter_capture
enter_capture:
	movl	4(%esp), %edx
	movl	8(%esp), %eax
	movl	12(%esp), %ebx
	movl	16(%esp), %esi
	jmp	*%edx

/*
 * The handoff stub, position independent, run at the handoff page's
 * identity address (mapped in both our tables and the capture kernel's):
 * switch to the capture tables, put the stack at the top of this page,
 * enter the capture kernel.  In: EAX = PDPT, EBX = entry, ESI = start info.
 */
	.globl handoff_stub, handoff_stub_end
handoff_stub:
	call	3f			/* find our own address, on the */
3:	popl	%ecx			/* old stack while it is mapped */
	andl	$0xfffff000, %ecx
	addl	$4096, %ecx
	movl	%eax, %cr3
	movl	%ecx, %esp
	jmp	*%ebx
handoff_stub_end:

	.section .rodata
	.align 8
gdt:
	.quad	0
	.quad	BOOT_DESC_CODE32	/* BOOT_CS */
	.quad	BOOT_DESC_DATA32	/* BOOT_DS */
gdt_desc:
	.word	gdt_desc - gdt - 1
	.long	gdt

	.bss
	.align 16
	.skip	16384
stack_top:
