#!/bin/bash
# Builds the Linux test guest's initramfs (newc cpio, gzip):
#
#   /bin/busybox + applet links     busybox-static
#   /init                           tests/linux/guest-init.sh
#   /lib/modules/test/*.ko, *.list  kernel modules from the kernel that
#                                   fetch-kernel.sh gives, with what they
#                                   need, in insmod order: disk.list (virtio
#                                   disks), nvme.list (Linux's NVMe driver
#                                   and the CRCs it needs: the dump disk of
#                                   run-guest.sh -N), fwcfg.list (qemu_fw_cfg: hands
#                                   QEMU's -device vmcoreinfo the VMCOREINFO
#                                   address; the hang scenario only),
#                                   fs.list (ext4), filefs.list (xfs, btrfs:
#                                   the dump file scenarios)
#   /usr/lib/p2mdump/filetool       tests/linux/filetool.c, built static
#                                   (FICLONE, the immutable flag)
#   /lib/p2mdump/p2mdump.ko         build/module/p2mdump.ko, if built
#   /lib/p2mdump/corrupt.ko         build/corrupt-module/corrupt.ko, if
#                                   built (test only: t_corrupt.sh)
#   /lib/p2mdump/crashmod.ko        build/crashmod-module/crashmod.ko, if
#                                   built (test only: t_crashes.sh)
#   /usr/lib/p2mdump/capture.elf    build/capture.elf, if built (for
#                                   `load --image`: the module carries
#                                   its own)
#   /sbin/p2mdump                   build/p2mdump-static, else build/p2mdump
#                                   with the shared libraries it needs
#
#   mkinitramfs.sh OUT.cpio.gz
#
# A missing p2mdump part is a note, not an error: the `boot` and `hang`
# scenarios need none of them.
set -u

here=$(cd "$(dirname "$0")" && pwd)
ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
B=$ROOT/build
MODDEST=lib/modules/test

# note TEXT...: a message on stderr.
note() {
	echo "mkinitramfs: $*" >&2
}

# add_busybox DIR: the static busybox and one symlink per applet.
add_busybox() {
	local dir=$1 bb applet
	bb=$(command -v busybox) || { note "busybox not found (apt-get install busybox-static)"; return 1; }
	if ! file -L "$bb" 2>/dev/null | grep -q 'statically linked' &&
	   ldd "$bb" >/dev/null 2>&1; then
		note "$bb is not static (install busybox-static)"
		return 1
	fi
	mkdir -p "$dir/bin" "$dir/sbin" "$dir/usr/bin" "$dir/usr/sbin"
	cp "$bb" "$dir/bin/busybox"
	for applet in $("$bb" --list-full); do
		[ -e "$dir/$applet" ] || ln -s /bin/busybox "$dir/$applet"
	done
}

# module_deps KO: the modules KO depends on, comma-separated names.
module_deps() {
	modinfo -F depends "$1"
}

# add_module_ordered MODDIR NAME DEST LIST: NAME.ko and its dependencies
# into DEST, each named in DEST/LIST after what it needs.
add_module_ordered() {
	local moddir=$1 name=$2 dest=$3 list=$4 ko dep
	grep -qx "$name" "$dest/$list" 2>/dev/null && return 0
	# modinfo names crct10dif_common, the file may use dashes or not
	ko=$(find "$moddir/kernel" -name "$name.ko" -o -name "${name//_/-}.ko" |
		head -n 1)
	[ -n "$ko" ] || { note "module $name.ko not found under $moddir"; return 1; }
	for dep in $(module_deps "$ko" | tr ',' ' '); do
		add_module_ordered "$moddir" "$dep" "$dest" "$list" || return 1
	done
	cp "$ko" "$dest/$name.ko"
	echo "$name" >>"$dest/$list"
}

# add_kernel_modules DIR: the guest kernel's modules the scenarios insmod.
add_kernel_modules() {
	local dir=$1 kdir release moddir m
	kdir=$("$here/fetch-kernel.sh") || { note "fetch-kernel.sh failed"; return 1; }
	release=$(cat "$kdir/release")
	moddir=$kdir/root/lib/modules/$release
	[ -d "$moddir" ] || { note "no modules at $moddir"; return 1; }
	command -v modinfo >/dev/null || { note "modinfo missing (tests/linux/deps.sh installs kmod)"; return 1; }
	mkdir -p "$dir/$MODDEST"
	for m in virtio_pci virtio_blk; do
		add_module_ordered "$moddir" "$m" "$dir/$MODDEST" disk.list || return 1
	done
	# nvme needs nvme-core, t10-pi and its CRCs; the generic CRC
	# algorithms too, which t10-pi's CRCs would request at run time.
	for m in crct10dif_generic crc64_rocksoft_generic nvme; do
		add_module_ordered "$moddir" "$m" "$dir/$MODDEST" nvme.list || return 1
	done
	add_module_ordered "$moddir" qemu_fw_cfg "$dir/$MODDEST" fwcfg.list || return 1
	# ext4 (it mounts ext2; it needs crc32c): the errors scenario mounts
	# the dump disk.
	add_module_ordered "$moddir" crc32c_generic "$dir/$MODDEST" fs.list || return 1
	add_module_ordered "$moddir" ext4 "$dir/$MODDEST" fs.list || return 1
	# xfs and btrfs: the dump file runs (a file on xfs, btrfs refused).
	for m in xfs btrfs; do
		add_module_ordered "$moddir" $m "$dir/$MODDEST" filefs.list || return 1
	done
	KERNEL_RELEASE=$release
}

