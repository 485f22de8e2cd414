# tests/unit: ELF core and notes unit tests.
ELFCORE_TEST := $(B)/tests/unit/test_elfcore
ELFCORE_TEST_SRCS := tests/unit/test_elfcore.c $(ELFCOREHDR_SRCS) \
	$(VMCORE_SRCS)
ELFCORE_TEST_OBJS := $(patsubst %,$(B)/host/%.o,\
	$(basename $(ELFCORE_TEST_SRCS)))

$(ELFCORE_TEST): $(ELFCORE_TEST_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $(ELFCORE_TEST_OBJS)

ALL_TARGETS += $(ELFCORE_TEST)
