# tests/host/kdump_file.c reads kdump pages: LZO and zlib from the system.
KDUMP_FILE_LIBS := -llzo2 -lz

# tests/host: the host-only script tests' helpers (t_*.sh here run with
# `make check-unit`: no QEMU, no root).
#
# mkdumpdisk: fake dump disks and synthetic vmcores (t_save, t_check_vmcore).
MKDUMPDISK_OBJS := $(B)/host/tests/host/mkdumpdisk.o $(B)/host/lib/csum.o \
	$(B)/host/lib/crc32.o

$(B)/tests/mkdumpdisk: $(MKDUMPDISK_OBJS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

# t_cli.sh's stand-in for p2mdump.ko: LD_PRELOAD, answers the ioctls.
$(B)/tests/fake_module.so: tests/host/fake_module.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -fPIC -shared -o $@ $< -ldl

ALL_TARGETS += $(B)/tests/mkdumpdisk $(B)/tests/fake_module.so
# Its headers (the ioctl ABI above all): the Makefile's -include does not
# reach build/tests/.
-include $(B)/tests/fake_module.d

# elf2kdump: an ELF vmcore rewritten in the kdump format by the capture
# kernel's own writer, for crash and makedumpfile to check (t_linux).
ELF2KDUMP_OBJS := $(patsubst %,$(B)/host/%.o,$(basename tests/host/elf2kdump.c \
	$(KDUMP_SRCS) $(ELFCORE_INFO_SRCS) $(CSUM_SRCS) $(COMPRESS_SRCS))) \
	$(MINILZO_HOST_OBJ) $(ZLIB_HOST_OBJS)

$(B)/tests/elf2kdump: $(ELF2KDUMP_OBJS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^

ALL_TARGETS += $(B)/tests/elf2kdump

# tests/host: host tools run by the tests.  filter_vmcore runs filter/ on an
# ELF vmcore and compares with makedumpfile's kdump-compressed bitmap 2.
FILTER_VMCORE := $(B)/tests/host/filter_vmcore
FILTER_VMCORE_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	tests/host/filter_vmcore.c tests/host/kdump_file.c \
	$(FILTER_SRCS) $(ELFCORE_INFO_SRCS)))

$(FILTER_VMCORE): $(FILTER_VMCORE_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(KDUMP_FILE_LIBS)

ALL_TARGETS += $(FILTER_VMCORE)

# kdump_pfns: bitmap 1 and 2 and the pages of a range of frames in a
# kdump-compressed file (t_corrupt.sh).
KDUMP_PFNS := $(B)/tests/host/kdump_pfns

$(KDUMP_PFNS): $(B)/host/tests/host/kdump_pfns.o $(B)/host/tests/host/kdump_file.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^ $(KDUMP_FILE_LIBS)

ALL_TARGETS += $(KDUMP_PFNS)

# kdump_cmp: two kdump-compressed files page for page (t_helpers.sh).
KDUMP_CMP := $(B)/tests/host/kdump_cmp

$(KDUMP_CMP): $(B)/host/tests/host/kdump_cmp.o $(B)/host/tests/host/kdump_file.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^ $(KDUMP_FILE_LIBS)

ALL_TARGETS += $(KDUMP_CMP)
