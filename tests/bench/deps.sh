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

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

main() {
	local pkgs=(kexec-tools makedumpfile crash busybox-static perl python3) missing=() p sudo='' log rc
	"$here/../linux/deps.sh" || return 1
	for p in "${pkgs[@]}"; do
		installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || sudo=sudo
	echo "bench-deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp)
	{ $sudo apt-get update -qq &&
	  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { echo "bench-deps: apt-get failed:" >&2; cat "$log" >&2; }
	rm -f "$log"
	return $rc
}

main "$@"
