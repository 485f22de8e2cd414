#!/bin/bash
# Installs the Debian packages the Linux end-to-end tests need, if missing:
# the guest's userland (busybox-static, cpio), the host-side dump checks
# (crash, makedumpfile), modinfo for the guest's virtio modules (kmod) and
# the headers that p2mdump.ko is built against.  The headers' release is the
# one fetch-kernel.sh boots, so module and guest kernel always match.
# Idempotent and quiet: prints nothing when everything is there.  Needs root
# (or sudo) only when it installs something.
set -u

here=$(cd "$(dirname "$0")" && pwd)

# installed PKG: true if dpkg has PKG fully installed.
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# main: collect the missing packages and install them in one apt-get call.
main() {
	local release pkgs missing=() p sudo=
	release=$("$here/fetch-kernel.sh" --release) || {
		echo "linux-deps: cannot resolve the kernel release (fetch-kernel.sh --release)" >&2
		return 1
	}
	pkgs=(busybox-static crash makedumpfile cpio kmod qemu-system-x86 kexec-tools
	      "linux-headers-$release")
	for p in "${pkgs[@]}"; do
		installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0

	[ "$(id -u)" = 0 ] || sudo=sudo
	echo "linux-deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	local log rc
	log=$(mktemp)
	{ $sudo apt-get update -qq &&
	  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { echo "linux-deps: apt-get failed:" >&2; cat "$log" >&2; }
	rm -f "$log"
	return $rc
}

main "$@"
