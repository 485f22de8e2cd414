#!/bin/bash
# The capture kernel boots from scattered frames (issue 2): at 512 MiB and
# at 6 GiB (frames above 4 GiB), seeded and replayable; corruption after
# load, a frame source that runs dry and bad images all end clearly.
set -u
. "$(dirname "$0")/lib.sh"

# boots_ok NAME MEM SEED: a good boot with every property the issue asks.
boots_ok() {
	local name=$1 mem=$2 seed=$3 nr above adjacent runs
	run_harness "$name" "$mem" "$CAPTURE" "seed=$seed"
	check "$name: exits with EXIT_OK" [ "$STATUS" = $EXIT_OK ]
	check "$name: boot ok line" grep -q '^P2MDUMP-BOOT-OK' "$LOG"
	check "$name: no self-test failed" \
		bash -c "! grep -q '^selftest .*FAIL' '$LOG'"
	check "$name: all six self-tests ran" \
		[ "$(grep -c '^selftest .*: ok' "$LOG")" = 6 ]
	nr=$(field "$LOG" 'nr_pages')
	runs=$(field "$LOG" 'machine-contiguous runs:')
	adjacent=$(field "$LOG" 'machine-adjacent pairs:')
	above=$(field "$LOG" 'frames above 4 GiB:')
	check "$name: at least 64 frames ($nr)" [ "${nr:-0}" -ge 64 ]
	check "$name: no two frames machine-adjacent" \
		[ "${adjacent:-x}" = 0 ] && [ "$runs" = "$nr" ]
	if [ "$mem" = 6G ]; then
		check "$name: frames above 4 GiB ($above)" [ "${above:-0}" -gt 0 ]
	else
		check "$name: no frame above 4 GiB" [ "${above:-x}" = 0 ]
	fi
	check "$name: a 1024-PTE remap is one batch, one flush" \
		grep -q '1024 PTEs: 1024 writes, 1 batch, 1 TLB flush, 0 pages differ' "$LOG"
	check "$name: a GDT write faulted and was caught" \
		grep -q 'write to GDT page .* faulted: #PF error 3' "$LOG"
}

boots_ok boot-512M-seed1 512M 1
boots_ok boot-512M-seed2 512M 2
boots_ok boot-6G-seed1 6G 1
boots_ok boot-6G-seed2 6G 2

# The seed replays exactly, and another seed gives another placement.
loaded() { grep '^harness: loaded' "$OUT/$1.serial"; }
run_harness replay-512M-seed1 512M "$CAPTURE" "seed=1"
check "replay: same seed, same frames and checksum" \
	[ "$(loaded replay-512M-seed1)" = "$(loaded boot-512M-seed1)" ]
check "replay: another seed, other frames" \
	[ "$(loaded boot-512M-seed2)" != "$(loaded boot-512M-seed1)" ]

# A capture frame corrupted after load is caught before anything runs.
for region in image p2m; do
	run_harness "flip-$region" 512M "$CAPTURE" "seed=5 flip=$region"
	check "flip=$region: exits with EXIT_BAD_CHECKSUM" \
		[ "$STATUS" = $EXIT_BAD_CHECKSUM ]
	check "flip=$region: says the image is corrupted" \
		grep -q 'capture image corrupted after load' "$LOG"
	check "flip=$region: no self-test ran" \
		bash -c "! grep -q '^selftest' '$LOG'"
done

# Bad input to the loader core, inside the guest.
run_harness dry 512M "$CAPTURE" "seed=5 dry=10"
check "dry frame source: EXIT_HARNESS" [ "$STATUS" = $EXIT_HARNESS ]
check "dry frame source: message" \
	grep -q 'ran out of free machine frames' "$LOG"

printf 'this is not a kernel\n' >"$OUT/not-elf.bin"
run_harness not-elf 512M "$OUT/not-elf.bin" "seed=5"
check "non-ELF image: refused" grep -q 'is not an ELF file' "$LOG"

run_harness elf64 512M /bin/true "seed=5"
check "x86_64 ELF image: refused" \
	grep -q 'not an i386 ELF32 executable' "$LOG"
