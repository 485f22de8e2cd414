# p2mdump: one non-recursive Makefile; each directory adds a fragment.
# Outputs go under build/.  `make check-unit` runs the host tests (seconds,
# no root, no downloads); `make check` runs every test, `make demo` the
# main job; those two install missing Debian packages first (tests/deps.sh).
MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DEFAULT_GOAL := all

B := build
CC := gcc
LD := ld
WARN := -Wall -Wextra -Werror

# Host programs and unit tests.
HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -I. -Iinclude -MMD -MP $(BUILD_CFLAGS)
# BUILD_CFLAGS, BUILD_LDFLAGS: a distribution's own flags for the host
# programs (debian/rules passes dpkg-buildflags' hardening); empty here.
BUILD_CFLAGS ?=
BUILD_LDFLAGS ?=

# The capture kernel and the guest harness: freestanding i386.
K_CFLAGS := -std=gnu11 -m32 -march=i686 -O2 -g $(WARN) -I. -Iinclude -MMD -MP \
	-ffreestanding -fno-builtin -fno-strict-aliasing -fno-pic -fno-pie -fno-stack-protector \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer
K_LDFLAGS := -m elf_i386 -nostdlib --no-dynamic-linker -z noexecstack
# 64-bit division and modulo (maddr arithmetic, printk) come from libgcc.
LIBGCC32 = $(shell $(CC) -m32 -print-libgcc-file-name)

$(B)/k/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(K_CFLAGS) -c $< -o $@

$(B)/k/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(K_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(B)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

include lib/lib.mk
include p2m/p2m.mk
include elfcore/elfcore.mk
include kdump/kdump.mk
include filter/filter.mk
include loader/loader.mk
include arch/i386/i386.mk
include capture/capture.mk
include loader/cli/cli.mk
include loader/module/module.mk
include tests/linux/test_modules.mk
include tests/tests.mk
include tests/unit/elfcore.mk
include tests/unit/vmcoreinfo.mk
include tests/unit/kdump.mk
include tests/unit/docs.mk
include tests/unit/parsers.mk
include tests/host/host.mk
include tests/unit/compress.mk
include tests/unit/string.mk
include tests/unit/filter.mk
include tests/fuzz/fuzz.mk
# make deb, make deb-check, make e2e-debian; not in the DKMS source tree, which has no debian/
-include debian/deb.mk

.PHONY: all deps check check-unit demo demo-harness bench soak qemu-gdb clean
all: $(ALL_TARGETS)

# Packages for the build and the guest tests, then for the Linux tests
# (Debian's kernel headers, crash, makedumpfile, busybox).
deps:
	@tests/deps.sh
	@tests/linux/deps.sh

# The module for the kernel the Linux tests boot (Debian's newest).
TEST_KVER = $$(tests/linux/fetch-kernel.sh --release)

# Every test: the unit tier first (if it fails, the QEMU tiers are
# skipped), then the guest and Linux tests; one total on the last line.
check: deps
	@$(MAKE) all
	@$(MAKE) module KVER=$(TEST_KVER)
	@tests/run.sh --tier all

# The host unit tests and host-only scripts: no root, no QEMU, no downloads.
check-unit: all
	@tests/run.sh --tier unit

# The user flow on Debian's kernel: load, panic, capture, save, crash.
demo: deps
	@$(MAKE) all
	@$(MAKE) module KVER=$(TEST_KVER)
	@tests/linux/demo.sh

# The same capture on the bare-metal guest harness (no Linux).
demo-harness: deps
	@$(MAKE) all
	@tests/guest/demo.sh

# p2mdump against stock kdump on the same QEMU guest (~20 min; not part of
# check): the table on stdout, build/bench/results.json, docs/benchmarks.md.
bench: deps
	@tests/bench/deps.sh
	@$(MAKE) all
	@$(MAKE) module KVER=$(TEST_KVER)
	@tests/bench/run.sh

# 100 panics across every crash case, 1000 load/unload cycles and 16 GiB
# (~1.5 h; not part of check): the counts in docs/reliability.md.
soak: deps
	@$(MAKE) all
	@$(MAKE) module KVER=$(TEST_KVER)
	@tests/linux/soak.sh

# The harness under QEMU's gdb stub; `gdb -x build/capture.gdb` stops at
# the capture kernel's entry.  build/capture.asm and .sym list the kernel.
qemu-gdb: all
	@tests/guest/qemu-gdb.sh

clean:
	rm -rf $(B)

# Dependency files of every object: sources are at most two directories deep.
-include $(wildcard $(foreach d,k host host32 ubsan,$(B)/$(d)/*/*.d $(B)/$(d)/*/*/*.d))
