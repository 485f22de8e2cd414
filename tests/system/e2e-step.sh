#!/bin/bash
# Test only, not part of the packages: installed into the e2e image as
# /usr/local/sbin/p2mdump-e2e-step and run once per boot by
# p2mdump-e2e.service, after the arm and save units.  Pops the next step
# ("BOOT ACTION", e.g. "B panic") from the plan file, reports the boot's
# p2mdump state on the serial console between P2ME2E marker lines (the
# host's checks read them), then acts: poweroff or panic.
#
# The remaining plan is written and synced BEFORE acting: after a panic
# the capture kernel resets the machine and QEMU boots the same kernel
# again, which must see the next step, not this one.
set -u

PLAN=/var/lib/p2mdump-e2e/plan
TTY=/dev/ttyS0

# show TITLE COMMAND...: COMMAND's output between marker lines.
show() {
	local title=$1
	shift
	echo "P2ME2E begin $title"
	"$@" 2>&1
	echo "P2ME2E end $title rc=$?"
}

# pop: the plan's first line into STEP; the rest back to the plan, synced.
pop() {
	STEP=$(head -n 1 "$PLAN" 2>/dev/null)
	tail -n +2 "$PLAN" >"$PLAN.new" 2>/dev/null && mv "$PLAN.new" "$PLAN"
	sync
}

# report: what the host checks look at, for this boot.
report() {
	echo	# the serial getty's login prompt may be on this line
	echo "P2ME2E step=${STEP:-none} kernel=$(uname -r)"
	show uname uname -r
	show status systemctl status --no-pager --full p2mdump-arm p2mdump-save
	show json p2mdump status --json
	show journal journalctl -b -u p2mdump-arm -u p2mdump-save --no-pager
	# The previous boot's: its shutdown's disarm (the journal is persistent).
	show prev-journal journalctl -b -1 -u p2mdump-arm -u p2mdump-save --no-pager
	show crash-dir ls -lR /var/crash
}

pop
report >"$TTY" 2>&1
# shellcheck disable=SC2086 # STEP: "BOOT ACTION", two words
set -- $STEP
case ${2:-poweroff} in
panic)
	echo "P2ME2E act=panic" >"$TTY"
	sync
	echo c >/proc/sysrq-trigger ;;
*)
	echo "P2ME2E act=poweroff" >"$TTY"
	systemctl poweroff --no-block ;;
esac
