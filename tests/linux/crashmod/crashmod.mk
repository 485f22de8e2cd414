# tests/linux/crashmod: crashmod.ko, a test-only module that crashes the
# first kernel in a chosen way (t_crashes.sh), built by `make module` with
# the same KVER/KDIR as p2mdump.ko (module.mk) in its own Kbuild tree,
# build/crashmod-module/.  Never installed: mkinitramfs.sh copies it.
CRASHMOD_TREE := $(B)/crashmod-module
CRASHMOD_KO := $(CRASHMOD_TREE)/crashmod.ko

$(CRASHMOD_KO): tests/linux/crashmod/crashmod.c tests/linux/crashmod/Kbuild $(MODULE_KVER)
	@test -d $(KDIR) || { echo "module: no kernel headers at $(KDIR) (apt-get install linux-headers-$(KVER), or make module KVER=...)"; exit 1; }
	@mkdir -p $(CRASHMOD_TREE)
	@cp tests/linux/crashmod/crashmod.c tests/linux/crashmod/Kbuild $(CRASHMOD_TREE)/
	$(MAKE) -C $(KDIR) M=$(abspath $(CRASHMOD_TREE)) modules

module: $(CRASHMOD_KO)
