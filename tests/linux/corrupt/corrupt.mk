# tests/linux/corrupt: corrupt.ko, a test-only module (t_corrupt.sh), built
# by `make module` with the same KVER/KDIR as p2mdump.ko (module.mk) in
# its own Kbuild tree, build/corrupt-module/.
CORRUPT_TREE := $(B)/corrupt-module
CORRUPT_KO := $(CORRUPT_TREE)/corrupt.ko

$(CORRUPT_KO): tests/linux/corrupt/corrupt.c tests/linux/corrupt/Kbuild $(MODULE_KVER)
	@test -d $(KDIR) || { echo "module: no kernel headers at $(KDIR) (apt-get install linux-headers-$(KVER), or make module KVER=...)"; exit 1; }
	@mkdir -p $(CORRUPT_TREE)
	@cp tests/linux/corrupt/corrupt.c tests/linux/corrupt/Kbuild $(CORRUPT_TREE)/
	$(MAKE) -C $(KDIR) M=$(abspath $(CORRUPT_TREE)) modules

module: $(CORRUPT_KO)
