# loader/module: p2mdump.ko, built with Kbuild against the matching
# linux-headers.  Kbuild wants its sources under one directory, so the
# files it needs are copied into build/module/ with their paths kept; that
# tree, capture.elf included, is also what a DKMS package would ship.
#
# It builds for the running kernel unless told otherwise: `make module
# KVER=...`.  The Linux tests pass the release of the kernel they boot.
KVER ?= $(shell uname -r)
KDIR ?= /usr/src/linux-headers-$(KVER)
MODULE_TREE := $(B)/module
MODULE_SRCS := loader/module/Kbuild $(wildcard loader/module/*.c loader/module/*.h \
	loader/module/*.S) $(LOADER_CORE_SRCS) $(wildcard loader/core/*.h) \
	$(P2M_SRCS) $(wildcard p2m/*.h) $(CSUM_SRCS) lib/csum.h \
	lib/pool_need.h $(EXTENT_MAP_SRCS) lib/extent_map.h \
	elfcore/vmcore.h elfcore/elfcorehdr.h \
	$(wildcard include/p2mdump/*.h)
MODULE_KO := $(MODULE_TREE)/p2mdump.ko
MODULE_KVER := $(MODULE_TREE)/.kver
# The capture kernel the module carries (image_data.S): capture.elf without
# symbols or debug info, which the loader does not read (PT_LOAD only).
MODULE_IMAGE := $(MODULE_TREE)/capture.elf

$(MODULE_IMAGE): $(CAPTURE_ELF)
	@mkdir -p $(@D)
	objcopy --strip-all $< $@

# Rewritten only when KVER changes, so a switch of kernel rebuilds the .ko.
$(MODULE_KVER): FORCE
	@mkdir -p $(@D)
	@echo '$(KVER)' | cmp -s - $@ || echo '$(KVER)' > $@

$(MODULE_KO): $(MODULE_SRCS) $(MODULE_IMAGE) $(MODULE_KVER)
	@test -d $(KDIR) || { echo "module: no kernel headers at $(KDIR) (apt-get install linux-headers-$(KVER), or make module KVER=...)"; exit 1; }
	@mkdir -p $(MODULE_TREE)
	@for f in $(MODULE_SRCS); do mkdir -p $(MODULE_TREE)/$$(dirname $$f); cp $$f $(MODULE_TREE)/$$f; done
	@cp loader/module/Kbuild $(MODULE_TREE)/Kbuild
	$(MAKE) -C $(KDIR) M=$(abspath $(MODULE_TREE)) modules

.PHONY: module FORCE
module: $(MODULE_KO)
