# tests/fuzz: libFuzzer targets, one per parser the crashed system or the
# dump disk feeds (fuzz_*.c), built with clang under ASan and UBSan into
# build/fuzz/.  Seeds come from the unit tests' builders (gen_seeds.c,
# built with gcc) into build/fuzz/seeds/<target>/.
#
#   make fuzz [FUZZ_SECONDS=60]   builds and runs each target for that long,
#                                  printing its executions; corpora grow in
#                                  build/fuzz/corpus/<target>/
#   tests/host/t_fuzz_smoke.sh     a short run of each (the unit tier)
#
# Without clang (tests/deps.sh installs it) `make all` skips them.
FUZZ_CC := clang
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(WARN) -I. -Iinclude -MMD -MP \
	-fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link

FUZZ_TARGETS := elfcorehdr notes loader dumpdisk filter extent_map
FUZZ_BINS := $(patsubst %,$(B)/fuzz/fuzz_%,$(FUZZ_TARGETS))
FUZZ_SEEDS := $(B)/fuzz/seeds/.stamp

# The code under each target, built again with clang.
FUZZ_SRCS_elfcorehdr := $(VMCORE_SRCS)
FUZZ_SRCS_notes := $(VMCORE_SRCS) $(ELFCORE_INFO_SRCS)
FUZZ_SRCS_loader := tests/unit/fake_machine.c $(LOADER_CORE_SRCS) \
	$(P2M_SRCS) $(CSUM_SRCS)
FUZZ_SRCS_dumpdisk := loader/cli/dumpdisk.c loader/cli/read_at.c $(CRC32_SRCS)
FUZZ_SRCS_filter := $(FILTER_SRCS)
FUZZ_SRCS_extent_map := $(EXTENT_MAP_SRCS)
# Not under test there but called on every input with a fixed text:
# without coverage its comparisons do not slow fuzz_filter tenfold.
FUZZ_PLAIN_filter := $(ELFCORE_INFO_SRCS)

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(B)/fuzz/plain/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(filter-out -fsanitize=fuzzer-no-link,$(FUZZ_CFLAGS)) -c $< -o $@

fuzz_objs = $(patsubst %,$(B)/fuzz/obj/%.o,$(basename \
	tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)))) \
	$(patsubst %,$(B)/fuzz/plain/%.o,$(basename $(FUZZ_PLAIN_$(1))))

.SECONDEXPANSION:
$(FUZZ_BINS): $(B)/fuzz/fuzz_%: $$(call fuzz_objs,$$*)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

GEN_SEEDS_OBJS := $(patsubst %,$(B)/host/%.o,$(basename \
	tests/fuzz/gen_seeds.c tests/unit/elfcore_fixture.c \
	tests/unit/loader_image.c tests/unit/fake_machine.c \
	$(ELFCOREHDR_SRCS) $(VMCORE_SRCS))) $(UNIT_LIB_OBJS)

$(B)/tests/gen_seeds: $(GEN_SEEDS_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

$(FUZZ_SEEDS): $(B)/tests/gen_seeds
	rm -rf $(@D)
	$< $(@D)
	@touch $@

ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
ALL_TARGETS += $(FUZZ_BINS) $(FUZZ_SEEDS)
endif

.PHONY: fuzz
fuzz: $(FUZZ_BINS) $(FUZZ_SEEDS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

-include $(wildcard $(foreach d,obj plain,$(B)/fuzz/$(d)/*/*.d $(B)/fuzz/$(d)/*/*/*.d))
