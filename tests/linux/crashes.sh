# One crash case (issue 11), shared by t_crashes.sh (make check) and
# soak.sh (make soak): with p2mdump armed, the test module crashmod.ko
# (tests/linux/crashmod/crashmod.c, guest-init.sh p2mcrash=) crashes a
# 2-CPU guest the way MODE says; then the dump is saved and crash reads it.
# Source it after tests/guest/lib.sh and lib.sh, and call crash_case once
# linux_prepare has set VMLINUX.
#
#   MODE                how it ends up in panic() (CPU: the CPU given)
#   bug_hrtimer         BUG() in a hard-irq hrtimer on CPU: "Fatal exception in
#                       interrupt" (crash's sys: "kernel BUG at .../crashmod.c:N!")
#   panic_irqoff_other  panic() on CPU while the other CPU spins with
#                       interrupts off: the stop IPI cannot reach it, an NMI does
#   oops                NULL dereference in insmod on CPU, panic_on_oops=1
#   bug_timer           BUG() in a timer (softirq) on CPU
#   lockup              CPU spins with interrupts off; the host's NMI (QMP
#                       inject-nmi, unknown_nmi_panic=1; TCG has no perf NMI
#                       watchdog) reaches both CPUs, either may win panic()
#   double_panic        both CPUs call panic() at once; either may win
#   io                  panic() on CPU with direct I/O in flight on /dev/vda
#   stack_overflow      endless recursion in insmod on CPU into the stack's
#                       guard page: a double fault, die() on the #DF stack
#
# For each: QEMU ends with EXIT_OK (dump complete), no oops before the
# crash, the capture kernel names the CPU it runs on (its APIC ID; QEMU
# numbers CPUs and APIC IDs alike) and that is the CPU crash finds
# panicking; the dump has the paging the guest ran with; `p2mdump save`
# works; crash opens the vmcore (check-crash.sh -n: t_linux.sh covers
# makedumpfile), its `sys` shows the mode's panic, `bt` the injected call
# path, and `bt -a` the other CPU stopped, with its own call path where the
# mode gives it one.
#
# crash_case prints one line for the soak's table:
#   RESULT mode=M cpu=N mem=MIB paging=4|5 pn=0|1 format=kdump|elf status=S
#          complete=0|1 crash=0|1 fails=N seconds=T held_kib=K bytes=B
# (pn: crash_kexec_post_notifiers on the guest's command line; crash: crash
# opened the dump; fails: FAIL lines of the case; seconds: host time from
# the panic to QEMU's exit, see panic_seconds; held_kib: `p2mdump status`'s
# bytes held while armed; bytes: what the capture kernel wrote).

ALL_MODES="bug_hrtimer panic_irqoff_other oops bug_timer lockup double_panic io stack_overflow"
NMI_AFTER_S=2		# lockup: how long the CPU spins before the host's NMI
# crash's `sys` names the first of its known panic lines in the log:
# "kernel BUG at FILE:LINE!" comes before "Kernel panic - not syncing".
BUG_PANIC='(kernel BUG at .*crashmod\.c|Fatal exception in interrupt)'
CASE_FAILS=0		# FAIL lines since the case began
# An idle CPU that panic() stopped: `p2mdump load` turns
# crash_kexec_post_notifiers on, so the NMI shootdown did it, saving its
# registers (smp_send_stop's IPI would show stop_this_cpu, and no notes).
STOPPED='crash_nmi_callback'

# fail: as tests/lib.sh's, counted for the case's RESULT line.
fail() {
	echo "FAIL: $*"
	CASE_FAILS=$((CASE_FAILS + 1))
}

