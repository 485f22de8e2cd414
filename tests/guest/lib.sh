# Shared by the guest tests: run the harness under QEMU, check its output.
# Source it; it expects P2MDUMP_ROOT (tests/run.sh sets it).
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"	# ROOT, OUT, pass, fail, check

HARNESS=$ROOT/build/harness.elf
# EXIT_OK, EXIT_DUMP_INCOMPLETE, ...: QEMU's status for each exit code.
. "$ROOT/build/exit-codes.sh" || { echo "FAIL: build/exit-codes.sh missing (run make)"; exit 1; }

# TCG by default: nested KVM on these machines is too slow to rely on.
# P2MDUMP_ACCEL=kvm opts in where KVM works.
if [ "${P2MDUMP_ACCEL:-tcg}" = kvm ]; then
	ACCEL=(-accel kvm -cpu host,-arch-capabilities)
else
	ACCEL=(-accel tcg -cpu max)
fi
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-60}
# HARNESS_SMP=N: N vCPUs (default 1); the harness and the capture kernel
# run on the first, APIC ID 0 (the BSP), the others sit halted where
# SeaBIOS left them.  HARNESS_TRACE=EVENTS: QEMU trace events (e.g.
# apic_deliver_irq), logged into $OUT/NAME.qemu.

# qemu-system-x86_64, not -i386: the 32-bit guest code runs the same, and
# qemu-system-i386 7.2 misses PAE mappings of RAM above 4 GiB (a walk
# through a page table at 0x1_6978_8000 saw "not present" there).
#
# The dump disk: at PCI 00:05.0 with the serial $HARNESS_SERIAL (default
# p2m-guest; "" for none), as `p2mdump load` would name it.
DISK_BDF=00:05.0

#
# HARNESS_DISK=nvme makes it QEMU's NVMe controller (1b36:0010) instead,
# the image namespace 1, its LBAs HARNESS_NVME_LBA bytes (default 512),
# with HARNESS_NVME_NS more namespaces of 64 MiB each (default 0) and
# HARNESS_NVME_CTRL more controller properties (",cmb_size_mb=N").
# HARNESS_EIO_SECTOR=N puts QEMU's blkdebug under the disk: the first
# write that touches sector N fails with EIO, once.
NVME_ID=1b36:0010

# hex TEXT: TEXT's bytes as hex digits, as disk_serial= wants them.
hex() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

# disk_words IMAGE: the capture kernel words that name the dump disk
# IMAGE and say what it is (include/p2mdump/disk_id.h), all matching.
disk_words() {
	local sectors=$(($(stat -c %s "$1") / 512))
	if [ "${HARNESS_DISK:-virtio}" = nvme ]; then
		echo "disk=$DISK_BDF disk_id=$NVME_ID disk_sectors=$sectors" \
		     "disk_serial=$(hex "${HARNESS_SERIAL-p2m-guest}") disk_nsid=1"
		return
	fi
	echo "disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$sectors" \
	     "disk_serial=$(hex "${HARNESS_SERIAL-p2m-guest}")"
}

# disk_devices IMAGE SERIAL: QEMU's options for the dump disk IMAGE at
# $DISK_BDF (SERIAL: ",serial=..." or ""), virtio-blk or NVMe.
disk_devices() {
	local lba=${HARNESS_NVME_LBA:-512} i eio=${HARNESS_EIO_SECTOR:-}
	if [ -n "$eio" ]; then
		echo "-drive if=none,id=dump,format=raw,file.driver=blkdebug,file.image.filename=$1,file.inject-error.0.event=write_aio,file.inject-error.0.sector=$eio,file.inject-error.0.errno=5,file.inject-error.0.once=on"
	else
		echo "-drive file=$1,format=raw,if=none,id=dump"
	fi
	if [ "${HARNESS_DISK:-virtio}" != nvme ]; then
		echo "-device virtio-blk-pci,drive=dump,addr=0x5$2"
		return
	fi
	echo "-device nvme,id=nvme0,addr=0x5${2:-,serial=}${HARNESS_NVME_CTRL:-}"
	echo "-device nvme-ns,drive=dump,bus=nvme0,nsid=1,logical_block_size=$lba,physical_block_size=$lba"
	for ((i = 2; i < ${HARNESS_NVME_NS:-0} + 2; i++)); do
		truncate -s 64M "$OUT/nvme-ns$i.img"
		echo "-drive file=$OUT/nvme-ns$i.img,format=raw,if=none,id=ns$i"
		echo "-device nvme-ns,drive=ns$i,bus=nvme0,nsid=$i"
	done
}

# disk_extents IMAGE: the harness word that makes all of IMAGE the dump
# target, one extent (include/p2mdump/extent_map.h), as `p2mdump load`
# does for a whole disk.
disk_extents() {
	echo "extents=0+$(($(stat -c %s "$1") / 512))"
}

