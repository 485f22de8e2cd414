# arch/i386: the capture kernel's machine layer.
ARCH_SRCS := arch/i386/entry.S arch/i386/trap.c arch/i386/gdt.c \
	arch/i386/pgtable.c arch/i386/mmu.c arch/i386/serial.c \
	arch/i386/machine.c arch/i386/pci.c arch/i386/timer.c arch/i386/rtc.c \
	arch/i386/apic.c arch/i386/smp.c arch/i386/trampoline.S
ARCH_LDS := $(B)/capture.ld

# The linker script, preprocessed for the boot protocol's constants.
$(ARCH_LDS): arch/i386/capture.ld.S include/p2mdump/start_info.h include/p2mdump/page.h
	@mkdir -p $(@D)
	$(CC) -E -P -x c -D__ASSEMBLY__ -Iinclude $< -o $@
