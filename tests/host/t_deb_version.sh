#!/bin/bash
# p2mdump's version is defined once, in capture/version.h; the packaging
# must say the same: debian/changelog's top entry (which dkms.conf and
# /usr/src/p2mdump-VERSION take it from) and p2mdump(8)'s header.
set -u
. "$(dirname "$0")/lib.sh"

ver=$("$ROOT/debian/version.sh")
deb=$(sed -n '1s/^p2mdump (\([^)]*\)).*/\1/p' "$ROOT/debian/changelog")
man=$(sed -n 's/^\.TH P2MDUMP 8 "[^"]*" "p2mdump \([^"]*\)".*/\1/p' "$ROOT/docs/p2mdump.8")

check "deb version: capture/version.h has one ($ver)" [ -n "$ver" ]
check "deb version: debian/changelog says $ver (${deb:-none})" [ "$deb" = "$ver" ]
check "deb version: p2mdump(8) says $ver (${man:-none})" [ "$man" = "$ver" ]
