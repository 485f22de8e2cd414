#!/bin/bash
# make e2e-debian: the Debian packages on a real Debian 12 system, end to
# end (issue 13 step 5).  Outside `make check`: ~30 min warm, root.
#  1. deps.sh; the packages are build/deb's (make deb, the target's
#     prerequisite);
#  2. mkrootfs.sh: the cached Debian 12 root filesystem;
#  3. prepare.sh: a copy of it with the packages installed, the config,
#     the test's driver unit, and the kernel upgraded (DKMS both times);
#  4. mkimage.sh: one disk image (MBR, ext4 root);
#  5. boot.sh: boot A on the old kernel (arm, poweroff), then boots B and
#     C in one QEMU run on the new kernel (arm, panic; the capture kernel
#     dumps and resets; save, re-arm, poweroff);
#  6. check.sh: /var/crash read out of the image, crash, the serial logs.
# Outputs in build/test-out/system/ (boot-a.serial, boot-b.serial,
# boot-c.serial, ...).  One PASS:/FAIL: line per check, a
# "N passed, N failed" summary; exit 1 if any failed.
#   P2MDUMP_E2E_TIMEOUT  seconds per QEMU run (default 900)
#   P2MDUMP_E2E_KEEP=1   keep the work root filesystem (default: removed
#                        once in the image)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

work=$SYSDIR/root
log=$SYSDIR/e2e.log
T0=$(date +%s)

# stage NAME: prints the time the previous stage took, then NAME.
stage() {
	local now
	now=$(date +%s)
	[ -n "${STAGE:-}" ] && echo "e2e: $STAGE took $((now - T0)) s"
	T0=$now
	STAGE=$1
	[ -n "$1" ] && echo "e2e: $1"
}

# summary RC: counts the PASS/FAIL lines of the log, and a FAIL if main
# stopped early (status RC); exit 1 on any FAIL.
summary() {
	local p f
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	if [ "$1" != 0 ]; then
		echo "FAIL: e2e: stopped before the checks (above)"
		f=$((f + 1))
	fi
	echo "$p passed, $f failed"
	[ "$f" = 0 ] && [ "$p" -gt 0 ]
}

# extract KVER: the kernel and initrd QEMU boots, from the image's /boot.
extract() {
	cp "$work/boot/vmlinuz-$1" "$work/boot/initrd.img-$1" "$SYSDIR/"
}

# split_boots: boot-bc.serial (one QEMU run, boots B and C) as
# boot-b.serial and boot-c.serial, cut where the second kernel banner is
# (the capture kernel's output stays in B's).
split_boots() {
	awk -v b="$SYSDIR/boot-b.serial" -v c="$SYSDIR/boot-c.serial" \
		'/Linux version [0-9]/ { n++ } { print > (n > 1 ? c : b) }' "$SYSDIR/boot-bc.serial"
}

# main: the stages in order; a stage that cannot go on ends the run.
main() {
	local rootfs uuid old new
	[ "$(id -u)" = 0 ] || { echo "FAIL: e2e: needs root (debootstrap, chroot)"; return 1; }
	stage deps
	"$here/deps.sh" || { fail "e2e: tests/system/deps.sh failed"; return 1; }
	stage "root filesystem (cache $CACHE/system)"
	rootfs=$("$here/mkrootfs.sh") || { fail "e2e: mkrootfs.sh failed"; return 1; }
	stage "install the packages, upgrade the kernel ($work)"
	uuid=$(cat /proc/sys/kernel/random/uuid)
	echo "$uuid" >"$SYSDIR/disk.uuid"
	ROOT_UUID=$uuid "$here/prepare.sh" "$rootfs" "$work" || return 1
	read -r old new <"$work.kernels" || { fail "e2e: no $work.kernels"; return 1; }
	printf '%s\n' "A poweroff" "B panic" "C poweroff" >"$work/var/lib/p2mdump-e2e/plan"
	extract "$old" && extract "$new" || { fail "e2e: no kernel in $work/boot"; return 1; }
	stage "disk image"
	"$here/mkimage.sh" "$work" "$SYSDIR/disk.img" "$uuid" || { fail "e2e: mkimage.sh failed"; return 1; }
	[ "${P2MDUMP_E2E_KEEP:-0}" = 1 ] || rm -rf "$work"
	stage "boot A ($old): arm, poweroff"
	check "boot A: QEMU powered off" "$here/boot.sh" boot-a "$old"
	stage "boots B, C ($new): arm, panic, dump, save, re-arm, poweroff"
	check "boots B, C: QEMU powered off" "$here/boot.sh" boot-bc "$new"
	split_boots
	stage "checks"
	"$here/check.sh" "$old" "$new"
	stage ""
	return 0
}

mkdir -p "$SYSDIR"
main 2>&1 | tee "$log"
summary "${PIPESTATUS[0]}"
