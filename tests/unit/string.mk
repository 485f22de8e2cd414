# tests/unit: lib/string.c as the capture kernel runs it.  The test links
# the freestanding i386 object itself, its symbols renamed k_* so that they
# do not replace the C library's, into a -m32 host program.
STRING_TEST := $(B)/tests/unit/test_string
STRING_UNDER_TEST := $(B)/host32/lib/string-k.o

$(STRING_UNDER_TEST): $(B)/k/lib/string.o
	@mkdir -p $(@D)
	objcopy --prefix-symbols=k_ $< $@

$(B)/host32/tests/unit/test_string.o: tests/unit/test_string.c
	@mkdir -p $(@D)
	$(CC) -m32 $(HOST_CFLAGS) -c $< -o $@

$(STRING_TEST): $(B)/host32/tests/unit/test_string.o $(STRING_UNDER_TEST)
	@mkdir -p $(@D)
	$(CC) -m32 -g -o $@ $^

ALL_TARGETS += $(STRING_TEST)
