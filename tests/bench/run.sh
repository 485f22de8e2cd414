#!/bin/bash
# `make bench`: p2mdump against stock kdump on the same QEMU guest
# (Debian's kernel, 2 vCPUs, the Linux tests' initramfs and disks; see
# README.md).  Per guest size: find the smallest crashkernel= that works,
# then BENCH_RUNS rounds of, alternating the sides,
#   p2mdump kdump (its default: LZO, dump level 31), stock kdump
#   makedumpfile -l -d 31, p2mdump --format elf, stock kdump full ELF,
#   p2mdump --format elf with `nobatch`, stock kdump makedumpfile -c -d 31,
#   raw dd of as many bytes as p2mdump's ELF vmcore;
# above BENCH_FULL_MAX only the filtered ones (p2mdump kdump, makedumpfile
# -l and -c) and, up to BENCH_ELF_MAX, p2mdump --format elf.
# Every dump is opened in crash (sys, bt); a run whose dump does not open
# does not count.  Output: the table on stdout, build/bench/results.json,
# docs/benchmarks.md; the guests' logs stay in build/bench/runs/.
#
#   BENCH_MEMS        guest sizes in MiB (default "1024 4096 16384")
#   BENCH_FULL_MAX    the largest size, MiB, with the full-ELF comparison:
#                     stock full ELF, p2mdump nobatch, raw dd (default 4096)
#   BENCH_ELF_MAX     the largest size, MiB, with p2mdump's own full ELF run
#                     (default 16384; never below BENCH_FULL_MAX)
#   BENCH_TARGETS_MEM the guest size, MiB, of the dump-target comparison
#                     (default 1024, at most BENCH_FULL_MAX; 0: none): p2mdump
#                     --format elf to an NVMe disk, to a dump file on ext4
#                     on a virtio-blk and on an NVMe system disk, and raw dd
#                     to the NVMe disk, beside the virtio-blk disk's runs
#   BENCH_HELPERS_MEM the guest size, MiB, of the helper-CPU comparison
#                     (default 4096; 0: none): p2mdump kdump zlib -d 31 with
#                     --helpers 0 and with its default (every other CPU),
#                     each with BENCH_HELPERS_VCPUS vCPUs
#   BENCH_HELPERS_VCPUS  vCPU counts of that comparison (default "2 4")
#   BENCH_RUNS        timed runs per figure (default 3)
#   BENCH_CK_SIZES    crashkernel= candidates, MiB (default "64 96 128 160 192 256")
#   BENCH_DOC         the page to write (default docs/benchmarks.md; "-": none)
#   BENCH_IMG_DIR     where the dump disk images and saved dumps go while a
#                     run is checked (default, per guest size: a directory
#                     in /dev/shm when it has room for that size's largest
#                     image and saved dump, else build/bench/work): on tmpfs
#                     the host's own disk and its writeback stay out of the
#                     throughput figures
#   BENCH_QUIET_WAIT  seconds to wait, before each guest run, for QEMUs
#                     that are not ours to end (default 300); runs that
#                     overlapped one anyway are flagged (other_qemu)
#   BENCH_AGAIN       1 (default): a run that another QEMU overlapped is
#                     made once more; 0: not (on a host that is never quiet)
#   P2MDUMP_ACCEL=kvm both sides under KVM (run-guest.sh); default TCG
umask 022	# p2mdump save refuses a group- or world-writable OUTDIR
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
ROOT=$P2MDUMP_ROOT
# disk_image, filemap, reassemble (the dump-file runs); its DIR, INITRD
# and CLI are set again below.
. "$ROOT/tests/linux/lib.sh"
# EXIT_OK and friends as QEMU reports them; bench.py reads EXIT_OK too.
. "$ROOT/build/exit-codes.sh" || exit 1
export EXIT_OK
LINUX=$ROOT/tests/linux
OUT=$ROOT/build/bench
RUNDIR=$OUT/runs
INITRD=$OUT/initramfs.cpio.gz
JSONL=$OUT/runs.jsonl
LOG=$OUT/bench.log
CLI=$ROOT/build/p2mdump
MEMS=${BENCH_MEMS:-1024 4096 16384}
HELPERS_MEM=${BENCH_HELPERS_MEM:-4096}
HELPERS_VCPUS=${BENCH_HELPERS_VCPUS:-2 4}
FULL_MAX=${BENCH_FULL_MAX:-4096}
ELF_MAX=${BENCH_ELF_MAX:-16384}
# p2mdump's ELF run is one side of the full-ELF comparison: at least there.
[ "$ELF_MAX" -lt "$FULL_MAX" ] && ELF_MAX=$FULL_MAX
RUNS=${BENCH_RUNS:-3}
TARGETS_MEM=${BENCH_TARGETS_MEM:-1024}
CK_SIZES=${BENCH_CK_SIZES:-64 96 128 160 192 256}
DOC=${BENCH_DOC:-$ROOT/docs/benchmarks.md}
QUIET_WAIT=${BENCH_QUIET_WAIT:-300}
AGAIN=${BENCH_AGAIN:-1}
WAITED=0
VMLINUX=
STATUS=
WORK=
WORKS=()
declare -A WORK_DIR
NRUN=0

