# arch/i386: the capture kernel's machine layer.
ARCH_SRCS := arch/i386/entry.S arch/i386/trap.c arch/i386/gdt.c \
	arch/i386/pgtable.c arch/i386/mmu.c arch/i386/serial.c \
	arch/i386/machine.c arch/i386/pci.c arch/i386/timer.c
ARCH_LDS := arch/i386/capture.ld
