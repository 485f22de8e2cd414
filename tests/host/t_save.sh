#!/bin/bash
# `p2mdump save` on fake dump disks built by build/tests/mkdumpdisk: a
# complete dump is copied byte for byte, sparsely, with its digest checked;
# incomplete and in-progress dumps are saved with a loud warning and exit
# 3; empty, foreign, truncated, corrupted and malformed disks, an existing
# vmcore and a missing device each end with their own message and exit 1.
# save never follows a link, writes into a file it did not create, hangs
# on a FIFO, overwrites its own source or writes into a directory others
# can write.  Dump header version 2: the nonce and crash time are shown, a
# header whose CRC fails is refused, ARMED and CLEARED headers exit 4, a
# save marks the dump saved (and --clear cleared) only once it is safely
# written, and version 1 headers are still read.
# Host only (no QEMU).  TEST_SEED picks the synthetic vmcore's contents.
set -u
. "$(dirname "$0")/lib.sh"

P2MDUMP=$ROOT/build/p2mdump
MKDISK=$ROOT/build/tests/mkdumpdisk
CHECK_VMCORE=$ROOT/build/tests/check_vmcore
D=$OUT/save
SEED=${TEST_SEED:-7}
echo "seed $SEED (replay with TEST_SEED=$SEED)"

synthetic_vmcore save "$D" "$SEED" "$P2MDUMP" "$MKDISK" "$CHECK_VMCORE"
SIZE=$(stat -c %s "$CORE")
HALF=$(( SIZE / 2 / 4096 * 4096 ))
FILL=$(awk '$1 == "fill_start" { print $2 }' "$CORE.layout")

# save NAME ARGS...: runs `p2mdump save ARGS`; sets RC, OUTF, ERRF.
save() {
	local name=$1
	shift
	OUTF=$D/$name.stdout
	ERRF=$D/$name.stderr
	# timeout: a save that blocks (on a FIFO, say) fails, exit 124
	timeout 20 "$P2MDUMP" save "$@" >"$OUTF" 2>"$ERRF" </dev/null
	RC=$?
	echo "--- $name: p2mdump save $*: exit $RC"
	sed 's/^/    /' "$OUTF" "$ERRF"
}

# disk NAME OPTIONS...: builds $D/NAME.img holding $CORE; sets IMG.
disk() {
	local name=$1
	shift
	IMG=$D/$name.img
	"$MKDISK" disk "$IMG" "$CORE" "$@" || fail "save: mkdumpdisk disk $name $*"
}

# has FILE TEXT: FILE holds the fixed string TEXT.
has() {
	grep -qF -- "$2" "$1"
}

# sparse FILE: FILE takes fewer bytes on disk than its size.
sparse() {
	[ $(( $(stat -c %b "$1") * $(stat -c %B "$1") )) -lt "$(stat -c %s "$1")" ]
}

# size_is FILE BYTES
size_is() {
	[ -f "$1" ] && [ "$(stat -c %s "$1")" = "$2" ]
}

# flip_byte FILE OFFSET: inverts one byte in place.
flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(( b ^ 0xff )))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# refused NAME MESSAGE [STATUS]: the last save exited STATUS (default 1)
# with MESSAGE and wrote nothing.
refused() {
	check "$1: exits ${3:-1} ($RC)" [ "$RC" = "${3:-1}" ]
	check "$1: says '${2//$D\//}'" has "$ERRF" "p2mdump: $2"
	check "$1: creates no vmcore" [ ! -e "$D/out-$1/vmcore" ]
}

# --- a complete dump
disk complete
save complete "$IMG" "$D/out-complete"
V=$D/out-complete/vmcore
INFO=$D/out-complete/dump-info.txt
check "complete: exits 0 ($RC)" [ "$RC" = 0 ]
check "complete: vmcore is byte-identical" cmp "$CORE" "$V"
check "complete: vmcore is sparse (zero blocks are holes)" sparse "$V"
check "complete: summary says complete, digest ok" \
	bash -c "grep -q 'Saved a complete ELF dump' '$OUTF' &&
		 grep -q 'digest 0x[0-9a-f]* ok' '$OUTF'"
check "complete: nothing on stderr" [ ! -s "$ERRF" ]
for key in state format reason detail vmcore_size vmcore_full_size pages_dumped \
	   zero_pages elapsed_us first_write_us tlb_flushes mmu_batches \
	   pages_mapped capture_version; do
	has "$INFO" "$key: " || fail "complete: dump-info.txt has no '$key'"
