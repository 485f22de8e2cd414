#!/bin/bash
# Checks a vmcore of Debian's kernel with `crash` and `makedumpfile`.
#
#   check-crash.sh [options] VMLINUX VMCORE
#     -l LABEL  names the checks ("PASS: LABEL: ...") and the output files
#               (default: VMCORE's file name)
#     -o DIR    where the outputs go (default: VMCORE's directory)
#     -p TEXT   the panic string `sys` must show (default "sysrq triggered crash")
#     -b REGEX  what `bt` of the panicking task must show (default
#               sysrq_handle_crash)
#     -a        `bt -a` must show a backtrace for every CPU `sys` counts
#     -n        no makedumpfile step (VMCORE is already a kdump file)
#     -k        keep the makedumpfile output (default: delete it)
#
# crash runs once with a command file (sys, bt, bt -a, log, ps, kmem -i,
# quit); each command's output goes to its own file, DIR/LABEL.crash-CMD
# (its blanks dropped: crash-bt-a, crash-kmem-i), through
# crash's own "> file" redirection (without it, `echo` markers and command
# output come out of order when stdout is a file).  Then
# `makedumpfile -c -d 31 VMCORE DIR/LABEL.kdump` (with -x VMLINUX if the
# VMCOREINFO note alone is not enough) and crash must open that too.
# One PASS: or FAIL: line per check; the exit status is 1 if any failed.
set -u

LABEL=
DIR=
PANIC_TEXT="sysrq triggered crash"
BT_REGEX=sysrq_handle_crash
BT_ALL=0
MAKEDUMPFILE=1
KEEP=0
CRASH_TIMEOUT=${P2MDUMP_CRASH_TIMEOUT:-600}
FAILED=0
CRASH_OPTS=()

pass() { echo "PASS: $LABEL: $*"; }
fail() { echo "FAIL: $LABEL: $*"; FAILED=1; }

