# tests/unit: filter/ on a fake machine (tests/unit/fake_crashed.h): the
# page-table walker and mem_section (test_filter_pgtable), the struct page
# classifier and filter_window (test_filter_class).  The code under test
# is built with UBSan trapping (parsers.mk's $(B)/ubsan rule).
FILTER_TESTS := test_filter_pgtable test_filter_class
FILTER_TEST_BINS := $(patsubst %,$(B)/tests/unit/%,$(FILTER_TESTS))
FILTER_UBSAN_OBJS := $(patsubst %,$(B)/ubsan/%.o,$(basename \
	$(FILTER_SRCS) $(ELFCORE_INFO_SRCS)))

$(FILTER_TEST_BINS): $(B)/tests/unit/%: $(B)/host/tests/unit/%.o $(FILTER_UBSAN_OBJS)
	@mkdir -p $(@D)
	$(CC) -g -o $@ $^

ALL_TARGETS += $(FILTER_TEST_BINS)
