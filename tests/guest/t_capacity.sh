#!/bin/bash
# No silent "no dump" from fixed capacities (issue 10 item 5).  The
# harness describes RAM as 200 ranges (a page hole after each) and plants
# 256 CPUs' notes: the ELF and the kdump dumps come out complete and
# byte-exact, with 200 PT_LOADs and 256 NT_PRSTATUS notes.  The pool: the
# loader refuses one page below the need that lib/pool_need.c computes,
# a pool of exactly the need completes with only the disk-reopen reserve
# left over (so the formula is neither short nor generous), and the
# capture kernel refuses, before writing, a pool that something else ate.
set -u
. "$(dirname "$0")/lib.sh"

P2MDUMP=$ROOT/build/p2mdump
CHECK=$ROOT/build/tests/check_vmcore
NOTES=$ROOT/build/tests/expected_notes_256.bin
MANY="split=200 cpus=256"
# The pool pages a successful dump leaves: lib/pool_need.h counts the
# disk (POOL_DISK_PAGES) twice, for a reopen after a failed write.
REOPEN_RESERVE=$(sed -n 's/^#define POOL_DISK_PAGES[[:space:]]*\([0-9]*\).*/\1/p' \
	"$ROOT/lib/pool_need.h")

# many_ok NAME MEM SEED HARNESS_ARGS: a complete dump of the 200-range,
# 256-CPU system on a fresh disk, saved and checked page by page.
many_ok() {
	local name=$1 mem=$2 seed=$3 dir=$OUT/$1 fill
	rm -rf "$dir" && mkdir -p "$dir"
	truncate -s 1G "$dir/disk.img"
	run_harness "$name" "$mem" "$CAPTURE" "seed=$seed dump $MANY $4" "$dir/disk.img"
	check "$name: exits with EXIT_OK" [ "$STATUS" = $EXIT_OK ]
	check "$name: 200 RAM ranges, 256 CPUs in the elfcorehdr" \
		grep -q '^harness: elfcorehdr .*: 200 RAM ranges, 257 note buffers, 256 CPUs' "$LOG"
	check "$name: the capture kernel sizes its pool for 200 PT_LOADs, 257 PT_NOTEs" \
		grep -q '^dump: pool .*(200 PT_LOADs, 257 PT_NOTEs' "$LOG"
	check "$name: 256 notes kept" grep -q '^dump: 257 note buffers: 257 notes kept' "$LOG"
	"$P2MDUMP" save "$dir/disk.img" "$dir" >"$dir/save.out" 2>&1
	check "$name: p2mdump save: complete, digest ok" [ $? = 0 ]
	rm -f "$dir/disk.img"
	fill=$(sed -n 's/.*filled [0-9]* pages from \([0-9a-f]*\) .*/\1/p' "$LOG")
	sed -n 's/^p2m://p' "$LOG" | tr ' ' '\n' | grep -v '^$' >"$dir/capture-frames.txt"
	"$CHECK" "$dir/vmcore" "$seed" "$fill" "$dir/capture-frames.txt" "$NOTES" \
		>"$dir/check.out" 2>&1
	check "$name: check_vmcore: every page and the 256 CPUs' notes" [ $? = 0 ]
	sed 's/^/    /' "$dir/check.out"
}

# ELF: 200 PT_LOADs in headers of 3 pages; readelf and gdb read them.
many_ok many-elf 256M 21 "append=format=elf"
readelf -lnW "$OUT/many-elf/vmcore" >"$OUT/many-elf/readelf.out" 2>"$OUT/many-elf/readelf.err"
check "many-elf: readelf -lnW reads it without a complaint" \
	[ $? = 0 ] && [ ! -s "$OUT/many-elf/readelf.err" ]
check "many-elf: readelf counts 200 LOADs" \
	[ "$(grep -c '^  LOAD ' "$OUT/many-elf/readelf.out")" = 200 ]
check "many-elf: readelf counts 256 NT_PRSTATUS notes" \
	[ "$(grep -c 'NT_PRSTATUS' "$OUT/many-elf/readelf.out")" = 256 ]
rm -f "$OUT/many-elf/vmcore"

# The need, as the harness's loader computes it (a pool of 1 is refused).
run_harness pool-need 128M "$CAPTURE" "seed=22 dump $MANY pool=1"
NEED=$(field "$LOG" 'the dump needs')
check "pool=1: refused at load" [ "$STATUS" = $EXIT_HARNESS ]
check "pool=1: the loader says why" \
	grep -q 'harness: loader error .*: page pool smaller than the capture kernel needs' "$LOG"
check "the need for 200 ranges, 256 CPUs: $NEED pages" [ "${NEED:-0}" -gt 0 ]

# One page below the need: refused at load, before any frame is taken.
run_harness pool-need-1 128M "$CAPTURE" "seed=22 dump $MANY pool=$((NEED - 1))"
check "pool=need-1 ($((NEED - 1))): refused at load" [ "$STATUS" = $EXIT_HARNESS ]
check "pool=need-1: the loader says why" \
	grep -q 'page pool smaller than the capture kernel needs' "$LOG"

# Exactly the need, kdump LZO (the format that needs the most): complete,
# every page used but the disk-reopen reserve.
many_ok pool-exact 256M 23 "pool=$NEED"
check "pool-exact: the capture kernel sees $NEED pages, needs $NEED" \
	grep -q "^dump: pool $NEED pages, this dump needs $NEED " "$LOG"
check "pool-exact: kdump, lzo" grep -q '^dump: kdump format, lzo,' "$LOG"
check "pool-exact: check_vmcore counts 256 cpus" \
	grep -q 'kdump, complete, 256 cpus' "$OUT/pool-exact/check.out"
check "pool-exact: $REOPEN_RESERVE pool pages left (the disk-reopen reserve)" \
	grep -q "^dump: $REOPEN_RESERVE pool pages left unused" "$LOG"
rm -f "$OUT/pool-exact/vmcore"

# A pool the LZO benchmark ate first: the capture kernel says so before
# writing anything, never "pool dry" mid-dump.
run_harness pool-eaten 128M "$CAPTURE" "seed=24 dump $MANY pool=$NEED append=lzo_bench=1"
check "pool eaten: EXIT_DUMP_FAILED" [ "$STATUS" = $EXIT_DUMP_FAILED ]
check "pool eaten: the capture kernel says so up front" \
	grep -q '^dump: FAILED: page pool too small for this dump' "$LOG"
check "pool eaten: no 'pool dry' panic" bash -c "! grep -q 'pool dry' '$LOG'"