done
check "complete: dump-info.txt has every key" \
	[ "$(grep -c '^[a-z_]*: ' "$INFO")" -ge 13 ]
check "complete: dump-info.txt values" \
	bash -c "grep -qx 'state: complete' '$INFO' &&
		 grep -qx 'reason: none' '$INFO' &&
		 grep -qx 'vmcore_size: $SIZE' '$INFO' &&
		 grep -qx 'vmcore_full_size: $SIZE' '$INFO' &&
		 grep -qx 'elapsed_us: 1234567' '$INFO' &&
		 grep -qx 'tlb_flushes: 17' '$INFO' &&
		 grep -qx 'capture_version: p2mdump-capture test' '$INFO' &&
		 grep -qx 'digest_check: ok' '$INFO'"
check "complete: check_vmcore accepts the saved vmcore" \
	"$CHECK_VMCORE" "$V" "$SEED" "$FILL" "$CORE.frames" "$CORE.notes"

# --- an existing vmcore, --force, nested OUTDIR
save exists "$IMG" "$D/out-complete"
check "exists: exits 1 ($RC)" [ "$RC" = 1 ]
check "exists: says use --force" \
	has "$ERRF" "p2mdump: $V already exists; use --force to overwrite it"
check "exists: vmcore untouched" cmp "$CORE" "$V"
head -c "$SIZE" /dev/urandom >"$V"
save force --force "$IMG" "$D/out-complete"
check "force: exits 0 ($RC)" [ "$RC" = 0 ]
check "force: overwritten vmcore is byte-identical" cmp "$CORE" "$V"
check "force: overwritten vmcore is sparse again" sparse "$V"
save nested "$IMG" "$D/out-nested/a/b"
check "nested: exits 0 ($RC)" [ "$RC" = 0 ]
check "nested: creates OUTDIR with its parents" \
	cmp "$CORE" "$D/out-nested/a/b/vmcore"

# --- incomplete: the disk filled up
disk incomplete --state incomplete --reason 1 --detail "disk full after 273 pages"
save incomplete "$IMG" "$D/out-incomplete"
V=$D/out-incomplete/vmcore
check "incomplete: exits 3 ($RC)" [ "$RC" = 3 ]
check "incomplete: loud warning with reason, detail and sizes" has "$ERRF" \
	"p2mdump: WARNING: THE DUMP IS INCOMPLETE: the dump disk is full: disk full after 273 pages; $V holds $HALF of $SIZE bytes"
check "incomplete: warning is several lines" \
	[ "$(grep -c '^p2mdump: WARNING: ' "$ERRF")" -ge 4 ]
check "incomplete: partial vmcore of $HALF bytes" size_is "$V" "$HALF"
check "incomplete: partial vmcore is the dump's prefix" cmp -n "$HALF" "$CORE" "$V"
check "incomplete: dump-info says incomplete, disk-full, digest ok" \
	bash -c "grep -qx 'state: incomplete' '$D/out-incomplete/dump-info.txt' &&
		 grep -qx 'reason: disk-full' '$D/out-incomplete/dump-info.txt' &&
		 grep -qx 'detail: disk full after 273 pages' '$D/out-incomplete/dump-info.txt' &&
		 grep -qx 'digest_check: ok' '$D/out-incomplete/dump-info.txt'"
check "incomplete: summary says INCOMPLETE" has "$OUTF" "Saved an INCOMPLETE dump"

disk exception --state incomplete --reason 2 --detail "#PF at 0xc0101234"
save exception "$IMG" "$D/out-exception"
check "exception: exits 3 ($RC)" [ "$RC" = 3 ]
check "exception: warning names the exception" has "$ERRF" \
	"THE DUMP IS INCOMPLETE: the capture kernel took an exception: #PF at 0xc0101234;"

# --- in progress: the capture kernel never wrote its final header
disk in-progress --state in-progress
save in-progress "$IMG" "$D/out-in-progress"
V=$D/out-in-progress/vmcore
check "in-progress: exits 3 ($RC)" [ "$RC" = 3 ]
check "in-progress: loud warning" has "$ERRF" \
	"p2mdump: WARNING: THE DUMP IS INCOMPLETE: the capture kernel never finished: reset or hang; $V holds $HALF of $SIZE bytes"