say() {
	echo "bench: $*" >&2
}

die() {
	say "$*"
	exit 1
}

# avail_kb DIR: free KiB in DIR's file system; for tmpfs also bounded by
# the host's MemAvailable.
avail_kb() {
	local kb mem
	kb=$(df -Pk "$1" | awk 'NR == 2 { print $4 }')
	if [ "$(stat -f -c %T "$1")" = tmpfs ]; then
		mem=$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)
		[ "$mem" -lt "$kb" ] && kb=$mem
	fi
	echo "$kb"
}

# work_kb MEM: KiB the MEM MiB guest's runs need in their directory: one
# dump image and one saved vmcore at a time, each up to the guest's memory
# plus 256 MiB where a full ELF copy is made (p2mdump save writes holes,
# but a busy guest leaves few), plus slack, plus at BENCH_TARGETS_MEM a
# system disk holding a dump file; with filtered dumps only, the sparse
# images hold about 100 MB.
work_kb() {
	local m=$1 sys=0
	[ "$m" -le "$ELF_MAX" ] || m=0
	# The dump-file runs: a system disk whose file load fills with zeros.
	[ "$1" = "$TARGETS_MEM" ] && sys=$(($1 + 512))
	echo $(((2 * (m + 256) + sys + 1024) * 1024))
}

# pick_work MEM: WORK_DIR[MEM], where the MEM MiB guest's dump images and
# saved dumps go: BENCH_IMG_DIR, else /dev/shm if it has room for them,
# else build/bench/work.  Per size, so a 16 GiB full ELF copy does not
# push the smaller guests off tmpfs; both sides of a size share one.
pick_work() {
	local mem=$1 need_kb dir
	need_kb=$(work_kb "$mem")
	if [ -n "${BENCH_IMG_DIR:-}" ]; then
		mkdir -p "$BENCH_IMG_DIR" || die "cannot create $BENCH_IMG_DIR"
		dir=$(cd "$BENCH_IMG_DIR" && pwd)/p2mdump-bench.$$
	elif [ -d /dev/shm ] && [ "$(avail_kb /dev/shm)" -ge $((need_kb + 4 * 1024 * 1024)) ]; then
		dir=/dev/shm/p2mdump-bench.$$
	else
		dir=$OUT/work
		say "note: /dev/shm lacks room for the $mem MiB guest's dumps; they go to $dir (host disk)"
	fi
	mkdir -p "$dir" || die "cannot create $dir"
	WORKS+=("$dir")
	[ "$(avail_kb "$dir")" -ge "$need_kb" ] ||
		die "$dir has $(($(avail_kb "$dir") / 1024)) MiB free; the $mem MiB runs need about $((need_kb / 1024)) MiB"
	WORK_DIR[$mem]=$dir
}

