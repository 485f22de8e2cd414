# lib/: the freestanding library under the capture kernel and the guest
# harness (printk, panic, string functions), reaching the machine only
# through lib/hooks.h; and the checksum, which the host tools and the
# module build too.
LIB_SRCS := lib/printk.c lib/panic.c lib/string.c lib/csum.c
CSUM_SRCS := lib/csum.c

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
