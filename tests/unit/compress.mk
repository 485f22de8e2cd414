# tests/unit: lib/compress.c on our build of miniLZO and of zlib's deflate,
# against the system's liblzo2 (-llzo2, from liblzo2-dev; test_compress)
# and zlib (-lz, from zlib1g-dev; test_compress_zlib).  The code under
# test is linked into one object whose only global symbols are compress_*,
# so that the tests' own lzo1x_* and zlib calls reach the system libraries
# and not our copies.  It is built with UBSan trapping, like the parsers
# (parsers.mk), less its alignment check for miniLZO, whose unaligned
# loads on x86 are by design.
COMPRESS_TESTS := $(B)/tests/unit/test_compress $(B)/tests/unit/test_compress_zlib
COMPRESS_UNDER_TEST := $(B)/ubsan/lib/compress-under-test.o
MINILZO_UBSAN_OBJ := $(B)/ubsan/lzo/minilzo.o
ZLIB_UBSAN_OBJS := $(patsubst %,$(B)/ubsan/zlib/%.o,$(ZLIB_NAMES))

$(MINILZO_UBSAN_OBJ): $(MINILZO_DIR)/minilzo.c lib/minilzo_config.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(UBSAN_TRAP) -fno-sanitize=alignment \
		$(MINILZO_CFLAGS) -c $< -o $@

$(ZLIB_UBSAN_OBJS): $(B)/ubsan/zlib/%.o: $(ZLIB_STAMP) lib/zlib_config.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(UBSAN_TRAP) $(ZLIB_CFLAGS) \
		-c $(ZLIB_DIR)/$*.c -o $@

$(B)/ubsan/lib/compress.o: $(MINILZO_DIR)/minilzo.h $(ZLIB_STAMP)
$(B)/ubsan/lib/compress.o: HOST_CFLAGS += -I$(MINILZO_DIR) -I$(ZLIB_DIR)

$(COMPRESS_UNDER_TEST): $(B)/ubsan/lib/compress.o $(MINILZO_UBSAN_OBJ) \
		$(ZLIB_UBSAN_OBJS)
	$(LD) -r -o $@ $^
	objcopy --wildcard --keep-global-symbol='compress_*' $@

$(B)/tests/unit/test_compress: $(B)/host/tests/unit/test_compress.o \
		$(COMPRESS_UNDER_TEST)
	@mkdir -p $(@D)
	$(CC) -g -o $@ $^ -llzo2

$(B)/tests/unit/test_compress_zlib: $(B)/host/tests/unit/test_compress_zlib.o \
		$(COMPRESS_UNDER_TEST)
	@mkdir -p $(@D)
	$(CC) -g -o $@ $^ -lz

ALL_TARGETS += $(COMPRESS_TESTS)
