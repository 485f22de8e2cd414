#!/bin/bash
# The test runner behind `make check` and `make check-unit`.
#
#   tests/run.sh [--tier TIER] [PATTERN...]
#
# TIER picks the tests by where they live:
#   unit   host unit-test binaries (build/tests/unit/test_*) and host-only
#          scripts (tests/host/t_*.sh): no QEMU, no root, no downloads,
#          seconds.  `make check-unit`.
#   guest  tests/guest/t_*.sh: the bare-metal harness under QEMU.
#   linux  tests/linux/t_*.sh: Debian's kernel under QEMU (needs `make
#          deps` and the module built for that kernel).
#   all    (the default; `make check`) the unit tier first, then every
#          other tests/*/t_*.sh; if the unit tier fails, the rest is
#          skipped (it takes minutes and a unit failure needs fixing
#          first).
# PATTERNs then keep only tests whose path contains one of them.
#
# Each test prints "PASS: name" and "FAIL: name: why" lines (its log is
# build/test-logs/NAME.log); a test that dies without a FAIL line counts
# as one failure.  The last line is always the one total over every tier
# run: "N passed, N failed"; the status is 0 if nothing failed.
umask 022	# p2mdump save refuses a group- or world-writable OUTDIR
set -u
cd "$(dirname "$0")/.."
export P2MDUMP_ROOT=$PWD

tier=all
if [ "${1:-}" = --tier ]; then
	tier=${2:-}
	shift 2 || shift
fi

# tier_tests TIER: the tests of TIER, one path a line.
tier_tests() {
	local t
	case $1 in
	unit)	ls build/tests/unit/test_* tests/host/t_*.sh ;;
	guest)	ls tests/guest/t_*.sh ;;
	linux)	ls tests/linux/t_*.sh ;;
	rest)	for t in tests/*/t_*.sh; do
			[[ $t == tests/host/* ]] || echo "$t"
		done ;;
	esac 2>/dev/null
}

# select TIER [PATTERN...]: fills tests[] with TIER's runnable tests.
select_tests() {
	local tier=$1 t p hit
	shift
	tests=()
	while read -r t; do
		[ -x "$t" ] || continue
		if [ $# -gt 0 ]; then
			hit=0
			for p in "$@"; do
				[[ "$t" == *"$p"* ]] && hit=1
			done
			[ $hit = 1 ] || continue
		fi
		tests+=("$t")
	done < <(tier_tests "$tier")
}

passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"

# run_tests: runs tests[], adding to passed and failed.
run_tests() {
	local t name log start rc p f
	for t in "${tests[@]}"; do
		name=$(basename "$t" .sh)
		log=$logdir/$name.log
		start=$(date +%s)
		"$t" >"$log" 2>&1
		rc=$?
		p=$(grep -c '^PASS: ' "$log")
		f=$(grep -c '^FAIL: ' "$log")
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "FAIL: $name: exited with status $rc (log: $log)" >>"$log"
			f=1
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		printf '%-28s %3d passed, %d failed  (%ss)\n' "$name" "$p" "$f" \
			$(($(date +%s) - start))
		grep '^FAIL: ' "$log" | sed 's/^/    /'
	done
}

case $tier in
unit|guest|linux)
	select_tests "$tier" "$@"
	run_tests ;;
all)
	select_tests unit "$@"
	run_tests
	select_tests rest "$@"
	if [ $failed -gt 0 ] && [ ${#tests[@]} -gt 0 ]; then
		echo "unit tier failed: ${#tests[@]} QEMU tests skipped"
	else
		run_tests
	fi ;;
*)
	echo "usage: tests/run.sh [--tier unit|guest|linux|all] [PATTERN...]" >&2
	echo "0 passed, 1 failed"
	exit 2 ;;
esac
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
