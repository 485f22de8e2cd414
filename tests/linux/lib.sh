# Shared by the Linux end-to-end tests (t_*.sh here): source it after
# tests/guest/lib.sh (pass, fail, check, ROOT).  Sets DIR, INITRD, CLI,
# LEAK_LIMIT_KB.

DIR=$ROOT/build/test-out/linux
INITRD=$DIR/initramfs.cpio.gz
CLI=$ROOT/build/p2mdump
# Load/unload cycles may lose this much more free memory than a control
# run of as many programs that allocate nothing (t_linux.sh, soak.sh): a
# load holds ~690 KiB, so one leaked load shows.
LEAK_LIMIT_KB=512

# linux_prepare LABEL [FILE...]: packages, Debian's kernel (VMLINUX: its
# debug vmlinux), the built parts (FILE... too, relative to ROOT) and the
# initramfs.  False, with a FAIL line, if anything is missing.
linux_prepare() {
	local label=$1 here=$ROOT/tests/linux f ok=0 kdir
	shift
	"$here/deps.sh" || { fail "$label: tests/linux/deps.sh failed"; return 1; }
	kdir=$("$here/fetch-kernel.sh") || { fail "$label: fetch-kernel.sh failed"; return 1; }
	VMLINUX=$kdir/vmlinux
	for f in build/module/p2mdump.ko build/p2mdump-static build/p2mdump \
		 build/capture.elf "$@"; do
		[ -f "$ROOT/$f" ] || { fail "$label: $f is not built (make all module)"; ok=1; }
	done
	[ $ok = 0 ] || return 1
	mkdir -p "$DIR"
	check "$label: initramfs" "$here/mkinitramfs.sh" "$INITRD"
	[ -f "$INITRD" ]
}

# clean_until NAME MARKER: no kernel BUG, WARNING, Oops or Call Trace in
# run NAME's serial log before the first line matching MARKER.
clean_until() {
	! sed "/$2/q" "$DIR/$1.serial" |
		grep -aEq '(BUG:|WARNING:|Oops|general protection|Call Trace:)'
}

# paging_is VMCORE LEVELS: the dump's VMCOREINFO (in its first 64 KiB, in
# both formats) says LEVELS-level paging.
paging_is() {
	head -c 65536 "$1" | grep -aq "NUMBER(pgtable_l5_enabled)=$(($2 == 5))"
}

# serial NAME REGEX: the serial log of run NAME matches REGEX.
serial() {
	grep -aEq -- "$2" "$DIR/$1.serial"
}
