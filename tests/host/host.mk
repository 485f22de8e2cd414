# tests/host: host tools run by the tests.  filter_vmcore runs filter/ on an
# ELF vmcore and compares with makedumpfile's kdump-compressed bitmap 2.
FILTER_VMCORE := $(B)/tests/host/filter_vmcore
FILTER_VMCORE_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	tests/host/filter_vmcore.c tests/host/kdump_bitmap.c \
	$(FILTER_SRCS) $(ELFCORE_INFO_SRCS)))

$(FILTER_VMCORE): $(FILTER_VMCORE_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

ALL_TARGETS += $(FILTER_VMCORE)
