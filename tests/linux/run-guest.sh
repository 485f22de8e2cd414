#!/bin/bash
# Boots Debian's kernel (fetch-kernel.sh) with the test initramfs under
# QEMU and runs one guest scenario (guest-init.sh): boot, panic, hang,
# cycles, errors.
#
#   run-guest.sh [options] SCENARIO [-- QEMU-ARGS...]
#     -m MIB       guest memory (default 1024)
#     -c CPU       the CPU that panics: p2mcpu= (default 0)
#     -P N         vCPUs (default 2)
#     -n NAME      name of the run's files (default SCENARIO-MIBm-cpuCPU)
#     -o DIR       where they go (default build/test-out/linux)
#     -i INITRD    the initramfs (default DIR/initramfs.cpio.gz, which is
#                  (re)built by mkinitramfs.sh when it is missing or older
#                  than what goes into it)
#     -d BYTES     dump disk size (default guest memory + 256 MiB; sparse)
#     -D IMAGE     the dump disk is IMAGE as it is (a dump an earlier run
#                  left), not a fresh one; kept afterwards
#     -r           attach the read-only disk /dev/vdc (the errors scenario)
#     -N           the dump disk is an NVMe controller (QEMU's nvme, serial
#                  p2m-dump, namespace 1: /dev/nvme0n1) instead of
#                  virtio-blk; the guest is told so by p2mdisk=nvme
#     -S IMAGE     attach IMAGE as the "system disk" (serial p2m-system,
#                  after the others: vdc, or vdd with -r), a disk holding
#                  filesystems (the dump file runs); kept afterwards
#     -s KIND      the system disk's kind: virtio (default) or nvme (an
#                  NVMe controller, serial p2m-system, namespace 1; the
#                  guest is told so by p2msysdisk=nvme)
#     -p N         panic=N on the command line (default -1: reboot at once)
#     -a WORDS     more kernel command line words
#     -t SECONDS   QEMU timeout (default 120)
#     -C MODEL     -cpu MODEL under TCG (default max; max,-la57 = 4-level)
#     -M SPEC      -monitor SPEC (default none)
#     -k           keep the dump disk image (default: keep it only when
#                  QEMU ended through the capture kernel with EXIT_OK or
#                  EXIT_DUMP_INCOMPLETE)
#
# Disks, in PCI order (explicit addresses; no VGA, no NIC):
#   00:04.0  /dev/vda  scratch disk, 16 MiB, serial p2m-scratch
#   00:05.0  /dev/vdb  the dump disk, DIR/NAME.dump.img, serial p2m-dump
#                      (-N: /dev/nvme0n1, on an NVMe controller)
#   00:06.0  /dev/vdc  read-only disk (-r), 16 MiB, serial p2m-ro
#   00:07.0  /dev/vdc  the system disk (-S; vdd with -r; -s nvme: an NVMe
#                      namespace), serial p2m-system
# /dev/vdb as the dump target is what docs/linux.md shows: a machine's
# system disk is vda and the dump disk comes second.  The guest checks
# the serials and stops if the names differ.
#
# Files: DIR/NAME.serial (console), NAME.qemu (QEMU's own output),
# NAME.times (host timestamps), NAME.dump.img (dump disk).  The exit
# status is QEMU's: EXIT_OK dump complete, EXIT_DUMP_INCOMPLETE, or
# EXIT_DUMP_FAILED (include/p2mdump/exit_codes.h, as build/exit-codes.sh
# gives them), 0 poweroff or reset (-no-reboot), 124/137 timeout.
#
#   P2MDUMP_ACCEL=kvm   -accel kvm -cpu host,-arch-capabilities (opt-in)
set -u

here=$(cd "$(dirname "$0")" && pwd)
ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$ROOT/build/exit-codes.sh" || { echo "run-guest: build/exit-codes.sh missing (run make)" >&2; exit 1; }

MEM=1024
CPU=0
VCPUS=2
NAME=
DIR=$ROOT/build/test-out/linux
INITRD=
DISK_SIZE=
GIVEN_DUMP_IMG=
RO_DISK=0
NVME=0
SYSTEM_IMG=
SYSTEM_KIND=virtio
PANIC=-1
EXTRA_APPEND=
TIMEOUT=120
CPU_MODEL=max
MONITOR=none
KEEP=0
SCENARIO=
QEMU_EXTRA=()
DEFAULT_INITRD=0

