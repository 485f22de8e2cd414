#!/bin/bash
# Builds the benchmark guest's initramfs: the Linux test initramfs
# (tests/linux/mkinitramfs.sh, the same /init and p2mdump parts) with a
# second cpio archive appended (the kernel unpacks both) that adds what
# the stock-kdump side needs:
#
#   /sbin/kexec + its shared libraries   kexec-tools, from the host
#   /kdump/vmlinuz                       Debian's kernel (fetch-kernel.sh),
#                                        the capture kernel of `kexec -p`
#   /kdump/initrd.img                    the capture initramfs: busybox,
#                                        the virtio disk modules,
#                                        makedumpfile + libraries, /init =
#                                        tests/bench/kdump-init.sh
#   /usr/lib/p2mbench/csum-speed         tests/bench/csum-speed.c: the dump
#                                        digest's speed (the rawdd run)
#
#   mkinitramfs-bench.sh OUT.cpio.gz
#
# Prints the sizes of the parts (the capture initramfs counts against
# crashkernel=).
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}

note() {
	echo "mkinitramfs-bench: $*" >&2
}

# add_bin DIR PATH: PATH at the same place in DIR with its shared libraries
# (ldd), the dynamic loader included.
add_bin() {
	local dir=$1 bin=$2 lib
	mkdir -p "$dir$(dirname "$bin")"
	cp -L "$bin" "$dir$bin"
	for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*'); do
		mkdir -p "$dir$(dirname "$lib")"
		cp -L "$lib" "$dir$lib"
	done
}

# only_disk_modules DIR: removes from DIR every module not named in
# DIR/disk.list, and every other list.
only_disk_modules() {
	local f
	[ -f "$1/disk.list" ] || { note "$1/disk.list missing"; return 1; }
	for f in "$1"/*.ko; do
		grep -qx "$(basename "$f" .ko)" "$1/disk.list" || rm -f "$f"
	done
	for f in "$1"/*.list; do
		[ "$f" = "$1/disk.list" ] || rm -f "$f"
	done
}

# pack DIR OUT: DIR as a gzip'd newc cpio, files owned by root.
pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$2"
}

# capture_initrd BASE OUT: the capture initramfs, from the test
# initramfs BASE minus p2mdump and every kernel module but the virtio
# disk's (disk.list: the test initramfs also carries NVMe, filesystem and
# test modules, which would only crowd crashkernel=), plus makedumpfile
# and kdump-init.sh.
capture_initrd() {
	local base=$1 out=$2 dir mdf
	mdf=$(command -v makedumpfile) || { note "makedumpfile missing (tests/bench/deps.sh)"; return 1; }
	dir=$(mktemp -d "${TMPDIR:-/tmp}/p2m-kdump-initrd.XXXXXX")
	(cd "$dir" && gzip -dc "$base" | cpio -id --quiet) &&
		rm -rf "$dir/lib/p2mdump" "$dir/usr/lib/p2mdump" "$dir/sbin/p2mdump" &&
		only_disk_modules "$dir/lib/modules/test" &&
		add_bin "$dir" "$mdf" &&
		install -m 0755 "$here/kdump-init.sh" "$dir/init" &&
		pack "$dir" "$out"
	local rc=$?
	rm -rf "$dir"
	return $rc
}

# csum_speed OUT: tests/bench/csum-speed.c with lib/csum.c, static i386,
# the capture kernel's code generation flags.
csum_speed() {
	gcc -std=gnu11 -m32 -march=i686 -O2 -mno-sse -mno-sse2 -mno-mmx -static \
		-Wall -Wextra -Werror -I"$ROOT" -I"$ROOT/include" -o "$1" \
		"$here/csum-speed.c" "$ROOT/lib/csum.c"
}

main() {
	local out=${1:-} tmp kdir kexec rc
	[ -n "$out" ] && [ $# -eq 1 ] || { echo "usage: mkinitramfs-bench.sh OUT.cpio.gz" >&2; return 2; }
	kexec=$(command -v kexec) || { note "kexec missing (tests/bench/deps.sh)"; return 1; }
	kdir=$("$ROOT/tests/linux/fetch-kernel.sh") || { note "fetch-kernel.sh failed"; return 1; }
	mkdir -p "$(dirname "$out")"
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/p2m-bench-initramfs.XXXXXX")
	mkdir -p "$tmp/extra/kdump"
	"$ROOT/tests/linux/mkinitramfs.sh" "$tmp/base.cpio.gz" &&
		capture_initrd "$tmp/base.cpio.gz" "$tmp/extra/kdump/initrd.img" &&
		cp "$kdir/vmlinuz" "$tmp/extra/kdump/vmlinuz" &&
		add_bin "$tmp/extra" "$kexec" &&
		mkdir -p "$tmp/extra/usr/lib/p2mbench" &&
		csum_speed "$tmp/extra/usr/lib/p2mbench/csum-speed" &&
		pack "$tmp/extra" "$tmp/extra.cpio.gz" &&
		cat "$tmp/base.cpio.gz" "$tmp/extra.cpio.gz" >"$out.tmp.$$" &&
		mv "$out.tmp.$$" "$out"
	rc=$?
	if [ $rc -eq 0 ]; then
		note "$out: test initramfs $(stat -c %s "$tmp/base.cpio.gz") bytes," \
		     "capture initramfs $(stat -c %s "$tmp/extra/kdump/initrd.img")," \
		     "vmlinuz $(stat -c %s "$tmp/extra/kdump/vmlinuz")"
	else
		note "failed"
	fi
	rm -rf "$tmp" "$out.tmp.$$"
	return $rc
}

main "$@"
