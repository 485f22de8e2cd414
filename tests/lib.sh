# Shared by every script test (tests/host, tests/guest, tests/linux): where
# things are and the PASS/FAIL lines tests/run.sh counts.  Source it; it
# expects P2MDUMP_ROOT (tests/run.sh sets it).

ROOT=${P2MDUMP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CAPTURE=$ROOT/build/capture.elf
OUT=$ROOT/build/test-out
mkdir -p "$OUT"

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

# check NAME COMMAND...: PASS if the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
