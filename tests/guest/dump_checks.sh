# shellcheck shell=bash
# The checks of a complete dump the harness wrote, shared by t_dump.sh
# (virtio-blk) and t_nvme.sh (HARNESS_DISK=nvme): source it after lib.sh.
# It expects P2MDUMP and QEMU_TIMEOUT set by the sourcing test.

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

