# Shared by the system end-to-end test (tests/system/): the cache, the
# chroot helpers.  Source it after tests/lib.sh (ROOT, OUT, pass, fail).

CACHE=${P2MDUMP_CACHE:-/var/cache/p2mdump}
SYSDIR=$OUT/system		# serial logs, the image, what the checks read
MIRROR=${P2MDUMP_MIRROR:-http://deb.debian.org/debian}
SECURITY=${P2MDUMP_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

# The cached root filesystem's packages, on top of debootstrap's minbase:
# a systemd boot as a real system has it (dbus for logind, e2fsprogs for
# the initramfs's fsck of the root), Debian's kernel from bookworm main (the "old" kernel X
# the packages are first installed for), what p2mdump-dkms depends on
# (debian/control) and makedumpfile (the save unit's --dump-dmesg).
ROOTFS_PKGS="systemd-sysv udev dbus kmod initramfs-tools e2fsprogs
linux-image-amd64 linux-headers-amd64
dkms openssl gcc-multilib liblzo2-dev binutils-source xz-utils make
makedumpfile procps"

# CHROOT_MOUNTED: the mount points chroot_mount made, for chroot_umount.
CHROOT_MOUNTED=()

# chroot_mount DIR: proc, sys, dev and dev/pts in DIR, the host's DNS, and
# a policy-rc.d so packages start no services in the chroot.  Pair with
# chroot_umount (callers trap it on EXIT).
chroot_mount() {
	local d=$1
	mount -t proc proc "$d/proc" && CHROOT_MOUNTED=("$d/proc" "${CHROOT_MOUNTED[@]}") &&
	mount -t sysfs sys "$d/sys" && CHROOT_MOUNTED=("$d/sys" "${CHROOT_MOUNTED[@]}") &&
	mount --bind /dev "$d/dev" && CHROOT_MOUNTED=("$d/dev" "${CHROOT_MOUNTED[@]}") &&
	mount --bind /dev/pts "$d/dev/pts" && CHROOT_MOUNTED=("$d/dev/pts" "${CHROOT_MOUNTED[@]}") ||
		return 1
	cp -L /etc/resolv.conf "$d/etc/resolv.conf"
	printf '#!/bin/sh\nexit 101\n' >"$d/usr/sbin/policy-rc.d"
	chmod 755 "$d/usr/sbin/policy-rc.d"
}

# chroot_umount [DIR]: undoes chroot_mount (newest first; lazily if busy)
# and removes the policy-rc.d from DIR.
chroot_umount() {
	local m
	for m in "${CHROOT_MOUNTED[@]}"; do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	CHROOT_MOUNTED=()
	[ -n "${1:-}" ] && rm -f "$1/usr/sbin/policy-rc.d"
	return 0
}

# in_chroot DIR COMMAND...: COMMAND in DIR, apt non-interactive.
in_chroot() {
	local d=$1
	shift
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 chroot "$d" "$@"
}

# rootfs_key: the cache key, a hash of what makes the root filesystem.
rootfs_key() {
	printf '%s\n' bookworm "$MIRROR" $ROOTFS_PKGS | sha256sum | cut -c1-16
}
