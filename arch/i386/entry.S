/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture kernel entry, exception stubs and the one faulting probe.
 *
 * Entry state (docs/boot-protocol.md): 32-bit protected mode, flat
 * segments, PAE paging on with the loader's tables, interrupts off,
 * ESI = vaddr of the start info, ESP = top of the handoff page.
 * Nothing in the image may be written before boot_verify() has checked
 * the checksum, so it runs on the handoff page's stack.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	cld
	pushl	%esi
	call	boot_verify		/* does not return on failure */
	movl	$boot_stack_top, %esp
	pushl	%esi
	call	start_kernel
1:	cli
	hlt
	jmp	1b

	.text
/*
 * Exception stubs: each pushes a zero error code where the CPU pushes
 * none, then its vector, so trap_common sees one frame layout.
 */
.macro TRAP_NOERR vec
	.globl trap_\vec
trap_\vec:
	pushl	$0
	pushl	$\vec
	jmp	trap_common
.endm

.macro TRAP_ERR vec
	.globl trap_\vec
trap_\vec:
	pushl	$\vec
	jmp	trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31
/* Any vector from 32 up: an interrupt nobody asked for. */
TRAP_NOERR 255

trap_common:
	pushal
	pushl	%esp			/* struct trap_frame * */
	call	trap_handler
	addl	$4, %esp
	popal
	addl	$8, %esp		/* vector, error code */
	iret

	.section .rodata
	.globl trap_stubs
	.align 4
trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long trap_\v
	.endr
	.long trap_255

/*
 * int probe_write32(uint32_t *vaddr, uint32_t val): stores val, returns 0,
 * or -1 if the store faulted (trap_handler resumes at the fixup).
 */
	.text
	.globl probe_write32
probe_write32:
	movl	4(%esp), %edx
	movl	8(%esp), %ecx
	xorl	%eax, %eax
1:	movl	%ecx, (%edx)
2:	ret
	.section .fixup_table, "a"
	.long 1b, 2b
	.previous

	.bss
	.align 4096
	.globl boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:
