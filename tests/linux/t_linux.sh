#!/bin/bash
# Linux end to end (see README.md): Debian's
# kernel in QEMU arms p2mdump, panics, the capture kernel writes the dump to
# /dev/vdb, and the host checks it with `p2mdump save`, crash and
# makedumpfile; the saved dump's nonce is the one status showed after load.
# Then a disk holding an unsaved dump (load refuses it until it is saved),
# a damaged handoff page (no jump), load/unload cycles (leaks) and the bad
# inputs (the CLI's and the module's safety checks).
#
#   P2MDUMP_LINUX_MEMS   guest sizes in MiB (default "1024 6144")
#   P2MDUMP_LINUX_CPUS   panicking CPUs (default "0 1"); then one ELF dump
#                        (--format elf) and one kdump with 4-level paging
#   P2MDUMP_LINUX_RUNS   which runs (default all): panic (MEMS x CPUS),
#                        elf, 4level, nvme (1 GiB, the dump disk on NVMe),
#                        partition, small-disk (and stale), handoff,
#                        cycles, errors, kdump-loaded, file-ext4 (and
#                        filecheck), file-xfs, file-ext4-nvme (the
#                        system disk on NVMe), helpers (helper CPUs,
#                        panic on CPU 0 and 1); e.g. "panic cycles"
#   P2MDUMP_ACCEL=kvm    see run-guest.sh
set -u

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$here/../guest/lib.sh"	# pass, fail, check, ROOT
. "$here/lib.sh"		# DIR, INITRD, CLI, linux_prepare