check "in-progress: partial vmcore is the dump's prefix" \
	bash -c "[ \$(stat -c %s '$V') = $HALF ] && cmp -n $HALF '$CORE' '$V'"
check "in-progress: dump-info says in-progress, digest skipped" \
	bash -c "grep -qx 'state: in-progress' '$D/out-in-progress/dump-info.txt' &&
		 grep -qx 'digest_check: skipped' '$D/out-in-progress/dump-info.txt'"

# --- disks that hold no dump
IMG=$D/empty.img
truncate -s 1M "$IMG"
save empty "$IMG" "$D/out-empty"
refused empty "$IMG is empty: no dump was written" 4
check "empty: creates no OUTDIR" [ ! -e "$D/out-empty" ]

IMG=$D/zero-length.img
: >"$IMG"
save zero-length "$IMG" "$D/out-zero-length"
refused zero-length "$IMG is empty: no dump was written" 4

IMG=$D/random.img
"$MKDISK" junk "$IMG" 1048576 "$SEED"
save random "$IMG" "$D/out-random"
refused random "$IMG holds no p2mdump dump (no P2MDUMP1 header)"

IMG=$D/ext4.img
truncate -s 8M "$IMG"
if command -v mkfs.ext4 >/dev/null; then
	mkfs.ext4 -q -F "$IMG" >/dev/null 2>&1
else
	printf '\123\357' | dd of="$IMG" bs=1 seek=1080 conv=notrunc status=none
fi
save ext4 "$IMG" "$D/out-ext4"
refused ext4 "$IMG holds no p2mdump dump (no P2MDUMP1 header)"

disk magic --magic P2MDUMP2
save magic "$IMG" "$D/out-magic"
refused magic "$IMG holds no p2mdump dump (no P2MDUMP1 header)"

# --- damaged dumps
disk truncated --disk-size $(( 4096 + SIZE - 8192 ))
save truncated "$IMG" "$D/out-truncated"
refused truncated "$IMG is truncated: the vmcore needs $SIZE bytes from offset 4096 but $IMG has $(( 4096 + SIZE - 8192 )) bytes"

disk bad-digest --bad-digest
save bad-digest "$IMG" "$D/out-bad-digest"
check "bad-digest: exits 1 ($RC)" [ "$RC" = 1 ]
check "bad-digest: says the disk is corrupted" \
	has "$ERRF" "p2mdump: vmcore digest mismatch: the dump disk is corrupted"
check "bad-digest: keeps the vmcore" cmp "$CORE" "$D/out-bad-digest/vmcore"
check "bad-digest: dump-info says mismatch" \
	grep -qx 'digest_check: mismatch' "$D/out-bad-digest/dump-info.txt"

disk flipped
LOAD1=$(awk '$1 == "load" && $2 == 1 { print $3 }' "$CORE.layout")
flip_byte "$IMG" $(( 4096 + LOAD1 + 12345 ))
save flipped "$IMG" "$D/out-flipped"
check "flipped: one flipped vmcore byte exits 1 ($RC)" [ "$RC" = 1 ]
check "flipped: says the disk is corrupted" \
	has "$ERRF" "p2mdump: vmcore digest mismatch: the dump disk is corrupted"

# --- malformed headers: each its own message
disk version --version 3
save version "$IMG" "$D/out-version"
refused version "$IMG has dump header version 3; this p2mdump reads versions 1 and 2"

disk header-size --header-size 272
save header-size "$IMG" "$D/out-header-size"
refused header-size "$IMG: dump header size is 272, expected 320 for version 2"

disk offset --vmcore-offset 8192
save offset "$IMG" "$D/out-offset"
refused offset "$IMG: vmcore offset is 8192, expected 4096"

disk unaligned --vmcore-size 4097
save unaligned "$IMG" "$D/out-unaligned"
refused unaligned "$IMG: vmcore size 4097 is not a multiple of 4096"

disk state --state 9
save state "$IMG" "$D/out-state"
refused state "$IMG: unknown dump state 9"

check "malformed headers: five distinct messages" \
	[ "$(cat "$D"/{version,header-size,offset,unaligned,state}.stderr | sort -u | wc -l)" = 5 ]

# --- headers whose state, reason and sizes disagree (issue 10)
disk short-complete --vmcore-size $HALF
save short-complete "$IMG" "$D/out-short-complete"
refused short-complete "$IMG: the header says complete but holds $HALF of $SIZE bytes (corrupt header?)"

