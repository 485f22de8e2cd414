#!/bin/bash
# Development check, not part of `make check`: proves that check-crash.sh
# and the crash/makedumpfile tools work on this setup without p2mdump.
# QEMU itself takes the dump: the guest runs the `hang` scenario (sysrq
# crash with panic=0, so it waits after the panic), and the host asks QMP
# (over a pipe chardev: two FIFOs, no socat or python needed) for
# `dump-guest-memory` (ELF, paging off; with -device vmcoreinfo, so the
# dump has the VMCOREINFO note crash needs under KASLR).  Then:
#   1. check-crash.sh -n on the ELF as QEMU wrote it (crash only);
#   2. the same file with its program headers moved right behind the ELF
#      header (see normalize_elf), and the full check-crash.sh on it,
#      makedumpfile included;
#   3. (-z) check-crash.sh -n on QEMU's kdump-zlib dump.
#
#   reference-dump.sh [-m MIB] [-c CPU] [-z] [-k]
#     -m MIB  guest memory (default 1024)
#     -c CPU  the CPU that panics (default 0)
#     -z      also dump in kdump-zlib format (dump-guest-memory -z) and check it
#     -k      keep the dumps (default: delete them after the checks)
set -u

here=$(cd "$(dirname "$0")" && pwd)
ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
DIR=$ROOT/build/test-out/linux
MEM=1024
CPU=0
ZLIB=0
KEEP=0

# parse_args ARGS...: the options above.
parse_args() {
	local opt
	while getopts m:c:zk opt; do
		case $opt in
		m) MEM=$OPTARG ;;
		c) CPU=$OPTARG ;;
		z) ZLIB=1 ;;
		k) KEEP=1 ;;
		*) sed -n '2,/^set -u/p' "$0" >&2; exit 2 ;;
		esac
	done
	NAME=reference-${MEM}m-cpu$CPU
	MON=$DIR/$NAME.mon
	LOG=$DIR/$NAME.serial
	VMCORE=$DIR/$NAME.vmcore
}

# wait_log REGEX SECONDS PID: wait until the serial log matches REGEX;
# fails if PID (the guest runner) ends first or time runs out.
wait_log() {
	local i=0
	while [ $i -lt $(($2 * 10)) ]; do
		grep -q "$1" "$LOG" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# qmp JSON: send one QMP command through the monitor's input pipe.
qmp() {
	echo "$*" >&3
}

# take_dumps PID: once the guest has panicked, dump its memory and quit;
# QMP runs the commands in order, each dump to its end.
take_dumps() {
	local pid=$1 t0 want=2
	qmp '{"execute": "qmp_capabilities"}'
	if ! wait_log 'end Kernel panic' 120 "$pid"; then
		echo "FAIL: reference: the guest did not panic (log $LOG)"
		qmp '{"execute": "quit"}'
		return 1
	fi
	t0=$(date +%s.%N)
	qmp '{"execute": "dump-guest-memory", "arguments":' \
	    '{"paging": false, "protocol": "file:'"$VMCORE"'"}}'
	if [ $ZLIB = 1 ]; then
		qmp '{"execute": "dump-guest-memory", "arguments":' \
		    '{"paging": false, "protocol": "file:'"$VMCORE.kdump"'",' \
		    '"format": "kdump-zlib"}}'
		want=3
	fi
	qmp '{"execute": "quit"}'
	wait "$pid"
	echo "reference: dump-guest-memory and quit took $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
	if grep -q '"error"' "$DIR/$NAME.qmp" ||
	   [ "$(grep -c '"return"' "$DIR/$NAME.qmp")" -lt $want ]; then
		echo "FAIL: reference: QMP did not take the dumps ($DIR/$NAME.qmp):"
		sed 's/^/    /' "$DIR/$NAME.qmp"
		return 1
	fi
}

# le FILE OFFSET BYTES: the little-endian unsigned number at OFFSET.
le() {
	od -An -t "u$3" -j "$2" -N "$3" "$1" | tr -d ' '
}

# put FILE OFFSET BYTES VALUE: write VALUE little-endian at OFFSET.
put() {
	local i v=$4 hex=
	for ((i = 0; i < $3; i++)); do
		hex+=$(printf '\\x%02x' $((v & 255)))
		v=$((v >> 8))
	done
	printf "$hex" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# normalize_elf FILE: makedumpfile 1.7.2 reads program header i at
# sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr) and ignores e_phoff, but
# QEMU 7.2 writes two section headers at 64 and the program headers after
# them (e_phoff 192), so makedumpfile finds no PT_LOAD ("Can't get the
# number of PT_LOAD").  Move the program headers to 64 and drop the
# section headers (they only repeat e_phnum), as /proc/vmcore lays it out.
normalize_elf() {
	local f=$1 phoff phnum size first
	phoff=$(le "$f" 32 8)
	phnum=$(le "$f" 56 2)
	[ "$phoff" = 64 ] && return 0
	size=$((phnum * 56))
	first=$(le "$f" $((phoff + 8)) 8)	# p_offset of the first header
	if [ $((64 + size)) -gt "$first" ]; then
		echo "reference: no room to move $phnum program headers in $f" >&2
		return 1
	fi
	chmod u+w "$f"
	dd if="$f" of="$f" bs="$size" count=1 iflag=skip_bytes oflag=seek_bytes \
		skip="$phoff" seek=64 conv=notrunc status=none
	put "$f" 32 8 64	# e_phoff
	put "$f" 40 8 0		# e_shoff
	put "$f" 52 2 64	# e_ehsize (QEMU 7.2 writes 8)
	put "$f" 60 2 0		# e_shnum
	put "$f" 62 2 0		# e_shstrndx
}

# main: boot, dump, check.
main() {
	local pid rc=0 cat_pid vmlinux
	parse_args "$@"
	"$here/deps.sh" || exit 1
	vmlinux=$("$here/fetch-kernel.sh")/vmlinux || exit 1
	mkdir -p "$DIR"
	"$here/mkinitramfs.sh" "$DIR/initramfs.cpio.gz" || exit 1
	rm -f "$MON.in" "$MON.out" "$VMCORE" "$VMCORE.kdump"
	mkfifo "$MON.in" "$MON.out"
	# The pipe chardev opens both FIFOs read-write: no open blocks.
	"$here/run-guest.sh" -n "$NAME" -m "$MEM" -c "$CPU" -p 0 -t 300 hang -- \
		-chardev "pipe,id=qmp,path=$MON" -mon chardev=qmp,mode=control \
		-device vmcoreinfo &
	pid=$!
	exec 3<>"$MON.in"
	cat "$MON.out" >"$DIR/$NAME.qmp" &
	cat_pid=$!
	take_dumps "$pid" || rc=1
	exec 3>&-
	kill "$cat_pid" 2>/dev/null
	rm -f "$MON.in" "$MON.out"
	if [ $rc = 0 ]; then
		ls -l "$VMCORE"*
		"$here/check-crash.sh" -l "$NAME-qemu-elf" -n "$vmlinux" "$VMCORE" || rc=1
		normalize_elf "$VMCORE" || rc=1
		"$here/check-crash.sh" -l "$NAME" "$vmlinux" "$VMCORE" || rc=1
		if [ $ZLIB = 1 ]; then
			"$here/check-crash.sh" -l "$NAME-zlib" -n "$vmlinux" "$VMCORE.kdump" || rc=1
		fi
	fi
	[ $KEEP = 1 ] || rm -f "$VMCORE" "$VMCORE.kdump"
	exit $rc
}

main "$@"
