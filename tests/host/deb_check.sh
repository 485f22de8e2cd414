#!/bin/bash
# make deb-check: builds p2mdump.ko from the unpacked p2mdump-dkms package
# alone, as DKMS would, without installing anything into this host.
# 1. dkms.conf's own MAKE[0] by hand, in the unpacked /usr/src tree, with
#    kernelver and kernel_source_dir set as DKMS sets them;
# 2. `dkms build` on a scratch --sourcetree/--dkmstree copy, if dkms is
#    installed (make deb installs it).
# Not a t_*.sh: tests/run.sh runs those in check-unit, and this takes
# minutes.  Usage: deb_check.sh [KVER] (default 6.1.0-57-amd64, Debian
# 12's kernel whose headers the Linux tests use).  Exit 0: every check
# passed.
set -u
. "$(dirname "$0")/lib.sh"

kver=${1:-6.1.0-57-amd64}
ver=$("$ROOT/debian/version.sh")
deb=$ROOT/build/deb/p2mdump-dkms_${ver}_all.deb
ksrc=/usr/src/linux-headers-$kver
fails=0
ok() { check "$@" || fails=$((fails + 1)); }

[ -f "$deb" ] || { fail "deb check: $deb missing (make deb)"; exit 1; }
[ -d "$ksrc" ] || { fail "deb check: no headers at $ksrc (apt-get install linux-headers-$kver)"; exit 1; }

scratch=$(mktemp -d "$OUT/deb-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -x "$deb" "$scratch/root"
src=$scratch/root/usr/src/p2mdump-$ver
conf=$src/dkms.conf
ok "deb check: the package ships /usr/src/p2mdump-$ver/dkms.conf" [ -f "$conf" ]
ok "deb check: the package ships no build outputs" [ ! -e "$src/build" ]

# dkms.conf is shell: read it as DKMS does, with the kernel's variables.
dkms_var() {
	(kernelver=$kver kernel_source_dir=$ksrc; . "$conf"; eval "echo \"\${$1}\"")
}
ok "deb check: PACKAGE_NAME=p2mdump" [ "$(dkms_var PACKAGE_NAME)" = p2mdump ]
ok "deb check: PACKAGE_VERSION=$ver" [ "$(dkms_var PACKAGE_VERSION)" = "$ver" ]
ok "deb check: BUILT_MODULE_NAME[0]=p2mdump" [ "$(dkms_var 'BUILT_MODULE_NAME[0]')" = p2mdump ]
ok "deb check: AUTOINSTALL=yes" [ "$(dkms_var AUTOINSTALL)" = yes ]

# 1. MAKE[0] by hand, in a copy (DKMS too builds in a copy of the source).
cp -a "$src" "$scratch/hand"
make_cmd=$(dkms_var 'MAKE[0]')
ko=$scratch/hand/$(dkms_var 'BUILT_MODULE_LOCATION[0]')/p2mdump.ko
log=$scratch/hand.log
(cd "$scratch/hand" && eval "$make_cmd") >"$log" 2>&1 ||
	tail -n 30 "$log"
ok "deb check: MAKE[0] ($make_cmd) builds p2mdump.ko" [ -f "$ko" ]
ok "deb check: it built the capture kernel from the packaged source" \
	[ -f "$scratch/hand/build/capture.elf" ]
vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
ok "deb check: p2mdump.ko is for $kver (${vermagic%% *})" [ "${vermagic%% *}" = "$kver" ]

# 2. dkms itself, on scratch trees: nothing under /var/lib/dkms or
# /lib/modules.  sign_file names no program, so that dkms signs nothing
# and so does not make a signing key in /var/lib/dkms.
if command -v dkms >/dev/null; then
	mkdir -p "$scratch/src" "$scratch/dkms"
	cp -a "$src" "$scratch/src/"
	log=$scratch/dkms.log
	sign_file=/nonexistent dkms build -m p2mdump -v "$ver" -k "$kver" --kernelsourcedir "$ksrc" \
		--sourcetree "$scratch/src" --dkmstree "$scratch/dkms" >"$log" 2>&1 ||
		tail -n 30 "$log"
	ok "deb check: dkms build makes p2mdump.ko for $kver" \
		[ -f "$scratch/dkms/p2mdump/$ver/$kver/x86_64/module/p2mdump.ko" ]
else
	fail "deb check: dkms is not installed (make deb installs it)"
	fails=$((fails + 1))
fi

[ $fails = 0 ]
