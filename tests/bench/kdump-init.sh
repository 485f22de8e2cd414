#!/bin/sh
# shellcheck shell=dash
# /init of the stock-kdump capture initramfs (mkinitramfs-bench.sh packs
# it with busybox, the virtio disk modules and makedumpfile).  Debian's
# kernel boots it after the panic, from the crashkernel= region; it
# writes /proc/vmcore to the dump disk /dev/vdb and powers off.
#
#   p2mkdump=elf   full ELF copy: dd if=/proc/vmcore of=/dev/vdb, 1 MiB
#                  writes, O_DIRECT (the same request size and I/O mode
#                  as the raw-disk figure)
#   p2mkdump=mdf   makedumpfile -F -l -d 31 /proc/vmcore (flattened
#                  format on stdout, lzo, dump level 31) into dd to
#                  /dev/vdb; the host turns it back with makedumpfile -R
#   p2mkdump=mdfz  the same with -c (zlib) instead of -l
#
# Lines for the host start with "P2MTEST-KDUMP-": INIT (userspace
# reached), START (the first write is next), DONE rc=N, then MDF lines:
# makedumpfile's own report and step times (--message-level 23: progress,
# common, error and report messages), or its last lines if it failed.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
DUMP_DISK=/dev/vdb

say() {
	echo "P2MTEST-KDUMP-$*"
}

uptime_now() {
	local up
	read -r up _ </proc/uptime
	echo "$up"
}

# halt_now: power off (QEMU exits 0); init must never exit.
halt_now() {
	sync
	poweroff -f
	sleep 5
	while :; do sleep 60; done
}

die() {
	say "ERROR $*"
	halt_now
}

cmdline_word() {
	local w v=$2
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) v=${w#*=} ;; esac
	done
	echo "$v"
}

# setup: file systems, the virtio disk modules, the dump disk.
setup() {
	local m i=0
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /tmp
	mount -t tmpfs tmpfs /tmp
	exec </dev/console >/dev/console 2>&1
	say "INIT uptime=$(uptime_now) vmcore=$(stat -c %s /proc/vmcore)" \
	    "$(grep MemTotal /proc/meminfo | tr -s ' ')"
	for m in $(cat /lib/modules/test/disk.list); do
		insmod "/lib/modules/test/$m.ko" || die "insmod $m failed"
	done
	while [ ! -b $DUMP_DISK ] && [ $i -lt 100 ]; do
		usleep 100000
		i=$((i + 1))
	done
	[ -b $DUMP_DISK ] || die "no $DUMP_DISK"
	[ "$(cat /sys/block/vdb/serial)" = p2m-dump ] ||
		die "$DUMP_DISK is not the dump disk (serial p2m-dump)"
}

# mdf_compress MODE: makedumpfile's compression option for MODE.
mdf_compress() {
	case $1 in mdfz) echo -c ;; *) echo -l ;; esac
}

# dump MODE: write the vmcore; prints DONE with the status.
dump() {
	local rc
	say "START mode=$1 uptime=$(uptime_now)"
	case $1 in
	elf)
		dd if=/proc/vmcore of=$DUMP_DISK bs=1M oflag=direct 2>/tmp/dd.out
		rc=$?
		;;
	mdf | mdfz)
		set -o pipefail
		makedumpfile -F "$(mdf_compress "$1")" -d 31 --message-level 23 \
			/proc/vmcore 2>/tmp/mdf.out |
			dd of=$DUMP_DISK bs=1M iflag=fullblock oflag=direct \
			   conv=sync 2>/tmp/dd.out
		rc=$?
		;;
	*)
		die "unknown p2mkdump=$1"
		;;
	esac
	say "DONE mode=$1 rc=$rc uptime=$(uptime_now) $(tr '\n' ' ' </tmp/dd.out)"
	[ -f /tmp/mdf.out ] || return
	if [ $rc -eq 0 ]; then
		# A STEP line follows its progress bar on the same line.
		tr '\r' '\n' </tmp/mdf.out |
			sed -n -e 's/.*\(STEP \[\)/\1/p' -e '/^ *[A-Z][a-z]* pages *: 0x/p'
	else
		tr '\r' '\n' </tmp/mdf.out | grep -v '^ *$' | tail -n 5
	fi | sed 's/^/P2MTEST-KDUMP-MDF /'
}

setup
dump "$(cmdline_word p2mkdump elf)"
halt_now