# prepare: packages, kernel, built parts, the benchmark initramfs, space.
prepare() {
	local f m
	"$here/deps.sh" || die "tests/bench/deps.sh failed"
	VMLINUX=$("$LINUX/fetch-kernel.sh")/vmlinux || die "fetch-kernel.sh failed"
	for f in build/module/p2mdump.ko build/p2mdump-static build/p2mdump build/capture.elf; do
		[ -f "$ROOT/$f" ] || die "$f is not built (make all module)"
	done
	rm -rf "$RUNDIR"
	mkdir -p "$RUNDIR"
	: >"$JSONL"
	: >"$LOG"
	"$here/mkinitramfs-bench.sh" "$INITRD" 2>>"$LOG" || die "mkinitramfs-bench.sh failed ($LOG)"
	trap 'rm -rf "${WORKS[@]}"' EXIT
	for m in $MEMS; do pick_work "$m"; done
}

# other_qemu: how many QEMUs run on this host that are not ours (other
# tests share the host's cores and would skew the timings).
other_qemu() {
	pgrep -af qemu-system-x86_64 | grep -vc -e "$WORK/"
}

# wait_quiet: wait up to QUIET_WAIT seconds for other QEMUs to end.
wait_quiet() {
	local i=0
	while [ "$(other_qemu)" -gt 0 ] && [ $i -lt "$QUIET_WAIT" ]; do
		[ $i = 0 ] && say "waiting for another QEMU on this host to finish (up to $QUIET_WAIT s)"
		sleep 1
		i=$((i + 1))
	done
	WAITED=$((WAITED + i))
}

# watch_others NAME: until NAME.stop exists, the most other QEMUs seen at
# once, every 0.5 s, into NAME.others.
watch_others() {
	local n max=0
	echo 0 >"$RUNDIR/$1.others"
	while [ ! -e "$RUNDIR/$1.stop" ]; do
		n=$(other_qemu)
		if [ "$n" -gt $max ]; then
			max=$n
			echo "$max" >"$RUNDIR/$1.others"
		fi
		sleep 0.5
	done
}

# guest NAME MEM TIMEOUT SCENARIO [run-guest.sh options]: one guest run with
# host timestamps on every serial line (NAME.ts); sets STATUS and
# OTHER_QEMU (other QEMUs seen during the run).  The run's files are made
# in WORK; the logs then move to RUNDIR, the dump image (-k: always kept)
# stays in WORK for the caller to check and delete.
guest() {
	local name=$1 mem=$2 timeout=$3 scenario=$4 fpid wpid
	shift 4
	rm -f "$RUNDIR/$name".{serial,ts,stop,times,others,qemu} "$WORK/$name".*
	wait_quiet
	LOADAVG=$(cut -d' ' -f1 /proc/loadavg)
	"$here/serial-ts.pl" "$WORK/$name.serial" "$RUNDIR/$name.ts" "$RUNDIR/$name.stop" &
	fpid=$!
	watch_others "$name" &
	wpid=$!
	"$LINUX/run-guest.sh" -k -o "$WORK" -n "$name" -m "$mem" -i "$INITRD" \
		-t "$timeout" "$@" "$scenario" >>"$LOG" 2>&1
	STATUS=$?
	touch "$RUNDIR/$name.stop"
	wait "$fpid" "$wpid"
	mv "$WORK/$name".{serial,times,qemu} "$RUNDIR/" 2>/dev/null
	OTHER_QEMU=$(cat "$RUNDIR/$name.others")
	NRUN=$((NRUN + 1))
}