# check NAME COMMAND...: PASS if COMMAND succeeds, else FAIL.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# usage: the header of this file.
usage() {
	sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

# run_crash VMLINUX DUMP OUTPREFIX CMD...: run crash (with CRASH_OPTS) with one command file;
# each command's output goes to OUTPREFIX-NAME (NAME: the command without
# its blanks).
# crash's own messages go to OUTPREFIX.out.  Returns crash's status.
run_crash() {
	local vmlinux=$1 dump=$2 prefix=$3 cmds c
	shift 3
	cmds=$prefix.cmds
	: >"$cmds"
	for c in "$@"; do
		rm -f "$prefix-${c// /}"
		echo "$c > $prefix-${c// /}" >>"$cmds"
	done
	echo quit >>"$cmds"
	timeout --kill-after=5 "$CRASH_TIMEOUT" \
		crash -s "${CRASH_OPTS[@]}" "$vmlinux" "$dump" -i "$cmds" </dev/null >"$prefix.out" 2>&1
}

# panic_bt BT_A: the block of `bt -a` output whose stack goes through
# panic(): the panicking task's `bt`.
panic_bt() {
	awk '/^PID: / { if (found) exit; block = "" }
	     { block = block $0 "\n" }
	     / panic at / { found = 1 }
	     END { if (found) printf "%s", block }' "$1"
}

# has FILE REGEX: FILE exists and matches the extended REGEX.
has() {
	[ -f "$1" ] && grep -Eq -- "$2" "$1"
}

# has_tasks FILE: `ps` output lists at least one task.
has_tasks() {
	[ -f "$1" ] && [ "$(grep -Ec '^[> ]*[0-9]+ +-?[0-9]+ +[0-9]+ +[0-9a-f]{16} ' "$1")" -ge 1 ]
}

# bt_all_cpus BT_A SYS: `bt -a` shows as many CPUs as `sys` counts, each
# with at least one frame.
bt_all_cpus() {
	local cpus
	cpus=$(sed -n 's/^ *CPUS: \([0-9]*\).*/\1/p' "$2" 2>/dev/null)
	[ -n "$cpus" ] && [ -f "$1" ] &&
		[ "$(awk '/^PID:.* CPU: [0-9]+/ { cpu = $0; next }
			  /^ *#[0-9]+ / && cpu != "" { n[cpu] = 1 }
			  END { print length(n) }' "$1")" = "$cpus" ]
}

# check_crash VMLINUX VMCORE: the crash checks on the dump itself.
check_crash() {
	local p=$DIR/$LABEL.crash rc
	run_crash "$1" "$2" "$p" sys bt "bt -a" log ps "kmem -i"
	rc=$?
	# crash 8.0.2 (Debian 12) cannot read 6.1's maple-tree mm: looking for
	# the panic task whose stack pointer is on an exception stack (a
	# double fault) it reads mm_struct.mmap and quits.  crash 8.0.3 can;
	# here, open without that search and take `bt` from `bt -a`.
	if [ $rc -ne 0 ] && grep -q 'invalid structure member offset: mm_struct_mmap' "$p.out"; then
		echo "INFO: $LABEL: crash 8.0.2 cannot find the panic task (maple tree); again with --no_panic"
		CRASH_OPTS=(--no_panic)
		run_crash "$1" "$2" "$p" sys "bt -a" log ps "kmem -i"
		rc=$?
		panic_bt "$p-bt-a" >"$p-bt"
		CRASH_OPTS=()
	fi
	check "crash opens the dump (status $rc, $p.out)" [ $rc -eq 0 ]
	check "crash sys: PANIC: \"...$PANIC_TEXT\"" has "$p-sys" "PANIC:.*$PANIC_TEXT"
	check "crash bt: $BT_REGEX" has "$p-bt" "$BT_REGEX"
	[ $BT_ALL = 1 ] &&
		check "crash bt -a: a backtrace on every CPU" bt_all_cpus "$p-bt-a" "$p-sys"
	check "crash log: Kernel panic" has "$p-log" 'Kernel panic'
	check "crash ps: at least one task" has_tasks "$p-ps"
	check "crash kmem -i: TOTAL MEM" has "$p-kmem-i" 'TOTAL MEM'
	[ $rc -eq 0 ] || sed 's/^/    crash: /' "$p.out" | head -n 20
}

# run_makedumpfile VMLINUX VMCORE OUT: makedumpfile -c -d 31; with -x
# VMLINUX when the dump's VMCOREINFO alone does not do.
run_makedumpfile() {
	local log=$DIR/$LABEL.makedumpfile.out
	rm -f "$3"
	makedumpfile -c -d 31 "$2" "$3" >"$log" 2>&1 && return 0
	rm -f "$3"
	echo "--- retry with -x $1" >>"$log"
	makedumpfile -c -d 31 -x "$1" "$2" "$3" >>"$log" 2>&1
}

# check_makedumpfile VMLINUX VMCORE: filter and compress; crash opens it.
check_makedumpfile() {
	local out=$DIR/$LABEL.kdump p=$DIR/$LABEL.kdump-crash rc
	if run_makedumpfile "$1" "$2" "$out"; then
		pass "makedumpfile -c -d 31 ($(du -k "$out" | cut -f1) KiB)"
	else
		fail "makedumpfile -c -d 31 (log $DIR/$LABEL.makedumpfile.out)"
		tr '\r' '\n' <"$DIR/$LABEL.makedumpfile.out" | grep -v '^ *$' |
			grep -v ' : \[' | sed 's/^/    makedumpfile: /' | head -n 10
		return
	fi
	run_crash "$1" "$out" "$p" sys
	rc=$?
	check "crash opens the makedumpfile output (status $rc)" [ $rc -eq 0 ]
	check "crash sys on the makedumpfile output: PANIC:" has "$p-sys" "PANIC:.*$PANIC_TEXT"
	[ $KEEP = 1 ] || rm -f "$out"
}

# main: options, then the crash and makedumpfile checks.
main() {
	local opt vmlinux vmcore
	while getopts l:o:p:b:ankh opt; do
		case $opt in
		l) LABEL=$OPTARG ;;
		o) DIR=$OPTARG ;;
		p) PANIC_TEXT=$OPTARG ;;
		b) BT_REGEX=$OPTARG ;;
		a) BT_ALL=1 ;;
		n) MAKEDUMPFILE=0 ;;
		k) KEEP=1 ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -eq 2 ] || usage
	vmlinux=$1
	vmcore=$2
	[ -n "$LABEL" ] || LABEL=$(basename "$vmcore")
	[ -n "$DIR" ] || DIR=$(dirname "$vmcore")
	mkdir -p "$DIR"
	if [ ! -s "$vmcore" ] || [ ! -s "$vmlinux" ]; then
		fail "missing or empty: $vmlinux or $vmcore"
		return 1
	fi
	command -v crash >/dev/null || { fail "crash is not installed (tests/linux/deps.sh)"; return 1; }
	check_crash "$vmlinux" "$vmcore"
	[ $MAKEDUMPFILE = 1 ] && check_makedumpfile "$vmlinux" "$vmcore"
	return $FAILED
}

main "$@"
