#!/bin/bash
# `make demo`: the main job end to end, printing what happened.
# Today that is the guest harness: a bare-metal "crashed system" loads the
# capture kernel into random scattered frames (some above 4 GiB) and hands
# off; the capture kernel checks itself and reports from its frames.
set -u
. "$(dirname "$0")/lib.sh"

seed=${SEED:-$(( $(date +%s) % 100000 ))}
echo "== p2mdump demo: 6 GiB machine, seed $seed (replay: make demo SEED=$seed)"
run_harness demo 6G "$CAPTURE" "seed=$seed" >/dev/null
cat "$LOG"
echo
if [ "$STATUS" = 33 ]; then
	echo "== demo OK: capture kernel ran from scattered frames (serial log: $LOG)"
else
	echo "== demo FAILED: QEMU status $STATUS (serial log: $LOG)"
	exit 1
fi