# usage: the header of this file.
usage() {
	sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

# parse_args ARGS...: options, the scenario, then QEMU arguments after --.
parse_args() {
	local opt
	while getopts m:c:P:n:o:i:d:D:rNS:s:p:a:t:C:M:kh opt; do
		case $opt in
		m) MEM=$OPTARG ;;
		c) CPU=$OPTARG ;;
		P) VCPUS=$OPTARG ;;
		n) NAME=$OPTARG ;;
		o) DIR=$OPTARG ;;
		i) INITRD=$OPTARG ;;
		d) DISK_SIZE=$OPTARG ;;
		D) GIVEN_DUMP_IMG=$OPTARG KEEP=1 ;;
		r) RO_DISK=1 ;;
		N) NVME=1 ;;
		S) SYSTEM_IMG=$OPTARG ;;
		s) SYSTEM_KIND=$OPTARG ;;
		p) PANIC=$OPTARG ;;
		a) EXTRA_APPEND=$OPTARG ;;
		t) TIMEOUT=$OPTARG ;;
		C) CPU_MODEL=$OPTARG ;;
		M) MONITOR=$OPTARG ;;
		k) KEEP=1 ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -ge 1 ] || usage
	SCENARIO=$1
	shift
	if [ $# -gt 0 ]; then
		[ "$1" = -- ] || usage
		shift
		QEMU_EXTRA=("$@")
	fi
	[ -n "$NAME" ] || NAME=$SCENARIO-${MEM}m-cpu$CPU
	if [ -z "$INITRD" ]; then
		INITRD=$DIR/initramfs.cpio.gz
		DEFAULT_INITRD=1
	fi
	[ -n "$DISK_SIZE" ] || DISK_SIZE=$(((MEM + 256) * 1024 * 1024))
}

# check_space BYTES: the dump disk may fill up to BYTES; say so clearly
# when the file system cannot hold it.
check_space() {
	local need_kb=$(($1 / 1024)) avail_kb
	avail_kb=$(df -Pk "$DIR" | awk 'NR == 2 { print $4 }')
	if [ "$avail_kb" -lt "$need_kb" ]; then
		echo "run-guest: $DIR has $((avail_kb / 1024)) MiB free; the dump disk may need $((need_kb / 1024)) MiB" >&2
		return 1
	fi
}

# initrd_stale: the default initramfs is missing or older than one of
# its parts (module, CLI, capture kernel, /init, the builder).
initrd_stale() {
	local f
	[ -f "$INITRD" ] || return 0
	for f in "$ROOT/build/module/p2mdump.ko" "$ROOT/build/corrupt-module/corrupt.ko" \
		 "$ROOT/build/crashmod-module/crashmod.ko" \
		 "$ROOT/build/p2mdump-static" \
		 "$ROOT/build/p2mdump" "$ROOT/build/capture.elf" \
		 "$here/guest-init.sh" "$here/mkinitramfs.sh" "$here/filetool.c"; do
		[ "$f" -nt "$INITRD" ] && return 0
	done
	return 1
}

# make_disk PATH BYTES: a fresh sparse raw image.
make_disk() {
	rm -f "$1"
	truncate -s "$2" "$1"
}

# disk_args: the -drive/-device arguments for vda, vdb (-N: nvme0n1) and
# (-r) vdc.
disk_args() {
	local dump=virtio-blk-pci
	local system=virtio-blk-pci
	[ $NVME = 1 ] && dump=nvme
	[ "$SYSTEM_KIND" = nvme ] && system=nvme
	DISKS=(
		-drive "file=$DIR/$NAME.scratch.img,format=raw,if=none,id=scratch"
		-device virtio-blk-pci,drive=scratch,serial=p2m-scratch,addr=0x4
		-drive "file=$DUMP_IMG,format=raw,if=none,id=dump"
		-device "$dump,drive=dump,serial=p2m-dump,addr=0x5"
	)
	[ $RO_DISK = 1 ] && DISKS+=(
		-drive "file=$DIR/$NAME.ro.img,format=raw,if=none,id=ro,readonly=on"
		-device virtio-blk-pci,drive=ro,serial=p2m-ro,addr=0x6
	)
	[ -n "$SYSTEM_IMG" ] && DISKS+=(
		-drive "file=$SYSTEM_IMG,format=raw,if=none,id=system"
		-device "$system,drive=system,serial=p2m-system,addr=0x7"
	)
	return 0
}

# accel_args: TCG by default; P2MDUMP_ACCEL=kvm opts in.
accel_args() {
	if [ "${P2MDUMP_ACCEL:-tcg}" = kvm ]; then
		ACCEL=(-accel kvm -cpu host,-arch-capabilities)
	else
		ACCEL=(-accel tcg -cpu "$CPU_MODEL")
	fi
}

# now: the host clock, seconds with nanoseconds.
now() {
	date +%s.%N
}

