#!/bin/bash
# check.sh OLD NEW: the host's checks after the boots (e2e.sh): reads
# /var/crash out of the image's root partition (dd, then debugfs rdump:
# no mount) into SYSDIR/out/crash, checks the saved dump with crash, and
# what each boot's P2ME2E blocks on the serial console say.  OLD and NEW:
# the kernel releases of boot A and of boots B and C.  One PASS:/FAIL:
# line per check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

old=$1
new=$2
vmlinux=$CACHE/$new/vmlinux
out=$SYSDIR/out

# block LOG STEP [TITLE]: boot STEP's report in serial LOG (from its
# "P2ME2E step=STEP" line to its act= line); with TITLE only the lines
# between "P2ME2E begin TITLE" and its end line.
block() {
	local b
	b=$(tr -d '\r' <"$1" | sed -n "/P2ME2E step=$2 /,/^P2ME2E act=/p")
	if [ -n "${3:-}" ]; then
		sed -n "/^P2ME2E begin $3\$/,/^P2ME2E end $3 /p" <<<"$b"
	else
		echo "$b"
	fi
}

# armed LOG STEP: boot STEP's `p2mdump status --json` says armed.
armed() {
	block "$1" "$2" json | grep -Eq '"armed": *true'
}

# on_kernel LOG STEP KVER: boot STEP ran kernel KVER.
on_kernel() {
	block "$1" "$2" | grep -q "P2ME2E step=$2 [a-z]* kernel=$3\$"
}

# prev_disarmed LOG STEP: boot STEP's journal of the previous boot (the
# one before it) shows the shutdown's disarm.
prev_disarmed() {
	block "$1" "$2" prev-journal | grep -q 'p2mdump: disarmed$'
}

# saved_then_armed LOG STEP: in boot STEP's journal the save unit saved a
# dump, and the arm unit armed after that.
saved_then_armed() {
	block "$1" "$2" journal |
		awk '/p2mdump: saved the dump to \/var\/crash\// { s = NR }
		     /p2mdump: armed: / && s { a = NR } END { exit !(s && a > s) }'
}

# clean LOG [MARKER]: no kernel BUG, WARNING, Oops or Call Trace in the
# serial LOG, which exists (before the first line matching MARKER: the
# deliberate panic).
clean() {
	[ -s "$1" ] && ! sed "/${2:-^\$^}/q" "$1" | grep -aEq '(BUG:|WARNING:|Oops|general protection|Call Trace:)'
}

# has FILE REGEX: FILE exists and matches the extended REGEX.
has() {
	[ -f "$1" ] && grep -aEq -- "$2" "$1"
}

# read_crash: /var/crash of the image into out/crash; TS: its one dump
# directory's name (YYYYMMDDHHMM).
read_crash() {
	rm -rf "$out" && mkdir -p "$out" &&
	dd if="$SYSDIR/disk.img" of="$out/root.fs" bs=1M skip=1 conv=sparse status=none &&
	debugfs -R "rdump /var/crash $out" "$out/root.fs" >"$out/debugfs.log" 2>&1
	rm -f "$out/root.fs"
	TS=$(find "$out/crash" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null |
		grep -E '^[0-9]{12}$' | sort | tail -n 1)
	[ -n "$TS" ]
}

a=$SYSDIR/boot-a.serial
bc=$SYSDIR/boot-bc.serial

check "boot A: no kernel BUG/WARNING/Oops" clean "$a"
check "boot B: no kernel BUG/WARNING/Oops before the panic" clean "$SYSDIR/boot-b.serial" 'sysrq: Trigger a crash'
check "boot C: no kernel BUG/WARNING/Oops" clean "$SYSDIR/boot-c.serial"
check "boot A: the e2e step ran on the old kernel $old" on_kernel "$a" A "$old"
check "boot A: p2mdump status --json: armed" armed "$a" A
check "boot B: the e2e step ran on the new kernel $new" on_kernel "$bc" B "$new"
check "boot B: p2mdump status --json: armed" armed "$bc" B
check "boot B: its journal shows boot A's shutdown disarm" prev_disarmed "$bc" B
check "boot B: the panic was triggered" has "$bc" '^P2ME2E act=panic'
check "boot B: the capture kernel wrote a complete dump" has "$bc" '^dump: complete: '
check "boot C: the e2e step ran on $new after the panic" on_kernel "$bc" C "$new"
check "boot C: its journal: the dump saved, then armed again" saved_then_armed "$bc" C
check "boot C: p2mdump status --json: armed again after the save" armed "$bc" C

if read_crash; then
	pass "/var/crash/$TS/ in the image"
	d=$out/crash/$TS
	echo "saved, in the image:"
	(cd "$out/crash" && find . -type f -printf '    /var/crash/%P (%s bytes)\n' | sort)
	check "dump.$TS saved" [ -s "$d/dump.$TS" ]
	check "dump-info.$TS saved" [ -s "$d/dump-info.$TS" ]
	check "dmesg.$TS: sysrq triggered crash" has "$d/dmesg.$TS" 'sysrq triggered crash'
	"$ROOT/tests/linux/check-crash.sh" -n -l "e2e-dump" -o "$SYSDIR/crash" "$vmlinux" "$d/dump.$TS"
	echo "crash sys of dump.$TS:"
	sed 's/^/    /' "$SYSDIR/crash/e2e-dump.crash-sys" 2>/dev/null
else
	fail "/var/crash/<YYYYMMDDHHMM>/ in the image (debugfs: $out/debugfs.log)"
	find "$out" | sed 's/^/    /' | head -n 20
fi
