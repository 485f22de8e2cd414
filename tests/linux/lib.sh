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

# le32 N: N as 4 little-endian bytes in printf's \xHH escapes.
le32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# mbr IMG SLOT START SECTORS: an MBR partition entry of type 83 (Linux,
# LBA only) in IMG's table, and its 0x55aa mark.
mbr() {
	# shellcheck disable=SC2059
	printf "\x00\xfe\xff\xff\x83\xfe\xff\xff$(le32 "$3")$(le32 "$4")" |
		dd of="$1" bs=1 seek=$((446 + 16 * $2)) conv=notrunc status=none
	printf '\x55\xaa' | dd of="$1" bs=1 seek=510 conv=notrunc status=none
}

# disk_image OUT "FS:MIB ..." [EXT4_OPTS]: a disk image OUT with an MBR
# and one partition per FS:MIB (ext4, xfs with reflink, btrfs) from 1 MiB
# on, each holding a filesystem made on the host (mkfs on a plain file,
# copied in: no loop device).  EXT4_OPTS: more mkfs.ext4 words (split at
# blanks), e.g. "-d ROOTDIR -U UUID" for a populated root filesystem.
# Sparse; false if a mkfs fails.
disk_image() {
	local out=$1 fs mib start=2048 i=0 fsimg total=2 e ext4_opts=${3:-}
	for e in $2; do total=$((total + ${e#*:})); done
	rm -f "$out.tmp"
	truncate -s "${total}M" "$out.tmp"
	for e in $2; do
		fs=${e%:*}
		mib=${e#*:}
		fsimg=$out.$fs.fs
		rm -f "$fsimg"
		truncate -s "${mib}M" "$fsimg"
		# shellcheck disable=SC2086 # ext4_opts: words
		case $fs in
		ext4) mkfs.ext4 -q -F $ext4_opts "$fsimg" ;;
		xfs) mkfs.xfs -q -f -m reflink=1 "$fsimg" ;;
		btrfs) mkfs.btrfs -q -f "$fsimg" >/dev/null ;;
		*) false ;;
		esac || { rm -f "$fsimg" "$out.tmp"; return 1; }
		dd if="$fsimg" of="$out.tmp" bs=1M seek=$((start / 2048)) conv=notrunc,sparse status=none
		rm -f "$fsimg"
		mbr "$out.tmp" $i $start $((mib * 2048))
		start=$((start + mib * 2048))
		i=$((i + 1))
	done
	mv "$out.tmp" "$out"
}

# filemap SERIAL: the "D+N ..." map (whole-disk sectors) of the dump file
# the guest printed after load in serial log SERIAL (scenario file).
filemap() {
	sed -n 's/^P2MTEST-FILEMAP disk=[a-z0-9]* //p' "$1" | head -n 1 | tr -d '\r'
}

# reassemble IMG MAP OUT: the dump file's bytes, its extents of IMG in order.
reassemble() {
	local e
	rm -f "$3"
	for e in $2; do
		dd if="$1" iflag=skip_bytes,count_bytes bs=1M skip=$((${e%+*} * 512)) \
			count=$((${e#*+} * 512)) status=none
	done >"$3"
}
