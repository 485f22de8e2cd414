#!/bin/bash
# Panics from more places than `echo c` (issue 11): with p2mdump armed, the
# test module crashmod.ko (tests/linux/crashmod/crashmod.c, guest-init.sh
# p2mcrash=) crashes a 1 GiB guest the way MODE says.  For each MODE:
# QEMU ends with EXIT_OK (dump complete), no oops before the crash, the
# capture kernel names the CPU it runs on (its APIC ID; QEMU numbers CPUs
# and APIC IDs alike) and that is the CPU crash finds panicking; `p2mdump
# save` works; crash opens the vmcore (check-crash.sh -n: t_linux.sh
# covers makedumpfile), its `sys` shows the mode's panic, `bt` the
# injected call path on the panicking CPU, and `bt -a` the other CPU
# stopped (its own call path where the mode gives it one).
#
#   MODE                CPU  how it ends up in panic()
#   bug_hrtimer         1    BUG() in a hard-irq hrtimer: "Fatal exception in interrupt"
#                            (crash's sys: "kernel BUG at .../crashmod.c:N!")
#   panic_irqoff_other  0    panic() while CPU 1 spins with interrupts off:
#                            panic()'s stop IPI cannot reach it, the NMI after 1 s does
#   oops                1    NULL dereference in insmod, panic_on_oops=1
#   bug_timer           1    BUG() in a timer (softirq)
#   lockup              1    CPU 1 spins with interrupts off; the host's NMI
#                            (QMP inject-nmi, unknown_nmi_panic=1; TCG has
#                            no perf NMI watchdog) reaches both CPUs, either
#                            may win panic(): booted with
#                            crash_kexec_post_notifiers so the loser's
#                            registers are saved too (docs/linux.md)
#   double_panic        0    both CPUs call panic() at once; either may win
#   io                  0    panic() with direct I/O in flight on /dev/vda
#
# `make check` runs the first two (one interrupt-context crash on an AP,
# one stuck CPU that only an NMI stops; ~1 min each under TCG).
#
#   P2MDUMP_CRASH_MODES  default "bug_hrtimer panic_irqoff_other"; "all"
#                        for every MODE above
#   P2MDUMP_CRASH_APPEND more kernel command line words for every mode
#                        (e.g. crash_kexec_post_notifiers, to compare)
set -u

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$here/../guest/lib.sh"	# pass, fail, check, ROOT, EXIT_*
. "$here/lib.sh"		# DIR, INITRD, CLI, linux_prepare, serial, clean_until

ALL_MODES="bug_hrtimer panic_irqoff_other oops bug_timer lockup double_panic io stack_overflow"
MODES=${P2MDUMP_CRASH_MODES:-bug_hrtimer panic_irqoff_other}
[ "$MODES" = all ] && MODES=$ALL_MODES
NMI_AFTER_S=2		# lockup: how long CPU 1 spins before the host's NMI
VMLINUX=
# crash's `sys` names the first of its known panic lines in the log:
# "kernel BUG at FILE:LINE!" comes before "Kernel panic - not syncing".
BUG_PANIC='(kernel BUG at .*crashmod\.c|Fatal exception in interrupt)'

# mode_row MODE: sets CPU (the CPU that crashes), PANIC_TEXT (crash's
# `sys`), BT (the panicking task's `bt`), OTHER_BT (`bt -a` of the CPU that
# did not panic), ANY_CPU (1: either CPU may win panic()), APPEND (kernel
# command line words).
mode_row() {
	ANY_CPU=0
	APPEND=
	case $1 in
	bug_hrtimer)
		CPU=1 PANIC_TEXT="$BUG_PANIC"
		BT='crashmod_bug_hrtimer' OTHER_BT='stop_this_cpu' ;;
	panic_irqoff_other)
		CPU=0 PANIC_TEXT='crashmod: panic_irqoff_other: CPU 1 spins'
		BT='crashmod_panic_irqoff_other' OTHER_BT='crashmod_spin_irqoff' ;;
	oops)
		CPU=1 PANIC_TEXT='(Fatal exception|NULL pointer dereference|Oops: )'
		BT='crashmod_oops' OTHER_BT='stop_this_cpu' ;;
	bug_timer)
		CPU=1 PANIC_TEXT="$BUG_PANIC"
		BT='crashmod_bug_timer' OTHER_BT='stop_this_cpu' ;;
	lockup)
		CPU=1 PANIC_TEXT='NMI: Not continuing' ANY_CPU=1
		BT='unknown_nmi_error' OTHER_BT='' APPEND=crash_kexec_post_notifiers ;;
	double_panic)
		CPU=0 PANIC_TEXT='crashmod: double_panic on CPU' ANY_CPU=1
		BT='crashmod_double_panic' OTHER_BT='crashmod_double_panic' ;;
	io)
		CPU=0 PANIC_TEXT='crashmod: io: panic with disk I/O in flight'
		BT='crashmod_panic_io' OTHER_BT='stop_this_cpu' ;;
	stack_overflow)
		CPU=1 PANIC_TEXT='(stack guard page|Fatal exception)'
		BT='crashmod_stack_overflow' OTHER_BT='stop_this_cpu' ;;
	*) return 1 ;;
	esac
}

