#!/bin/bash
# The capture kernel writes a vmcore to a virtio-blk disk, in the kdump
# format (the default: LZO, zero pages shared; once with compress=zlib)
# and as a byte-exact ELF vmcore (format=elf), to the disk named and
# described on the command line (lib.sh's disk_words; t_diskid.sh has
# the disks that do not match).  The harness fills the
# crashed system's RAM with a pattern and plants notes; after the dump,
# `p2mdump save` extracts the vmcore and check_vmcore verifies every page
# and the merged notes; readelf and gdb open the ELF ones.  Also, in both
# formats: a disk too small and a fault mid-dump; and no disk at all.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dump_checks.sh"

P2MDUMP=$ROOT/build/p2mdump
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-400}

dump_ok dump-512M-elf 512M 1 elf "nonce=0123456789abcdef"
dump_ok dump-512M-kdump 512M 2 kdump
# zlib level 1 is ~60x slower than LZO1X-1 on incompressible pages, and
# the harness pattern is incompressible: 512 MiB took 300 s under a
# loaded TCG, so the zlib dump is a 128 MiB one.
dump_ok dump-128M-zlib 128M 6 kdump compress=zlib
if need_gib 14; then
	dump_ok dump-6G-elf 6G 1 elf
	check "dump-6G-elf: capture frames above 4 GiB" \
		[ "$(field "$LOG" 'frames above 4 GiB:')" -gt 0 ]
	dump_ok dump-6G-kdump 6G 2 kdump
	check "dump-6G-kdump: capture frames above 4 GiB" \
		[ "$(field "$LOG" 'frames above 4 GiB:')" -gt 0 ]
fi

# RAM ranges neither page- nor sector-aligned: still byte-exact.
dump_case dump-misalign 1G "seed=8 dump misalign append=format=elf"
check "misaligned ranges: EXIT_OK" [ "$STATUS" = $EXIT_OK ]
check "misaligned ranges: save: complete, digest ok" [ $SAVE_RC = 0 ]
check "misaligned ranges: a load starts at ...208" \
	bash -c "readelf -lW '$DIR/vmcore' | grep -q 'LOAD .* 0x0000000000100208 '"
verify_vmcore "misaligned ranges" 8 "$DIR"
rm -f "$DIR/vmcore"

# A disk too small: as much as fits, headers that say so, marked incomplete.
for format in elf kdump; do
	dump_case dump-small-$format 200M "seed=3 dump append=format=$format"
	check "small disk, $format: EXIT_DUMP_INCOMPLETE" [ "$STATUS" = $EXIT_DUMP_INCOMPLETE ]
	check "small disk, $format: says so" grep -q 'INCOMPLETE: dump disk too small' "$LOG"
	check "small disk, $format: save exits 3 (incomplete)" [ $SAVE_RC = 3 ]
	check "small disk, $format: save warns loudly" grep -q 'THE DUMP IS INCOMPLETE' "$DIR/save.out"
	check "small disk, $format: save reports the digest ok" grep -q 'digest_check: ok' "$DIR/dump-info.txt"
	verify_vmcore "small disk, $format" 3 "$DIR"
	check "small disk, $format: vmcore smaller than the disk" \
		[ "$(stat -c %s "$DIR/vmcore")" -le $((200 << 20)) ]
	rm -f "$DIR/vmcore"
done

# A fault mid-dump: the trap handler marks the dump incomplete and resets.
for format in elf kdump; do
	dump_case dump-fault-$format 1G "seed=4 dump append=fault_at=40 format=$format"
	check "fault, $format: EXIT_DUMP_INCOMPLETE" [ "$STATUS" = $EXIT_DUMP_INCOMPLETE ]
	check "fault, $format: the trap is reported" grep -q 'TRAP vector 14 (#PF page fault)' "$LOG"
	check "fault, $format: marked incomplete" grep -q 'INCOMPLETE: exception in the capture kernel' "$LOG"
	check "fault, $format: save exits 3 (incomplete)" [ $SAVE_RC = 3 ]
	check "fault, $format: reason recorded" grep -q '^reason: exception' "$DIR/dump-info.txt"
	check "fault, $format: save reports the digest ok" grep -q 'digest_check: ok' "$DIR/dump-info.txt"
	verify_vmcore "fault, $format" 4 "$DIR"
	rm -f "$DIR/vmcore"
done

# Batching off: one TLB flush per page mapped, the baseline batching beats.
dump_case dump-nobatch 1G "seed=5 dump append=nobatch"
check "nobatch: EXIT_OK" [ "$STATUS" = $EXIT_OK ]
check "nobatch: a TLB flush per page (262144 per GiB)" \
	[ "$(sed -n 's/.* \([0-9]*\) TLB flushes\/GiB.*/\1/p' "$LOG")" -ge 200000 ]
rm -f "$DIR/vmcore"

# No dump disk at all: a clear failure, never a hang.
run_harness dump-nodisk 512M "$CAPTURE" "seed=6 dump append=disk=$DISK_BDF disk_id=1af4:1001"
check "no disk: EXIT_DUMP_FAILED" [ "$STATUS" = $EXIT_DUMP_FAILED ]
check "no disk: says so" grep -q 'dump: FAILED: no virtio or NVMe device at disk=' "$LOG"
