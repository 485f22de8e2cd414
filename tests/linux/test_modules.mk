# Test-only kernel modules under tests/linux/NAME/ (NAME.c and a Kbuild):
# corrupt.ko (t_corrupt.sh) and crashmod.ko (t_crashes.sh).  `make module`
# builds each with the same KVER/KDIR as p2mdump.ko (module.mk) in its own
# Kbuild tree, build/NAME-module/.  Never installed: mkinitramfs.sh
# copies them into the test initramfs.
TEST_MODULES := corrupt crashmod

define test_module
$(B)/$(1)-module/$(1).ko: tests/linux/$(1)/$(1).c tests/linux/$(1)/Kbuild $$(MODULE_KVER)
	@test -d $$(KDIR) || { echo "module: no kernel headers at $$(KDIR) (apt-get install linux-headers-$$(KVER), or make module KVER=...)"; exit 1; }
	@mkdir -p $(B)/$(1)-module
	@cp tests/linux/$(1)/$(1).c tests/linux/$(1)/Kbuild $(B)/$(1)-module/
	$$(MAKE) -C $$(KDIR) M=$$(abspath $(B)/$(1)-module) modules

module: $(B)/$(1)-module/$(1).ko
endef

$(foreach m,$(TEST_MODULES),$(eval $(call test_module,$(m))))
