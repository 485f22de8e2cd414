#!/bin/bash
# boot.sh NAME KVER: boots the e2e disk image (SYSDIR/disk.img) under QEMU
# with kernel KVER's vmlinuz and initrd (copied out of the image's /boot
# into SYSDIR by e2e.sh), until the guest powers off or
# P2MDUMP_E2E_TIMEOUT seconds (default 900) pass.  No -no-reboot: after
# a panic the capture kernel writes the dump and resets, and QEMU boots
# the same kernel again, so one run may hold several boots.  The serial
# log is SYSDIR/NAME.serial.  Exit status: QEMU's (0 poweroff), 124 or
# 137 on a timeout.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

name=$1
kver=$2
timeout_s=${P2MDUMP_E2E_TIMEOUT:-900}
uuid=$(cat "$SYSDIR/disk.uuid") || exit 1
log=$SYSDIR/$name.serial

if [ "${P2MDUMP_ACCEL:-tcg}" = kvm ]; then
	accel=(-accel kvm -cpu host,-arch-capabilities)
else
	accel=(-accel tcg -cpu max)
fi
# panic=10: if the capture kernel never takes over, the guest reboots on
# its own and the checks fail, rather than QEMU hanging to the timeout.
append="root=UUID=$uuid ro console=ttyS0 panic=10"

rm -f "$log"
start=$(date +%s)
# One QEMU at a time on this machine (the lock every project test takes).
flock /tmp/p2mdump-qemu.lock \
	timeout --kill-after=5 "$timeout_s" qemu-system-x86_64 "${accel[@]}" \
	-m 1024 -smp 2 -nographic -vga none -nic none -monitor none -serial "file:$log" \
	-drive "file=$SYSDIR/disk.img,format=raw,if=none,id=system" \
	-device virtio-blk-pci,drive=system,serial=p2m-system \
	-kernel "$SYSDIR/vmlinuz-$kver" -initrd "$SYSDIR/initrd.img-$kver" \
	-append "$append" </dev/null >"$SYSDIR/$name.qemu" 2>&1
rc=$?
echo "boot: $name ($kver): QEMU status $rc after $(($(date +%s) - start)) s (serial $log)"
exit $rc
