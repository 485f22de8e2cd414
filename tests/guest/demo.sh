#!/bin/bash
# `make demo`: the main job end to end, printing what happened.
#
# Until the Linux load path exists (issue 4), the crashed system is the
# guest harness: a bare-metal 4 GiB machine fills its RAM with a pattern,
# plants CPU and VMCOREINFO notes, loads the capture kernel into random
# scattered frames (some above 4 GiB) and hands off.  The capture kernel
# checks itself, writes the vmcore to a virtio-blk disk and resets; then
# `p2mdump save` extracts it and check_vmcore verifies every page.
umask 022	# p2mdump save refuses a group- or world-writable OUTDIR
set -u -o pipefail
. "$(dirname "$0")/lib.sh"

DEMO=$ROOT/build/demo
seed=${SEED:-$(( $(date +%s) % 100000 ))}
QEMU_TIMEOUT=300
rm -rf "$DEMO" && mkdir -p "$DEMO"
truncate -s 5G "$DEMO/disk.img"

echo "== 1. crash and capture: 4 GiB machine, seed $seed (replay: make demo SEED=$seed)"
run_harness demo 4G "$CAPTURE" "seed=$seed dump" "$DEMO/disk.img" >/dev/null
grep -E '^(harness: (filled|loaded)|p2mdump capture|  (nr_pages|frames|machine)|selftest|dump: [0-9 ]+%|dump: (summary|complete|INCOMPLETE|FAILED))' "$LOG" |
	awk '/^dump: *[0-9]+%/ { if (++n % 10) next } { print "   " $0 }'
if [ "$STATUS" != "$EXIT_OK" ]; then
	echo "== demo FAILED: QEMU status $STATUS (serial log: $LOG)"
	exit 1
fi

echo "== 2. after the reboot: p2mdump save"
"$ROOT/build/p2mdump" save "$DEMO/disk.img" "$DEMO" | sed 's/^/   /' ||
	{ echo "== demo FAILED: p2mdump save"; exit 1; }
rm -f "$DEMO/disk.img"

echo "== 3. check every page and the notes"
sed -n 's/^p2m://p' "$LOG" | tr ' ' '\n' | grep -v '^$' >"$DEMO/capture-frames.txt"
fill=$(sed -n 's/.*filled [0-9]* pages from \([0-9a-f]*\) .*/\1/p' "$LOG")
"$ROOT/build/tests/check_vmcore" "$DEMO/vmcore" "$seed" "$fill" \
	"$DEMO/capture-frames.txt" "$ROOT/build/tests/expected_notes.bin" |
	sed 's/^/   /' || { echo "== demo FAILED: the vmcore does not check"; exit 1; }
readelf -lW "$DEMO/vmcore" | sed -n '/Program Headers/,$p' | sed 's/^/   /'

echo "== demo OK: the vmcore is $DEMO/vmcore"
echo "   open it with: gdb -c $DEMO/vmcore   or   readelf -lnW $DEMO/vmcore"
