#!/bin/bash
# The capture kernel writes only to the disk that was armed: disk= must
# name it, and disk_id=, disk_sectors= and disk_serial= (what `p2mdump
# load` read from sysfs) must match what the device at disk= says (PCI
# config space, virtio-blk capacity, VIRTIO_BLK_T_GET_ID).  Each wrong
# word: EXIT_WRONG_DISK, one WRONG DISK line, the disk image byte for
# byte as it was.  No disk= at all: EXIT_DUMP_FAILED, nothing written.
# The matching words (with and without a serial): a complete dump.
set -u
. "$(dirname "$0")/lib.sh"

P2MDUMP=$ROOT/build/p2mdump
D=$OUT/diskid
SECTORS=$((256 * 2048))		# 256 MiB disks: room for a 128 MiB dump
rm -rf "$D" && mkdir -p "$D"

# wrong NAME WORD WORDS: the capture kernel refuses the disk over WORD.
wrong() {
	wrong_disk diskid "$1" "$2" "$3" \
		"1af4:1001, $SECTORS sectors, serial \"${HARNESS_SERIAL-p2m-guest}\""
}

GOOD="disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$SECTORS disk_serial=$(hex p2m-guest)"
wrong sectors disk_sectors "disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$((SECTORS + 1)) disk_serial=$(hex p2m-guest)"
wrong sectors-half disk_sectors "disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$((SECTORS / 2))"
wrong serial disk_serial "disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$SECTORS disk_serial=$(hex p2m-other)"
wrong serial-prefix disk_serial "disk=$DISK_BDF disk_id=1af4:1001 disk_serial=$(hex p2m-gues)"
wrong serial-empty disk_serial "disk=$DISK_BDF disk_id=1af4:1001 disk_serial="
wrong id disk_id "disk=$DISK_BDF disk_id=1af4:1042 disk_sectors=$SECTORS disk_serial=$(hex p2m-guest)"
wrong no-id disk_id "disk=$DISK_BDF disk_sectors=$SECTORS disk_serial=$(hex p2m-guest)"

# No disk=: no default disk, nothing written.
fresh_disk
run_harness diskid-no-disk-word 128M "$CAPTURE" "seed=7 dump append=format=kdump" \
	"$D/disk.img" "disk_id=1af4:1001 disk_sectors=$SECTORS"
check "no disk=: EXIT_DUMP_FAILED ($STATUS)" [ "$STATUS" = "$EXIT_DUMP_FAILED" ]
check "no disk=: says so" grep -q '^dump: FAILED: no disk= on the command line' "$LOG"
untouched "no disk="

# disk= naming an empty slot.
fresh_disk
run_harness diskid-empty-slot 128M "$CAPTURE" "seed=7 dump append=format=kdump" \
	"$D/disk.img" "disk=00:06.0 disk_id=1af4:1001"
check "disk= an empty slot: EXIT_DUMP_FAILED ($STATUS)" [ "$STATUS" = "$EXIT_DUMP_FAILED" ]
check "disk= an empty slot: says so" grep -q '^dump: FAILED: no virtio or NVMe device at disk=' "$LOG"
untouched "disk= an empty slot"

# right NAME: the words given match: a complete dump that save reads.
right() {
	fresh_disk
	run_harness "diskid-$1" 128M "$CAPTURE" "seed=7 dump append=format=kdump" \
		"$D/disk.img" "$2"
	check "$1: EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
	check "$1: no WRONG DISK line" bash -c "! grep -q 'WRONG DISK' '$LOG'"
	rm -rf "$D/save"
	"$P2MDUMP" save "$D/disk.img" "$D/save" >"$D/$1.save.out" 2>&1
	check "$1: p2mdump save: complete" [ $? = 0 ]
	rm -rf "$D/save"
}
right match "$GOOD"
right match-hex-case "disk=$DISK_BDF disk_id=1AF4:1001 disk_sectors=$SECTORS disk_serial=$(hex p2m-guest | tr a-f A-F)"
HARNESS_SERIAL= right match-no-serial "disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$SECTORS disk_serial="
HARNESS_SERIAL= wrong no-serial-but-one disk_serial "$GOOD"
rm -f "$D/disk.img"