MEMS=${P2MDUMP_LINUX_MEMS:-1024 6144}
CPUS=${P2MDUMP_LINUX_CPUS:-0 1}
PANIC_TIMEOUT=600		# 6 GiB under TCG: ~6 s boot + ~25 s dump
CYCLES=20			# load/unload cycles (p2mcycles=)
RUNS=${P2MDUMP_LINUX_RUNS:-panic helpers elf 4level nvme partition small-disk handoff cycles errors kdump-loaded file-ext4 file-xfs file-ext4-nvme}
PART1_START=2048		# partition_run's dump disk, in sectors: vdb1
PART1_SECTORS=131072		# 64 MiB at 1 MiB, vdb2 from 65 MiB to the end
PART2_START=$((PART1_START + PART1_SECTORS))
DUMP_FILE_PATH=var/crash/p2mdump.img	# guest-init.sh's DUMP_FILE
SYS_PARTS="ext4:512 xfs:320 btrfs:256"	# the system disk's partitions, MiB
SYS_TEMPLATE=$DIR/system.${SYS_PARTS// /_}.img	# made once per layout
VMLINUX=
error_log=$DIR/errors.serial	# where error_case reads its results

# guest_clean NAME: no kernel BUG, WARNING or Oops in the serial log.
guest_clean() {
	! serial "$1" '(BUG:|WARNING:|Oops|general protection|Call Trace:)'
}

# serial_field NAME KEY: the first number after "P2MTEST-KEY " in NAME's log.
serial_field() {
	sed -n "s/.*P2MTEST-$2 \([0-9][0-9]*\).*/\1/p" "$DIR/$1.serial" | head -n 1
}

# status_nonce NAME: the last "nonce:" p2mdump status printed in NAME's
# serial log (P2MTEST-STATUS lines).
status_nonce() {
	sed -n 's/^P2MTEST-STATUS nonce: \([0-9a-f]*\).*/\1/p' "$DIR/$1.serial" | tail -n 1
}

# header_checks NAME SAVE NONCE: the saved dump carries load's NONCE and a
# crash time from the capture kernel's RTC within the last hour.
header_checks() {
	local info=$2/dump-info.txt ct now
	check "$1: status showed a nonce after load (${3:-none})" grep -Eq '^[0-9a-f]{16}$' <<<"$3"
	check "$1: the saved dump's nonce is load's" grep -qx "nonce: $3" "$info"
	ct=$(sed -n 's/^crash_time: //p' "$info")
	now=$(date +%s)
	check "$1: crash time ${ct:-none} (RTC) within the last hour (host $now)" \
		bash -c "[ ${ct:-0} -gt $((now - 3600)) ] && [ ${ct:-0} -le $((now + 60)) ]"
}

# times_field NAME KEY: KEY=value from NAME.times (run-guest.sh).
times_field() {
	sed -n "s/^$2=//p" "$DIR/$1.times"
}


# panic_run MEM CPU [FORMAT [CPUMODEL [DISK]]]: arm the module's built-in
# capture kernel (the default kdump format, or FORMAT), panic on CPU
# (under -cpu CPUMODEL), save and check the dump.  The default runs
# (kdump, max) load the module with scatter=1: no two adjacent capture
# pages in adjacent frames, so the capture kernel runs on a p2m that is
# no offset.  DISK nvme: the dump disk is NVMe (run-guest.sh -N), busy
# with Linux's reads when it panics (nvme_checks).
panic_run() {
	local mem=$1 cpu=$2 format=${3:-kdump} model=${4:-max} disk=${5:-virtio}
	local name=panic-${1}m-cpu$2 status img save append= opts=()
	[ "$format" = kdump ] || { name=$name-$format; append="p2mopts=--format,$format"; }
	[ "$model" = max ] || name=$name-4level
	[ "$disk" = nvme ] && { name=$name-nvme; opts=(-N); }
	[ "$format:$model" = kdump:max ] && append="p2mmod=scatter=1"
	img=$DIR/$name.dump.img
	save=$DIR/$name.save
	"$here/run-guest.sh" -m "$mem" -c "$cpu" -n "$name" -t $PANIC_TIMEOUT \
		-i "$INITRD" -C "$model" -a "$append" "${opts[@]}" panic
	status=$?
	[ "$disk" = nvme ] && nvme_checks "$name"
	check "$name: armed" serial "$name" '^P2MTEST-ARMED'
	check "$name: armed the module's built-in capture kernel" \
		serial "$name" '^P2MTEST-STATUS image: built-in, [0-9]+ bytes, sha256 [0-9a-f]{64}'
	check "$name: load turned crash_kexec_post_notifiers on (the other CPUs' registers)" \
		serial "$name" '^P2MTEST-STATUS crash_kexec_post_notifiers: Y \(turned on by load; unload turns it off\)[[:cntrl:]]*$'
	[ "$append" = p2mmod=scatter=1 ] && scatter_checks "$name"
	check "$name: QEMU status $EXIT_OK (dump complete), got $status" [ "$status" = "$EXIT_OK" ]
	check "$name: capture kernel says complete" serial "$name" '^dump: complete'
	check "$name: no kernel BUG/WARNING before the panic" guest_clean_before_panic "$name"
	echo "INFO: $name: panic to QEMU exit $(times_field "$name" panic_to_exit) s (host)"
	grep -a '^dump: summary' "$DIR/$name.serial" | sed "s/^/INFO: $name: /"
	if [ "$status" != "$EXIT_OK" ] && [ "$status" != "$EXIT_DUMP_INCOMPLETE" ]; then
		rm -f "$img"
		return
	fi
	if save_checks "$name" "" "$img" "$save"; then
		check "$name: saved as the $format format" \
			grep -qx "format: $format" "$save/dump-info.txt"
		[ "$format" = kdump ] && kdump_checks "$name" "$save"
		check "$name: crash bt: the panicking task ran on CPU $cpu" \
			grep -Eq "CPU: $cpu +COMMAND" "$DIR/$name.crash-bt"
	fi
	rm -rf "$save"
}

# helpers_run CPU: 1 GiB, panic on CPU with the helper-CPU words load
# takes from /proc/cpuinfo by default (--helpers all: every apicid, CPU
# 0's as the BSP).  -smp 2: on CPU 0, CPU 1 (stopped by Linux's crash
# NMI) arrives in the capture kernel and compresses; on CPU 1 the only
# other CPU is the BSP, which is never sent INIT: none started.  The dump
# is complete and opens in crash either way.
helpers_run() {
	local cpu=$1 name=helpers-cpu$1 status save=$DIR/helpers-cpu$1.save
	"$here/run-guest.sh" -m 1024 -c "$cpu" -n "$name" -t $PANIC_TIMEOUT \
		-i "$INITRD" panic
	status=$?
	check "$name: load's words from /proc/cpuinfo" \
		serial "$name" '^P2MTEST-STATUS command line: .* helpers=1 cpus_apic=0,1 bsp_apic=0 '
	check "$name: p2mdump status: helper CPUs: 1" \
		serial "$name" '^P2MTEST-STATUS helper CPUs: 1\s*$'
	check "$name: QEMU status $EXIT_OK (dump complete), got $status" [ "$status" = "$EXIT_OK" ]
	check "$name: capture kernel says complete" serial "$name" '^dump: complete'
	if [ "$cpu" = 0 ]; then
		check "$name: apic 0 skipped, this CPU" serial "$name" '^helpers: apic 0 skipped: this CPU, the BSP'
		check "$name: 1 of 1 arrived (apic 1)" \
			serial "$name" '^helpers: 1 of 1 arrived in [0-9]+ us \(apic 1\)'
		check "$name: it compressed page jobs" \
			serial "$name" '^dump: helpers: jobs by CPU: [0-9]+ [1-9][0-9]*; 0 redone'
	else
		check "$name: apic 0 skipped, the BSP: never sent INIT" \
			serial "$name" '^helpers: apic 0 skipped: the BSP: never sent INIT'
		check "$name: apic 1 skipped, this CPU" serial "$name" '^helpers: apic 1 skipped: this CPU'
		check "$name: none to start" serial "$name" '^helpers: xAPIC.*, 0 to start'
	fi
	grep -aE '^(helpers:|dump: helpers|dump: pages written)' "$DIR/$name.serial" | sed "s/^/INFO: $name: /"
	[ "$status" = "$EXIT_OK" ] && save_checks "$name" "" "$DIR/$name.dump.img" "$save" &&
		kdump_checks "$name" "$save"
	rm -rf "$save"
}

# save_checks NAME WHAT DUMP SAVE: `p2mdump save` of DUMP (a dump disk's
# image, or the target's bytes: WHAT says which in the check) into SAVE,
# then DUMP deleted; the saved dump carries load's nonce and opens in
# crash (check-crash.sh).  False if save wrote no vmcore.
save_checks() {
	rm -rf "$4"
	check "$1: p2mdump save${2:+ of $2}" "$CLI" save "$3" "$4"
	rm -f "$3"
	[ -f "$4/vmcore" ] || return 1
	header_checks "$1" "$4" "$(status_nonce "$1")"
	"$here/check-crash.sh" -l "$1" -o "$DIR" "$VMLINUX" "$4/vmcore"
}

# nvme_checks NAME: the target was Linux's NVMe namespace nvme0n1, held
# by the module, with reads in flight when the kernel panicked; the
# capture kernel reset that live controller and wrote through it.
nvme_checks() {
	check "$1: the guest's dump disk is nvme0n1 (serial p2m-dump, 00:05.0)" \
		serial "$1" '^P2MTEST-DISK nvme0n1 serial=p2m-dump .* pci=0000:00:05.0'
	check "$1: load named the NVMe namespace (disk_nsid=1)" \
		serial "$1" '^P2MTEST-STATUS .*disk_id=1b36:0010 disk_sectors=[0-9]+ disk_serial=70326d2d64756d70 disk_nsid=1'
	check "$1: the module holds nvme0n1" \
		serial "$1" '^P2MTEST-STATUS held exclusively: nvme0n1 \([0-9]+:[0-9]+\)'
	check "$1: Linux had NVMe reads in flight before the panic" \
		serial "$1" '^P2MTEST-IO nvme0n1 inflight=([1-9][0-9]*/[0-9]+|[0-9]+/[1-9])'
	check "$1: the capture kernel wrote through NVMe" \
		serial "$1" '^dump: disk 00:05.0, NVMe, '
	check "$1: and flushed its write cache around the last header" \
		serial "$1" '^dump: nvme: .*, volatile write cache yes, 2 flushes'
}

# scatter_checks NAME: with scatter=1, at least 90% of the capture pages
# start a machine-contiguous run (status counts them).
scatter_checks() {
	local runs pages
	runs=$(sed -n 's/^P2MTEST-STATUS machine-contiguous runs: \([0-9]*\).*/\1/p' "$DIR/$1.serial")
	pages=$(sed -n 's/^P2MTEST-STATUS capture pages: \([0-9]*\).*/\1/p' "$DIR/$1.serial")
	echo "INFO: $1: scatter=1: ${runs:-?} machine-contiguous runs over ${pages:-?} capture pages"
	check "$1: module loaded with scatter=1" serial "$1" '^P2MTEST-MODULE-LOADED scatter=1'
	check "$1: scattered: ${runs:-no} runs >= 90% of ${pages:-no} pages" \
		[ $((${runs:-0} * 10)) -ge $((${pages:-99999} * 9)) ]
	check "$1: the capture kernel counts the same runs in its p2m" \
		serial "$1" "^  machine-contiguous runs: ${runs:-none},"
}

# kdump_checks NAME SAVE: what the capture kernel's own filter and LZO
# did, and makedumpfile reading the result (crash: check-crash.sh).
kdump_checks() {
	local name=$1 save=$2 kept ram
	check "$name: dump level 31 filtered in the capture kernel" \
		serial "$name" '^dump: filter: [0-9]+ of [0-9]+ RAM pages kept; excluded [1-9]'
	check "$name: LZO-compressed pages" \
		serial "$name" '^dump: kdump: [0-9]+ zero pages, [1-9][0-9]* compressed'
	kept=$(sed -n 's/^dump: filter: \([0-9]*\) of \([0-9]*\) RAM.*/\1/p' "$DIR/$name.serial")
	ram=$(sed -n 's/^dump: filter: \([0-9]*\) of \([0-9]*\) RAM.*/\2/p' "$DIR/$name.serial")
	echo "INFO: $name: filter kept ${kept:-?} of ${ram:-?} RAM pages; vmcore $(stat -c %s "$save/vmcore") bytes"
	check "$name: the filter kept under a quarter of RAM" \
		[ -n "$kept" ] && [ $((kept * 4)) -lt "${ram:-0}" ]
	check "$name: vmcore under a tenth of RAM" \
		[ $(($(stat -c %s "$save/vmcore") * 10)) -lt $((ram * 4096)) ]
	makedumpfile --dump-dmesg "$save/vmcore" "$save/dmesg.txt" \
		>"$DIR/$name.dump-dmesg.out" 2>&1
	check "$name: makedumpfile --dump-dmesg reads it: the panic is there" \
		grep -q 'sysrq triggered crash' "$save/dmesg.txt"
}

# guest_clean_before_panic NAME: no BUG/WARNING/Oops before P2MTEST-PANIC-NOW
# (the panic's own Call Trace comes after it).
guest_clean_before_panic() {
	clean_until "$1" 'P2MTEST-PANIC-NOW'
}

# partsum NAME KEY: the sha256 the guest printed as KEY= on its PARTSUM line.
partsum() {
	sed -n "s/^P2MTEST-PARTSUM .*$2=\([0-9a-f]*\).*/\1/p" "$DIR/$1.serial" | head -n 1
}

# partition_run: the dump disk partitioned on the host (vdb1 64 MiB, vdb2
# the rest); the module refuses vdb2's extent while it holds vdb1 (the
# test-only P2MDUMP_TEST_TARGET_DEV); the guest mounts an ext2 filesystem
# on vdb1, load refuses vdb1 (mounted) and the whole disk, arms on
# /dev/vdb2 and panics.  The
# dump, cut from vdb2's byte range, opens in crash, and no byte outside
# vdb2 changed: the first MiB (the partition table) and vdb1 still have
# the checksums the guest printed before it armed.
partition_run() {
	local name=panic-partition img part save status total head vdb1
	img=$DIR/$name.dump.img
	part=$DIR/$name.vdb2.img
	save=$DIR/$name.save
	total=$(((1024 + 256) * 2048))		# sectors
	rm -f "$img" "$part"
	truncate -s $((total * 512)) "$img"
	mbr "$img" 0 $PART1_START $PART1_SECTORS
	mbr "$img" 1 $PART2_START $((total - PART2_START))
	"$here/run-guest.sh" -n $name -D "$img" -t $PANIC_TIMEOUT -i "$INITRD" \
		-a p2mtarget=vdb2 panic
	status=$?
	check "$name: the guest sees vdb2 at sector $PART2_START, $((total - PART2_START)) sectors" \
		serial $name "^P2MTEST-PART vdb2 start=$PART2_START size=$((total - PART2_START))"
	error_log=$DIR/$name.serial
	error_case part-map-outside 1 'the module refused the load as invalid \(.*an extent outside the target'
	error_case part-map-dmesg 0 "extent 0 \\(disk sectors $PART2_START \\+ $((total - PART2_START))\\) lies outside vdb1 \\(sectors $PART1_START to $PART2_START\\)"
	error_case part-mounted 1 'target /dev/vdb1 has vdb1 mounted on /mnt: it is in use'
	check "$name: the refusal of vdb1 is one line" \
		grep -qa '^P2MTEST-CASE part-mounted rc=1 msg=[^|]*$' "$error_log"
	error_case part-disk 1 'target /dev/vdb has vdb1 mounted on /mnt: it is in use'
	error_log=$DIR/errors.serial
	check "$name: armed" serial $name '^P2MTEST-ARMED'
	check "$name: the module holds vdb2" serial $name \
		'^P2MTEST-STATUS held exclusively: vdb2 \([0-9]+:[0-9]+\)'
	check "$name: QEMU status $EXIT_OK (dump complete), got $status" [ "$status" = "$EXIT_OK" ]
	check "$name: capture kernel says complete" serial $name '^dump: complete'
	head=$(dd if="$img" bs=1M count=1 status=none | sha256sum | cut -d ' ' -f 1)
	vdb1=$(dd if="$img" bs=512 skip=$PART1_START count=$PART1_SECTORS status=none |
		sha256sum | cut -d ' ' -f 1)
	check "$name: the first MiB (partition table) unchanged" \
		[ "$(partsum $name head)" = "$head" ]
	check "$name: vdb1 (its mounted ext2) unchanged" [ "$(partsum $name vdb1)" = "$vdb1" ]
	dd if="$img" of="$part" bs=512 skip=$PART2_START conv=sparse status=none
	rm -f "$img"
	save_checks $name "vdb2's bytes" "$part" "$save"
	rm -rf "$save"
}

# small_disk_run: an 8 MiB dump disk for a 1 GiB guest, a third of what
# its filtered kdump dump needs (~25 MB): the dump is cut short, marked
# incomplete (EXIT_DUMP_INCOMPLETE).  Then stale_run boots on that disk.
small_disk_run() {
	local name=panic-small-disk status
	"$here/run-guest.sh" -n $name -d $((8 * 1024 * 1024)) -t $PANIC_TIMEOUT \
		-i "$INITRD" panic
	status=$?
	check "$name: QEMU status $EXIT_DUMP_INCOMPLETE (dump incomplete), got $status" \
		[ "$status" = "$EXIT_DUMP_INCOMPLETE" ]
	[ -f "$DIR/$name.dump.img" ] &&
		stale_run "$DIR/$name.dump.img" "$(status_nonce $name)"
	rm -f "$DIR/$name.dump.img"
}

# stale_run IMG NONCE: a guest booted on IMG, which holds the unsaved,
# incomplete dump of load NONCE: load refuses it, naming NONCE; save in
# the guest exits 3 (incomplete) and marks it saved; load then arms and
# writes a new ARMED header, so a save on the host exits 4 ("no dump was
# written after load"), naming the new nonce status showed.
stale_run() {
	local img=$1 nonce=$2 name=stale status rc new
	"$here/run-guest.sh" -n $name -D "$img" -t 300 -i "$INITRD" stale
	status=$?
	check "$name: QEMU powered off (status 0), got $status" [ "$status" = 0 ]
	check "$name: all cases ran" serial $name '^P2MTEST-STALE-DONE'
	check "$name: no kernel BUG/WARNING" guest_clean $name
	error_log=$DIR/$name.serial
	error_case stale-load 1 "target /dev/vdb holds an incomplete dump \(nonce ${nonce:-none}, crashed at [0-9-]+ [0-9:]+ UTC\) that was never saved"
	error_case stale-save 3 'INCOMPLETE'
	error_case stale-load-saved 0 'armed: yes'
	error_case stale-unload 0 'unloaded'
	error_log=$DIR/errors.serial
	new=$(status_nonce $name)
	check "$name: the new load's nonce ${new:-none} differs from the dump's ${nonce:-none}" \
		bash -c "[ -n '$new' ] && [ '$new' != '$nonce' ]"
	rm -rf "$DIR/$name.save"
	"$CLI" save "$img" "$DIR/$name.save" >"$DIR/$name.save.out" 2>&1
	rc=$?
	check "$name: host save exits 4 (no dump since the last load), got $rc" [ $rc = 4 ]
	check "$name: ... naming that load's nonce" \
		grep -q "no dump was written after load at .*, nonce ${new:-none}\$" "$DIR/$name.save.out"
	rm -rf "$DIR/$name.save"
}

# handoff_corrupt_run: a byte of the handoff code flipped after load
# (corrupt.ko what=handoff): the panic path refuses to jump, says why, and
# the panic goes on to its reboot (QEMU's -no-reboot: status 0).
handoff_corrupt_run() {
	local name=panic-handoff-corrupt status
	"$here/run-guest.sh" -n $name -t $PANIC_TIMEOUT -i "$INITRD" \
		-a p2mcorrupt=handoff panic
	status=$?
	check "$name: QEMU status 0 (reboot, no capture kernel), got $status" \
		[ "$status" = 0 ]
	check "$name: the handoff code was damaged" serial $name 'P2MTEST-CORRUPT what=handoff'
	check "$name: the notifier refused" serial $name \
		'p2mdump: handoff code or transition table corrupted since load; no dump'
	check "$name: it did not jump" \
		[ "$(grep -ac 'entering the capture kernel' "$DIR/$name.serial")" = 0 ]
	rm -f "$DIR/$name.dump.img"
}

# modpages NAME WHICH: "TAKEN RETURNED" of NAME's first or last
# P2MTEST-MODPAGES line (WHICH: head or tail).
modpages() {
	sed -n 's/^P2MTEST-MODPAGES taken=\([0-9]*\) returned=\([0-9]*\).*/\1 \2/p' \
		"$DIR/$1.serial" | "$2" -n 1
}

# cycles_run: $CYCLES load/unload cycles lose no memory beyond the control
# run; the module's page counters agree (taken == returned after the
# last unload) and count (taken grew by every load's frames at least);
# unload turned crash_kexec_post_notifiers off again.
cycles_run() {
	local name=cycles n=$CYCLES status before after cbefore cafter loss closs
	local tb rb ta ra frames
	"$here/run-guest.sh" -n $name -t 300 -i "$INITRD" -a "p2mcycles=$n" cycles
	status=$?
	check "$name: QEMU powered off (status 0), got $status" [ "$status" = 0 ]
	check "$name: $n cycles, none failed" serial $name "^P2MTEST-CYCLES ok=$n failed=0"
	check "$name: no kernel BUG/WARNING" guest_clean $name
	read -r tb rb <<<"$(modpages $name head)"
	read -r ta ra <<<"$(modpages $name tail)"
	frames=$(serial_field $name LOAD-FRAMES)
	echo "INFO: $name: module pages before the cycles: taken ${tb:-?}, returned ${rb:-?}; after: taken ${ta:-?}, returned ${ra:-?}; one load held ${frames:-?} frames"
	check "$name: before the cycles: taken ${tb:-none} == returned ${rb:-none}" \
		[ -n "$tb" ] && [ "$tb" = "$rb" ]
	check "$name: after the last unload: taken ${ta:-none} == returned ${ra:-none}" \
		[ -n "$ta" ] && [ "$ta" = "$ra" ]
	check "$name: taken grew by $((${ta:-0} - ${tb:-0})) >= $n cycles x ${frames:-none} frames" \
		[ -n "$frames" ] && [ $((${ta:-0} - ${tb:-0})) -ge $((n * ${frames:-1})) ]
	check "$name: crash_kexec_post_notifiers N after the last unload" \
		serial $name '^P2MTEST-STATUS crash_kexec_post_notifiers: N[[:cntrl:]]*$'
	before=$(serial_field $name MEMFREE-BEFORE)
	after=$(serial_field $name MEMFREE-AFTER)
	cbefore=$(serial_field $name MEMFREE-CONTROL-BEFORE)
	cafter=$(serial_field $name MEMFREE-CONTROL-AFTER)
	if [ -z "$before" ] || [ -z "$after" ] || [ -z "$cbefore" ] || [ -z "$cafter" ]; then
		fail "$name: no MemFree lines in $DIR/$name.serial"
		return
	fi
	loss=$((before - after))
	closs=$((cbefore - cafter))
	echo "INFO: $name: free memory lost over $n cycles: $loss kB (control: $closs kB)"
	check "$name: lost $loss kB - control $closs kB < $LEAK_LIMIT_KB kB" \
		[ $((loss - closs)) -lt $LEAK_LIMIT_KB ]
}

# error_case NAME RC REGEX: the errors run printed case NAME with exit
# status RC ("!0": any failure) and a message matching REGEX.
error_case() {
	local line rc msg
	line=$(grep -a "^P2MTEST-CASE $1 " "$error_log" | head -n 1)
	if [ -z "$line" ]; then
		fail "errors: $1: no result line"
		return
	fi
	rc=$(echo "$line" | sed -n 's/.* rc=\([0-9]*\) .*/\1/p')
	msg=${line#* msg=}
	if [ "$2" = '!0' ]; then
		check "errors: $1 fails (rc=$rc): $msg" [ "$rc" != 0 ]
	else
		check "errors: $1 exits $2 (rc=$rc)" [ "$rc" = "$2" ]
	fi
	check "errors: $1 says /$3/" grep -Eiq -- "$3" <<<"$msg"
}

# errors_run: every bad input the guest can try fails with a clear message.
errors_run() {
	local status
	"$here/run-guest.sh" -n errors -r -t 300 -i "$INITRD" errors
	status=$?
	check "errors: QEMU powered off (status 0), got $status" [ "$status" = 0 ]
	check "errors: all cases ran" serial errors '^P2MTEST-ERRORS-DONE'
	check "errors: no kernel BUG/WARNING" guest_clean errors
	error_case save-no-dump '!0' 'no dump|empty'
	error_case unload-empty '!0' 'not|nothing'
	error_case load-no-cap '!0' 'not permitted|CAP_SYS_BOOT'
	error_case mount-before 0 '.*'
	error_case held-load 0 'held exclusively: vdb \([0-9]+:16\)'
	error_case held-mount '!0' 'busy'
	error_case held-swapon '!0' 'busy'
	error_case held-unload 0 'unloaded'
	error_case mount-after 0 '.*'
	error_case swapon-after 0 '.*'
	error_case load-swapped '!0' 'is in use \(mounted, swap, or held by md/dm\): not writing its dump header'
	error_case load-dev-zero '!0' 'refused the target'
	error_case load-dev-other '!0' 'refused the target'
	error_case held-dmesg 0 'holding vdb \([0-9]+:16\) on 0000:00:05.0 exclusively'
	error_case held-dmesg 0 '0000:00:05.0 has a driver bound \(virtio-pci\) but no target disk was named'
	error_case held-dmesg 0 'target vda is not on PCI function 0000:00:05.0'
	error_case load-first 0 'armed: yes.*image: built-in'
	error_case load-first 0 'disk_id=1af4:1001 disk_sectors=[0-9]+ disk_serial=70326d2d64756d70'
	error_case load-twice '!0' 'already'
	error_case status-no-cap '!0' 'not permitted'
	error_case unload-no-cap '!0' 'not permitted'
	error_case unload-loaded 0 'unloaded|disarmed'
	error_case load-notes-mmio '!0' 'crash_notes'
	error_case load-notes-other-ram '!0' 'crash_notes'
	error_case load-notes-misaligned '!0' 'crash_notes'
	error_case notes-dmesg 0 'fee00000 for CPU 0: not System RAM'
	error_case notes-dmesg 0 '1000000 for CPU 0: not the kernel'
	error_case notes-dmesg 0 'CPU 0: misaligned'
	error_case load-non-elf '!0' 'ELF'
	error_case load-user-image 0 'armed: yes'
	error_case status-user-image 0 'image: user \(--image\), [0-9]+ bytes, sha256 [0-9a-f]{64}'
	error_case load-missing-target '!0' 'no such|not found|missing'
	error_case load-readonly-target '!0' 'read-only|readonly'
	error_case rmmod 0 '.*'
	error_case insmod-other-kernel '!0' 'invalid module format|exec format'
	error_case load-no-module '!0' 'module'
	error_case lockdown-on 0 '\[integrity\]'
	error_case lockdown-user-image '!0' 'lockdown refuses a capture kernel from a file'
	error_case lockdown-dmesg 0 'Lockdown: p2mdump: kexec of unsigned images is restricted'
	error_case lockdown-dmesg 0 'p2mdump: load refused: the kernel is locked down'
	error_case lockdown-builtin 0 'armed: yes.*image: built-in'
	error_case lockdown-unload 0 'unloaded'
}

# kdump_loaded_run: a stock kdump kernel loaded (crashkernel=96M, kexec -p
# inside the guest: the benchmark's initramfs carries kexec and its
# capture initramfs): load refuses, --force arms.
kdump_loaded_run() {
	local initrd=$DIR/initramfs-kdump.cpio.gz name=kdump-loaded status
	if ! "$ROOT/tests/bench/mkinitramfs-bench.sh" "$initrd" >"$DIR/$name.mkinitramfs" 2>&1; then
		fail "$name: tests/bench/mkinitramfs-bench.sh failed ($DIR/$name.mkinitramfs)"
		return
	fi
	"$here/run-guest.sh" -n $name -t 300 -i "$initrd" -a crashkernel=96M kdump-loaded
	status=$?
	check "$name: QEMU powered off (status 0), got $status" [ "$status" = 0 ]
	check "$name: kexec -p loaded a crash kernel" serial $name '^P2MTEST-KEXEC rc=0 loaded=1'
	check "$name: all cases ran" serial $name '^P2MTEST-KDUMP-CASES-DONE'
	error_log=$DIR/$name.serial
	error_case load-with-kdump '!0' 'kdump'
	error_case status-after-refusal 0 'armed: no'
	error_case load-with-kdump-force 0 'armed: yes'
	error_case load-with-kdump-force 0 'crash_kexec_post_notifiers: N \(left alone: a kdump kernel is loaded\)'
	error_case post-notifiers-forced 0 '^N[[:cntrl:]]*$'
	error_case unload-forced 0 'unloaded'
	error_case post-notifiers-unloaded 0 '^N[[:cntrl:]]*$'
	error_log=$DIR/errors.serial
}

# system_template: $SYS_TEMPLATE, the file runs' system disk:
# $SYS_PARTS (xfs with reflink: the filecheck run clones a file).
system_template() {
	[ -f "$SYS_TEMPLATE" ] || disk_image "$SYS_TEMPLATE" "$SYS_PARTS"
}

# host_gaps_sum IMG MAP FIRST END: what guest-init.sh's gaps_sum prints:
# IMG's bytes from sector FIRST to END outside MAP's "D+N" ranges.
host_gaps_sum() {
	local at=$3 e s n
	for e in $(tr ' ' '\n' <<<"$2" | sort -n -t + -k 1,1); do
		s=${e%+*}
		n=${e#*+}
		[ "$s" -gt "$at" ] && dd if="$1" iflag=skip_bytes,count_bytes bs=1M \
			skip=$((at * 512)) count=$(((s - at) * 512)) status=none
		at=$((s + n))
	done
	[ "$4" -gt "$at" ] && dd if="$1" iflag=skip_bytes,count_bytes bs=1M \
		skip=$((at * 512)) count=$((($4 - at) * 512)) status=none
}

# outside_same IMG TEMPLATE FIRST END: IMG's bytes before sector FIRST
# and from END on are TEMPLATE's (the partition table, the partitions
# the run never mounted).
outside_same() {
	cmp -n $(($3 * 512)) "$1" "$2" && cmp -i $(($4 * 512)) "$1" "$2"
}

# file_run FS PART [LOAD-OPTIONS [KIND]]: a dump file on partition PART
# (FS) of the system disk (a virtio-blk disk, or KIND nvme: an NVMe
# namespace, run-guest.sh -s): dump complete, nothing outside the file's
# extents changed (in the partition: the guest's GAPSUM after load
# equals the host's of the image after the dump; outside it: the
# template's bytes), the file read back (by its extents; for ext4 also
# by debugfs, which must agree) saves and opens in crash.
file_run() {
	local fs=$1 partno=$2 opts=${3:-} kind=${4:-virtio} name=file-$1 img status map file save
	local first end gsum hsum
	[ "$kind" = virtio ] || name=$name-$kind
	img=$DIR/$name.system.img
	file=$DIR/$name.file
	save=$DIR/$name.save
	system_template || { fail "$name: cannot make the system disk (mkfs.ext4, mkfs.xfs, mkfs.btrfs)"; return; }
	cp --sparse=always "$SYS_TEMPLATE" "$img"
	"$here/run-guest.sh" -n $name -S "$img" -s "$kind" -t $PANIC_TIMEOUT -i "$INITRD" \
		-a "p2mfs=$fs p2mpart=$partno p2mopts=$opts" file
	status=$?
	check "$name: armed on the dump file" serial $name '^P2MTEST-ARMED'
	check "$name: estimate printed the sizes" serial $name \
		'^P2MTEST-ESTIMATE default file size: [0-9]+ bytes'
	check "$name: status names the dump file" serial $name \
		'^P2MTEST-STATUS dump file: held open on [0-9]+:[0-9]+; its blocks re-checked'
	check "$name: QEMU status $EXIT_OK (dump complete), got $status" [ "$status" = "$EXIT_OK" ]
	check "$name: capture kernel says complete" serial $name '^dump: complete'
	check "$name: no kernel BUG/WARNING before the panic" guest_clean_before_panic $name
	map=$(filemap "$DIR/$name.serial")
	read -r first end gsum <<<"$(sed -n 's/^P2MTEST-GAPSUM first=\([0-9]*\) end=\([0-9]*\) \([0-9a-f]*\).*/\1 \2 \3/p' \
		"$DIR/$name.serial")"
	echo "INFO: $name: $(grep -a '^P2MTEST-STATUS dump file: /' "$DIR/$name.serial" | sed 's/^P2MTEST-STATUS //')"
	echo "INFO: $name: panic to QEMU exit $(times_field $name panic_to_exit) s (host)"
	hsum=$(host_gaps_sum "$img" "$map" "${first:-0}" "${end:-0}" | sha256sum | cut -d ' ' -f 1)
	check "$name: every byte of the partition (sectors ${first:-?} to ${end:-?}) outside the file's extents unchanged since load (guest ${gsum:-none}, host $hsum)" \
		test -n "$map" -a -n "$gsum" -a "$hsum" = "$gsum"
	check "$name: every byte outside that partition is the template's" \
		outside_same "$img" "$SYS_TEMPLATE" "${first:-0}" "${end:-0}"
	reassemble "$img" "$map" "$file"
	if [ "$fs" = ext4 ] && command -v debugfs >/dev/null; then
		dd if="$img" of="$DIR/$name.p1" iflag=skip_bytes,count_bytes bs=1M \
			skip=$((${first:-0} * 512)) count=$(((${end:-0} - ${first:-0}) * 512)) status=none
		debugfs -R "dump /$DUMP_FILE_PATH $file.debugfs" "$DIR/$name.p1" >/dev/null 2>&1
		check "$name: debugfs reads the same file as its extents" cmp "$file" "$file.debugfs"
		rm -f "$DIR/$name.p1" "$file.debugfs"
	fi
	save_checks $name "the dump file" "$file" "$save"
	rm -rf "$save"
	[ "$fs:$kind" = ext4:virtio ] && filecheck_run "$img"
	rm -f "$img" "$DIR/$name.dump.img"	# the dump disk vdb, unused here
}

# moved_twice NAME: two MOVED lines in NAME's log, each to another place.
moved_twice() {
	[ "$(grep -ac '^P2MTEST-MOVED moved.img from physical=[0-9]* to physical=' "$DIR/$1.serial")" = 2 ] &&
		! grep -aEq '^P2MTEST-MOVED .* from (physical=[0-9]+) to \1 ' "$DIR/$1.serial"
}

# filecheck_run IMG: the guest boots on file-ext4's system disk, the dump
# still in its file (scenario_filecheck): the file's life after a dump,
# the refusals, and a file whose blocks move while armed.
filecheck_run() {
	local name=filecheck status
	"$here/run-guest.sh" -n $name -S "$1" -t 300 -i "$INITRD" filecheck
	status=$?
	check "$name: QEMU powered off (status 0), got $status" [ "$status" = 0 ]
	check "$name: all cases ran" serial $name '^P2MTEST-FILECHECK-DONE'
	check "$name: no kernel BUG/WARNING" guest_clean $name
	error_log=$DIR/$name.serial
	error_case file-left-immutable 0 'immutable=1'
	error_case file-stale 1 "holds a complete dump \(nonce [0-9a-f]+, crashed at .*\) that was never saved"
	error_case file-save 0 '.*'
	error_case file-saved-flag 0 'immutable=0'
	error_case file-reload 0 'armed: yes'
	error_case file-reload 0 'dump file: /mnt/sys/var/crash/p2mdump.img, [0-9]+ bytes'
	error_case file-reload-flag 0 'immutable=1'
	error_case file-umount-busy '!0' 'busy'
	error_case file-save-armed 4 'no dump was written after load'
	error_case file-unload 0 'unloaded'
	error_case file-unload-flag 0 'immutable=0'
	error_case file-btrfs 1 'is on btrfs \(copy-on-write.*\): a dump file must be on ext4, ext3, ext2 or xfs'
	error_case file-tmpfs 1 'is on tmpfs \(in memory'
	error_case file-clone 0 '.*'
	error_case file-reflink 1 'extent 0 \(file bytes 0 \+ [0-9]+\) is shared with another file'
	check "$name: both moves gave the file other blocks" moved_twice $name
	error_case file-moved-load 0 'armed: yes'
	error_case file-moved-status 1 "armed: no \(disarmed by the module: the dump file's blocks changed since load"
	error_case file-moved-unload 0 'unloaded'
	error_case file-moved-after 0 'armed: no\|'
	error_case file-periodic-load 0 'armed: yes'
	error_case file-periodic-dmesg 0 '^2[[:cntrl:]]*$'
	error_case file-periodic-status 1 'disarmed by the module'
	error_case file-dmesg 0 'dump file block [0-9]+ is at disk sector [0-9]+, not [0-9]+ as the map says|the dump file is 0 bytes'
	error_log=$DIR/errors.serial
}

# wanted RUN: RUN is in $RUNS.
wanted() {
	case " $RUNS " in *" $1 "*) return 0 ;; esac
	return 1
}

# main: everything ($RUNS), in order of importance.
main() {
	local mem cpu
	linux_prepare linux || exit 1
	if wanted panic; then
		for mem in $MEMS; do
			for cpu in $CPUS; do
				panic_run "$mem" "$cpu"
			done
		done
	fi
	if wanted helpers; then
		helpers_run 0
		helpers_run 1
	fi
	wanted elf && panic_run 1024 0 elf
	wanted 4level && panic_run 1024 1 kdump max,-la57
	wanted nvme && panic_run 1024 1 kdump max nvme
	wanted partition && partition_run
	wanted small-disk && small_disk_run
	wanted handoff && handoff_corrupt_run
	wanted cycles && cycles_run
	wanted errors && errors_run
	wanted kdump-loaded && kdump_loaded_run
	wanted file-ext4 && file_run ext4 1
	wanted file-xfs && file_run xfs 2 --size,96M
	wanted file-ext4-nvme && file_run ext4 1 "" nvme
	return 0	# the PASS/FAIL lines count, not the last run's test
}

main "$@"