disk complete-reason --reason 2
save complete-reason "$IMG" "$D/out-complete-reason"
refused complete-reason "$IMG: the header says complete but gives reason 2 (corrupt header?)"

disk no-reason --state incomplete --reason 0
save no-reason "$IMG" "$D/out-no-reason"
refused no-reason "$IMG: the header says incomplete but gives no reason (corrupt header?)"

disk progress-reason --state in-progress --reason 3
save progress-reason "$IMG" "$D/out-progress-reason"
refused progress-reason "$IMG: the header says in progress but gives reason 3 (corrupt header?)"

# --- dump header version 2: nonce, times, CRC, saved and cleared marks
# u64 FILE OFFSET: a little-endian header field.
u64() { od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '; }
# hdr_is FILE OFFSET BYTES VALUE: the header field reads VALUE (decimal);
# hdr_not: it does not.  between LO X HI: LO <= X <= HI.
hdr_is() { [ "$(od -An -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' ')" = "$4" ]; }
hdr_not() { ! hdr_is "$@"; }
between() { [ "$2" -ge "$1" ] && [ "$2" -le "$3" ]; }
# crc_ok FILE: the header's CRC-32 checked by Python's zlib, not ours.
crc_ok() {
	python3 -c 'import sys, zlib
h = bytearray(open(sys.argv[1], "rb").read(320)); c = h[312:316]
h[312:316] = bytes(4)
sys.exit(zlib.crc32(h) != int.from_bytes(c, "little"))' "$1"
}
# wrapped FILE TEXT: the summary in FILE, its lines joined, holds TEXT.
wrapped() {
	tr '\n' ' ' <"$1" | grep -qF -- "$2"
}
NONCE=1122334455667788
CRASH="2025-12-02 05:41:56 UTC"	# mkdumpdisk's DEFAULT_CRASH
LOADED="2025-12-02 04:33:20 UTC"	# and DEFAULT_LOAD
OFF_STATE=16 OFF_VERSION=8 OFF_SAVED=304

check "v2: the summary names the nonce and the crash time" \
	wrapped "$D/complete.stdout" "Nonce $NONCE, crashed at $CRASH."
check "v2: dump-info.txt has header_version, nonce and crash time" \
	bash -c "grep -qx 'header_version: 2' '$INFO' && grep -qx 'nonce: $NONCE' '$INFO' &&
		 grep -qx 'crash_time: 1764654116' '$INFO' &&
		 grep -qx 'crash_time_utc: $CRASH' '$INFO'"
SAVED=$(u64 "$D/complete.img" $OFF_SAVED)
check "v2: save marked the dump saved (saved_time $SAVED, now $(date +%s))" \
	between 1764654117 "$SAVED" "$(date +%s)"
check "v2: the marked header's CRC is right (Python's zlib.crc32)" crc_ok "$D/complete.img"
check "v2: the marked header still says complete" hdr_is "$D/complete.img" $OFF_STATE 4 2
check "v2: a later save says when it was saved before" \
	wrapped "$D/force.stdout" "; saved before, at "
check "v2: ... and keeps the first saved_time" \
	hdr_is "$D/complete.img" $OFF_SAVED 8 "$SAVED"
check "v2: an incomplete dump is marked saved too" \
	hdr_not "$D/incomplete.img" $OFF_SAVED 8 0
check "v2: a digest mismatch is not marked saved" \
	hdr_is "$D/bad-digest.img" $OFF_SAVED 8 0

disk bad-crc --bad-crc
save bad-crc "$IMG" "$D/out-bad-crc"
refused bad-crc "$IMG: dump header CRC is"
check "bad-crc: says corrupt" has "$ERRF" "(corrupt header)"
check "bad-crc: creates no OUTDIR" [ ! -e "$D/out-bad-crc" ]

# A header byte damaged after it was written (pages_dumped, at 56): the
# fields still agree, only the CRC can tell.
disk header-flip
flip_byte "$IMG" 57
save header-flip "$IMG" "$D/out-header-flip"
refused header-flip "$IMG: dump header CRC is"

disk armed --state armed
save armed "$IMG" "$D/out-armed"
check "armed: exits 4 ($RC)" [ "$RC" = 4 ]
check "armed: one line: no dump since load, with its time and nonce" bash -c \
	"[ \"\$(cat '$ERRF')\" = 'p2mdump: $IMG: no dump was written after load at $LOADED, nonce $NONCE' ]"
check "armed: creates no OUTDIR" [ ! -e "$D/out-armed" ]

disk armed-bytes --state armed --vmcore-size 8192
save armed-bytes "$IMG" "$D/out-armed-bytes"
refused armed-bytes "$IMG: the header says armed (no dump yet) but holds 8192 bytes (corrupt header?)"

disk clear
save clear --clear "$IMG" "$D/out-clear"
check "clear: exits 0 ($RC)" [ "$RC" = 0 ]
check "clear: vmcore is byte-identical" cmp "$CORE" "$D/out-clear/vmcore"
check "clear: says it cleared the header" has "$OUTF" "Cleared the dump header of $IMG (saved "
check "clear: the header is CLEARED (5)" hdr_is "$IMG" $OFF_STATE 4 5
check "clear: its CRC is right" crc_ok "$IMG"
save cleared "$IMG" "$D/out-cleared"
check "cleared: a later save exits 4 ($RC)" [ "$RC" = 4 ]
check "cleared: says whose dump was saved and cleared" has "$ERRF" \
	"p2mdump: $IMG: no dump: the last one (nonce $NONCE, crashed at $CRASH) was saved at "

# --clear only once the dump is safely saved: not when save refuses.
disk clear-refused
mkdir -p "$D/out-clear-refused"
echo old >"$D/out-clear-refused/vmcore"
head -c 320 "$IMG" >"$D/clear-refused.before"
save clear-refused --clear "$IMG" "$D/out-clear-refused"
check "clear-refused: an existing vmcore, no --force: exits 1 ($RC)" [ "$RC" = 1 ]
check "clear-refused: the header is untouched" \
	cmp "$D/clear-refused.before" <(head -c 320 "$IMG")
disk clear-bad-digest --bad-digest
save clear-bad-digest --clear "$IMG" "$D/out-clear-bad-digest"
check "clear-bad-digest: exits 1 ($RC)" [ "$RC" = 1 ]
check "clear-bad-digest: not cleared" hdr_is "$IMG" $OFF_STATE 4 2
check "clear-bad-digest: not marked saved" hdr_is "$IMG" $OFF_SAVED 8 0

# Version 1 headers are read; marking one saved makes it version 2.
disk v1 --v1
save v1 "$IMG" "$D/out-v1"
check "v1: exits 0 ($RC)" [ "$RC" = 0 ]
check "v1: vmcore is byte-identical" cmp "$CORE" "$D/out-v1/vmcore"
check "v1: the summary says version 1, no CRC" \
	wrapped "$OUTF" "Dump header version 1: no nonce, crash time or CRC."
check "v1: dump-info.txt says header_version 1, nonce 0" bash -c \
	"grep -qx 'header_version: 1' '$D/out-v1/dump-info.txt' &&
	 grep -qx 'nonce: 0000000000000000' '$D/out-v1/dump-info.txt'"
check "v1: marked saved: now a version 2 header" hdr_is "$IMG" $OFF_VERSION 4 2
check "v1: ... with saved_time set" hdr_not "$IMG" $OFF_SAVED 8 0
check "v1: ... and a right CRC" crc_ok "$IMG"

# A mark that cannot be written: a warning; a --clear: an error.  The
# image is made read-only by its mode, or for root by chattr +i.
disk readonly
RO=
if [ "$(id -u)" != 0 ]; then
	chmod 444 "$IMG" && RO=chmod
elif chattr +i "$IMG" 2>/dev/null; then
	RO=chattr
fi
if [ -n "$RO" ]; then
	save readonly "$IMG" "$D/out-readonly"
	check "readonly ($RO): saved, exits 0 ($RC)" [ "$RC" = 0 ]
	check "readonly: warns the dump is not marked saved" has "$ERRF" \
		"p2mdump: warning: the dump is saved but $IMG does not say so"
	save readonly-clear --clear --force "$IMG" "$D/out-readonly"
	check "readonly-clear: exits 1 ($RC)" [ "$RC" = 1 ]
	check "readonly-clear: says it cannot update the header" has "$ERRF" \
		"p2mdump: cannot open $IMG to update its dump header"
	[ "$RO" = chattr ] && chattr -i "$IMG"
else
	echo "SKIP: cannot make an image read-only here (root without chattr +i)"
fi

# --- save overwrites and exposes nothing it should not (issue 10)
GOOD=$D/complete.img

# mode_is FILE OCTAL
mode_is() {
	[ "$(stat -c %a "$1")" = "$2" ]
}

# no_temp DIR: DIR holds no leftover temporary file of save.
no_temp() {
	[ -z "$(find "$1" -maxdepth 1 -name '.*.tmp')" ]
}

check "fresh: vmcore is mode 600" mode_is "$D/out-complete/vmcore" 600
check "fresh: dump-info.txt is mode 600" \
	mode_is "$D/out-complete/dump-info.txt" 600
check "fresh: no temporary file left" no_temp "$D/out-complete"

# A symlink at OUTDIR/dump-info.txt must not be followed.
mkdir "$D/out-info-link"
echo "not yours" >"$D/victim.txt"
ln -s "$D/victim.txt" "$D/out-info-link/dump-info.txt"
save info-link "$GOOD" "$D/out-info-link"
refused info-link "$D/out-info-link/dump-info.txt is a symbolic link, not a regular file; refusing to replace it"
check "info-link: the link's target is untouched" \
	grep -qx "not yours" "$D/victim.txt"

# A FIFO at either output must not hang save.
mkdir "$D/out-info-fifo"
mkfifo "$D/out-info-fifo/dump-info.txt"
save info-fifo "$GOOD" "$D/out-info-fifo"
refused info-fifo "$D/out-info-fifo/dump-info.txt is a FIFO, not a regular file; refusing to replace it"
mkdir "$D/out-vmcore-fifo"
mkfifo "$D/out-vmcore-fifo/vmcore"
save vmcore-fifo --force "$GOOD" "$D/out-vmcore-fifo"
check "vmcore-fifo: exits 1 ($RC)" [ "$RC" = 1 ]
check "vmcore-fifo: says it is a FIFO" has "$ERRF" \
	"p2mdump: $D/out-vmcore-fifo/vmcore is a FIFO, not a regular file; refusing to replace it"
check "vmcore-fifo: the FIFO stays" [ -p "$D/out-vmcore-fifo/vmcore" ]

# A directory or a symlink at OUTDIR/vmcore: refused, even with --force.
mkdir -p "$D/out-vmcore-dir/vmcore"
save vmcore-dir --force "$GOOD" "$D/out-vmcore-dir"
check "vmcore-dir: exits 1 ($RC)" [ "$RC" = 1 ]
check "vmcore-dir: says it is a directory" has "$ERRF" \
	"p2mdump: $D/out-vmcore-dir/vmcore is a directory, not a regular file; refusing to replace it"
mkdir "$D/out-vmcore-link"
ln -s /dev/null "$D/out-vmcore-link/vmcore"
save vmcore-link --force "$GOOD" "$D/out-vmcore-link"
check "vmcore-link: exits 1 ($RC)" [ "$RC" = 1 ]
check "vmcore-link: says it is a symbolic link" has "$ERRF" \
	"p2mdump: $D/out-vmcore-link/vmcore is a symbolic link, not a regular file; refusing to replace it"
if [ "$(id -u)" = 0 ]; then
	mkdir "$D/out-vmcore-dev"
	mknod "$D/out-vmcore-dev/vmcore" c 1 3
	save vmcore-dev --force "$GOOD" "$D/out-vmcore-dev"
	check "vmcore-dev: says it is a device" has "$ERRF" \
		"p2mdump: $D/out-vmcore-dev/vmcore is a device, not a regular file; refusing to replace it"
fi

# --force replaces the vmcore's inode: an old file's links, owner and
# mode do not carry over to the new dump.
mkdir "$D/out-replace"
echo "old contents" >"$D/out-replace/vmcore"
chmod 644 "$D/out-replace/vmcore"
ln "$D/out-replace/vmcore" "$D/outside-link"
[ "$(id -u)" = 0 ] && chown 65534 "$D/out-replace/vmcore"
save replace --force "$GOOD" "$D/out-replace"
check "replace: exits 0 ($RC)" [ "$RC" = 0 ]
check "replace: vmcore is byte-identical" cmp "$CORE" "$D/out-replace/vmcore"
check "replace: a hard link outside OUTDIR keeps the old contents" \
	grep -qx "old contents" "$D/outside-link"
check "replace: the new vmcore is mode 600, not the old 644" \
	mode_is "$D/out-replace/vmcore" 600
check "replace: the new vmcore is ours, not the old file's owner's" \
	[ "$(stat -c %u "$D/out-replace/vmcore")" = "$(id -u)" ]
check "replace: no temporary file left" no_temp "$D/out-replace"

# The source and the destination are the same file: by name, through a
# symlink to the source, or a hard link.
mkdir "$D/out-self"
cp "$GOOD" "$D/out-self/vmcore"
save self --force "$D/out-self/vmcore" "$D/out-self"
check "self: exits 1 ($RC)" [ "$RC" = 1 ]
check "self: says the vmcore is its own source" has "$ERRF" \
	"p2mdump: $D/out-self/vmcore is the dump disk itself; refusing to overwrite its own source"
check "self: the source is intact" cmp "$GOOD" "$D/out-self/vmcore"
ln -s "$D/out-self/vmcore" "$D/self-link.img"
save self-symlink --force "$D/self-link.img" "$D/out-self"
check "self-symlink: refused ($RC)" has "$ERRF" "is the dump disk itself"
ln "$D/out-self/vmcore" "$D/self-hard.img"
save self-hardlink --force "$D/self-hard.img" "$D/out-self"
check "self-hardlink: refused ($RC)" has "$ERRF" "is the dump disk itself"
check "self-hardlink: the source is intact" cmp "$GOOD" "$D/out-self/vmcore"

# An OUTDIR others can write is refused (like ssh): g+w, and o+w with the
# sticky bit (/tmp-like).
for m in 775 1777; do
	mkdir "$D/out-mode-$m"
	chmod "$m" "$D/out-mode-$m"
	save mode-$m "$GOOD" "$D/out-mode-$m"
	refused mode-$m "$D/out-mode-$m is group- or world-writable; refusing to save a dump there (chmod go-w it, or choose another OUTDIR)"
done
# ... but an OUTDIR save creates is never group-writable, whatever the umask.
( umask 002; timeout 20 "$P2MDUMP" save "$GOOD" "$D/out-umask/a" \
	>"$D/umask.stdout" 2>"$D/umask.stderr" )
RC=$?
check "umask: save creates OUTDIR under umask 002, exits 0 ($RC)" [ "$RC" = 0 ]
check "umask: the new OUTDIR is mode 755" mode_is "$D/out-umask/a" 755

# --- bad command lines and devices
save missing "$D/no-such.img" "$D/out-missing"
refused missing "cannot open $D/no-such.img: No such file or directory"

save directory "$D" "$D/out-directory"
refused directory "$D is a directory, not a dump disk"

save usage "$D/complete.img"
check "usage: one operand exits 2 ($RC)" [ "$RC" = 2 ]
check "usage: prints the usage" has "$ERRF" "usage: p2mdump save"
"$P2MDUMP" frobnicate >"$D/cmd.out" 2>&1
RC=$?
check "usage: unknown command exits 2 ($RC)" [ "$RC" = 2 ]
check "usage: unknown command says so" \
	has "$D/cmd.out" "p2mdump: unknown command 'frobnicate'"

# --- valgrind: no leak, no invalid access (complete, incomplete, refused)
# valgrind_save NAME EXPECTED-RC ARGS...
valgrind_save() {
	local name=$1 want=$2 rc
	shift 2
	valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=all --errors-for-leak-kinds=all \
		"$P2MDUMP" save "$@" >"$D/$name.stdout" 2>"$D/$name.stderr"
	rc=$?
	echo "--- $name: valgrind p2mdump save $*: exit $rc"
	sed 's/^/    /' "$D/$name.stderr"
	check "$name: valgrind-clean, exits $want ($rc)" [ "$rc" = "$want" ]
}
if command -v valgrind >/dev/null; then
	valgrind_save valgrind-complete 0 "$D/complete.img" "$D/out-vg1"
	check "valgrind-complete: vmcore is byte-identical" \
		cmp "$CORE" "$D/out-vg1/vmcore"
	valgrind_save valgrind-incomplete 3 "$D/incomplete.img" "$D/out-vg2"
	valgrind_save valgrind-bad-digest 1 "$D/bad-digest.img" "$D/out-vg3"
	valgrind_save valgrind-random 1 "$D/random.img" "$D/out-vg4"
else
	echo "SKIP: valgrind not installed; the valgrind checks did not run"
fi
