# tests/unit: host tests of the small parsers and builders that had none:
# the capture kernel's command line and dump-disk check, DMA scatter lists
# and printk, the CLI's /proc/iomem and dump-target parsing, the CRC-32
# and the CLI's dump-header checks.  Each binary links its test and only
# the code under test; the test provides the hooks that code calls
# (console_putc, virt_to_maddr).
PARSER_TESTS := test_cmdline test_diskcheck test_dma test_printk test_iomem \
	test_target test_crc32 test_dumphdr test_extent_map \
	test_capture_target test_nvme_prp test_filemap test_json
PARSER_BINS := $(patsubst %,$(B)/tests/unit/%,$(PARSER_TESTS))

# The code under test is built again with UBSan trapping: undefined
# behaviour (signed overflow, bad shifts) dies with SIGILL, which the
# runner counts as a failure.  No sanitizer runtime is needed.
UBSAN_TRAP := -fsanitize=undefined -fsanitize-undefined-trap-on-error

$(B)/ubsan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(UBSAN_TRAP) -c $< -o $@

$(B)/tests/unit/test_cmdline: $(B)/ubsan/capture/cmdline.o
$(B)/tests/unit/test_diskcheck: $(B)/ubsan/capture/diskcheck.o \
	$(B)/ubsan/capture/cmdline.o
$(B)/tests/unit/test_dma: $(B)/ubsan/capture/dma.o
$(B)/tests/unit/test_printk: $(B)/ubsan/lib/printk.o
$(B)/tests/unit/test_iomem: $(B)/ubsan/loader/cli/iomem.o \
	$(B)/ubsan/loader/cli/cli.o
$(B)/tests/unit/test_target: $(B)/ubsan/loader/cli/target.o \
	$(B)/ubsan/loader/cli/cli.o $(B)/ubsan/loader/cli/sysfs.o \
	$(B)/ubsan/loader/cli/diskdata.o $(B)/ubsan/loader/cli/read_at.o \
	$(B)/ubsan/loader/cli/vdev.o $(B)/ubsan/loader/cli/diskid.o

$(B)/tests/unit/test_crc32: $(B)/ubsan/lib/crc32.o
$(B)/tests/unit/test_extent_map: $(B)/ubsan/lib/extent_map.o
$(B)/tests/unit/test_filemap: $(B)/ubsan/loader/cli/filemap.o \
	$(B)/ubsan/loader/cli/fskind.o $(B)/ubsan/loader/cli/sizearg.o \
	$(B)/ubsan/loader/cli/filesize.o $(B)/ubsan/loader/cli/cli.o \
	$(B)/ubsan/lib/extent_map.o
$(B)/tests/unit/test_capture_target: $(B)/ubsan/capture/target.o \
	$(B)/ubsan/lib/extent_map.o
$(B)/tests/unit/test_nvme_prp: $(B)/ubsan/capture/nvme_prp.o
$(B)/tests/unit/test_json: $(B)/ubsan/loader/cli/json.o
$(B)/tests/unit/test_dumphdr: $(B)/ubsan/loader/cli/dumpdisk.o \
	$(B)/ubsan/loader/cli/read_at.o $(B)/ubsan/loader/cli/cli.o \
	$(B)/ubsan/lib/crc32.o

# test_crc32 checks against zlib's crc32().
$(B)/tests/unit/test_crc32: LDLIBS_TEST := -lz

$(PARSER_BINS): $(B)/tests/unit/%: $(B)/host/tests/unit/%.o
	@mkdir -p $(@D)
	$(CC) -g -o $@ $^ $(LDLIBS_TEST)

ALL_TARGETS += $(PARSER_BINS)
