#!/bin/bash
# Installs the Debian packages the Linux end-to-end tests need, if missing:
# the guest's userland (busybox-static, cpio), the host-side dump checks
# (crash, makedumpfile), modinfo for the guest's virtio modules (kmod), the
# filesystems the dump file runs make on the host (e2fsprogs, xfsprogs,
# btrfs-progs) and
# the headers that p2mdump.ko is built against.  The headers' release is the
# one fetch-kernel.sh boots, so module and guest kernel always match.
# Idempotent and quiet: prints nothing when everything is there.  Needs root
# (or sudo) only when it installs something.
set -u

here=$(cd "$(dirname "$0")" && pwd)

# main: the packages, with the headers of the kernel the tests boot.
main() {
	local release
	release=$("$here/fetch-kernel.sh" --release) || {
		echo "linux-deps: cannot resolve the kernel release (fetch-kernel.sh --release)" >&2
		return 1
	}
	"$here/../apt-install.sh" linux-deps busybox-static crash makedumpfile \
		cpio kmod qemu-system-x86 kexec-tools e2fsprogs xfsprogs btrfs-progs \
		"linux-headers-$release"
}

main "$@"
