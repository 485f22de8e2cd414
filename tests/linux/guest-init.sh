#!/bin/sh
# shellcheck shell=dash
# /init of the Linux test guest (busybox sh).  mkinitramfs.sh copies this
# file into the initramfs.  It reads its scenario from the kernel command
# line, runs it and powers the machine off (or panics it).
#
#   p2mtest=NAME   boot | panic | hang | cycles | errors | stale | kdump | rawdd
#                  | file | filecheck
#   p2mcpu=N       the CPU that panics (panic, hang, kdump); default 0
#   p2mappend=W,W  panic: capture-kernel words for `p2mdump load --append`
#                  (commas stand for blanks; e.g. p2mappend=nobatch)
#   p2mopts=O,O    panic: more `p2mdump load` options (commas for blanks;
#                  e.g. p2mopts=--format,elf)
#   p2msysdisk=nvme the system disk (-S) is NVMe (run-guest.sh -s nvme):
#                  nvme.list's modules are loaded
#   p2mdisk=nvme   the dump disk is NVMe, /dev/nvme0n1 (run-guest.sh -N):
#                  nvme.list's modules are loaded; in panic, direct reads
#                  of it keep Linux's NVMe driver busy when it panics
#   p2mtarget=NAME panic: the dump target /dev/NAME (default the dump
#                  disk, vdb or nvme0n1); a
#                  partition of the dump disk (vdb2: the host partitioned
#                  it) gets partition_setup() first
#   p2mmod=P,P     parameters for insmod p2mdump.ko (commas for blanks;
#                  e.g. p2mmod=scatter=1)
#   p2mload=MIB    panic: before arming, hold MIB MiB of anonymous memory
#                  in a background shell and write MIB MiB to a tmpfs file,
#                  so that a dump has user and cache pages (t_filter.sh)
#   p2mcorrupt=X   panic: after arming, insmod the test module corrupt.ko
#                  what=X (pte | section: damages a vmemmap PTE or a
#                  mem_section entry, see tests/linux/corrupt/corrupt.c;
#                  handoff: a byte of p2mdump's handoff code) in the same
#                  shell that then panics (t_corrupt.sh, t_linux.sh)
#   p2mcrash=MODE  panic: crash with the test module crashmod.ko mode=MODE
#                  cpu=p2mcpu instead of sysrq (oops | bug_timer |
#                  bug_hrtimer | lockup | panic_irqoff_other | double_panic
#                  | io | stack_overflow; see tests/linux/crashmod/crashmod.c,
#                  crashes.sh)
#   p2mkdump=MODE  kdump: what the stock capture kernel does (elf | mdf | mdfz)
#   p2mcycles=N    cycles: how many load/unload cycles (default 20)
#   p2mbytes=N     rawdd: how many bytes to write to the dump disk
#   p2mbs=N        rawdd: dd's block size (default 1M)
#   p2mfs=TYPE     file: the filesystem type of the dump file's partition
#                  (ext4, xfs); p2mpart=N that partition of the system
#                  disk (default 1)
#
# kdump and rawdd are for the benchmark (tests/bench/README.md): kdump
# needs the files tests/bench/mkinitramfs-bench.sh adds to this initramfs.
#
# Every line meant for the host starts with "P2MTEST-".  Disks (see
# run-guest.sh): vda a small scratch disk, vdb the dump disk, vdc a
# read-only disk (errors only); each is checked by its virtio serial.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin

MODULE=/lib/p2mdump/p2mdump.ko
CORRUPT_MODULE=/lib/p2mdump/corrupt.ko
CRASH_MODULE=/lib/p2mdump/crashmod.ko
SCRATCH_DISK=/dev/vda
DUMP_DISK=/dev/vdb
RO_DISK=/dev/vdc
MISSING_DISK=/dev/vdz
USER_IMAGE=/usr/lib/p2mdump/capture.elf	# mkinitramfs.sh: build/capture.elf
POST_NOTIFIERS=/sys/module/kernel/parameters/crash_kexec_post_notifiers
FILETOOL=/usr/lib/p2mdump/filetool	# mkinitramfs.sh: tests/linux/filetool.c
DUMP_FILE=var/crash/p2mdump.img		# under the system disk's mount

# say TEXT...: one line for the host on the console.
say() {
	echo "P2MTEST-$*"
}

# halt_now: power off; init must never exit (that would panic the kernel).
halt_now() {
	sync
	poweroff -f
	sleep 5
	say "ERROR poweroff -f did not stop the machine"
	while :; do sleep 60; done
}

# die TEXT...: report a setup failure and power off.
die() {
	say "ERROR $*"
	halt_now
}

# mount_all: proc, sysfs and devtmpfs; console on stdio.
mount_all() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /tmp
	mount -t tmpfs tmpfs /tmp
	exec </dev/console >/dev/console 2>&1
}

# cmdline_word NAME DEFAULT: the value of NAME=... on the kernel command line.
cmdline_word() {
	local w v=$2
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) v=${w#*=} ;; esac
	done
	echo "$v"
}

