# filter/: page filtering by makedumpfile's dump levels, from VMCOREINFO
# and oldmem alone; pure logic, built freestanding and for the host.
FILTER_SRCS := filter/ram.c filter/x86_pgtable.c filter/mem_section.c \
	filter/page_class.c filter/filter.c

# Freestanding check: filter/ and what it calls, linked for i386 with
# only lib/string and libgcc under it; an undefined symbol or a compile
# error in the K_CFLAGS build fails `make all`.
FILTER_K_OBJS := $(patsubst %,$(B)/k/%.o,$(basename \
	$(FILTER_SRCS) $(ELFCORE_INFO_SRCS) lib/string.c))
$(B)/filter-freestanding.elf: $(FILTER_K_OBJS)
	$(LD) $(K_LDFLAGS) -e filter_init -o $@ $(FILTER_K_OBJS) $(LIBGCC32)

ALL_TARGETS += $(B)/filter-freestanding.elf
