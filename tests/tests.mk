# tests/: host unit tests and the guest harness (tests/host/host.mk has
# the host-only scripts' helpers).

# The guest harness: the loader core, the elfcorehdr builder and p2m built
# freestanding, on lib/ with arch/i386's console and machine exit.
HARNESS_SRCS := tests/guest/head.S tests/guest/harness.c tests/guest/memory.c \
	tests/guest/fake_notes.c \
	$(LOADER_CORE_SRCS) $(ELFCOREHDR_SRCS) $(P2M_SRCS) $(LIB_SRCS) \
	arch/i386/serial.c arch/i386/machine.c
HARNESS_OBJS := $(patsubst %,$(B)/k/%.o,$(basename $(HARNESS_SRCS)))
HARNESS_ELF := $(B)/harness.elf

$(HARNESS_ELF): $(HARNESS_OBJS) tests/guest/harness.ld
	$(LD) $(K_LDFLAGS) -T tests/guest/harness.ld -o $@ $(HARNESS_OBJS) $(LIBGCC32)

ALL_TARGETS += $(HARNESS_ELF)

# The exit codes as QEMU reports them ((code << 1) | 1), for the shell
# scripts to source instead of typing numbers.
$(B)/exit-codes.sh: include/p2mdump/exit_codes.h
	@mkdir -p $(@D)
	sed -n 's/^#define \(EXIT_[A-Z_]*\)[[:space:]]*\(0x[0-9a-fA-F]*\).*/\1=$$(( (\2 << 1) | 1 ))/p' $< > $@
	@grep -q '^EXIT_OK=' $@ || { echo "$@: no EXIT_OK parsed"; rm -f $@; exit 1; }

ALL_TARGETS += $(B)/exit-codes.sh

# Host unit tests: each links its own object with the host-built p2m and
# loader core; the loader's tests share the fake machine and its checks.
# tests/run.sh runs every build/tests/unit/test_*.
UNIT_TESTS := test_p2m test_csum test_loader test_loader_err test_loader_faults
UNIT_LIB_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	$(P2M_SRCS) $(CSUM_SRCS) $(CRC32_SRCS) $(LOADER_CORE_SRCS) $(ELFCOREHDR_SRCS)))
UNIT_LOADER_OBJS := $(patsubst %,$(B)/host/tests/unit/%.o,fake_machine \
	loader_image loader_verify)
UNIT_BINS := $(patsubst %,$(B)/tests/unit/%,$(UNIT_TESTS))

$(UNIT_BINS): $(B)/tests/unit/%: $(B)/host/tests/unit/%.o $(UNIT_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -g -o $@ $(filter %.o,$^)

$(B)/tests/unit/test_loader $(B)/tests/unit/test_loader_err \
	$(B)/tests/unit/test_loader_faults: $(UNIT_LOADER_OBJS)

ALL_TARGETS += $(UNIT_BINS)

# check_vmcore: checks a harness vmcore page by page (t_dump, demo.sh and
# tests/host/t_check_vmcore.sh).
$(B)/tests/check_vmcore: $(B)/host/tests/guest/check_vmcore.o \
		$(B)/host/tests/host/kdump_file.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $^ $(KDUMP_FILE_LIBS)

ALL_TARGETS += $(B)/tests/check_vmcore

# The merged notes a correct dump of the harness holds.
$(B)/tests/gen_notes: $(B)/host/tests/guest/gen_notes.o $(B)/host/tests/guest/fake_notes.o
	@mkdir -p $(@D)
	$(CC) -o $@ $^
$(B)/tests/expected_notes.bin: $(B)/tests/gen_notes
	$< > $@
# ... and of the harness with cpus=256 (P2MDUMP_MAX_CPUS).
$(B)/tests/expected_notes_256.bin: $(B)/tests/gen_notes
	$< 256 > $@

ALL_TARGETS += $(B)/tests/expected_notes.bin $(B)/tests/expected_notes_256.bin
