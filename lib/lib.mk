# lib/: the freestanding library under the capture kernel and the guest
# harness (printk, panic, string functions), reaching the machine only
# through lib/hooks.h; and the checksum, which the host tools and the
# module build too.
LIB_SRCS := lib/printk.c lib/panic.c lib/string.c lib/csum.c lib/crc32.c
CSUM_SRCS := lib/csum.c
# The capture kernel's pool plan, shared with the loader core.
POOL_NEED_SRCS := lib/pool_need.c

# The dump-disk header's CRC: the capture kernel, the CLI and its tests.
CRC32_SRCS := lib/crc32.c

# The dump target's extent map, checked and looked up: the capture kernel
# and the loader core (so the module, the CLI and the harness).
EXTENT_MAP_SRCS := lib/extent_map.c

# gcc may turn a store loop into a call to memset or memcpy, which inside
# lib/string.c would call itself: not there, and the object must call
# nothing (checked on every build).
$(B)/k/lib/string.o: K_CFLAGS += -fno-tree-loop-distribute-patterns

$(B)/k/lib/string.calls-nothing: $(B)/k/lib/string.o
	@if nm -u $< | grep -q .; then \
		echo "$<: calls out: $$(nm -u $< | tr -s ' \n' ' ')" >&2; exit 1; fi
	@touch $@

ALL_TARGETS += $(B)/k/lib/string.calls-nothing

# Page compression (lib/compress.c) on miniLZO, which is third-party: the
# build compiles Debian's copy unmodified (liblzo2-dev, GPL-2.0+), never a
# copy in this tree.  lib/minilzo_config.h configures it (freestanding).
# Only the capture kernel and test_compress link it, not the harness.
COMPRESS_SRCS := lib/compress.c
MINILZO_DIR := /usr/share/lzo/minilzo
MINILZO_K_OBJ := $(B)/k/lzo/minilzo.o
MINILZO_HOST_OBJ := $(B)/host/lzo/minilzo.o
# Its warnings stay on but do not fail the build (third-party code).
MINILZO_CFLAGS := -I$(MINILZO_DIR) -include lib/minilzo_config.h -Wno-error

$(MINILZO_DIR)/%:
	@echo "$@ is missing: install liblzo2-dev (tests/deps.sh)" >&2; exit 1

$(MINILZO_K_OBJ): $(MINILZO_DIR)/minilzo.c lib/minilzo_config.h
	@mkdir -p $(@D)
	$(CC) $(K_CFLAGS) $(MINILZO_CFLAGS) -c $< -o $@

$(MINILZO_HOST_OBJ): $(MINILZO_DIR)/minilzo.c lib/minilzo_config.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(MINILZO_CFLAGS) -c $< -o $@

$(B)/k/lib/compress.o $(B)/host/lib/compress.o: $(MINILZO_DIR)/minilzo.h
$(B)/k/lib/compress.o: K_CFLAGS += -I$(MINILZO_DIR)
$(B)/host/lib/compress.o: HOST_CFLAGS += -I$(MINILZO_DIR)

# zlib's deflate (lib/compress.c's second method) is third-party too: the
# build takes zlib 1.2.12 from the binutils source tarball that Debian's
# binutils-source ships (zlib/ in it is upstream zlib, zlib licence in
# zlib.h and README), extracts only the files below into $(ZLIB_DIR) once
# (xz: a few seconds; cached by the stamp), and compiles them unmodified in
# zlib's freestanding mode, configured by lib/zlib_config.h.
ZLIB_TAR := /usr/src/binutils/binutils-2.40.tar.xz
ZLIB_DIR := $(B)/zlib
ZLIB_STAMP := $(ZLIB_DIR)/.extracted
ZLIB_MEMBERS := README zlib.h zconf.h zutil.h deflate.h trees.h \
	deflate.c trees.c zutil.c adler32.c
ZLIB_NAMES := deflate trees zutil adler32
ZLIB_K_OBJS := $(patsubst %,$(B)/k/zlib/%.o,$(ZLIB_NAMES))
ZLIB_HOST_OBJS := $(patsubst %,$(B)/host/zlib/%.o,$(ZLIB_NAMES))
ZLIB_CFLAGS := -I$(ZLIB_DIR) -include lib/zlib_config.h -Wno-error

$(ZLIB_TAR):
	@echo "$@ is missing: install binutils-source (tests/deps.sh)" >&2; exit 1

# --occurrence=1: the tarball lists each zlib file twice (the second a hard
# link to the first); tar stops reading once it has them all.
$(ZLIB_STAMP): $(ZLIB_TAR)
	@rm -rf $(ZLIB_DIR) && mkdir -p $(ZLIB_DIR)
	tar -xJf $< -C $(ZLIB_DIR) --strip-components=2 --occurrence=1 \
		$(addprefix binutils-2.40/zlib/,$(ZLIB_MEMBERS))
	@touch $@

# Named by the objects' dependency files: extracted with the stamp.
$(addprefix $(ZLIB_DIR)/,$(ZLIB_MEMBERS)): | $(ZLIB_STAMP) ;

$(ZLIB_K_OBJS): $(B)/k/zlib/%.o: $(ZLIB_STAMP) lib/zlib_config.h
	@mkdir -p $(@D)
	$(CC) $(K_CFLAGS) $(ZLIB_CFLAGS) -c $(ZLIB_DIR)/$*.c -o $@

$(ZLIB_HOST_OBJS): $(B)/host/zlib/%.o: $(ZLIB_STAMP) lib/zlib_config.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(ZLIB_CFLAGS) -c $(ZLIB_DIR)/$*.c -o $@

$(B)/k/lib/compress.o $(B)/host/lib/compress.o: $(ZLIB_STAMP)
$(B)/k/lib/compress.o: K_CFLAGS += -I$(ZLIB_DIR)
$(B)/host/lib/compress.o: HOST_CFLAGS += -I$(ZLIB_DIR)
