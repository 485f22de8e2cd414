#!/bin/bash
# prepare.sh ROOTFS WORK: the system under test, as an admin makes it.
# Copies the cached ROOTFS (mkrootfs.sh) to WORK, then in a chroot:
# installs build/deb's two packages with apt-get (DKMS builds p2mdump.ko
# for the kernel there, X), writes /etc/default/p2mdump (the default
# config) and /etc/fstab (root by UUID, $ROOT_UUID), installs the test's
# driver unit (p2mdump-e2e.service, not part of the packages), then
# upgrades the kernel from bookworm-security (DKMS's kernel hooks build
# p2mdump.ko for it) and checks both modules.  Writes WORK.kernels: the
# old and the new release.  One PASS:/FAIL: line per check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

rootfs=$1
work=$2
: "${ROOT_UUID:?prepare: ROOT_UUID unset}"
ver=$("$ROOT/debian/version.sh")
debs=("$ROOT/build/deb/p2mdump_${ver}_amd64.deb" "$ROOT/build/deb/p2mdump-dkms_${ver}_all.deb")
log=$work.log

# die MESSAGE: a FAIL line and out (the EXIT trap unmounts).
die() {
	fail "prepare: $* (log $log)"
	tail -n 20 "$log" | sed 's/^/    /'
	exit 1
}

# kernels: the releases with a /boot/vmlinuz in WORK, oldest first.
kernels() {
	ls "$work/boot" | sed -n 's/^vmlinuz-//p' | sort -V
}

# dkms_ko KVER: p2mdump.ko as DKMS installs it for KVER.
dkms_ko() {
	[ -f "$work/lib/modules/$1/updates/dkms/p2mdump.ko" ]
}

# upgraded: the new kernel is bookworm-security's (fetch-kernel.sh's).
upgraded() {
	[ "$new" = "$want" ] && [ "$new" != "$old" ]
}

# initrds: both kernels have their initramfs.
initrds() {
	[ -f "$work/boot/initrd.img-$old" ] && [ -f "$work/boot/initrd.img-$new" ]
}

# config: the package's default /etc/default/p2mdump, or (before the
# package has one) those keys; and fstab.
config() {
	[ -f "$work/etc/default/p2mdump" ] || cat >"$work/etc/default/p2mdump" <<-'CONF'
	P2MDUMP_ENABLED=1
	P2MDUMP_TARGET=/var/crash/p2mdump.img
	P2MDUMP_FILE_SIZE=
	P2MDUMP_FORMAT=kdump
	P2MDUMP_COMPRESS=lzo
	P2MDUMP_DUMP_LEVEL=31
	P2MDUMP_SAVE_DIR=/var/crash
	CONF
	echo "UUID=$ROOT_UUID / ext4 errors=remount-ro 0 1" >"$work/etc/fstab"
}

# e2e_unit: the test's driver unit and script, enabled; a persistent
# journal, so a boot can show the previous one's shutdown.  No getty on
# ttyS0: agetty's vhangup() of the serial line, whenever it starts, cuts
# off the report the step is writing there (seen: boot C's was lost).
e2e_unit() {
	install -m 755 "$here/e2e-step.sh" "$work/usr/local/sbin/p2mdump-e2e-step" &&
	install -m 644 "$here/p2mdump-e2e.service" "$work/etc/systemd/system/" &&
	mkdir -p "$work/var/lib/p2mdump-e2e" "$work/var/log/journal" &&
	in_chroot "$work" systemctl enable p2mdump-e2e.service &&
	in_chroot "$work" systemctl mask serial-getty@ttyS0.service
}

# upgrade: bookworm-security in the sources, then the kernel metapackages.
upgrade() {
	echo "deb $SECURITY bookworm-security main" >"$work/etc/apt/sources.list.d/security.list"
	in_chroot "$work" apt-get update -q &&
	in_chroot "$work" apt-get install -y -q --no-install-recommends \
		linux-image-amd64 linux-headers-amd64
}

for f in "${debs[@]}"; do
	[ -f "$f" ] || { fail "prepare: $f missing (make deb)"; exit 1; }
done
rm -rf "$work" && mkdir -p "$(dirname "$work")" && cp -a "$rootfs" "$work" ||
	{ fail "prepare: cannot copy $rootfs to $work"; exit 1; }
trap 'chroot_umount "$work"' EXIT
chroot_mount "$work" || { fail "prepare: cannot mount proc/sys/dev in $work"; exit 1; }
: >"$log"

old=$(kernels | tail -n 1)
cp "${debs[@]}" "$work/tmp/"
in_chroot "$work" apt-get install -y -q --no-install-recommends \
	"${debs[@]/#*\//./tmp/}" >>"$log" 2>&1 || die "apt-get install of the packages failed"
rm -f "$work"/tmp/*.deb
check "prepare: DKMS built p2mdump.ko for the rootfs's kernel $old" dkms_ko "$old"
config
e2e_unit >>"$log" 2>&1 || die "cannot install p2mdump-e2e.service"

upgrade >>"$log" 2>&1 || die "the kernel upgrade from bookworm-security failed"
new=$(kernels | tail -n 1)
want=$("$ROOT/tests/linux/fetch-kernel.sh" --release)
check "prepare: the upgrade installed $want (got $new, had $old)" upgraded
check "prepare: DKMS built p2mdump.ko for the new kernel $new" dkms_ko "$new"
check "prepare: an initrd for $old and for $new" initrds
in_chroot "$work" apt-get clean
echo "$old $new" >"$work.kernels"
