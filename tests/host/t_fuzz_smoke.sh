#!/bin/bash
# A short run of every libFuzzer target (tests/fuzz/): 20000 inputs each
# from its seeds, so a crash on an easy mutation, or a target that stopped
# building, shows in the unit tier.  `make fuzz` runs them for real.
# clang comes from tests/deps.sh; without it this fails, saying so.
set -u
. "$(dirname "$0")/lib.sh"

targets="elfcorehdr notes loader dumpdisk filter extent_map"
if ! command -v clang >/dev/null; then
	fail "fuzz smoke: clang is not installed (tests/deps.sh installs it: make deps)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in $targets; do
	bin=$ROOT/build/fuzz/fuzz_$t
	seeds=$ROOT/build/fuzz/seeds/$t
	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		fail "fuzz smoke: $bin or its seeds are missing (run make)"
		continue
	fi
	mkdir -p "$tmp/$t"
	if "$bin" "$tmp/$t" "$seeds" -runs=20000 -seed=1 -close_fd_mask=1 \
		-artifact_prefix="$tmp/" >"$tmp/$t.log" 2>&1; then
		pass "fuzz smoke: fuzz_$t ran 20000 inputs"
	else
		fail "fuzz smoke: fuzz_$t crashed: $(grep -m1 -E 'ERROR|FUZZ_ASSERT|runtime error' "$tmp/$t.log")"
		sed 's/^/    /' "$tmp/$t.log" | tail -30
	fi
done