# watch_qemu PID: while PID runs, poll the serial log every 0.1 s and
# write the host time "P2MTEST-PANIC-NOW" first appears to NAME.times.
watch_qemu() {
	local pid=$1 seen=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ $seen = 0 ] && grep -q P2MTEST-PANIC-NOW "$LOG" 2>/dev/null; then
			echo "panic_now=$(now)" >>"$TIMES"
			seen=1
		fi
		sleep 0.1
	done
}

# run_qemu: QEMU under `timeout` (its own child; only that PID is killed
# on a timeout or an interrupt).  Sets STATUS.
run_qemu() {
	local kdir pid append
	kdir=$("$here/fetch-kernel.sh") || { echo "run-guest: fetch-kernel.sh failed" >&2; return 1; }
	append="console=ttyS0 panic=$PANIC p2mtest=$SCENARIO p2mcpu=$CPU $EXTRA_APPEND"
	[ $NVME = 1 ] && append="$append p2mdisk=nvme"
	[ "$SYSTEM_KIND" = nvme ] && append="$append p2msysdisk=nvme"
	accel_args
	disk_args
	rm -f "$LOG" "$TIMES"
	echo "qemu_start=$(now)" >"$TIMES"
	timeout --kill-after=5 "$TIMEOUT" qemu-system-x86_64 "${ACCEL[@]}" \
		-smp "$VCPUS" -m "$MEM" -display none -vga none -nic none -no-reboot \
		-monitor "$MONITOR" -serial "file:$LOG" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		"${DISKS[@]}" \
		-kernel "$kdir/vmlinuz" -initrd "$INITRD" -append "$append" \
		"${QEMU_EXTRA[@]}" \
		</dev/null >"$DIR/$NAME.qemu" 2>&1 &
	pid=$!
	trap 'kill "$pid" 2>/dev/null' INT TERM
	watch_qemu "$pid"
	wait "$pid"
	STATUS=$?
	trap - INT TERM
	echo "qemu_exit=$(now)" >>"$TIMES"
	echo "status=$STATUS" >>"$TIMES"
}

# diff_s A B: B - A in seconds, for timestamps with a fraction (awk: no bc
# on a fresh machine).
diff_s() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'
}

# report: QEMU's status and the timings, from NAME.times.
report() {
	local start panic exit
	start=$(sed -n 's/^qemu_start=//p' "$TIMES")
	panic=$(sed -n 's/^panic_now=//p' "$TIMES")
	exit=$(sed -n 's/^qemu_exit=//p' "$TIMES")
	printf 'run-guest: %s: QEMU status %s after %.1f s' "$NAME" "$STATUS" \
		"$(diff_s "$start" "$exit")"
	if [ -n "$panic" ]; then
		echo "panic_to_exit=$(diff_s "$panic" "$exit")" >>"$TIMES"
		printf ', panic to exit %.1f s' "$(diff_s "$panic" "$exit")"
	fi
	printf ' (serial log %s)\n' "$LOG"
}

# main: prepare the disks, run QEMU, report, clean up.
main() {
	parse_args "$@"
	mkdir -p "$DIR"
	LOG=$DIR/$NAME.serial
	TIMES=$DIR/$NAME.times
	DUMP_IMG=${GIVEN_DUMP_IMG:-$DIR/$NAME.dump.img}
	if [ $DEFAULT_INITRD = 1 ] && initrd_stale; then
		"$here/mkinitramfs.sh" "$INITRD" || exit 1
	fi
	[ -f "$INITRD" ] || { echo "run-guest: no initramfs $INITRD" >&2; exit 1; }
	make_disk "$DIR/$NAME.scratch.img" 16M
	if [ -n "$GIVEN_DUMP_IMG" ]; then
		[ -f "$DUMP_IMG" ] || { echo "run-guest: no dump disk image $DUMP_IMG" >&2; exit 1; }
	else
		check_space "$DISK_SIZE" || exit 1
		make_disk "$DUMP_IMG" "$DISK_SIZE"
	fi
	[ $RO_DISK = 1 ] && make_disk "$DIR/$NAME.ro.img" 16M
	case $SYSTEM_KIND in
	virtio|nvme) ;;
	*) echo "run-guest: -s wants virtio or nvme, not '$SYSTEM_KIND'" >&2; exit 1 ;;
	esac
	if [ -n "$SYSTEM_IMG" ] && [ ! -f "$SYSTEM_IMG" ]; then
		echo "run-guest: no system disk image $SYSTEM_IMG" >&2
		exit 1
	fi
	run_qemu || exit 1
	report
	rm -f "$DIR/$NAME.scratch.img" "$DIR/$NAME.ro.img"
	case $STATUS in
	"$EXIT_OK" | "$EXIT_DUMP_INCOMPLETE") ;;
	*) [ $KEEP = 1 ] || rm -f "$DUMP_IMG" ;;
	esac
	exit "$STATUS"
}

main "$@"
