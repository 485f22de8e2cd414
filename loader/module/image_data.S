/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture kernel built into the module, so that a signed module vouches
 * for it (docs/linux.md, Safety).  P2MDUMP_CAPTURE_ELF (Kbuild) names the
 * copy of build/capture.elf that module.mk put into the module tree.
 */
	.section .rodata, "a"
	.balign 16
	.globl p2mdump_builtin_image
p2mdump_builtin_image:
	.incbin P2MDUMP_CAPTURE_ELF
	.globl p2mdump_builtin_image_end
p2mdump_builtin_image_end:
