#!/bin/bash
# Installs, if missing, what `make bench` needs beyond the Linux tests'
# packages (tests/linux/deps.sh): kexec-tools (the stock kdump side's
# `kexec -p`, copied into the guest with its shared libraries), perl
# (serial-ts.pl: Time::HiRes is in libperl, not perl-base) and python3
# (bench.py).  makedumpfile, crash and busybox-static are listed again
# for clarity; tests/linux/deps.sh installs them too.
# Quiet when everything is there; root or sudo only to install.
set -u

here=$(cd "$(dirname "$0")" && pwd)

"$here/../linux/deps.sh" || exit 1
exec "$here/../apt-install.sh" bench-deps kexec-tools makedumpfile crash \
	busybox-static perl python3
