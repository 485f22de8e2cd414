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

P2MDUMP=$ROOT/build/p2mdump
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-400}

pattern() { printf '0x%x' $(( ($1 * 0x9E3779B97F4A7C15) ^ ($2 << 1) ^ 0xA5A5A5A55A5A5A5A )); }

# Checks the extracted vmcore: every page, notes; for ELF, readelf, gdb.
verify_vmcore() {
	local name=$1 seed=$2 dir=$3 fill
	fill=$(fill_start "$LOG")
	vmcore_pages_ok "$name" "$seed" "$dir"
	[ "$(head -c 8 "$dir/vmcore")" = "KDUMP   " ] && return
	readelf -lnW "$dir/vmcore" >"$dir/readelf.out" 2>"$dir/readelf.err"
	check "$name: readelf -lnW reads it without a complaint" \
		[ $? = 0 ] && [ ! -s "$dir/readelf.err" ]
	check "$name: readelf sees the merged notes" \
		grep -q 'VMCOREINFO' "$dir/readelf.out"
	timeout 120 gdb -batch -nx -ex "core-file $dir/vmcore" \
		-ex "x/gx 0xffff888000000000 + 0x$fill" >"$dir/gdb.out" 2>&1
	check "$name: gdb opens it and reads the pattern at 0x$fill" \
		grep -qi "$(pattern $((16#$fill)) "$seed")" "$dir/gdb.out"
	check "$name: gdb sees a thread per NT_PRSTATUS note" \
		[ "$(grep -c 'New LWP' "$dir/gdb.out")" = 3 ]
}

# zlib_ok NAME DIR: the compress=zlib dump says so, compressed pages with
# flag 0x1, and the header status is 0x1 (zlib, complete).
zlib_ok() {
	local compressed
	compressed=$(sed -n 's/^dump: kdump: [0-9]* zero pages, \([0-9]*\) compressed.*/\1/p' "$LOG")
	check "$1: the capture kernel says zlib" grep -q '^dump: kdump format, zlib,' "$LOG"
	check "$1: pages compressed ($compressed)" [ "${compressed:-0}" -gt 0 ]
	check "$1: header status 0x1 (zlib, complete)" \
		[ "$(od -An -tu4 -j424 -N4 "$2/vmcore" | tr -d ' ')" = 1 ]
}

# dump_ok NAME MEM SEED FORMAT [WORDS]: a complete dump, every page
# checked; WORDS go on the capture kernel's command line.
dump_ok() {
	local name=$1 mem=$2 seed=$3 format=$4 words=${5:+ $5} dir=$OUT/$1 bytes flushes pages
	rm -rf "$dir" && mkdir -p "$dir"
	case $mem in	# room for the dump: RAM + 1 GiB, at least 1 GiB
	*G)	truncate -s $(( ${mem%G} * 1024 + 1024 ))M "$dir/disk.img" ;;
	*)	truncate -s 1G "$dir/disk.img" ;;
	esac
	run_harness "$name" "$mem" "$CAPTURE" "seed=$seed dump append=format=$format$words" \
		"$dir/disk.img"
	check "$name: exits with EXIT_OK" [ "$STATUS" = $EXIT_OK ]
	check "$name: the $format format" grep -q "^dump: $format" "$LOG"
	[ "$format" = kdump ] &&
		check "$name: kdump: zero, compressed and raw pages counted" \
			grep -q '^dump: kdump: [0-9]* zero pages, [0-9]* compressed' "$LOG"
	check "$name: progress lines" grep -q '^dump: .*% .* MiB/s' "$LOG"
	check "$name: summary line" grep -q '^dump: summary: ' "$LOG"
	flushes=$(sed -n 's/.* \([0-9]*\) TLB flushes\/GiB.*/\1/p' "$LOG")
	check "$name: TLB flushes per GiB ($flushes) >= 100x below pages mapped per GiB (262144)" \
		[ "${flushes:-999999}" -le 2621 ]
	"$P2MDUMP" save "$dir/disk.img" "$dir" >"$dir/save.out" 2>&1
	check "$name: p2mdump save: complete, digest ok" [ $? = 0 ]
	rm -f "$dir/disk.img"
	header_v2 "$name" "$dir" "$words"
	verify_vmcore "$name" "$seed" "$dir"
	[ "$words" = " compress=zlib" ] && zlib_ok "$name" "$dir"
	rm -f "$dir/vmcore"
}

# header_v2 NAME DIR WORDS: the saved header's nonce is the nonce= in
# WORDS, else 0 (the harness passes none); its crash time is the RTC's,
# which QEMU sets from the host clock (UTC): within minutes of it.
header_v2() {
	local info=$2/dump-info.txt want=0000000000000000 ct now
	case $3 in *nonce=*) want=${3##*nonce=}; want=${want%% *} ;; esac
	check "$1: the header's nonce is $want" grep -qx "nonce: $want" "$info"
	ct=$(sed -n 's/^crash_time: //p' "$info")
	now=$(date +%s)
	check "$1: crash time ${ct:-none} (RTC) within 10 min of the host's $now" \
		bash -c "[ ${ct:-0} -gt $((now - 600)) ] && [ ${ct:-0} -le $((now + 60)) ]"
}

# Room for a 6 GiB dump image and the 6 GiB vmcore saved from it.
need_gib() {
	local free
	free=$(df -Pk "$OUT" | awk 'NR == 2 { print int($4 / 1048576) }')
	[ "$free" -ge "$1" ] && return 0
	fail "not enough free disk under $OUT: $free GiB, need $1 GiB"
	return 1
}

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

# dump_case NAME DISK_SIZE HARNESS_ARGS: a 512 MiB capture onto a fresh
# disk image in $OUT/NAME, then `p2mdump save` into the same directory.
# Sets STATUS, LOG (run_harness), DIR and SAVE_RC.
dump_case() {
	DIR=$OUT/$1
	rm -rf "$DIR" && mkdir -p "$DIR"
	truncate -s "$2" "$DIR/disk.img"
	run_harness "$1" 512M "$CAPTURE" "$3" "$DIR/disk.img"
	"$P2MDUMP" save "$DIR/disk.img" "$DIR" >"$DIR/save.out" 2>&1
	SAVE_RC=$?
	rm -f "$DIR/disk.img"
}

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
check "no disk: says so" grep -q 'dump: FAILED: no virtio device at disk=' "$LOG"