# check_crash LABEL DUMP: crash opens DUMP; `sys` shows the sysrq panic
# and `bt` the panicking task's stack through sysrq_handle_crash.
check_crash() {
	local p=$RUNDIR/$1.crash
	rm -f "$p-sys" "$p-bt"
	printf 'sys > %s\nbt > %s\nquit\n' "$p-sys" "$p-bt" >"$p.cmds"
	timeout --kill-after=5 300 crash -s "$VMLINUX" "$2" -i "$p.cmds" \
		</dev/null >"$p.out" 2>&1 &&
		grep -q 'PANIC:.*sysrq triggered crash' "$p-sys" 2>/dev/null &&
		grep -q 'sysrq_handle_crash' "$p-bt" 2>/dev/null
}

# record KIND NAME MEM KEY=VALUE...: the run's figures as one JSON line;
# prints a progress line and sets LAST (the JSON).
record() {
	local kind=$1 name=$2 mem=$3
	shift 3
	LAST=$(python3 "$here/bench.py" run "$kind" "$name" "$mem" "$RUNDIR" "$@" \
		other_qemu="$OTHER_QEMU" loadavg="$LOADAVG") || die "bench.py run $name failed"
	echo "$LAST" >>"$JSONL"
	python3 - "$LAST" <<'EOF' >&2
import json, sys
r = json.loads(sys.argv[1])
parts = [f"bench: {r['name']}:", 'ok' if r['ok'] else 'DOES NOT COUNT']
for k, f in (('panic_to_complete_s', 'panic->complete %.2f s'),
             ('throughput_mib_s', '%.0f MiB/s'), ('dump_bytes', '%d bytes'),
             ('tlb_flushes_per_gib', '%d TLB flushes/GiB')):
    if r.get(k) is not None:
        parts.append(f % r[k])
if r.get('other_qemu'):
    parts.append(f"(another QEMU was running: {r['other_qemu']})")
print(' '.join(parts))
EOF
}

# field KEY: KEY of the last record.
field() {
	python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' \
		"$LAST" "$1"
}

# same_memory_mdf NAME VMCORE: makedumpfile -l -d 31 on the host over
# p2mdump's full ELF vmcore, the size reference with the panic scenario's
# memory (the stock runs' first kernel differs: crashkernel=, kexec -p);
# its report and the file's size into NAME.mdf.
same_memory_mdf() {
	local out=$WORK/$1.same.kdump
	rm -f "$out"
	makedumpfile -l -d 31 --message-level 23 "$2" "$out" 2>&1 | tr '\r' '\n' |
		grep -a 'pages *: 0x' >"$RUNDIR/$1.mdf"
	[ -s "$out" ] && echo "file bytes: $(stat -c %s "$out")" >>"$RUNDIR/$1.mdf"
	rm -f "$out"
}

# system_disk MEM OUT: a system disk image for a dump file of the MEM MiB
# guest's full ELF dump: one ext4 partition of MEM + 512 MiB, copied from
# a template made once per size.
system_disk() {
	local t=$WORK/system-$1m.template
	[ -f "$t" ] || disk_image "$t" "ext4:$(($1 + 512))" || die "cannot make $t (mkfs.ext4)"
	cp --sparse=always "$t" "$2"
}

