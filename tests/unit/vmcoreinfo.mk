# tests/unit: VMCOREINFO and note-walk unit test.
VMCOREINFO_TEST := $(B)/tests/unit/test_vmcoreinfo
VMCOREINFO_TEST_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	tests/unit/test_vmcoreinfo.c $(ELFCORE_INFO_SRCS) tests/guest/fake_notes.c))

$(VMCOREINFO_TEST): $(VMCOREINFO_TEST_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

ALL_TARGETS += $(VMCOREINFO_TEST)
