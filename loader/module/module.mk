# loader/module: p2mdump.ko, built with Kbuild against the matching
# linux-headers.  Kbuild wants its sources under one directory, so the
# files it needs are copied into build/module/ with their paths kept; that
# tree is also what a DKMS package would ship.
KVER ?= $(shell tests/linux/fetch-kernel.sh --release 2>/dev/null || uname -r)
KDIR ?= /usr/src/linux-headers-$(KVER)
MODULE_TREE := $(B)/module
MODULE_SRCS := loader/module/Kbuild $(wildcard loader/module/*.c loader/module/*.h \
	loader/module/*.S) $(LOADER_CORE_SRCS) $(wildcard loader/core/*.h) \
	$(P2M_SRCS) $(wildcard p2m/*.h) $(CSUM_SRCS) lib/csum.h \
	$(wildcard include/p2mdump/*.h)
MODULE_KO := $(MODULE_TREE)/p2mdump.ko

$(MODULE_KO): $(MODULE_SRCS)
	@test -d $(KDIR) || { echo "module: no kernel headers at $(KDIR)"; exit 1; }
	@mkdir -p $(MODULE_TREE)
	@for f in $(MODULE_SRCS); do mkdir -p $(MODULE_TREE)/$$(dirname $$f); cp $$f $(MODULE_TREE)/$$f; done
	@cp loader/module/Kbuild $(MODULE_TREE)/Kbuild
	$(MAKE) -C $(KDIR) M=$(abspath $(MODULE_TREE)) modules

.PHONY: module
module: $(MODULE_KO)
