# loader/cli: the p2mdump command (userspace), and the host helpers its
# tests use: mkdumpdisk (fake dump disks, synthetic vmcores) and
# check_vmcore (checks a guest-harness vmcore page by page).
#
# p2mdump links the loader core, p2m and the checksum built for the host
# (the image check), the elfcorehdr builder, and the parser the capture
# kernel runs (to refuse a header the capture kernel would refuse).  p2mdump-static is the
# same program linked -static, for a busybox initramfs.
P2MDUMP_CLI_SRCS := $(addprefix loader/cli/,p2mdump.c cli.c sysfs.c \
	iomem.c kallsyms.c notes.c corehdr.c target.c device.c load.c \
	status.c dumphdr.c dumpdisk.c save.c) \
	$(LOADER_CORE_SRCS) $(P2M_SRCS) $(CSUM_SRCS) $(ELFCOREHDR_SRCS) \
	elfcore/vmcore.c
P2MDUMP_CLI_OBJS := $(patsubst %.c,$(B)/host/%.o,$(sort $(P2MDUMP_CLI_SRCS)))

$(B)/p2mdump: $(P2MDUMP_CLI_OBJS)
	$(CC) $(HOST_CFLAGS) -o $@ $^

$(B)/p2mdump-static: $(P2MDUMP_CLI_OBJS)
	$(CC) $(HOST_CFLAGS) -static -o $@ $^

MKDUMPDISK_OBJS := $(B)/host/tests/unit/mkdumpdisk.o $(B)/host/lib/csum.o

$(B)/tests/mkdumpdisk: $(MKDUMPDISK_OBJS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

$(B)/tests/check_vmcore: $(B)/host/tests/guest/check_vmcore.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

# t_cli.sh's stand-in for p2mdump.ko: LD_PRELOAD, answers the ioctls.
$(B)/tests/fake_module.so: loader/cli/fake_module.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -fPIC -shared -o $@ $< -ldl

ALL_TARGETS += $(B)/p2mdump $(B)/p2mdump-static $(B)/tests/mkdumpdisk \
	$(B)/tests/check_vmcore $(B)/tests/fake_module.so
