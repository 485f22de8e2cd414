#!/bin/sh
# Prints p2mdump's version, defined once: P2MDUMP_VERSION in
# capture/version.h (debian/changelog must say the same: t_deb_version).
exec sed -n 's/^#define P2MDUMP_VERSION "\(.*\)"$/\1/p' \
	"$(dirname "$0")/../capture/version.h"
