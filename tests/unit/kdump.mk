# tests/unit: the kdump-compressed writer.
KDUMP_TEST := $(B)/tests/unit/test_kdump
KDUMP_TEST_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	tests/unit/test_kdump.c $(KDUMP_SRCS) $(ELFCORE_INFO_SRCS) $(CSUM_SRCS)))

$(KDUMP_TEST): $(KDUMP_TEST_OBJS)
	@mkdir -p $(@D)
	$(CC) -pthread -o $@ $^

ALL_TARGETS += $(KDUMP_TEST)
