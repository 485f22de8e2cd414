#!/bin/bash
# Installs what `make e2e-debian` needs on the host, if missing: the root
# filesystem (debootstrap), the boots (qemu-system-x86), the image
# (e2fsprogs: mke2fs -d, debugfs) and the dump's checks (crash,
# makedumpfile, for tests/linux/check-crash.sh).  Root.
exec "$(dirname "$0")/../apt-install.sh" e2e-deps debootstrap qemu-system-x86 \
	e2fsprogs crash makedumpfile util-linux
