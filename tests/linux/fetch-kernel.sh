#!/bin/bash
# Fetches Debian's current kernel (image, headers, debug vmlinux) into the
# cache and prints its directory.  The versioned package name is resolved
# from linux-image-amd64 at run time; image, headers and dbg always match.
#
#   fetch-kernel.sh --release   only print the versioned release name
#
#   P2MDUMP_CACHE  cache directory (default /var/cache/p2mdump); optional:
#                  without it the packages are fetched again each time.
set -euo pipefail

cache=${P2MDUMP_CACHE:-/var/cache/p2mdump}
mkdir -p "$cache"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo

if ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
	$sudo apt-get update -qq
fi
pkg=$(apt-cache depends linux-image-amd64 |
	sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
[ -n "$pkg" ] || { echo "fetch-kernel: cannot resolve linux-image-amd64" >&2; exit 1; }
release=${pkg#linux-image-}
if [ "${1:-}" = --release ]; then
	echo "$release"
	exit 0
fi
dir=$cache/$release
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$dir/debs" "$dir/root"
(cd "$dir/debs" && apt-get download -q "$pkg" "$pkg-dbg" >&2)
for deb in "$dir"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dir/root"
done
cp "$dir/root/boot/vmlinuz-$release" "$dir/vmlinuz"
cp "$dir/root/usr/lib/debug/boot/vmlinux-$release" "$dir/vmlinux"
echo "$release" >"$dir/release"
rm -rf "$dir/debs" "$dir/root/usr/lib/debug"
touch "$dir/.complete"
echo "$dir"
