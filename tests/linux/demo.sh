#!/bin/bash
# `make demo`: the user flow, for real.  Debian's kernel boots in QEMU
# (2 vCPUs, 1 GiB, KASLR on, no crashkernel=), `p2mdump load` arms the
# capture kernel in scattered free pages, `echo c > /proc/sysrq-trigger`
# panics it, the capture kernel writes the vmcore to the second virtio
# disk; then `p2mdump save` extracts it and crash reads it.
umask 022	# p2mdump save refuses a group- or world-writable OUTDIR
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/../.." && pwd)
. "$ROOT/build/exit-codes.sh" || exit 1
DEMO=$ROOT/build/demo
MEM=${DEMO_MEM:-1024}

"$here/deps.sh" || exit 1
VMLINUX=$("$here/fetch-kernel.sh")/vmlinux || exit 1
rm -rf "$DEMO" && mkdir -p "$DEMO"

echo "== 1. boot Debian's kernel, arm p2mdump, panic"
"$here/run-guest.sh" -m "$MEM" -c 0 -n demo -o "$DEMO" -t 600 panic |
	sed 's/^/   /'
status=${PIPESTATUS[0]}
grep -aE '^(P2MTEST-ARMED|armed:|frames held|bytes held|capture pages|machine-contiguous|frames above|dump target|p2mdump capture|dump: (summary|complete))' \
	"$DEMO/demo.serial" | sed 's/^/   /'
if [ "$status" != "$EXIT_OK" ]; then
	echo "== demo FAILED: QEMU status $status (serial log $DEMO/demo.serial)"
	exit 1
fi

echo "== 2. after the reboot: p2mdump save"
"$ROOT/build/p2mdump" save "$DEMO/demo.dump.img" "$DEMO" | sed 's/^/   /' ||
	{ echo "== demo FAILED: p2mdump save"; exit 1; }
rm -f "$DEMO/demo.dump.img"

echo "== 3. crash vmlinux vmcore"
"$here/check-crash.sh" -l demo -o "$DEMO" "$VMLINUX" "$DEMO/vmcore" >"$DEMO/checks.txt"
crash_ok=$?
echo "   --- sys"; sed 's/^/   /' "$DEMO/demo.crash-sys"
echo "   --- bt";  sed 's/^/   /' "$DEMO/demo.crash-bt"
echo "   --- checks: $(grep -c '^PASS' "$DEMO/checks.txt") passed, $(grep -c '^FAIL' "$DEMO/checks.txt") failed"

echo "== summary"
echo "   memory held while armed: $(sed -n 's/^bytes held: //p' "$DEMO/demo.serial" | head -n 1)"
echo "   panic to dump complete (host clock, to QEMU exit): $(sed -n 's/^panic_to_exit=//p' "$DEMO/demo.times") s"
echo "   vmcore: $DEMO/vmcore"
echo "   open it with: crash $VMLINUX $DEMO/vmcore"
[ $crash_ok = 0 ] || { echo "== demo FAILED: crash checks ($DEMO/checks.txt)"; exit 1; }
echo "== demo OK"
