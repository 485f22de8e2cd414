#!/bin/bash
# `p2mdump save` on fake dump disks built by build/tests/mkdumpdisk: a
# complete dump is copied byte for byte, sparsely, with its digest checked;
# incomplete and in-progress dumps are saved with a loud warning and exit
# 3; empty, foreign, truncated, corrupted and malformed disks, an existing
# vmcore and a missing device each end with their own message and exit 1.
# save never follows a link, writes into a file it did not create, hangs
# on a FIFO, overwrites its own source or writes into a directory others
# can write.
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

# refused NAME MESSAGE: the last save exited 1 with MESSAGE, wrote nothing.
refused() {
	check "$1: exits 1 ($RC)" [ "$RC" = 1 ]
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
refused empty "$IMG is empty: no dump was written"
check "empty: creates no OUTDIR" [ ! -e "$D/out-empty" ]

IMG=$D/zero-length.img
: >"$IMG"
save zero-length "$IMG" "$D/out-zero-length"
refused zero-length "$IMG is empty: no dump was written"

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
disk version --version 2
save version "$IMG" "$D/out-version"
refused version "$IMG has dump header version 2; this p2mdump reads version 1"

disk header-size --header-size 272
save header-size "$IMG" "$D/out-header-size"
refused header-size "$IMG: dump header size is 272, expected 280"

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