# mode_row MODE: sets DEFAULT_CPU (the CPU make check crashes), PANIC_TEXT
# (crash's `sys`), BT (the panicking task's `bt`), OTHER_BT (`bt -a` of
# the CPU that did not panic), ANY_CPU (1: either CPU may win panic()).
mode_row() {
	ANY_CPU=0
	case $1 in
	bug_hrtimer)
		DEFAULT_CPU=1 PANIC_TEXT="$BUG_PANIC"
		BT='crashmod_bug_hrtimer' OTHER_BT="$STOPPED" ;;
	panic_irqoff_other)
		DEFAULT_CPU=0 PANIC_TEXT='crashmod: panic_irqoff_other: CPU [01] spins'
		BT='crashmod_panic_irqoff_other' OTHER_BT='crashmod_spin_irqoff' ;;
	oops)
		DEFAULT_CPU=1 PANIC_TEXT='(Fatal exception|NULL pointer dereference|Oops: )'
		BT='crashmod_oops' OTHER_BT="$STOPPED" ;;
	bug_timer)
		DEFAULT_CPU=1 PANIC_TEXT="$BUG_PANIC"
		BT='crashmod_bug_timer' OTHER_BT="$STOPPED" ;;
	lockup)
		DEFAULT_CPU=1 PANIC_TEXT='NMI: Not continuing' ANY_CPU=1
		BT='unknown_nmi_error' OTHER_BT='' ;;
	double_panic)
		DEFAULT_CPU=0 PANIC_TEXT='crashmod: double_panic on CPU' ANY_CPU=1
		BT='crashmod_double_panic' OTHER_BT='crashmod_double_panic' ;;
	io)
		DEFAULT_CPU=0 PANIC_TEXT='crashmod: io: panic with disk I/O in flight'
		BT='crashmod_panic_io' OTHER_BT="$STOPPED" ;;
	stack_overflow)
		DEFAULT_CPU=1 PANIC_TEXT='(stack guard page|Fatal exception)'
		BT='crashmod_stack_overflow' OTHER_BT="$STOPPED" ;;
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

