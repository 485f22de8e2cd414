#!/bin/bash
# Makes (once) a Debian 12 root filesystem for the system end-to-end test
# and prints its directory: CACHE/system/rootfs-KEY, KEY a hash of the
# package list (lib.sh ROOTFS_PKGS), so a changed list makes a new one.
# debootstrap minbase from bookworm main only, then apt-get installs the
# rest in a chroot (apt resolves dependencies better than --include).
# Its kernel is bookworm main's, older than bookworm-security's: the test
# upgrades it later, as an admin would.  Root; takes ~10 min cold.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

key=$(rootfs_key)
dir=$CACHE/system/rootfs-$key
if [ -f "$dir.complete" ]; then
	echo "$dir"
	exit 0
fi

tmp=$dir.tmp
mkdir -p "$CACHE/system" && rm -rf "$tmp" || exit 1
log=$CACHE/system/rootfs-$key.log
trap 'chroot_umount "$tmp"' EXIT

echo "mkrootfs: debootstrap bookworm into $tmp (log $log)" >&2
debootstrap --variant=minbase bookworm "$tmp" "$MIRROR" >"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; echo "mkrootfs: debootstrap failed" >&2; exit 1; }
chroot_mount "$tmp" || { echo "mkrootfs: cannot mount proc/sys/dev in $tmp" >&2; exit 1; }
# shellcheck disable=SC2086
{ in_chroot "$tmp" apt-get update -q &&
  in_chroot "$tmp" apt-get install -y -q --no-install-recommends $ROOTFS_PKGS &&
  in_chroot "$tmp" apt-get clean; } >>"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; echo "mkrootfs: apt-get install in the chroot failed" >&2; exit 1; }
chroot_umount "$tmp"
echo p2mdump-e2e >"$tmp/etc/hostname"
rm -f "$tmp/etc/resolv.conf"
mv "$tmp" "$dir" && touch "$dir.complete" || exit 1
# Root filesystems of other package lists are stale now: ~1.2 GiB each.
for old in "$CACHE"/system/rootfs-*.complete; do
	[ "$old" = "$dir.complete" ] || rm -rf "${old%.complete}" "$old" "${old%.complete}.log"
done
echo "$dir"
