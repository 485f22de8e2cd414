#!/bin/bash
# Builds the Debian packages p2mdump and p2mdump-dkms into build/deb/ and
# runs lintian on them.  dpkg-buildpackage runs on a copy of the tree in
# build/deb/p2mdump-VERSION/, so its outputs land in build/deb/ and the
# tree stays clean.  Installs the packaging tools if missing (root).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/tests/apt-install.sh" deb dpkg-dev debhelper dh-dkms dkms lintian

ver=$(debian/version.sh)
[ -n "$ver" ] || { echo "deb: no P2MDUMP_VERSION in capture/version.h" >&2; exit 1; }
out=build/deb
src=$out/p2mdump-$ver
rm -rf "$out" && mkdir -p "$src"
tar -c --exclude=./build --exclude='./.git*' . | tar -x -C "$src"

log=$out/dpkg-buildpackage.log
(cd "$src" && dpkg-buildpackage -b -us -uc) >"$log" 2>&1 ||
	{ tail -n 40 "$log" >&2; echo "deb: dpkg-buildpackage failed (all of it: $log)" >&2; exit 1; }

changes=$out/p2mdump_${ver}_amd64.changes
lintian --fail-on error,warning --info "$changes" ||
	{ echo "deb: lintian found problems (above)" >&2; exit 1; }
ls -1 "$out"/*.deb