# run_p2mdump MEM ROUND VARIANT: arm, panic, save, crash.  VARIANT kdump
# (load's default: kdump format, LZO, dump level 31), elf (--format elf),
# nobatch (--format elf and the capture kernel's `nobatch`), or --format
# elf to another target: elf-nvme (the dump disk on NVMe), elf-file-ext4
# (a dump file on the ext4 of a virtio-blk system disk), elf-file-ext4-nvme
# (the same on an NVMe system disk); zlib-Nc-1cpu / zlib-Nc: --compress
# zlib with --helpers 0 / its default, N vCPUs (the helper comparison).
run_p2mdump() {
	local mem=$1 round=$2 kind=p2mdump-$3 name img save crash=fail args=() scenario=panic
	local sys= vcpus
	name=$kind-${mem}m-r$round
	img=$WORK/$name.dump.img
	save=$WORK/$name.save
	case $3 in
	zlib-*c-1cpu) vcpus=${3#zlib-}
		args=(-P "${vcpus%%c*}" -a p2mopts=--compress,zlib,--helpers,0) ;;
	zlib-*c) vcpus=${3#zlib-}
		args=(-P "${vcpus%%c*}" -a p2mopts=--compress,zlib) ;;
	elf) args=(-a p2mopts=--format,elf) ;;
	nobatch) args=(-a "p2mopts=--format,elf p2mappend=nobatch") ;;
	elf-nvme) args=(-N -a p2mopts=--format,elf) ;;
	elf-file-ext4|elf-file-ext4-nvme)
		sys=$WORK/system-$name.img	# guest() clears $WORK/$name.*
		system_disk "$mem" "$sys"
		scenario=file
		args=(-S "$sys" -a "p2mfs=ext4 p2mpart=1 p2mopts=--format,elf")
		[ "$3" = elf-file-ext4-nvme ] && args+=(-s nvme)
		;;
	esac
	guest "$name" "$mem" $((120 + mem / 1024 * 60)) $scenario "${args[@]}"
	if [ -n "$sys" ]; then
		# The dump is the file: its extents of the system disk, in order.
		rm -f "$img"
		[ "$STATUS" = "$EXIT_OK" ] &&
			reassemble "$sys" "$(filemap "$RUNDIR/$name.serial")" "$img"
		rm -f "$sys"
	fi
	rm -rf "$save"
	if [ "$STATUS" = "$EXIT_OK" ] && "$CLI" save "$img" "$save" >>"$LOG" 2>&1; then
		rm -f "$img"
		check_crash "$name" "$save/vmcore" && crash=ok
		[ "$3" = elf ] && same_memory_mdf "$name" "$save/vmcore"
	fi
	# Gone before the next run: at 16 GiB, image and vmcore fill WORK.
	rm -f "$img" "$save/vmcore"
	record "$kind" "$name" "$mem" status="$STATUS" crash=$crash round="$round" \
		dump_info="$save/dump-info.txt" mdf_log="$RUNDIR/$name.mdf"
	rm -rf "$save"
}

# run_stock MEM ROUND MODE CK_MIB [search]: stock kdump with
# crashkernel=CK_MIB M; MODE elf, mdf (makedumpfile -l) or mdfz (-c).
# True if the dump is complete and opens in crash.
run_stock() {
	local mem=$1 round=$2 mode=$3 ck=$4 search=${5:-0} name img dump='' bytes='' crash=fail
	name=stock-$mode-${mem}m-ck$ck-r$round
	[ "$search" = 1 ] && name=search-$mode-${mem}m-ck$ck
	img=$WORK/$name.dump.img
	guest "$name" "$mem" $((120 + mem / 1024 * 60)) kdump -a "crashkernel=${ck}M p2mkdump=$mode"
	if grep -aq '^P2MTEST-KDUMP-DONE mode=[a-z]* rc=0' "$RUNDIR/$name.serial"; then
		if [ "$mode" = elf ]; then
			# The disk holds /proc/vmcore from byte 0: cut it to its size.
			bytes=$(python3 "$here/bench.py" elfsize "$img")
			if [ "${bytes:-0}" -gt 0 ]; then
				truncate -s "$bytes" "$img"
				dump=$img
			fi
		else
			# makedumpfile's flattened stream, back to a kdump file.
			dump=$WORK/$name.kdump
			rm -f "$dump"
			if makedumpfile -R "$dump" <"$img" >>"$LOG" 2>&1; then
				rm -f "$img"
				bytes=$(stat -c %s "$dump")
			else
				dump=
			fi
		fi
		[ -n "$dump" ] && check_crash "$name" "$dump" && crash=ok
	fi
	rm -f "$img" "$WORK/$name.kdump"
	record "stock-$mode" "$name" "$mem" status="$STATUS" crash=$crash round="$round" \
		crashkernel_mib="$ck" search="$search" dump_bytes="$bytes"
	[ $crash = ok ]
}

