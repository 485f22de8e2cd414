#!/bin/bash
# The test runner behind `make check`.
#
#   tests/run.sh              every test
#   tests/run.sh PATTERN...   only tests whose name contains a PATTERN
#
# A test is a host unit-test binary (build/tests/unit/*) or a script
# (tests/guest/t_*.sh, tests/*/t_*.sh).  Each prints "PASS: name" and
# "FAIL: name: why" lines; a test that dies without a FAIL line counts as
# one failure.  The last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export P2MDUMP_ROOT=$PWD

tests=()
for t in build/tests/unit/test_* tests/*/t_*.sh; do
	[ -x "$t" ] || continue
	if [ $# -gt 0 ]; then
		hit=0
		for p in "$@"; do
			[[ "$t" == *"$p"* ]] && hit=1
		done
		[ $hit = 1 ] || continue
	fi
	tests+=("$t")
done

passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"
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
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
