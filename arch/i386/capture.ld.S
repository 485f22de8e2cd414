/*
 * The capture kernel: linked at CAPTURE_KERNEL_BASE, paddr = vaddr - base.
 * Run through the C preprocessor (arch/i386/i386.mk) for the boot protocol's
 * constants.
 */
#include <p2mdump/start_info.h>

OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)

SECTIONS
{
	. = CAPTURE_KERNEL_BASE;
	.text : {
		*(.text.entry)
		*(.text .text.*)
	}
	.rodata : ALIGN(32) {
		*(.rodata .rodata.*)
		__fixup_start = .;
		KEEP(*(.fixup_table))
		__fixup_end = .;
	}
	.data : ALIGN(PAGE_SIZE) {
		*(.data .data.*)
	}
	/* The GDT alone on its page: page-aligned, page-padded, zero-filled. */
	.gdt_page : ALIGN(PAGE_SIZE) {
		__gdt_page_start = .;
		KEEP(*(.gdt_page))
		. = __gdt_page_start + PAGE_SIZE;
		__gdt_page_end = .;
	}
	.bss : ALIGN(PAGE_SIZE) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		__bss_end = .;
	}
	__image_end = .;
	/DISCARD/ : {
		*(.comment) *(.note*) *(.eh_frame*)
	}
}
