#!/bin/bash
# tests/fuzz/run.sh SECONDS TARGET...: runs build/fuzz/fuzz_TARGET for
# SECONDS each, on its corpus (build/fuzz/corpus/TARGET, kept between
# runs) and its seeds, and prints one line per target: executions, speed,
# corpus size.  A crash leaves libFuzzer's crash-* reproducer in
# build/fuzz/ and its log in build/fuzz/TARGET.log; the status is then 1.
set -u
cd "$(dirname "$0")/../.."
secs=$1
shift
rc=0
for t in "$@"; do
	bin=build/fuzz/fuzz_$t
	corpus=build/fuzz/corpus/$t
	log=build/fuzz/$t.log
	mkdir -p "$corpus"
	# -close_fd_mask=1: the targets print nothing useful on stdout.
	"$bin" "$corpus" "build/fuzz/seeds/$t" -max_total_time="$secs" \
		-print_final_stats=1 -close_fd_mask=1 \
		-artifact_prefix=build/fuzz/ >"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	if [ $status -ne 0 ]; then
		echo "fuzz_$t: FAILED (status $status), see $log:"
		grep -m3 -E 'ERROR|FUZZ_ASSERT|runtime error|Test unit written' "$log" |
			sed 's/^/    /'
		rc=1
		continue
	fi
	printf 'fuzz_%-12s %12s executions in %ss (%s/s), corpus %s files\n' \
		"$t" "${execs:-?}" "$secs" "${speed:-?}" \
		"$(ls "$corpus" | wc -l)"
done
exit $rc