# same A B: A and B are the same, and not empty.
same() {
	[ -n "$1" ] && [ "$1" = "$2" ]
}

# cpu_bt BT_A N: the backtrace of CPU N's active task in `bt -a` output.
cpu_bt() {
	awk -v n="$2" '/^PID: / { on = ($0 ~ "CPU: " n " ") } on' "$1"
}

# bt_cpu BT: the CPU in the header of crash's `bt` output.
bt_cpu() {
	sed -n 's/^PID: .* CPU: \([0-9]*\) .*/\1/p' "$1" | head -n 1
}

# inject_nmi NAME MON: once crashmod says CPU 1 spins (up to 120 s), wait
# NMI_AFTER_S and send an NMI through QMP (both FIFOs of MON exist).
inject_nmi() {
	local name=$1 mon=$2 i=0
	exec 3<>"$mon.in"
	echo '{"execute": "qmp_capabilities"}' >&3
	while ! serial "$name" 'P2MTEST-CRASHMOD mode=lockup' && [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep $NMI_AFTER_S
	echo '{"execute": "inject-nmi"}' >&3
	exec 3>&-
}

# run_guest NAME MODE: the guest run; for lockup with a QMP pipe and the
# NMI sent from the background.  Sets STATUS.
run_guest() {
	local name=$1 mode=$2 mon=$DIR/$1.qmp nmi_pid='' cat_pid='' qemu=()
	if [ "$mode" = lockup ]; then
		# inject_nmi must not see the last run's crashmod line.
		rm -f "$mon.in" "$mon.out" "$DIR/$name.serial"
		mkfifo "$mon.in" "$mon.out"
		# The pipe chardev opens both FIFOs read-write: no open blocks.
		# shellcheck disable=SC2054  # commas: QEMU option syntax
		qemu=(-- -chardev "pipe,id=qmp,path=$mon" -mon chardev=qmp,mode=control)
		cat "$mon.out" >"$DIR/$name.qmp-log" &
		cat_pid=$!
		inject_nmi "$name" "$mon" &
		nmi_pid=$!
	fi
	"$here/run-guest.sh" -m 1024 -c "$CPU" -n "$name" -t 300 -i "$INITRD" \
		-a "p2mcrash=$mode $APPEND ${P2MDUMP_CRASH_APPEND:-}" panic "${qemu[@]}"
	STATUS=$?
	[ -n "$nmi_pid" ] && { kill "$nmi_pid" 2>/dev/null; wait "$nmi_pid" 2>/dev/null; }
	[ -n "$cat_pid" ] && { kill "$cat_pid" 2>/dev/null; wait "$cat_pid" 2>/dev/null; }
	rm -f "$mon.in" "$mon.out"
	return 0
}

# console_checks NAME MODE: what the serial log says about the crash.
console_checks() {
	local name=$1 mode=$2
	check "$name: armed" serial "$name" '^P2MTEST-ARMED'
	check "$name: crashmod loaded (mode=$mode cpu=$CPU)" \
		serial "$name" "P2MTEST-CRASHMOD mode=$mode cpu=$CPU "
	check "$name: QEMU status $EXIT_OK (dump complete), got $STATUS" [ "$STATUS" = "$EXIT_OK" ]
	check "$name: capture kernel says complete" serial "$name" '^dump: complete'
	check "$name: no kernel BUG/WARNING before the crash" clean_until "$name" 'P2MTEST-PANIC-NOW'
	check "$name: the capture kernel names its CPU" \
		serial "$name" '^  running on the CPU with APIC ID [0-9]+'
	if [ "$mode" = io ]; then
		grep -a 'P2MTEST-IO' "$DIR/$name.serial" | sed "s/^.*P2MTEST-/INFO: $name: /"
		check "$name: disk I/O in flight on vda before the panic" \
			serial "$name" 'P2MTEST-IO vda inflight=([1-9][0-9]*/[0-9]+|[0-9]+/[1-9][0-9]*) '
	fi
	grep -a '^dump: summary' "$DIR/$name.serial" | sed "s/^/INFO: $name: /"
	echo "INFO: $name: panic to QEMU exit $(sed -n 's/^panic_to_exit=//p' "$DIR/$name.times") s (host)"
	return 0
}

# cpu_checks NAME CRASHPREFIX: crash's panicking CPU is CPU (unless either
# may win), the capture kernel ran there, and so says the module's line
# (absent when the panic came in NMI context: printk defers the console).
cpu_checks() {
	local name=$1 p=$2 pcpu apic mod
	pcpu=$(bt_cpu "$p-bt")
	apic=$(sed -n 's/^  running on the CPU with APIC ID \([0-9]*\).*/\1/p' "$DIR/$name.serial")
	mod=$(sed -n 's/.*p2mdump: panic on CPU \([0-9]*\), entering.*/\1/p' "$DIR/$name.serial")
	echo "INFO: $name: crash's panicking CPU ${pcpu:-?}; capture kernel APIC ID ${apic:-?};" \
		"the module's line: CPU ${mod:-(not on the console)}"
	[ $ANY_CPU = 1 ] || check "$name: crash bt: the panic is on CPU $CPU" [ "$pcpu" = "$CPU" ]
	check "$name: the capture kernel ran on the panicking CPU (${apic:-?} = ${pcpu:-?})" \
		same "$apic" "$pcpu"
	[ -z "$mod" ] || check "$name: the module's line names the same CPU" [ "$mod" = "$pcpu" ]
}

# bt_checks NAME CRASHPREFIX MODE: the injected call path in `bt` and the
# other CPU's state in `bt -a`.
bt_checks() {
	local name=$1 p=$2 mode=$3 pcpu other out=$DIR/$1.other-bt
	pcpu=$(bt_cpu "$p-bt")
	other=$((1 - ${pcpu:-0}))
	cpu_bt "$p-bt-a" "$other" >"$out"
	echo "INFO: $name: bt of CPU ${pcpu:-?}: $(grep -c '^ *#' "$p-bt") frames," \
		"$(grep -o 'crashmod_[a-z_]*' "$p-bt" | sort -u | tr '\n' ' ')"
	echo "INFO: $name: bt -a, CPU $other: $(grep -c '^ *#' "$out") frames," \
		"$(grep -oE '(crashmod_[a-z_]*|stop_this_cpu|crash_nmi_callback|nmi_panic_self_stop|panic_smp_self_stop)' "$out" | sort -u | tr '\n' ' ')"
	check "$name: crash bt -a: CPU $other has a backtrace" grep -q '^ *#[0-9]' "$out"
	[ -n "$OTHER_BT" ] && check "$name: crash bt -a: CPU $other shows $OTHER_BT" \
		grep -Eq "$OTHER_BT" "$out"
	# lockup: whichever CPU won panic(), CPU 1's stack shows the spin.
	[ "$mode" = lockup ] &&
		check "$name: crash bt -a: CPU 1 spun in crashmod_spin_irqoff" \
			grep -q crashmod_spin_irqoff <(cpu_bt "$p-bt-a" 1)
	return 0
}

# run MODE: one guest crashed, saved and checked.
run() {
	local mode=$1 name=crash-$1 img save p
	mode_row "$mode" || { fail "t_crashes: unknown mode '$mode' (modes: $ALL_MODES)"; return; }
	img=$DIR/$name.dump.img
	save=$DIR/$name.save
	p=$DIR/$name.crash
	run_guest "$name" "$mode"
	console_checks "$name" "$mode"
	if [ "$STATUS" != "$EXIT_OK" ]; then
		rm -f "$img"
		return
	fi
	rm -rf "$save"
	check "$name: p2mdump save" "$CLI" save "$img" "$save"
	rm -f "$img"
	if [ -f "$save/vmcore" ]; then
		"$here/check-crash.sh" -n -a -l "$name" -o "$DIR" -p "$PANIC_TEXT" \
			-b "${BT:-.}" "$VMLINUX" "$save/vmcore"
		cpu_checks "$name" "$p"
		bt_checks "$name" "$p" "$mode"
	fi
	rm -rf "$save"
}

linux_prepare crashes build/crashmod-module/crashmod.ko || exit 1
for m in $MODES; do
	run "$m"
done