# inject_nmi NAME MON: once crashmod says the CPU spins (up to 120 s),
# wait NMI_AFTER_S and send an NMI through QMP (both FIFOs of MON exist);
# its host time goes to NAME.times as nmi=.
inject_nmi() {
	local name=$1 mon=$2 i=0
	exec 3<>"$mon.in"
	echo '{"execute": "qmp_capabilities"}' >&3
	while ! serial "$name" 'P2MTEST-CRASHMOD mode=lockup' && [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep $NMI_AFTER_S
	echo "nmi=$(date +%s.%N)" >>"$DIR/$name.times"
	echo '{"execute": "inject-nmi"}' >&3
	exec 3>&-
}

# run_guest NAME MODE CPU MEM PAGING PN FORMAT: the guest run; for lockup
# with a QMP pipe and the NMI sent from the background.  Sets STATUS.
run_guest() {
	local name=$1 mode=$2 cpu=$3 mem=$4 paging=$5 pn=$6 format=$7 mon=$DIR/$1.qmp
	local nmi_pid='' cat_pid='' qemu=() model=max append="p2mcrash=$mode"
	[ "$paging" = 4 ] && model=max,-la57
	[ "$pn" = 1 ] && append="$append crash_kexec_post_notifiers"
	[ "$format" = kdump ] || append="$append p2mopts=--format,$format"
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
	"$ROOT/tests/linux/run-guest.sh" -m "$mem" -c "$cpu" -n "$name" -t $((240 + mem * 30 / 1024)) \
		-i "$INITRD" -C "$model" -a "$append ${P2MDUMP_CRASH_APPEND:-}" panic "${qemu[@]}"
	STATUS=$?
	[ -n "$nmi_pid" ] && { kill "$nmi_pid" 2>/dev/null; wait "$nmi_pid" 2>/dev/null; }
	[ -n "$cat_pid" ] && { kill "$cat_pid" 2>/dev/null; wait "$cat_pid" 2>/dev/null; }
	rm -f "$mon.in" "$mon.out"
	return 0
}

# panic_seconds NAME: host seconds from the panic to QEMU's exit: from the
# guest's P2MTEST-PANIC-NOW line (crashmod is insmod'ed right after), or
# for lockup from the host's NMI.
panic_seconds() {
	local t=$DIR/$1.times nmi exit
	nmi=$(sed -n 's/^nmi=//p' "$t" 2>/dev/null)
	exit=$(sed -n 's/^qemu_exit=//p' "$t" 2>/dev/null)
	if [ -n "$nmi" ] && [ -n "$exit" ]; then
		awk -v a="$nmi" -v b="$exit" 'BEGIN { printf "%.3f", b - a }'
	else
		sed -n 's/^panic_to_exit=//p' "$t" 2>/dev/null
	fi
}

# console_checks NAME MODE CPU: what the serial log says about the crash.
console_checks() {
	local name=$1 mode=$2 cpu=$3
	check "$name: armed" serial "$name" '^P2MTEST-ARMED'
	check "$name: crash_kexec_post_notifiers on (load turns it on)" \
		serial "$name" '^P2MTEST-STATUS crash_kexec_post_notifiers: Y '
	check "$name: crashmod loaded (mode=$mode cpu=$cpu)" \
		serial "$name" "P2MTEST-CRASHMOD mode=$mode cpu=$cpu "
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
	echo "INFO: $name: panic to QEMU exit $(panic_seconds "$name") s (host)"
	return 0
}

# cpu_checks NAME CRASHPREFIX CPU: crash's panicking CPU is CPU (unless
# either may win), the capture kernel ran there, and so says the module's
# line (absent when the panic came in NMI context: printk defers the
# console).
cpu_checks() {
	local name=$1 p=$2 cpu=$3 pcpu apic mod
	pcpu=$(bt_cpu "$p-bt")
	apic=$(sed -n 's/^  running on the CPU with APIC ID \([0-9]*\).*/\1/p' "$DIR/$name.serial")
	mod=$(sed -n 's/.*p2mdump: panic on CPU \([0-9]*\), entering.*/\1/p' "$DIR/$name.serial")
	echo "INFO: $name: crash's panicking CPU ${pcpu:-?}; capture kernel APIC ID ${apic:-?};" \
		"the module's line: CPU ${mod:-(not on the console)}"
	[ "$ANY_CPU" = 1 ] || check "$name: crash bt: the panic is on CPU $cpu" [ "$pcpu" = "$cpu" ]
	check "$name: the capture kernel ran on the panicking CPU (${apic:-?} = ${pcpu:-?})" \
		same "$apic" "$pcpu"
	[ -z "$mod" ] || check "$name: the module's line names the same CPU" [ "$mod" = "$pcpu" ]
}

# bt_checks NAME CRASHPREFIX MODE CPU: the injected call path in `bt` and
# the other CPU's state in `bt -a`.
bt_checks() {
	local name=$1 p=$2 mode=$3 cpu=$4 pcpu other out=$DIR/$1.other-bt
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
	# lockup: whichever CPU won panic(), the spinning CPU's stack shows the spin.
	[ "$mode" = lockup ] &&
		check "$name: crash bt -a: CPU $cpu spun in crashmod_spin_irqoff" \
			grep -q crashmod_spin_irqoff <(cpu_bt "$p-bt-a" "$cpu")
	return 0
}

# crash_case NAME MODE CPU MEM PAGING PN [FORMAT]: one guest crashed,
# saved and checked; prints its RESULT line.  CPU "" is the mode's own;
# FORMAT is load's --format (default kdump).
crash_case() {
	local name=$1 mode=$2 cpu=$3 mem=$4 paging=$5 pn=$6 format=${7:-kdump}
	local img save p opened=0 held bytes
	CASE_FAILS=0
	mode_row "$mode" || { fail "$name: unknown crash mode '$mode' (modes: $ALL_MODES)"; return; }
	[ -n "$cpu" ] || cpu=$DEFAULT_CPU
	img=$DIR/$name.dump.img
	save=$DIR/$name.save
	p=$DIR/$name.crash
	run_guest "$name" "$mode" "$cpu" "$mem" "$paging" "$pn" "$format"
	console_checks "$name" "$mode" "$cpu"
	if [ "$STATUS" = "$EXIT_OK" ]; then
		rm -rf "$save"
		check "$name: p2mdump save" "$CLI" save "$img" "$save"
	fi
	rm -f "$img"
	if [ -f "$save/vmcore" ]; then
		check "$name: $paging-level paging in the dump" paging_is "$save/vmcore" "$paging"
		"$ROOT/tests/linux/check-crash.sh" -n -a -l "$name" -o "$DIR" -p "$PANIC_TEXT" \
			-b "${BT:-.}" "$VMLINUX" "$save/vmcore" >"$DIR/$name.check-crash"
		cat "$DIR/$name.check-crash"
		CASE_FAILS=$((CASE_FAILS + $(grep -c '^FAIL: ' "$DIR/$name.check-crash")))
		grep -q '^PASS: .*crash opens the dump' "$DIR/$name.check-crash" && opened=1
		cpu_checks "$name" "$p" "$cpu"
		bt_checks "$name" "$p" "$mode" "$cpu"
	fi
	rm -rf "$save"
	held=$(sed -n 's/^P2MTEST-STATUS bytes held: .*(\([0-9]*\) KiB).*/\1/p' "$DIR/$name.serial")
	bytes=$(sed -n 's/^dump: summary: .* pages.*, \([0-9]*\) bytes,.*/\1/p' "$DIR/$name.serial")
	echo "RESULT mode=$mode cpu=$cpu mem=$mem paging=$paging pn=$pn format=$format" \
		"status=$STATUS complete=$([ "$STATUS" = "$EXIT_OK" ] && echo 1 || echo 0)" \
		"crash=$opened fails=$CASE_FAILS seconds=$(panic_seconds "$name")" \
		"held_kib=${held:-?} bytes=${bytes:-?}"
}
