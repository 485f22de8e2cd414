# loader/cli: the p2mdump command (userspace), and the host helpers its
# tests use: mkdumpdisk (fake dump disks, synthetic vmcores) and
# check_vmcore (checks a guest-harness vmcore page by page).
P2MDUMP_CLI_SRCS := loader/cli/p2mdump.c loader/cli/save.c p2m/csum.c
P2MDUMP_CLI_OBJS := $(patsubst %.c,$(B)/host/%.o,$(P2MDUMP_CLI_SRCS))

$(B)/p2mdump: $(P2MDUMP_CLI_OBJS)
	$(CC) $(HOST_CFLAGS) -o $@ $^

MKDUMPDISK_OBJS := $(B)/host/tests/unit/mkdumpdisk.o $(B)/host/p2m/csum.o

$(B)/tests/mkdumpdisk: $(MKDUMPDISK_OBJS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

$(B)/tests/check_vmcore: $(B)/host/tests/guest/check_vmcore.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

ALL_TARGETS += $(B)/p2mdump $(B)/tests/mkdumpdisk $(B)/tests/check_vmcore