# run_harness NAME MEM MODULE APPEND [DISK [WORDS]]: boots the harness
# with MODULE as the capture kernel and DISK (a raw image) as its
# virtio-blk dump disk; WORDS (default: disk_words DISK) go first on the
# capture kernel's command line (after APPEND's append=, if any).  The
# dump target's extent map is the harness word $HARNESS_EXTENTS (default:
# disk_extents DISK; empty: no map).
# Sets STATUS (QEMU's exit status) and LOG (serial file).  `timeout` runs
# QEMU as its own child and kills only that PID.
run_harness() {
	local name=$1 mem=$2 module=$3 append=$4 disk=${5:-} words serial=
	local drive=()
	LOG=$OUT/$name.serial
	rm -f "$LOG"
	if [ -n "$disk" ]; then
		words=${6-$(disk_words "$disk")}
		[ -n "${HARNESS_SERIAL-p2m-guest}" ] && serial=,serial=${HARNESS_SERIAL-p2m-guest}
		read -r -d '' -a drive < <(disk_devices "$disk" "$serial")
		case $append in
		*append=*) append=${append/append=/append=$words } ;;
		*) append="$append append=$words" ;;
		esac
		append="${HARNESS_EXTENTS-$(disk_extents "$disk")} $append"
	fi
	timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-x86_64 "${ACCEL[@]}" \
		-m "$mem" -smp "${HARNESS_SMP:-1}" -display none -no-reboot -monitor none \
		${HARNESS_TRACE:+-trace "$HARNESS_TRACE"} \
		-serial "file:$LOG" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		"${drive[@]}" \
		-kernel "$HARNESS" -initrd "$module" -append "$append" \
		</dev/null >"$OUT/$name.qemu" 2>&1
	STATUS=$?
	echo "--- $name: QEMU status $STATUS, serial log $LOG"
	grep -v '^p2m:' "$LOG" | sed 's/^/    /'
}

# field LOG REGEX: the first number after REGEX in the serial log.
field() {
	sed -n "s/.*$2 *\([0-9][0-9]*\).*/\1/p" "$1" | head -n 1
}

# The capture frames the harness printed: zeros in the dump, by design.
frames() { sed -n 's/^p2m://p' "$1" | tr ' ' '\n' | grep -v '^$'; }
# Where the harness's pattern starts (its "filled ... from" line).
fill_start() { sed -n 's/.*filled [0-9]* pages from \([0-9a-f]*\) .*/\1/p' "$1"; }

# Where the harness's lowfill pattern lies, START-END in hex, if it did.
low_range() { sed -n 's/.*filled [0-9]* low pages from \([0-9a-f]*\) to \([0-9a-f]*\) .*/\1-\2/p' "$1"; }

# vmcore_pages_ok NAME SEED DIR: check_vmcore on DIR/vmcore (saved from
# the run whose serial log is $LOG): every page and the merged notes,
# and the pages below 1 MiB if the harness ran with lowfill.
vmcore_pages_ok() {
	local low
	low=$(low_range "$LOG")
	frames "$LOG" >"$3/capture-frames.txt"
	check "$1: check_vmcore: every page and the notes${low:+ (and $low)}" \
		"$ROOT/build/tests/check_vmcore" "$3/vmcore" "$2" \
		"$(fill_start "$LOG")" "$3/capture-frames.txt" \
		"$ROOT/build/tests/expected_notes.bin" ${low:+"$low"}
}

# fresh_disk: $D/disk.img (the caller's D), 256 MiB, its first MiB random
# (so that a write anywhere at its start shows), and its sum in
# $D/disk.sum.
fresh_disk() {
	rm -f "$D/disk.img"
	head -c 1M /dev/urandom >"$D/disk.img"
	truncate -s 256M "$D/disk.img"
	md5sum <"$D/disk.img" >"$D/disk.sum"
}

# untouched NAME: $D/disk.img is as fresh_disk() left it.
untouched() {
	check "$1: the disk image is unchanged" \
		bash -c "md5sum <'$D/disk.img' | cmp -s - '$D/disk.sum'"
}

# wrong_disk RUN NAME WORD WORDS IDENTITY: the harness run RUN-NAME on
# fresh_disk()'s image with the disk words WORDS: the capture kernel
# refuses the disk over WORD= in one WRONG DISK line that says it is
# IDENTITY (a basic grep pattern), and writes nothing.
wrong_disk() {
	fresh_disk
	run_harness "$1-$2" 128M "$CAPTURE" "seed=7 dump append=format=kdump" \
		"$D/disk.img" "$4"
	check "$2: EXIT_WRONG_DISK ($STATUS)" [ "$STATUS" = "$EXIT_WRONG_DISK" ]
	check "$2: one WRONG DISK line naming $3=" \
		[ "$(grep -c "^dump: WRONG DISK: 00:05.0 is not the armed dump disk ($3= differs): it is $5; nothing written" "$LOG")" = 1 ]
	untouched "$2"
}
