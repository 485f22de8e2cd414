# tests/unit: host tests of the small parsers and builders that had none:
# the capture kernel's command line, DMA scatter lists and printk, and the
# CLI's /proc/iomem and dump-target parsing.  Each binary links its test
# and only the code under test; the test provides the hooks that code
# calls (console_putc, virt_to_maddr).
PARSER_TESTS := test_dma
PARSER_BINS := $(patsubst %,$(B)/tests/unit/%,$(PARSER_TESTS))

$(B)/tests/unit/test_cmdline: $(B)/host/capture/cmdline.o
$(B)/tests/unit/test_dma: $(B)/host/capture/dma.o
$(B)/tests/unit/test_printk: $(B)/host/lib/printk.o
$(B)/tests/unit/test_iomem: $(B)/host/loader/cli/iomem.o \
	$(B)/host/loader/cli/cli.o
$(B)/tests/unit/test_target: $(B)/host/loader/cli/target.o \
	$(B)/host/loader/cli/cli.o $(B)/host/loader/cli/sysfs.o

$(PARSER_BINS): $(B)/tests/unit/%: $(B)/host/tests/unit/%.o
	@mkdir -p $(@D)
	$(CC) -g -o $@ $^

ALL_TARGETS += $(PARSER_BINS)
