#!/bin/bash
# The soak's arithmetic (tests/linux/soak-report.py) on made-up results,
# and docs/reliability.md against the crash cases tests/linux/crashes.sh
# has: a mode added without a soak run, or a soak that failed, fails here.
set -u
. "$(dirname "$0")/lib.sh"

REPORT=$ROOT/tests/linux/soak-report.py
DOC=$ROOT/docs/reliability.md
T=$OUT/soak-report
mkdir -p "$T"
MODES=$(sed -n 's/^ALL_MODES="\(.*\)"$/\1/p' "$ROOT/tests/linux/crashes.sh")

# results FILE [SKIP_CELL] [FAIL_FIELD]: one good run per cell of two
# modes (SKIP_CELL "MODE PAGING PN" left out; FAIL_FIELD, e.g. crash=0,
# replaces its value in the first run), a good cycles line, 16 GiB rows.
results() {
	local file=$1 skip=${2:-} bad=${3:-} m p n line first=1
	{
		echo "SOAK seed=1 panics=8 jobs=2 cycles=1000 big=1 leak_limit_kb=512 modes=oops,lockup started=2026-12-02 10:00 UTC"
		for m in oops lockup; do
			for p in 5 4; do
				for n in 0 1; do
					[ "$m $p $n" = "$skip" ] && continue
					line="RESULT mode=$m cpu=1 mem=1024 paging=$p pn=$n format=kdump status=33"
					line="$line complete=1 crash=1 fails=0 seconds=2.5 held_kib=680 bytes=25000000"
					if [ $first = 1 ] && [ -n "$bad" ]; then
						line=$(echo "$line" | sed "s/ ${bad%%=*}=[^ ]*/ $bad/")
					fi
					first=0
					echo "$line"
				done
			done
		done
		# The guest's lines keep the serial console's CR, as soak.sh's did.
		printf '%s\r %s\r %s\r\n' \
			"CYCLES status=0 MEMFREE-CONTROL-BEFORE=900100 MEMFREE-CONTROL-AFTER=900000" \
			"MEMFREE-BEFORE=900000 MEMFREE-AFTER=899800 CYCLES=ok=1000 failed=0" \
			"MODPAGES=taken=0 returned=0 MODPAGES=taken=170000 returned=170000"
		echo "RESULT mode=bug_hrtimer cpu=1 mem=16384 paging=5 pn=0 format=kdump status=33" \
		     "complete=1 crash=1 fails=0 seconds=5.1 held_kib=680 bytes=85000000"
		echo "SOAK ended=2026-12-02 11:00 UTC"
	} >"$file"
}

# verdict FILE: soak-report.py's exit status on FILE.
verdict() {
	python3 "$REPORT" "$1" - >"$1.md" 2>&1
}

# refused FILE: soak-report.py fails on FILE.
refused() {
	! verdict "$1"
}

results "$T/good"
check "soak-report: all good passes" verdict "$T/good"
check "soak-report: a row per cell (8)" [ "$(grep -c '^| `\(oops\|lockup\)`' "$T/good.md")" = 8 ]
check "soak-report: says every run passed" grep -q '^Result: every run passed' "$T/good.md"
check "soak-report: the cycles' counters" grep -q '| 170000 / 170000 |' "$T/good.md"

results "$T/skip" "lockup 4 1"
check "soak-report: a cell without runs fails" refused "$T/skip"
for bad in complete=0 crash=0 fails=2; do
	results "$T/$bad" "" "$bad"
	check "soak-report: a run with $bad fails" refused "$T/$bad"
done
results "$T/leak"
sed -i 's/returned=170000/returned=169999/' "$T/leak"
check "soak-report: taken != returned fails" refused "$T/leak"
results "$T/memfree"
sed -i 's/MEMFREE-AFTER=899800/MEMFREE-AFTER=890000/' "$T/memfree"
check "soak-report: MemFree lost beyond the control run fails" refused "$T/memfree"
results "$T/cycle"
sed -i 's/failed=0/failed=1/' "$T/cycle"
check "soak-report: a failed cycle fails" refused "$T/cycle"

# The page: written by a soak over today's modes, every run good.
check "reliability.md: exists (make soak writes it)" [ -f "$DOC" ]
check "reliability.md: crashes.sh's modes found" [ -n "$MODES" ]
for m in $MODES; do
	check "reliability.md: $m has its 4 cells" \
		[ "$(grep -c "^| \`$m\` | [45]-level | \(yes\|no\) | [1-9]" "$DOC" 2>/dev/null)" = 4 ]
done
check "reliability.md: every run passed" grep -q '^Result: every run passed' "$DOC"
check "reliability.md: 100 panics or more" \
	grep -Eq '^\*\*([1-9][0-9]{2,}) panics: 0 incomplete' "$DOC"
