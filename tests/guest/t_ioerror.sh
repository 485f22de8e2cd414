#!/bin/bash
# The disk refuses a write mid-dump (QEMU's blkdebug: EIO once, on the
# first write touching sector 262144, 128 MiB in; lib.sh
# HARNESS_EIO_SECTOR), on virtio-blk and on NVMe: the capture kernel
# reopens the device (virtio: a reset and new rings; NVMe: CC.EN = 0 and
# its queues built again, capture/blkdev.h blkdev_reopen()), marks the
# dump incomplete for an I/O error, and `p2mdump save` reads what is
# there: exit 3, the reason, the digest, every page it holds.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dump_checks.sh"

P2MDUMP=$ROOT/build/p2mdump
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-300}

for disk in virtio nvme; do
	HARNESS_DISK=$disk HARNESS_EIO_SECTOR=262144 \
		dump_case "ioerror-$disk" 1G "seed=9 dump append=format=elf"
	check "$disk I/O error: EXIT_DUMP_INCOMPLETE ($STATUS)" \
		[ "$STATUS" = "$EXIT_DUMP_INCOMPLETE" ]
	check "$disk I/O error: says so" \
		grep -aq '^dump: INCOMPLETE: disk write failed: ' "$LOG"
	[ $disk = nvme ] && check "nvme I/O error: the failed command's status" \
		grep -aq '^dump: nvme: I/O command failed, status ' "$LOG"
	check "$disk I/O error: save exits 3 (incomplete)" [ "$SAVE_RC" = 3 ]
	check "$disk I/O error: the reason recorded" \
		grep -q '^reason: io' "$DIR/dump-info.txt"
	check "$disk I/O error: save reports the digest ok" \
		grep -q 'digest_check: ok' "$DIR/dump-info.txt"
	check "$disk I/O error: cut before the bad sector" \
		[ "$(stat -c %s "$DIR/vmcore")" -le $((262144 * 512)) ]
	verify_vmcore "$disk I/O error" 9 "$DIR"
	rm -f "$DIR/vmcore"
done
