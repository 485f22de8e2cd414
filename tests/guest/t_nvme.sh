#!/bin/bash
# The dump on an NVMe disk (QEMU's nvme, 1b36:0010, the image as namespace
# 1, lib.sh HARNESS_DISK=nvme): the capture kernel resets the controller,
# builds its queues in pool pages and writes by PRPs (capture/nvme.c).
# The same checks as t_dump.sh's virtio-blk dumps (dump_checks.sh): kdump
# and ELF, every page, notes; BAR0 above 4 GiB; RAM ranges off page and
# sector boundaries (PRP1 mid-page, LBAs bounced); a disk too small.  Then the disk check: a wrong serial,
# a wrong or missing disk_nsid=, a namespace that is not there, a second
# namespace of another size: WRONG DISK, the image untouched; and a
# namespace of 4096-byte LBAs: refused in one line, nothing written.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dump_checks.sh"

P2MDUMP=$ROOT/build/p2mdump
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-400}
export HARNESS_DISK=nvme

# A 2 GiB controller memory buffer does not fit below 4 GiB: SeaBIOS
# moves the 64-bit BARs up, BAR0 too; the capture kernel maps it by PAE.
HARNESS_NVME_CTRL=,cmb_size_mb=2048 dump_ok nvme-512M-kdump 512M 2 kdump
check "nvme-512M-kdump: BAR0 above 4 GiB" grep -aEq \
	'^dump: nvme: registers at [1-9a-f][0-9a-f]{8,} \(MA\)' "$LOG"
check "nvme-512M-kdump: the capture kernel drove NVMe" \
	grep -q '^dump: disk 00:05.0, NVMe, ' "$LOG"
check "nvme-512M-kdump: no LBA bounced" grep -q '^dump: nvme: 0 LBAs copied' "$LOG"
check "nvme-512M-kdump: the write cache flushed before and after the last header" \
	grep -q '^dump: nvme: .*, volatile write cache yes, 2 flushes' "$LOG"
dump_ok nvme-1G-elf 1G 1 elf

dump_case nvme-misalign 1G "seed=8 dump misalign append=format=elf"
check "nvme misaligned ranges: EXIT_OK" [ "$STATUS" = $EXIT_OK ]
check "nvme misaligned ranges: save: complete, digest ok" [ $SAVE_RC = 0 ]
check "nvme misaligned ranges: LBAs bounced ($(field "$LOG" 'dump: nvme:'))" \
	[ "$(field "$LOG" 'dump: nvme:')" -gt 0 ]
verify_vmcore "nvme misaligned ranges" 8 "$DIR"
rm -f "$DIR/vmcore"

dump_case nvme-small 200M "seed=3 dump append=format=kdump"
check "nvme small disk: EXIT_DUMP_INCOMPLETE" [ "$STATUS" = $EXIT_DUMP_INCOMPLETE ]
check "nvme small disk: save exits 3 (incomplete)" [ $SAVE_RC = 3 ]
verify_vmcore "nvme small disk" 3 "$DIR"
rm -f "$DIR/vmcore"

# The disk check and the LBA format refusal on a 256 MiB image whose
# first MiB is random: any write at its start shows.
D=$OUT/nvme-id
SECTORS=$((256 * 2048))
rm -rf "$D" && mkdir -p "$D"
# refused NAME WORD WORDS: WRONG DISK over WORD=, nothing written.
refused() {
	wrong_disk nvme-id "$1" "$2" "$3" "$NVME_ID, .*"
}
SERIAL=$(hex p2m-guest)
refused serial disk_serial "disk=$DISK_BDF disk_id=$NVME_ID disk_sectors=$SECTORS disk_serial=$(hex p2m-other) disk_nsid=1"
refused nsid-absent disk_nsid "disk=$DISK_BDF disk_id=$NVME_ID disk_sectors=$SECTORS disk_serial=$SERIAL"
refused nsid-missing-ns disk_nsid "disk=$DISK_BDF disk_id=$NVME_ID disk_sectors=$SECTORS disk_serial=$SERIAL disk_nsid=2"
check "nsid-missing-ns: says the namespace is not active" \
	grep -q 'namespace 2 (not active); nothing written' "$LOG"
HARNESS_NVME_NS=1 refused nsid-other-ns disk_sectors "disk=$DISK_BDF disk_id=$NVME_ID disk_sectors=$SECTORS disk_serial=$SERIAL disk_nsid=2"
check "nsid-other-ns: it saw namespace 2's 64 MiB" \
	grep -q "it is $NVME_ID, 131072 sectors, serial \"p2m-guest\", namespace 2;" "$LOG"
refused virtio-id disk_id "disk=$DISK_BDF disk_id=1af4:1001 disk_sectors=$SECTORS disk_serial=$SERIAL disk_nsid=1"

# 4096-byte LBAs: the words match (sectors are 512 bytes), the format
# is refused before any write.
fresh_disk
HARNESS_NVME_LBA=4096 run_harness nvme-id-lba4096 128M "$CAPTURE" \
	"seed=7 dump append=format=kdump" "$D/disk.img"
check "4096-byte LBAs: EXIT_DUMP_FAILED ($STATUS)" [ "$STATUS" = "$EXIT_DUMP_FAILED" ]
check "4096-byte LBAs: refused in one line" \
	grep -q '^dump: FAILED: NVMe namespace has 4096-byte LBAs: the capture kernel writes 512-byte LBAs only' "$LOG"
untouched "4096-byte LBAs"

# The matching words: a complete dump that save reads.
fresh_disk
run_harness nvme-id-match 128M "$CAPTURE" "seed=7 dump append=format=kdump" "$D/disk.img"
check "match: EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
rm -rf "$D/save"
"$P2MDUMP" save "$D/disk.img" "$D/save" >"$D/match.save.out" 2>&1
check "match: p2mdump save: complete" [ $? = 0 ]
rm -rf "$D/save" "$D/disk.img" "$OUT"/nvme-ns*.img
