#!/bin/bash
# make deb-check: builds p2mdump.ko from the unpacked p2mdump-dkms package
# alone, as DKMS would, without installing anything into this host.
# 1. dkms.conf's own MAKE[0] by hand, in the unpacked /usr/src tree, with
#    kernelver and kernel_source_dir set as DKMS sets them;
# 2. `dkms build` on a scratch --sourcetree/--dkmstree copy, if dkms is
#    installed (make deb installs it): once unsigned, once signed by a
#    scratch MOK key pair made here with openssl, and once with key paths
#    that do not exist yet, which dkms fills with a key pair of its own
#    (what it does with /var/lib/dkms/mok.key on a real system).
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
# /lib/modules.  dkms 3.0.10 reads sign_file, mok_signing_key and
# mok_certificate only from /etc/dkms/framework.conf and
# framework.conf.d/*.conf (it has no --dkmsframework option, whatever
# its HOWTO.Debian says), sourced over the environment: so the scratch
# runs pass them in the environment, which works unless /etc sets them.
# Its defaults: sign_file /usr/lib/linux-kbuild-X.Y/scripts/sign-file,
# key /var/lib/dkms/mok.key, certificate (DER) /var/lib/dkms/mok.pub,
# made by `openssl req` at the first build if either is missing.

# sigparts KO DIR: splits a signed module as the kernel does (module_sig_check):
# DIR/body (what is signed) and DIR/sig.p7 (the detached PKCS#7), from the
# trailing struct module_signature (12 bytes, sig_len big-endian last)
# and "~Module signature appended~\n" (28 bytes).  Fails if unsigned.
sigparts() {
	local ko=$1 dir=$2 size siglen
	tail -c 28 "$ko" 2>/dev/null | cmp -s - <(printf '~Module signature appended~\n') || return 1
	size=$(stat -c %s "$ko")
	siglen=$(tail -c 32 "$ko" | head -c 4 | od -An -tu1 |
		awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
	[ "$siglen" -gt 0 ] && [ "$siglen" -lt "$size" ] || return 1
	mkdir -p "$dir"
	head -c $((size - 40 - siglen)) "$ko" >"$dir/body"
	tail -c $((siglen + 40)) "$ko" | head -c "$siglen" >"$dir/sig.p7"
}

# sigverify DIR CERT.der: the PKCS#7 in DIR verifies over DIR/body with
# CERT's public key (-noverify: CERT's own trust is the kernel's affair).
sigverify() {
	openssl x509 -inform DER -in "$2" -out "$1/cert.pem" 2>/dev/null &&
		openssl cms -verify -binary -inform DER -in "$1/sig.p7" \
			-content "$1/body" -certfile "$1/cert.pem" -nointern \
			-noverify -out /dev/null 2>/dev/null
}

# cert_cn CERT.der: the certificate's subject CN.
cert_cn() {
	openssl x509 -inform DER -in "$1" -noout -subject -nameopt multiline 2>/dev/null |
		sed -n 's/^ *commonName *= *//p'
}

not() { ! "$@"; }

# check_signed LABEL KO CERT.der: KO carries a signature that modinfo
# attributes to CERT (signer = its CN, sig_key = its serial, the hash
# CONFIG_MODULE_SIG_HASH names) and that openssl verifies with CERT.
check_signed() {
	local label=$1 ko=$2 cert=$3 cn serial hash parts=$scratch/sig.$RANDOM
	cn=$(cert_cn "$cert")
	serial=$(openssl x509 -inform DER -in "$cert" -noout -serial |
		sed 's/^serial=//; s/../&:/g; s/:$//')
	hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"/\1/p' "$ksrc/.config")
	ok "deb check: $label: p2mdump.ko ends in ~Module signature appended~" \
		sigparts "$ko" "$parts"
	ok "deb check: $label: signer is the certificate's CN ($cn)" \
		[ "$(modinfo -F signer "$ko" 2>/dev/null)" = "$cn" ]
	ok "deb check: $label: sig_key is the certificate's serial ($serial)" \
		[ "$(modinfo -F sig_key "$ko" 2>/dev/null)" = "$serial" ]
	ok "deb check: $label: sig_hashalgo is the kernel's CONFIG_MODULE_SIG_HASH ($hash)" \
		[ -n "$hash" -a "$(modinfo -F sig_hashalgo "$ko" 2>/dev/null)" = "$hash" ]
	ok "deb check: $label: openssl verifies the signature with the certificate" \
		sigverify "$parts" "$cert"
	# ... and not over a body with one byte changed (ELF's 'E' at 1)
	printf X | dd of="$parts/body" bs=1 seek=1 conv=notrunc status=none
	ok "deb check: $label: ... and refuses it over a module with one byte changed" \
		not sigverify "$parts" "$cert"
}

# dkms_build NAME [VAR=VALUE...]: `dkms build` on scratch trees
# $scratch/NAME.{src,dkms}, with VARs in its environment; its log is
# $scratch/NAME.log.  Prints the path of the module it built.
dkms_build() {
	local name=$1
	shift
	mkdir -p "$scratch/$name.src" "$scratch/$name.dkms"
	cp -a "$src" "$scratch/$name.src/"
	env "$@" dkms build -m p2mdump -v "$ver" -k "$kver" --kernelsourcedir "$ksrc" \
		--sourcetree "$scratch/$name.src" --dkmstree "$scratch/$name.dkms" \
		>"$scratch/$name.log" 2>&1 || tail -n 30 "$scratch/$name.log" >&2
	echo "$scratch/$name.dkms/p2mdump/$ver/$kver/x86_64/module/p2mdump.ko"
}

etc_sets=$(grep -Els '^[[:space:]]*(sign_file|mok_signing_key|mok_certificate)=' \
	/etc/dkms/framework.conf /etc/dkms/framework.conf.d/*.conf 2>/dev/null)
if ! command -v dkms >/dev/null; then
	fail "deb check: dkms is not installed (make deb installs it)"
	fails=$((fails + 1))
elif [ -n "$etc_sets" ]; then
	fail "deb check: $etc_sets sets dkms's signing variables, which override a scratch key; not running dkms"
	fails=$((fails + 1))
else
	had_key=no
	[ -e /var/lib/dkms/mok.key ] && had_key=yes

	# Unsigned: sign_file names no program, so dkms signs nothing (and
	# makes no key).
	ko=$(dkms_build unsigned sign_file=/nonexistent)
	ok "deb check: dkms build makes p2mdump.ko for $kver" [ -f "$ko" ]
	ok "deb check: with no sign-file dkms says the module won't be signed" \
		grep -q "modules won't be signed" "$scratch/unsigned.log"
	ok "deb check: ... and p2mdump.ko carries no signature" \
		not sigparts "$ko" "$scratch/sig.unsigned"

	if ! command -v openssl >/dev/null; then
		fail "deb check: openssl is not installed (apt-get install openssl): no signing checks"
		fails=$((fails + 1))
	else
		# Signed by a scratch MOK key pair made as dkms makes its own
		# (RSA 2048, DER certificate), with a fixed serial.
		mok=$scratch/mok
		mkdir -p "$mok"
		openssl req -new -x509 -nodes -days 1 -subj "/CN=p2mdump deb-check scratch MOK" \
			-set_serial 0x50326d64756d70 -newkey rsa:2048 \
			-keyout "$mok/mok.key" -outform DER -out "$mok/mok.pub" >/dev/null 2>&1
		ok "deb check: openssl made a scratch MOK key pair" \
			[ -s "$mok/mok.key" -a -s "$mok/mok.pub" ]
		ko=$(dkms_build signed mok_signing_key="$mok/mok.key" mok_certificate="$mok/mok.pub")
		ok "deb check: dkms build with the scratch key makes p2mdump.ko" [ -f "$ko" ]
		ok "deb check: dkms signs with Debian's sign-file (linux-kbuild-${kver%.*})" \
			grep -qx "Sign command: /usr/lib/linux-kbuild-${kver%.*}/scripts/sign-file" \
			"$scratch/signed.log"
		check_signed "scratch key" "$ko" "$mok/mok.pub"

		# Key paths that do not exist: dkms makes the pair itself, at
		# the build, and signs with it.
		gen=$scratch/gen
		mkdir -p "$gen"
		ko=$(dkms_build gen mok_signing_key="$gen/mok.key" mok_certificate="$gen/mok.pub")
		ok "deb check: with no key pair dkms makes one, CN=DKMS module signing key" \
			[ -s "$gen/mok.key" -a "$(cert_cn "$gen/mok.pub")" = "DKMS module signing key" ]
		check_signed "dkms's own key" "$ko" "$gen/mok.pub"
		sigparts "$ko" "$scratch/sig.other"
		ok "deb check: dkms's own key: the scratch certificate does not verify it" \
			not sigverify "$scratch/sig.other" "$mok/mok.pub"
	fi
	[ $had_key = yes ] ||
		ok "deb check: no key was made in /var/lib/dkms" [ ! -e /var/lib/dkms/mok.key ]
fi

[ $fails = 0 ]
