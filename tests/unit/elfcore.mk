# tests/unit: ELF core and notes unit tests, on the scenario of
# elfcore_fixture.c: test_elfcorehdr (build and parse), test_vmcore (note
# merge, layout, headers, clipping).
ELFCORE_TESTS := $(B)/tests/unit/test_elfcorehdr $(B)/tests/unit/test_vmcore
ELFCORE_TEST_LIB_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	tests/unit/elfcore_fixture.c $(ELFCOREHDR_SRCS) $(VMCORE_SRCS)))

$(ELFCORE_TESTS): $(B)/tests/unit/%: $(B)/host/tests/unit/%.o \
		$(ELFCORE_TEST_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

ALL_TARGETS += $(ELFCORE_TESTS)