# load_kernel_modules LIST: insmod the kernel modules named in
# /lib/modules/test/LIST.list, in the order mkinitramfs.sh wrote.
load_kernel_modules() {
	local m
	for m in $(cat "/lib/modules/test/$1.list"); do
		insmod "/lib/modules/test/$m.ko" || die "insmod $m failed"
	done
}

# wait_disk DEV: wait up to 10 s for a block device node.
wait_disk() {
	local i=0
	while [ ! -b "$1" ] && [ $i -lt 100 ]; do
		usleep 100000
		i=$((i + 1))
	done
	[ -b "$1" ]
}

# disk_serial NAME: block device NAME's serial (an NVMe namespace's is
# its controller's, blank-padded: the blanks cut).
disk_serial() {
	local s
	s=$(cat "/sys/block/$1/serial" 2>/dev/null ||
	    cat "/sys/block/$1/device/serial" 2>/dev/null)
	echo "${s%% *}"
}

# check_disks: print every virtio and NVMe disk and check the expected
# names.
check_disks() {
	local d name pci
	wait_disk /dev/vda || die "no /dev/vda"
	wait_disk $DUMP_DISK || die "no $DUMP_DISK"
	for d in /sys/block/vd* /sys/block/nvme*; do
		[ -e "$d" ] || continue
		name=${d##*/}
		pci=$(readlink -f "$d/device/..")
		[ "${name#nvme}" = "$name" ] || pci=$(readlink -f "$d/device/../..")
		say "DISK $name serial=$(disk_serial "$name") ro=$(cat "$d/ro")" \
		    "sectors=$(cat "$d/size") pci=${pci##*/}"
	done
	[ "$(disk_serial "${DUMP_DISK#/dev/}")" = p2m-dump ] ||
		die "$DUMP_DISK is not the dump disk (serial p2m-dump)"
}

# nvme_io: keeps direct reads of the NVMe dump disk in flight (the module
# holds it, but reading needs no claim), so that Linux's driver has
# commands out when it panics; says how many it saw in flight.
nvme_io() {
	local i=0 n=0 sys=/sys/block/${DUMP_DISK#/dev/}
	sh -c "while :; do dd if=$DUMP_DISK of=/dev/null bs=128k count=64 iflag=direct 2>/dev/null; done" &
	while [ $i -lt 50 ]; do
		# shellcheck disable=SC2046  # two numbers: reads, writes
		set -- $(cat "$sys/inflight")
		n=$(($1 + $2))
		[ $n -gt 0 ] && break
		usleep 20000
		i=$((i + 1))
	done
	say "IO ${DUMP_DISK#/dev/} inflight=$1/$2"
}

# load_module: insmod p2mdump.ko (with p2mmod='s parameters), or power
# off when it is missing.
load_module() {
	local params
	[ -f $MODULE ] || die "no $MODULE in the initramfs"
	params=$(cmdline_word p2mmod "" | tr , ' ')
	# shellcheck disable=SC2086
	insmod $MODULE $params || die "insmod $MODULE $params failed"
	say "MODULE-LOADED $params"
}

# memfree: MemFree from /proc/meminfo plus the free pages that sit on the
# per-CPU page lists (/proc/zoneinfo "count:"), in kB.  MemFree alone
# moves in steps of a pcp batch (63 pages here) as programs run.
memfree() {
	local free pcp
	free=$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	pcp=$(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo)
	echo "$((free + pcp * 4)) (MemFree $free kB, pcp $pcp pages)"
}

# sunreclaim: SUnreclaim (unreclaimable slab) from /proc/meminfo, in kB.
sunreclaim() {
	sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

# uptime_now: seconds since boot, from /proc/uptime.
uptime_now() {
	local up
	read -r up _ </proc/uptime
	echo "$up"
}

# sysrq_crash CPU [CORRUPT]: panic the kernel from CPU (echo c to
# sysrq-trigger); with CORRUPT, the same shell first insmods corrupt.ko
# what=CORRUPT, so that the panic follows the damage at once.
sysrq_crash() {
	say "PANIC-NOW uptime=$(uptime_now) cpu=$1"
	if [ -n "${2:-}" ]; then
		local args="what=$2"
		[ "$2" != handoff ] ||
			args="$args maddr=$(p2mdump status | sed -n 's/^handoff page: //p')"
		taskset -c "$1" sh -c "insmod $CORRUPT_MODULE $args &&
			echo c > /proc/sysrq-trigger"
		say "ERROR insmod $CORRUPT_MODULE what=$2 failed, or no panic"
		return
	fi
	taskset -c "$1" sh -c 'echo c > /proc/sysrq-trigger'
	say "ERROR still running after sysrq-trigger"
}

# disk_io: keeps direct (uncached) I/O in flight on the scratch disk, a
# writer and a reader in endless loops; says how many requests are in
# flight (reads/writes) once there are some, waiting up to 5 s.
disk_io() {
	local i=0 n=0 sys=/sys/block/${SCRATCH_DISK#/dev/}
	sh -c "while :; do dd if=/dev/zero of=$SCRATCH_DISK bs=64k oflag=direct 2>/dev/null; done" &
	sh -c "while :; do dd if=$SCRATCH_DISK of=/dev/null bs=64k iflag=direct 2>/dev/null; done" &
	while [ $i -lt 50 ]; do
		# shellcheck disable=SC2046  # two numbers: reads, writes
		set -- $(cat "$sys/inflight")
		n=$(($1 + $2))
		[ $n -gt 0 ] && break
		usleep 100000
		i=$((i + 1))
	done
	say "IO ${SCRATCH_DISK#/dev/} inflight=$1/$2 stat=$(tr -s ' ' <"$sys/stat")"
}

# crashmod_crash CPU MODE: crash the kernel with crashmod.ko mode=MODE
# cpu=CPU, insmod pinned to CPU, after what the mode needs: panic_on_oops
# for an oops in process context, unknown_nmi_panic for the host's NMI
# (lockup), disk I/O in flight (io).  The timer modes return from insmod
# and crash 10 ms later; lockup waits for the host's NMI.
crashmod_crash() {
	local cpu=$1 mode=$2
	case $mode in
	oops|stack_overflow) echo 1 >/proc/sys/kernel/panic_on_oops ;;
	lockup) echo 1 >/proc/sys/kernel/unknown_nmi_panic ;;
	io) disk_io ;;
	esac
	say "PANIC-NOW uptime=$(uptime_now) cpu=$cpu mode=$mode"
	taskset -c "$cpu" insmod $CRASH_MODULE mode="$mode" cpu="$cpu"
	say "CRASHMOD-INSMOD rc=$?"
	sleep 30
	say "ERROR no panic 30 s after insmod $CRASH_MODULE mode=$mode"
}

# scenario_boot: the guest came up; nothing else.
scenario_boot() {
	say "BOOT-OK uptime=$(uptime_now)"
}

# scenario_hang: panic without p2mdump (the host takes a reference dump
# with QEMU's dump-guest-memory; boot with panic=0 so the guest waits).
# qemu_fw_cfg tells QEMU's -device vmcoreinfo where VMCOREINFO is.
scenario_hang() {
	load_kernel_modules fwcfg
	sysrq_crash "$CPU"
}

# workload MIB: MIB MiB of anonymous memory held by a background shell
# (a variable filled from a pipe), and MIB MiB of tmpfs file pages.
workload() {
	local bytes=$(($1 * 1024 * 1024))
	[ "$1" -gt 0 ] || return 0
	yes p2mload-cache | head -c $bytes > /tmp/p2mload.cache
	sh -c "x=\$(yes p2mload-anon | head -c $bytes); echo held > /tmp/p2mload.anon;
		while :; do sleep 60; done" &
	while [ ! -f /tmp/p2mload.anon ]; do sleep 0.2; done
	say "WORKLOAD mib=$1 $(grep -E '^(AnonPages|Shmem|AnonHugePages):' /proc/meminfo | tr -s ' ' | tr '\n' ' ')"
}

# sha256_of FILE [DD-ARGS...]: the sha256 of FILE (dd's if=, with DD-ARGS).
sha256_of() {
	local f=$1
	shift
	dd if="$f" bs=1M "$@" 2>/dev/null | sha256sum | cut -d ' ' -f 1
}

# partition_setup TARGET: TARGET is a partition of the dump disk, which
# the host partitioned (vdb1, vdb2): an ext2 filesystem on vdb1, mounted
# with a file on it (in use, as a dump must leave it), then the loads
# that must be refused (partition_sums follows once armed).  First,
# while vdb1 is free, the module holds vdb1 in place of TARGET (the CLI's
# test-only P2MDUMP_TEST_TARGET_DEV) and must refuse TARGET's extent.
partition_setup() {
	local part=${1##*/} other=${DUMP_DISK}1
	if ! wait_disk "$1" || ! wait_disk "$other"; then
		die "no $1 or $other: is the dump disk partitioned?"
	fi
	load_kernel_modules fs
	mke2fs -q $other >/dev/null 2>&1 || die "mke2fs $other failed"
	run_case part-map-outside env \
		P2MDUMP_TEST_TARGET_DEV="$(cat /sys/class/block/${other##*/}/dev)" \
		p2mdump load --target "$1"
	run_case part-map-dmesg sh -c "dmesg | grep 'lies outside'"
	mkdir -p /mnt
	mount -t ext2 -o noatime "$other" /mnt || die "mount $other failed"
	echo "p2mdump partition test" >/mnt/kept.txt
	sync
	say "PART $part start=$(cat "/sys/class/block/$part/start") size=$(cat "/sys/class/block/$part/size")"
	run_case part-mounted p2mdump load --target $other
	run_case part-disk p2mdump load --target $DUMP_DISK
}

# partition_sums: armed on partition_setup's target, the checksums of
# what lies outside it for the host (PARTSUM: the first MiB, with the
# partition table, and vdb1).  vdb1 stays mounted, read-only from here
# on and with its caches dropped, so that only the capture kernel's
# writes can change it after the sum (summed before arming, vdb1 differed
# once in six runs with nothing outside vdb2 in the map: a write of the
# mounted filesystem's own after the sum, we think, not the capture
# kernel's; the remount flushes and stops those).
partition_sums() {
	local other=${DUMP_DISK}1
	mount -o remount,ro /mnt || die "remount -o ro /mnt failed"
	echo 3 >/proc/sys/vm/drop_caches
	say "PARTSUM head=$(sha256_of $DUMP_DISK count=1) ${other##*/}=$(sha256_of $other)"
}

# scenario_panic: arm p2mdump on the dump disk (or p2mtarget=) and panic
# on CPU.
scenario_panic() {
	local rc append opts corrupt crash target
	workload "$(cmdline_word p2mload 0)"
	corrupt=$(cmdline_word p2mcorrupt "")
	[ -z "$corrupt" ] || [ -f $CORRUPT_MODULE ] ||
		die "no $CORRUPT_MODULE in the initramfs (make module)"
	crash=$(cmdline_word p2mcrash "")
	[ -z "$crash" ] || [ -f $CRASH_MODULE ] ||
		die "no $CRASH_MODULE in the initramfs (make module)"
	load_module
	target=/dev/$(cmdline_word p2mtarget "${DUMP_DISK#/dev/}")
	[ "$target" = $DUMP_DISK ] || partition_setup "$target"
	append=$(cmdline_word p2mappend "" | tr , ' ')
	opts=$(cmdline_word p2mopts "" | tr , ' ')
	if [ -n "$append" ]; then
		# shellcheck disable=SC2086
		p2mdump load --target $target $opts --append "$append"
	else
		# shellcheck disable=SC2086
		p2mdump load --target $target $opts
	fi
	rc=$?
	say "LOAD rc=$rc"
	[ $rc -eq 0 ] || die "p2mdump load failed (rc=$rc)"
	p2mdump status 2>&1 | sed 's/^/P2MTEST-STATUS /'
	[ "$target" = $DUMP_DISK ] || partition_sums
	say "ARMED"
	[ "$DUMP_DISK" = /dev/vdb ] || nvme_io
	if [ -n "$crash" ]; then
		crashmod_crash "$CPU" "$crash"
	else
		sysrq_crash "$CPU" "$corrupt"
	fi
}

# settle: drop clean caches so that MemFree compares like with like.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# cycle N: one load/unload; a failure is reported with its output.
cycle() {
	if p2mdump load --target $DUMP_DISK >/tmp/cycle.out 2>&1 &&
	   p2mdump unload >>/tmp/cycle.out 2>&1; then
		return 0
	fi
	say "CYCLE-FAILED $1 $(tr '\n' '|' </tmp/cycle.out)"
	return 1
}

# control_cycles N: N rounds of the same number of p2mdump runs that
# allocate nothing (status), for the MemFree drift of running programs.
control_cycles() {
	local i
	settle
	say "MEMFREE-CONTROL-BEFORE $(memfree)"
	for i in $(seq 1 "$1"); do
		p2mdump status >/tmp/cycle.out 2>&1
		p2mdump status >>/tmp/cycle.out 2>&1
		memfree >/dev/null
	done
	settle
	say "MEMFREE-CONTROL-AFTER $(memfree)"
}

# modpages: "taken=X returned=Y", the module's page counters (status).
modpages() {
	p2mdump status | sed -n \
		's/^module pages: taken \([0-9]*\), returned \([0-9]*\).*/taken=\1 returned=\2/p'
}

# scenario_cycles: p2mcycles= (20) load/unload cycles; MemFree before and
# after, and after each cycle (a leak grows with every cycle, noise does
# not).  One warm-up cycle first, so one-time allocations (slab caches,
# the misc device's first open) do not count as a leak; then a control
# run of as many programs that allocate nothing.  The module's own page
# counters before the first cycle and after the last: equal when nothing
# is armed.  Lines for the host (t_linux.sh and the soak script parse
# them: keep them stable), KB being kB of free memory (memfree):
#   P2MTEST-MEMFREE-CONTROL-BEFORE KB (...)   and -AFTER, the control run
#   P2MTEST-MEMFREE-BEFORE KB (...)           before the first cycle
#   P2MTEST-MODPAGES taken=X returned=Y       before the first cycle
#   P2MTEST-MEMFREE-CYCLE I KB (...)          after cycle I
#   P2MTEST-CYCLE-FAILED I OUTPUT             a cycle that failed
#   P2MTEST-MEMFREE-AFTER KB (...)            after the last cycle
#   P2MTEST-MODPAGES taken=X returned=Y       after the last cycle
#   P2MTEST-LOAD-FRAMES N                     frames one load held
#   P2MTEST-STATUS ...                        p2mdump status at the end
#   P2MTEST-CYCLES ok=N failed=M
scenario_cycles() {
	local i ok=0 bad=0 n
	n=$(cmdline_word p2mcycles 20)
	load_module
	cycle 0
	control_cycles "$n"
	settle
	say "MEMFREE-BEFORE $(memfree)"
	say "SUNRECLAIM-BEFORE $(sunreclaim)"
	say "MODPAGES $(modpages)"
	for i in $(seq 1 "$n"); do
		if cycle "$i"; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
		say "MEMFREE-CYCLE $i $(memfree)"
	done
	settle
	say "MEMFREE-AFTER $(memfree)"
	say "SUNRECLAIM-AFTER $(sunreclaim)"
	say "MODPAGES $(modpages)"
	say "LOAD-FRAMES $(sed -n 's/^frames held: //p' /tmp/cycle.out)"
	p2mdump status 2>&1 | sed 's/^/P2MTEST-STATUS /'
	say "CYCLES ok=$ok failed=$bad"
}

# run_case NAME COMMAND...: run COMMAND, print its status and output.
run_case() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	say "CASE $name rc=$rc msg=$(echo "$out" | tr '\n' '|' | sed 's/|$//')"
}

# notes_cases: crash_notes addresses the module must refuse (the CLI's
# test-only P2MDUMP_TEST_CRASH_NOTES replaces CPU 0's), then its reasons.
notes_cases() {
	local real
	real=$(cat /sys/devices/system/cpu/cpu0/crash_notes)
	run_case load-notes-mmio env P2MDUMP_TEST_CRASH_NOTES=fee00000 \
		p2mdump load --target $DUMP_DISK
	p2mdump unload >/dev/null 2>&1
	run_case load-notes-other-ram env P2MDUMP_TEST_CRASH_NOTES=1000000 \
		p2mdump load --target $DUMP_DISK
	p2mdump unload >/dev/null 2>&1
	run_case load-notes-misaligned \
		env P2MDUMP_TEST_CRASH_NOTES="$(printf %x $((0x$real + 8)))" \
		p2mdump load --target $DUMP_DISK
	p2mdump unload >/dev/null 2>&1
	run_case notes-dmesg sh -c 'dmesg | grep "p2mdump: load refused"'
}

# held_cases: while armed the module holds the dump disk exclusively:
# mount and swapon fail (EBUSY), and work again after unload.  A disk
# already in use (swap the CLI is not told about) cannot be held; a
# LOAD naming no disk, or another disk, is refused.
held_cases() {
	local vda
	load_kernel_modules fs
	mke2fs -q $DUMP_DISK >/dev/null 2>&1 || die "mke2fs $DUMP_DISK failed"
	mkdir -p /mnt
	run_case mount-before sh -c "mount -t ext2 $DUMP_DISK /mnt && umount /mnt"
	run_case held-load p2mdump load --target $DUMP_DISK --wipe
	run_case held-mount mount -t ext2 $DUMP_DISK /mnt
	run_case held-swapon swapon $DUMP_DISK
	run_case held-unload p2mdump unload
	run_case mount-after sh -c "mount -t ext2 $DUMP_DISK /mnt && umount /mnt"
	mkswap $DUMP_DISK >/dev/null 2>&1 || die "mkswap $DUMP_DISK failed"
	run_case swapon-after swapon $DUMP_DISK
	# In use as swap, /proc/swaps hidden from the CLI: its exclusive open
	# for the ARMED header still refuses.
	head -n 1 /proc/swaps >/tmp/noswaps
	run_case load-swapped env P2MDUMP_SWAPS=/tmp/noswaps \
		p2mdump load --target $DUMP_DISK --wipe
	swapoff $DUMP_DISK
	dd if=/dev/zero of=$DUMP_DISK bs=64k count=2 2>/dev/null
	run_case load-dev-zero env P2MDUMP_TEST_TARGET_DEV=0:0 \
		p2mdump load --target $DUMP_DISK
	vda=$(cat /sys/block/vda/dev)
	run_case load-dev-other env P2MDUMP_TEST_TARGET_DEV="$vda" \
		p2mdump load --target $DUMP_DISK
	run_case held-dmesg sh -c 'dmesg | grep -E "p2mdump: (load refused|holding)"'
	p2mdump unload >/dev/null 2>&1
}

# scenario_errors: the bad-input cases that can run inside the guest.
scenario_errors() {
	load_module
	wait_disk $RO_DISK || die "no read-only disk $RO_DISK"
	[ "$(cat /sys/block/vdc/ro)" = 1 ] || die "$RO_DISK is not read-only"
	run_case save-no-dump p2mdump save $DUMP_DISK /tmp/out
	run_case unload-empty p2mdump unload
	# Root without CAP_SYS_BOOT: a user namespace (busybox has no capsh).
	# /proc/iomem and kallsyms hide addresses there, so it gets copies.
	cat /proc/iomem >/tmp/iomem
	cat /proc/kallsyms >/tmp/kallsyms
	run_case load-no-cap env P2MDUMP_IOMEM=/tmp/iomem \
		P2MDUMP_KALLSYMS=/tmp/kallsyms unshare -r p2mdump load --target $DUMP_DISK
	held_cases
	run_case load-first p2mdump load --target $DUMP_DISK
	run_case load-twice p2mdump load --target $DUMP_DISK
	run_case status-no-cap unshare -r p2mdump status
	run_case unload-no-cap unshare -r p2mdump unload
	run_case unload-loaded p2mdump unload
	notes_cases
	run_case load-non-elf p2mdump load --target $DUMP_DISK --image /init
	p2mdump unload >/dev/null 2>&1
	run_case load-user-image p2mdump load --target $DUMP_DISK --image $USER_IMAGE
	run_case status-user-image p2mdump status
	p2mdump unload >/dev/null 2>&1
	run_case load-missing-target p2mdump load --target $MISSING_DISK
	p2mdump unload >/dev/null 2>&1
	run_case load-readonly-target p2mdump load --target $RO_DISK
	p2mdump unload >/dev/null 2>&1
	run_case rmmod rmmod p2mdump
	run_case insmod-other-kernel insmod /lib/p2mdump/p2mdump-other-kernel.ko
	run_case load-no-module p2mdump load --target $DUMP_DISK
	lockdown_cases
	say "ERRORS-DONE"
}

# lockdown_cases: the kernel locked down at run time (integrity: its
# securityfs file only goes up, so this comes last; booting with
# lockdown= would refuse our unsigned module): a user image is refused,
# the module's built-in one arms.
lockdown_cases() {
	insmod $MODULE || die "insmod $MODULE failed"
	mkdir -p /sys/kernel/security
	mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
	run_case lockdown-on sh -c 'echo integrity > /sys/kernel/security/lockdown &&
		cat /sys/kernel/security/lockdown'
	run_case lockdown-user-image p2mdump load --target $DUMP_DISK --image $USER_IMAGE
	run_case lockdown-dmesg sh -c 'dmesg | grep -i "lockdown\|locked down"'
	run_case lockdown-builtin p2mdump load --target $DUMP_DISK
	run_case lockdown-unload p2mdump unload
}

# scenario_stale: the dump disk holds a dump an earlier panic left (the
# host passes it with run-guest.sh -D): load refuses it until it is
# saved (here, with the real block device: save marks it saved), then
# arms and writes a fresh ARMED header whose nonce status shows.
scenario_stale() {
	load_module
	run_case stale-load p2mdump load --target $DUMP_DISK
	# Its loud "WARNING:" lines to a file: on the console they would
	# read as a kernel warning to the host's checks.
	run_case stale-save sh -c \
		"p2mdump save $DUMP_DISK /tmp/stale-save 2>/tmp/stale-save.err"
	run_case stale-load-saved p2mdump load --target $DUMP_DISK
	p2mdump status 2>&1 | sed 's/^/P2MTEST-STATUS /'
	run_case stale-unload p2mdump unload
	say "STALE-DONE"
}

# system_disk: the node of the disk with serial p2m-system (run-guest.sh
# -S; virtio-blk, or an NVMe namespace with -s nvme), waiting up to 10 s
# for it (NVMe namespaces appear after the driver's asynchronous probe).
system_disk() {
	local d i=0
	while [ $i -lt 100 ]; do
		for d in /sys/block/vd* /sys/block/nvme*; do
			[ -e "$d" ] || continue
			if [ "$(disk_serial "${d##*/}")" = p2m-system ]; then
				echo "/dev/${d##*/}"
				return 0
			fi
		done
		usleep 100000
		i=$((i + 1))
	done
	return 1
}

# part_node DISK N: partition N's node of DISK (/dev/vdc1, /dev/nvme1n1p1).
part_node() {
	case $1 in
	*[0-9]) echo "${1}p$2" ;;
	*) echo "$1$2" ;;
	esac
}

# mount_fs DEV TYPE DIR: mount DEV (TYPE) on DIR, or power off.
mount_fs() {
	wait_disk "$1" || die "no $1"
	mkdir -p "$3"
	mount -t "$2" -o noatime "$1" "$3" || die "mount -t $2 $1 $3 failed"
}

# gaps_sum DISK MAP FIRST END: DISK's bytes from sector FIRST to END
# outside the "D+N" sector ranges of MAP (t_linux.sh computes the same on
# the host's image); read through the page cache, which drop_caches
# emptied after the remount.
gaps_sum() {
	local at=$3 e s n
	for e in $(echo "$2" | tr ' ' '\n' | sort -n -t + -k 1,1); do
		s=${e%+*}
		n=${e#*+}
		[ "$s" -gt "$at" ] && dd if="$1" iflag=skip_bytes,count_bytes \
			bs=1M skip=$((at * 512)) count=$(((s - at) * 512)) 2>/dev/null
		at=$((s + n))
	done
	[ "$4" -gt "$at" ] && dd if="$1" iflag=skip_bytes,count_bytes \
		bs=1M skip=$((at * 512)) count=$((($4 - at) * 512)) 2>/dev/null
}

# scenario_file: arm on a dump file on the system disk (p2mfs=, p2mpart=,
# p2mopts= for load), print its map (FILEMAP) and, with the filesystem
# read-only from then on, the checksum of every byte of its partition
# outside the map (GAPSUM: the host checks the capture kernel wrote
# nothing else there; the other partitions, never mounted, must still be
# the host's template), panic.
scenario_file() {
	local sys part fs rc map first end
	load_module
	load_kernel_modules fs
	load_kernel_modules filefs
	sys=$(system_disk) || die "no system disk (serial p2m-system)"
	part=$(part_node "$sys" "$(cmdline_word p2mpart 1)")
	fs=$(cmdline_word p2mfs ext4)
	mount_fs "$part" "$fs" /mnt/sys
	mkdir -p /mnt/sys/var/crash
	p2mdump estimate 2>&1 | sed 's/^/P2MTEST-ESTIMATE /'
	# shellcheck disable=SC2046
	p2mdump load --target /mnt/sys/$DUMP_FILE \
		$(cmdline_word p2mopts "" | tr , ' ') >/tmp/load.out 2>&1
	rc=$?
	sed 's/^/P2MTEST-STATUS /' /tmp/load.out
	say "LOAD rc=$rc"
	[ $rc -eq 0 ] || die "p2mdump load of the dump file failed (rc=$rc)"
	map=$(sed -n 's/^dump file map (whole-disk sectors): //p' /tmp/load.out)
	say "FILEMAP disk=${sys##*/} $map"
	sync
	mount -o remount,ro /mnt/sys || die "remount -o ro /mnt/sys failed"
	echo 3 >/proc/sys/vm/drop_caches
	first=$(cat "/sys/class/block/${part##*/}/start")
	end=$((first + $(cat "/sys/class/block/${part##*/}/size")))
	say "GAPSUM first=$first end=$end $(gaps_sum "$sys" "$map" "$first" "$end" |
		sha256sum | cut -d ' ' -f 1)"
	say "ARMED"
	sysrq_crash "$CPU"
}

# move_blocks FILE: give FILE other blocks: chattr -i, truncate (synced,
# so xfs no longer holds the freed extents busy), a filler file takes the
# freed blocks, FILE is written again at its old size; up to 3 fillers
# until its first block moved (MOVED line: where it was, where it is).
move_blocks() {
	local size before after i=0
	size=$(stat -c %s "$1")
	before=$($FILETOOL where "$1")
	$FILETOOL chattr -i "$1"
	after=$before
	while [ "$after" = "$before" ] && [ $i -lt 3 ]; do
		i=$((i + 1))
		truncate -s 0 "$1"
		sync
		dd if=/dev/zero of="${1%/*}/filler.$i" bs=1M count=$((size >> 20)) 2>/dev/null
		sync
		dd if=/dev/zero of="$1" bs=1M count=$((size >> 20)) conv=notrunc 2>/dev/null
		sync
		after=$($FILETOOL where "$1")
	done
	say "MOVED ${1##*/} from $before to $after after $i filler(s)"
}

# file_lifecycle FILE: FILE holds the dump of the file run's panic, left
# immutable: load refuses it unsaved; save reads it back and clears the
# flag; load reuses it (immutable again; its filesystem cannot be
# unmounted; save says armed, no dump); unload clears the flag.
file_lifecycle() {
	local f=$1
	run_case file-left-immutable $FILETOOL immutable "$f"
	run_case file-stale p2mdump load --target "$f"
	run_case file-save sh -c "p2mdump save $f /tmp/file-save 2>/tmp/file-save.err"
	run_case file-saved-flag $FILETOOL immutable "$f"
	run_case file-reload p2mdump load --target "$f"
	run_case file-reload-flag $FILETOOL immutable "$f"
	run_case file-umount-busy umount /mnt/sys
	run_case file-save-armed p2mdump save "$f" /tmp/file-save2
	run_case file-unload p2mdump unload
	run_case file-unload-flag $FILETOOL immutable "$f"
}

# file_moved DIR: a dump file whose blocks change after load: status
# finds it (disarms, says why, exits 1), unload acknowledges; then with
# recheck_secs=1 the module's periodic check finds it before any status.
file_moved() {
	local f=$1/moved.img
	run_case file-moved-load p2mdump load --target "$f" --size 16M
	move_blocks "$f"
	run_case file-moved-status p2mdump status
	run_case file-moved-unload p2mdump unload
	run_case file-moved-after p2mdump status
	echo 1 >/sys/module/p2mdump/parameters/recheck_secs
	run_case file-periodic-load p2mdump load --target "$f" --size 16M
	move_blocks "$f"
	sleep 3
	run_case file-periodic-dmesg sh -c 'dmesg | grep -c "p2mdump: disarmed: the dump file"'
	run_case file-periodic-status p2mdump status
	p2mdump unload >/dev/null 2>&1
	echo 30 >/sys/module/p2mdump/parameters/recheck_secs
}

# scenario_filecheck: the system disk the file-ext4 run left (ext4 with
# its dump file, xfs, btrfs): the dump file's life after a dump, then
# what load refuses (btrfs, tmpfs, a reflinked file on xfs) and a file
# whose blocks move while armed.
scenario_filecheck() {
	local sys
	load_module
	load_kernel_modules fs
	load_kernel_modules filefs
	sys=$(system_disk) || die "no system disk (serial p2m-system)"
	mount_fs "$(part_node "$sys" 1)" ext4 /mnt/sys
	mount_fs "$(part_node "$sys" 2)" xfs /mnt/xfs
	mount_fs "$(part_node "$sys" 3)" btrfs /mnt/btrfs
	file_lifecycle /mnt/sys/$DUMP_FILE
	run_case file-btrfs p2mdump load --target /mnt/btrfs/p2mdump.img --size 16M
	run_case file-tmpfs p2mdump load --target /tmp/p2mdump.img --size 16M
	dd if=/dev/zero of=/mnt/xfs/orig.img bs=1M count=16 2>/dev/null
	sync
	run_case file-clone $FILETOOL clone /mnt/xfs/orig.img /mnt/xfs/clone.img
	run_case file-reflink p2mdump load --target /mnt/xfs/clone.img
	file_moved /mnt/xfs
	run_case file-dmesg sh -c 'dmesg | grep "p2mdump: \(load refused\|dump file\|disarmed\)"'
	say "FILECHECK-DONE"
}

# scenario_kdump: stock kdump (benchmark only).  The guest booted with
# crashkernel=SIZE; `kexec -p` loads Debian's kernel with the capture
# initramfs (tests/bench/kdump-init.sh writes /proc/vmcore to the dump
# disk as p2mkdump= says); purgatory prints on the serial port and the
# capture kernel's decompressor too (earlyprintk), for host timestamps.
# load_stock_kdump MODE: `kexec -p` of Debian's kernel with the capture
# initramfs (needs crashkernel= and the benchmark's initramfs parts).
load_stock_kdump() {
	local mode=$1 rc out append
	if ! command -v kexec >/dev/null || [ ! -f /kdump/vmlinuz ] ||
	   [ ! -f /kdump/initrd.img ]; then
		die "no kexec or /kdump files (tests/bench/mkinitramfs-bench.sh)"
	fi
	say "CRASHKERNEL bytes=$(cat /sys/kernel/kexec_crash_size)" \
	    "iomem=$(grep -i 'crash kernel' /proc/iomem | tr -d ' ' | tr '\n' ';')"
	append="console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1"
	append="$append irqpoll nr_cpus=1 reset_devices p2mkdump=$mode"
	out=$(kexec -p /kdump/vmlinuz --initrd=/kdump/initrd.img \
		--console-serial --serial=0x3f8 --serial-baud=115200 \
		--append "$append" 2>&1)
	rc=$?
	say "KEXEC rc=$rc loaded=$(cat /sys/kernel/kexec_crash_loaded)" \
	    "msg=$(echo "$out" | tr '\n' '|')"
	[ $rc -eq 0 ] || die "kexec -p failed (rc=$rc)"
}

scenario_kdump() {
	load_stock_kdump "$(cmdline_word p2mkdump elf)"
	say "MEMFREE-ARMED $(memfree)"
	say "ARMED"
	sysrq_crash "$CPU"
}

# scenario_kdump_loaded: with a stock kdump kernel loaded (and no
# crash_kexec_post_notifiers), kdump would run before p2mdump's notifier:
# `p2mdump load` must refuse, and arm only with --force, leaving
# crash_kexec_post_notifiers off (kdump's order is the user's choice).
scenario_kdump_loaded() {
	load_module
	load_stock_kdump elf
	run_case load-with-kdump p2mdump load --target $DUMP_DISK
	run_case status-after-refusal p2mdump status
	run_case load-with-kdump-force p2mdump load --target $DUMP_DISK --force
	run_case post-notifiers-forced cat $POST_NOTIFIERS
	run_case unload-forced p2mdump unload
	run_case post-notifiers-unloaded cat $POST_NOTIFIERS
	say "KDUMP-CASES-DONE"
}

# scenario_rawdd: the raw-disk ceiling (benchmark only): p2mbytes= bytes
# of zeros to the dump disk with direct I/O in p2mbs= (1 MiB) writes, timed;
# then csum-speed, if the benchmark's initramfs has it.
scenario_rawdd() {
	local bytes rc
	bytes=$(cmdline_word p2mbytes 0)
	[ "$bytes" -gt 0 ] 2>/dev/null || die "rawdd: no p2mbytes="
	say "RAWDD-START bytes=$bytes uptime=$(uptime_now)"
	dd if=/dev/zero of=$DUMP_DISK bs="$(cmdline_word p2mbs 1M)" count="$bytes" \
		iflag=count_bytes oflag=direct 2>/tmp/dd.out
	rc=$?
	say "RAWDD-DONE rc=$rc uptime=$(uptime_now) $(tr '\n' ' ' </tmp/dd.out)"
	# The dump digest's speed on this CPU (tests/bench/csum-speed.c).
	[ ! -x /usr/lib/p2mbench/csum-speed ] || /usr/lib/p2mbench/csum-speed 256
}

mount_all
SCENARIO=$(cmdline_word p2mtest boot)
CPU=$(cmdline_word p2mcpu 0)
say "KERNEL $(uname -r) $(cat /proc/version)"
say "SCENARIO $SCENARIO cpu=$CPU cpus=$(nproc) $(grep MemTotal /proc/meminfo | tr -s ' ')"
load_kernel_modules disk
if [ "$(cmdline_word p2mdisk virtio)" = nvme ]; then
	DUMP_DISK=/dev/nvme0n1
	load_kernel_modules nvme
elif [ "$(cmdline_word p2msysdisk virtio)" = nvme ]; then
	load_kernel_modules nvme	# only the system disk is NVMe (-s nvme)
fi
check_disks
case $SCENARIO in
boot|hang|panic|cycles|errors|stale|kdump|rawdd|file|filecheck) "scenario_$SCENARIO" ;;
kdump-loaded) scenario_kdump_loaded ;;
*) say "ERROR unknown scenario '$SCENARIO'" ;;
esac
halt_now
