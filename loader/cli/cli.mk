# loader/cli: the p2mdump command (userspace).  Its tests and their
# helpers are in tests/host/ (tests/host/host.mk).
#
# p2mdump links the loader core, p2m and the checksum built for the host
# (the image check), the elfcorehdr builder, and the parser the capture
# kernel runs (to refuse a header the capture kernel would refuse) and
# the kdump layout (dumpsize.c sizes the dump disk with it).
# p2mdump-static is the same program linked -static, for a busybox
# initramfs.
P2MDUMP_CLI_SRCS := $(addprefix loader/cli/,p2mdump.c cli.c sysfs.c \
	iomem.c kallsyms.c notes.c corehdr.c target.c diskdata.c diskid.c \
	vdev.c dumpsize.c device.c cpus.c load.c postnotif.c armdisk.c \
	status.c dumphdr.c dumpdisk.c read_at.c outdir.c save.c \
	filetarget.c filemake.c filemap.c fskind.c sizearg.c dumparg.c estimate.c filesize.c \
	json.c status_json.c heldsize.c) \
	$(LOADER_CORE_SRCS) $(P2M_SRCS) $(CSUM_SRCS) $(CRC32_SRCS) $(ELFCOREHDR_SRCS) \
	elfcore/vmcore.c kdump/header.c
P2MDUMP_CLI_OBJS := $(patsubst %.c,$(B)/host/%.o,$(sort $(P2MDUMP_CLI_SRCS)))

$(B)/p2mdump: $(P2MDUMP_CLI_OBJS)
	$(CC) $(HOST_CFLAGS) $(BUILD_LDFLAGS) -o $@ $^

$(B)/p2mdump-static: $(P2MDUMP_CLI_OBJS)
	$(CC) $(HOST_CFLAGS) -static -o $@ $^

ALL_TARGETS += $(B)/p2mdump $(B)/p2mdump-static
