# tests/unit: lib/compress.c on our build of miniLZO, against the system's
# liblzo2 (-llzo2, from liblzo2-dev).  The code under test is linked into
# one object whose only global symbols are compress_*, so that the test's
# own lzo1x_* calls reach liblzo2 and not miniLZO's copies.  It is built
# with UBSan trapping, like the parsers (parsers.mk), less its alignment
# check for miniLZO, whose unaligned loads on x86 are by design.
COMPRESS_TEST := $(B)/tests/unit/test_compress
COMPRESS_UNDER_TEST := $(B)/ubsan/lib/compress-lzo.o
MINILZO_UBSAN_OBJ := $(B)/ubsan/lzo/minilzo.o

$(MINILZO_UBSAN_OBJ): $(MINILZO_DIR)/minilzo.c lib/minilzo_config.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(UBSAN_TRAP) -fno-sanitize=alignment \
		$(MINILZO_CFLAGS) -c $< -o $@

$(B)/ubsan/lib/compress.o: $(MINILZO_DIR)/minilzo.h
$(B)/ubsan/lib/compress.o: HOST_CFLAGS += -I$(MINILZO_DIR)

$(COMPRESS_UNDER_TEST): $(B)/ubsan/lib/compress.o $(MINILZO_UBSAN_OBJ)
	$(LD) -r -o $@ $^
	objcopy --wildcard --keep-global-symbol='compress_*' $@

$(COMPRESS_TEST): $(B)/host/tests/unit/test_compress.o $(COMPRESS_UNDER_TEST)
	@mkdir -p $(@D)
	$(CC) -g -o $@ $^ -llzo2

ALL_TARGETS += $(COMPRESS_TEST)