# run_raw MEM ROUND BYTES [nvme]: dd of BYTES to the dump disk (virtio-blk,
# or NVMe), O_DIRECT.
run_raw() {
	local mem=$1 round=$2 bytes=$3 kind=raw name args=()
	[ "${4:-}" = nvme ] && { kind=raw-nvme; args=(-N); }
	name=$kind-${mem}m-r$round
	guest "$name" "$mem" $((120 + mem / 1024 * 30)) rawdd "${args[@]}" -a "p2mbytes=$bytes"
	rm -f "$WORK/$name.dump.img"
	record "$kind" "$name" "$mem" status="$STATUS" round="$round"
}

# search_crashkernel MEM FULL: the smallest of CK_SIZES with which kexec
# -p loads and makedumpfile -l (and with FULL=1 the full ELF copy too)
# writes a dump that opens in crash; sets CK.
search_crashkernel() {
	local mem=$1 full=$2 ck
	CK=
	for ck in $CK_SIZES; do
		say "$mem MiB: trying crashkernel=${ck}M"
		run_stock "$mem" 0 mdf "$ck" 1 || continue
		[ "$full" = 1 ] && { run_stock "$mem" 0 elf "$ck" 1 || continue; }
		CK=$ck
		say "$mem MiB: crashkernel=${ck}M is the smallest that works"
		return 0
	done
	return 1
}

# again RUN ARGS...: one timed run, made once more (BENCH_AGAIN=1) if
# another QEMU overlapped it (the report leaves overlapped runs out when
# it can).
again() {
	"$@"
	if [ "${OTHER_QEMU:-0}" -gt 0 ] && [ "$AGAIN" = 1 ]; then
		say "another QEMU overlapped that run: once more"
		"$@"
	fi
}

# bench_mem MEM: the search, then the alternating rounds; p2mdump's full
# ELF only up to ELF_MAX MiB, stock's, nobatch and the raw disk only up to
# FULL_MAX (the search tries stock's full copy only where it runs).
bench_mem() {
	local mem=$1 r bytes full=0 elf=0
	WORK=${WORK_DIR[$mem]}
	[ "$mem" -le "$FULL_MAX" ] && full=1
	[ "$mem" -le "$ELF_MAX" ] && elf=1
	search_crashkernel "$mem" $full ||
		say "$mem MiB: no crashkernel= size in '$CK_SIZES' works; stock runs skipped"
	for r in $(seq 1 "$RUNS"); do
		bytes=
		again run_p2mdump "$mem" "$r" kdump
		[ -n "$CK" ] && again run_stock "$mem" "$r" mdf "$CK"
		if [ $elf = 1 ]; then
			again run_p2mdump "$mem" "$r" elf
			bytes=$(field dump_bytes)
		fi
		if [ $full = 1 ]; then
			[ -n "$CK" ] && again run_stock "$mem" "$r" elf "$CK"
			again run_p2mdump "$mem" "$r" nobatch
			[ -n "$bytes" ] || bytes=$(field dump_bytes)
		fi
		[ -n "$CK" ] && again run_stock "$mem" "$r" mdfz "$CK"
		[ $full = 1 ] && [ -n "$bytes" ] && again run_raw "$mem" "$r" "$bytes"
		[ "$mem" = "$TARGETS_MEM" ] && [ -n "$bytes" ] && bench_targets "$mem" "$r" "$bytes"
		[ "$mem" = "$HELPERS_MEM" ] && bench_helpers "$mem" "$r"
	done
}

# bench_helpers MEM ROUND: zlib, the compression-bound case: one CPU, then
# the helpers, for each vCPU count.
bench_helpers() {
	local n
	for n in $HELPERS_VCPUS; do
		again run_p2mdump "$1" "$2" "zlib-${n}c-1cpu"
		again run_p2mdump "$1" "$2" "zlib-${n}c"
	done
}

