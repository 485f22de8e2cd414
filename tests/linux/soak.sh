#!/bin/bash
# `make soak` (issue 11; not part of make check, ~1.5 h under TCG): many
# panics in a row and many load/unload cycles, counted, then written to
# docs/reliability.md by soak-report.py.
#
#   1. P2MDUMP_SOAK_PANICS crash cases (crashes.sh; default 100): every
#      crashmod mode x 4- and 5-level paging x crash_kexec_post_notifiers
#      on the command line or not (32 cells), taken in a shuffled round
#      so that every cell runs before any runs twice; each run with a
#      random guest size of 1-6 GiB and a random CPU of the two.
#   2. P2MDUMP_SOAK_CYCLES load/unload cycles in one 1 GiB guest (default
#      1000; guest-init.sh's cycles scenario): failures, MemFree lost
#      against a control run, and the module's own page counters.
#   3. 16 GiB (a mostly idle guest, sparse dump disk): one filtered
#      (kdump) and one full ELF panic (P2MDUMP_SOAK_BIG=0: none): the held
#      memory against 1 GiB's, the time against the bytes written.
#
#   P2MDUMP_SOAK_JOBS    panics run at a time (default 2: one per core;
#                        the times are then those of a busy host)
#   P2MDUMP_SOAK_SEED    the random seed (default: the time; printed)
#   P2MDUMP_SOAK_DOC     the page to write (default docs/reliability.md;
#                        "-": none)
# The raw lines go to build/test-out/linux/soak.results.  Exit status 1
# if any run failed.  Every QEMU run holds /tmp/p2mdump-qemu.lock (flock)
# so that other suites on the same host queue rather than overlap.
set -u

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$here/../guest/lib.sh"	# pass, check, ROOT, EXIT_*
. "$here/lib.sh"		# DIR, INITRD, CLI, linux_prepare, serial
. "$here/crashes.sh"		# ALL_MODES, crash_case, fail

PANICS=${P2MDUMP_SOAK_PANICS:-100}
CYCLES=${P2MDUMP_SOAK_CYCLES:-1000}
BIG=${P2MDUMP_SOAK_BIG:-1}
JOBS=${P2MDUMP_SOAK_JOBS:-2}
SEED=${P2MDUMP_SOAK_SEED:-$(date +%s)}
DOC=${P2MDUMP_SOAK_DOC:-$ROOT/docs/reliability.md}
LOCK=/tmp/p2mdump-qemu.lock
RESULTS=$DIR/soak.results
VMLINUX=

# locked COMMAND...: COMMAND while holding the host's QEMU lock (fd 9).
locked() {
	(flock 9 && "$@") 9>"$LOCK"
}

# cells: every mode x paging x post_notifiers, one per line.
cells() {
	local m p n
	for m in $ALL_MODES; do
		for p in 5 4; do
			for n in 0 1; do
				echo "$m $p $n"
			done
		done
	done
}

# shuffled: cells in a random order (bash's RANDOM, seeded).
shuffled() {
	local line
	while read -r line; do
		echo "$RANDOM $line"
	done < <(cells) | sort -n | cut -d' ' -f2-
}

# plan: PANICS lines "I MODE PAGING PN MIB CPU", round after round of
# shuffled cells, each with a random guest size and CPU.
plan() {
	local i=0 mode paging pn cell
	while [ $i -lt "$PANICS" ]; do
		mapfile -t cell < <(shuffled)
		for c in "${cell[@]}"; do
			[ $i -lt "$PANICS" ] || break
			i=$((i + 1))
			read -r mode paging pn <<<"$c"
			echo "$i $mode $paging $pn $((1024 * (1 + RANDOM % 6))) $((RANDOM % 2))"
		done
	done
}

# next_case: the plan's next line number, from a counter every worker
# shares (under its own flock): a worker that finishes early takes more.
next_case() {
	(
		flock 8
		n=$(cat "$DIR/soak.next")
		echo $((n + 1)) >"$DIR/soak.next"
		echo "$n"
	) 8>"$DIR/soak.next.lock"
}

# worker W: planned panics one at a time until the plan is done, each
# holding lock W (lock 0 is the host's QEMU lock).
worker() {
	local w=$1 i mode paging pn mem cpu lock=$LOCK
	[ "$w" = 0 ] || lock=$LOCK.$w
	while :; do
		i=$(next_case)
		[ "$i" -le "$PANICS" ] || break
		read -r _ mode paging pn mem cpu < <(sed -n "${i}p" "$DIR/soak.plan")
		echo "=== soak panic $i/$PANICS: $mode cpu=$cpu mem=$mem paging=$paging pn=$pn"
		(flock 9 && crash_case "soak-$i" "$mode" "$cpu" "$mem" "$paging" "$pn") \
			9>"$lock" >"$DIR/soak-$i.log" 2>&1
		grep -a '^\(FAIL\|RESULT\)' "$DIR/soak-$i.log"
	done
}

# panics: the plan, JOBS workers at a time.
panics() {
	local w pids=()
	plan >"$DIR/soak.plan"
	echo 1 >"$DIR/soak.next"
	for ((w = 0; w < JOBS; w++)); do
		worker "$w" &
		pids+=($!)
	done
	wait "${pids[@]}"
}

# cycles: CYCLES load/unload cycles in one guest; one CYCLES line.
cycles() {
	local name=soak-cycles status
	locked "$here/run-guest.sh" -n $name -t $((600 + CYCLES * 3)) -i "$INITRD" \
		-a "p2mcycles=$CYCLES" cycles
	status=$?
	echo "CYCLES status=$status $(grep -a '^P2MTEST-\(CYCLES\|MODPAGES\|MEMFREE-BEFORE\|MEMFREE-AFTER\|MEMFREE-CONTROL\)' \
		"$DIR/$name.serial" | tr -d '\r' | sed 's/^P2MTEST-//; s/ (.*//; s/ /=/' | tr '\n' ' ')"
}

# big: 16 GiB, filtered and full ELF.
big() {
	local format
	for format in kdump elf; do
		echo "=== soak 16 GiB: $format"
		locked crash_case "soak-16g-$format" bug_hrtimer 1 16384 5 0 "$format" |
			tee "$DIR/soak-16g-$format.log" | grep -a '^\(FAIL\|RESULT\)'
	done
}

main() {
	local started
	linux_prepare soak build/crashmod-module/crashmod.ko || exit 1
	RANDOM=$SEED
	started=$(date -u '+%Y-%m-%d %H:%M UTC')
	echo "soak: seed $SEED, $PANICS panics ($JOBS at a time), $CYCLES cycles, 16 GiB: $BIG"
	{
		echo "SOAK seed=$SEED panics=$PANICS jobs=$JOBS cycles=$CYCLES big=$BIG" \
			"leak_limit_kb=$LEAK_LIMIT_KB" \
			"git=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" \
			"modes=${ALL_MODES// /,} started=$started"
		panics
		cycles
		[ "$BIG" = 1 ] && big
		echo "SOAK ended=$(date -u '+%Y-%m-%d %H:%M UTC')"
	} | tee "$RESULTS.log"
	grep -a '^\(SOAK\|RESULT\|CYCLES\)' "$RESULTS.log" >"$RESULTS"
	python3 "$here/soak-report.py" "$RESULTS" "$DOC"
}

main "$@"
