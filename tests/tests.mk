# tests/: host unit tests and the guest harness.

# The guest harness: the loader core and p2m built freestanding, with the
# capture kernel's console and string helpers.
HARNESS_SRCS := tests/guest/head.S tests/guest/harness.c tests/guest/memory.c \
	$(LOADER_CORE_SRCS) $(P2M_SRCS) capture/printf.c capture/string.c \
	arch/i386/serial.c arch/i386/machine.c
HARNESS_OBJS := $(patsubst %,$(B)/k/%.o,$(basename $(HARNESS_SRCS)))
HARNESS_ELF := $(B)/harness.elf

$(HARNESS_ELF): $(HARNESS_OBJS) tests/guest/harness.ld
	$(LD) $(K_LDFLAGS) -T tests/guest/harness.ld -o $@ $(HARNESS_OBJS) $(LIBGCC32)

ALL_TARGETS += $(HARNESS_ELF)