# bench_targets MEM ROUND BYTES: the full ELF dump to the other targets,
# and raw dd of BYTES to the NVMe disk (the virtio-blk disk's are
# bench_mem's elf and raw runs).
bench_targets() {
	again run_p2mdump "$1" "$2" elf-nvme
	again run_raw "$1" "$2" "$3" nvme
	again run_p2mdump "$1" "$2" elf-file-ext4
	again run_p2mdump "$1" "$2" elf-file-ext4-nvme
}

# version PKG: the installed Debian version of PKG.
version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null
}

# write_meta FILE START: the machine and the run, as JSON.
write_meta() {
	local file=$1 start=$2 end m dirs=
	end=$(date +%s)
	for m in $MEMS; do
		dirs+="$m ${WORK_DIR[$m]} $(stat -f -c %T "${WORK_DIR[$m]}")"$'\n'
	done
	python3 - "$file" <<EOF
import json, os, platform, sys
os_name = 'unknown'
try:
    for line in open('/etc/os-release'):
        if line.startswith('PRETTY_NAME='):
            os_name = line.split('=', 1)[1].strip().strip('"')
except OSError:
    pass
cpu = 'unknown'
for line in open('/proc/cpuinfo'):
    if line.startswith('model name'):
        cpu = line.split(':', 1)[1].strip()
        break
mem_kb = int(next(l.split()[1] for l in open('/proc/meminfo') if l.startswith('MemTotal')))
json.dump({
    'root': '$ROOT',
    'started': '$(date -u -d "@$start" '+%Y-%m-%d %H:%M UTC')',
    'duration_s': $((end - start)),
    'runs': $RUNS,
    'mems': '$MEMS'.split(),
    'full_max_mib': $FULL_MAX,
    'targets_mib': $TARGETS_MEM,
    'helpers_mib': $HELPERS_MEM,
    'helpers_vcpus': '$HELPERS_VCPUS'.split(),
    'elf_max_mib': $ELF_MAX,
    'crashkernel_sizes': '$CK_SIZES'.split(),
    'accel': '${P2MDUMP_ACCEL:-tcg}',
    'cpu_model': 'max' if '${P2MDUMP_ACCEL:-tcg}' != 'kvm' else 'host,-arch-capabilities',
    'qemu': '$(qemu-system-x86_64 --version | head -n 1 | sed 's/^QEMU emulator version //')',
    'kernel_release': '$(cat "$(dirname "$VMLINUX")/release")',
    'kexec_version': '$(version kexec-tools)',
    'makedumpfile_version': '$(version makedumpfile)',
    'crash_version': '$(version crash)',
    'git': '$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)',
    'loadavg_start': '$LOADAVG_START',
    'quiet_wait_s': $WAITED,
    'quiet_wait_max_s': $QUIET_WAIT,
    'again': $AGAIN,
    'image_dirs': {m: {'dir': d, 'fs': fs} for m, d, fs in
                   (l.split() for l in '''$dirs'''.splitlines() if l)},
    'loadavg_end': '$(cut -d' ' -f1-3 /proc/loadavg)',
    'host': {'cpu': cpu, 'cores': os.cpu_count(), 'mem_gib': round(mem_kb / 1048576),
             'os': os_name, 'kernel': platform.release()},
}, open(sys.argv[1], 'w'), indent=1)
EOF
}

main() {
	local start mem doc
	start=$(date +%s)
	LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
	prepare
	say "guests: $MEMS MiB, $RUNS runs per figure, ${P2MDUMP_ACCEL:-tcg}; logs in $RUNDIR"
	for mem in $MEMS; do
		bench_mem "$mem"
	done
	write_meta "$OUT/meta.json" "$start"
	doc=$DOC
	[ "$doc" = - ] && doc=$OUT/benchmarks.md
	python3 "$here/bench.py" report "$JSONL" "$OUT/meta.json" "$OUT/results.json" "$doc" ||
		die "bench.py report failed"
	say "$NRUN guest runs in $((($(date +%s) - start) / 60)) min; results in $OUT/results.json, $doc"
}

main "$@"
