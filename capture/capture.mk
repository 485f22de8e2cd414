# capture/: the capture kernel proper.
CAPTURE_SRCS := capture/boot.c capture/main.c capture/selftest.c \
	capture/cmdline.c capture/diskcheck.c capture/pool.c capture/dma.c capture/virtio.c \
	capture/virtio_blk.c capture/nvme.c capture/nvme_prp.c capture/blkdev.c \
	capture/target.c capture/oldmem.c capture/dump.c \
	capture/dump_elf.c capture/dump_kdump.c capture/dump_jobs.c capture/compress_bench.c \
	capture/helpers.c

CAPTURE_OBJS := $(patsubst %,$(B)/k/%.o,$(basename \
	$(ARCH_SRCS) $(CAPTURE_SRCS) $(P2M_SRCS) $(LIB_SRCS) $(VMCORE_SRCS) \
	$(ELFCORE_INFO_SRCS) $(KDUMP_SRCS) $(FILTER_SRCS) $(COMPRESS_SRCS) \
	$(POOL_NEED_SRCS) $(EXTENT_MAP_SRCS))) \
	$(MINILZO_K_OBJ) $(ZLIB_K_OBJS)
CAPTURE_ELF := $(B)/capture.elf

$(CAPTURE_ELF): $(CAPTURE_OBJS) $(ARCH_LDS)
	$(LD) $(K_LDFLAGS) -T $(ARCH_LDS) -o $@ $(CAPTURE_OBJS) $(LIBGCC32)
	nm -n $@ > $(B)/capture.sym
	objdump -S --no-show-raw-insn $@ > $(B)/capture.asm

ALL_TARGETS += $(CAPTURE_ELF)