# built_for_guest KO: KO's vermagic names the guest kernel's release.
built_for_guest() {
	local magic
	magic=$(modinfo -F vermagic "$1")
	case $magic in
	"$KERNEL_RELEASE "*) ;;
	*) note "$1 is built for '$magic', the guest runs $KERNEL_RELEASE"; return 1 ;;
	esac
}

# add_p2mdump_module DIR: build/module/p2mdump.ko, checked against the
# guest kernel's release; the test modules (corrupt.ko, crashmod.ko) likewise.
add_p2mdump_module() {
	local dir=$1 ko=$B/module/p2mdump.ko test_ko
	if [ ! -f "$ko" ]; then
		note "no $ko (make module): the panic/cycles/errors scenarios will stop"
		return 0
	fi
	built_for_guest "$ko" || return 1
	mkdir -p "$dir/lib/p2mdump"
	for test_ko in "$B/corrupt-module/corrupt.ko" "$B/crashmod-module/crashmod.ko"; do
		[ -f "$test_ko" ] || continue
		built_for_guest "$test_ko" || return 1
		cp "$test_ko" "$dir/lib/p2mdump/"
	done
	cp "$ko" "$dir/lib/p2mdump/p2mdump.ko"
	# The same module claiming another kernel: another release and
	# other build flags, at the same length so the file layout holds.
	# With modversions the kernel ignores the release part of vermagic
	# (same_magic()), so the flags after it are what insmod must refuse.
	REL=$KERNEL_RELEASE OTHER=$(echo "$KERNEL_RELEASE" | tr 0-8 9) \
	perl -0777 -pe 's/vermagic=\Q$ENV{REL}\E ([^\0]*)/"vermagic=$ENV{OTHER} " . uc($1)/e' \
		"$ko" >"$dir/lib/p2mdump/p2mdump-other-kernel.ko"
}

# add_capture DIR: a capture kernel file for the `load --image` cases.
add_capture() {
	local dir=$1
	if [ ! -f "$B/capture.elf" ]; then
		note "no $B/capture.elf (make all)"
		return 0
	fi
	mkdir -p "$dir/usr/lib/p2mdump"
	cp "$B/capture.elf" "$dir/usr/lib/p2mdump/capture.elf"
}

# add_filetool DIR: tests/linux/filetool.c, static, for the dump file runs.
add_filetool() {
	local dir=$1
	mkdir -p "$dir/usr/lib/p2mdump"
	gcc -static -O2 -Wall -Wextra -Werror -o "$dir/usr/lib/p2mdump/filetool" \
		"$here/filetool.c" || { note "cannot build filetool.c"; return 1; }
}

# add_libs DIR BINARY: the shared libraries BINARY needs, at their paths.
add_libs() {
	local dir=$1 bin=$2 lib
	for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*'); do
		mkdir -p "$dir$(dirname "$lib")"
		cp -L "$lib" "$dir$lib"
	done
}

# add_cli DIR: the p2mdump command as /sbin/p2mdump.
add_cli() {
	local dir=$1
	if [ -f "$B/p2mdump-static" ]; then
		cp "$B/p2mdump-static" "$dir/sbin/p2mdump"
	elif [ -f "$B/p2mdump" ]; then
		note "no $B/p2mdump-static; using $B/p2mdump with its shared libraries"
		rm -f "$dir/sbin/p2mdump"
		cp "$B/p2mdump" "$dir/sbin/p2mdump"
		add_libs "$dir" "$B/p2mdump"
	else
		note "no p2mdump command in $B (make all)"
	fi
}

# pack DIR OUT: DIR as a gzip-compressed newc cpio, files owned by root.
pack() {
	local dir=$1 out=$2
	(cd "$dir" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$out.tmp.$$" &&
		mv "$out.tmp.$$" "$out"
}

# main OUT: build the tree in a temporary directory and pack it.
main() {
	local out=${1:-} dir rc
	[ -n "$out" ] && [ $# -eq 1 ] || { echo "usage: mkinitramfs.sh OUT.cpio.gz" >&2; return 2; }
	mkdir -p "$(dirname "$out")"
	dir=$(mktemp -d "${TMPDIR:-/tmp}/p2m-initramfs.XXXXXX")
	mkdir -p "$dir"/{dev,proc,sys,tmp,etc}
	add_busybox "$dir" && add_kernel_modules "$dir" && add_p2mdump_module "$dir" &&
		add_capture "$dir" && add_cli "$dir" && add_filetool "$dir" &&
		install -m 0755 "$here/guest-init.sh" "$dir/init" &&
		pack "$dir" "$out"
	rc=$?
	rm -rf "$dir"
	[ $rc -eq 0 ] || note "failed"
	return $rc
}

main "$@"
