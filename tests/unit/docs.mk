# tests/unit: the offset tables in docs/ against the ABI structs.
DOCS_TEST := $(B)/tests/unit/test_docs
DOCS_TEST_OBJS := $(B)/host/tests/unit/test_docs.o

$(DOCS_TEST): $(DOCS_TEST_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $(DOCS_TEST_OBJS)

ALL_TARGETS += $(DOCS_TEST)
