#!/bin/bash
# Panics from more places than `echo c` (issue 11): the crash cases of
# crashes.sh (every mode, its checks) on a 1 GiB guest.  `make check`
# runs three, about 40 s each under TCG:
#
#   bug_hrtimer         CPU 1, 5-level paging: a crash in hard-irq context on an AP
#   lockup              CPU 1, 4-level paging: a CPU stuck with interrupts
#                       off, and the host's NMI reaching both CPUs (the
#                       loser of the NMI panic needs the registers
#                       `p2mdump load` gets by turning on
#                       crash_kexec_post_notifiers: docs/linux.md)
#   panic_irqoff_other  CPU 0, 5-level paging, crash_kexec_post_notifiers on
#                       the command line: panic() while the other CPU spins
#                       with interrupts off
#
#   P2MDUMP_CRASH_CASES  cases as MODE[:CPU[:PAGING[:PN]]] (PN 1:
#                        crash_kexec_post_notifiers on the command line),
#                        or "all": every mode with its own CPU, 5-level,
#                        PN 0.  make soak runs the whole matrix (soak.sh).
#   P2MDUMP_CRASH_APPEND more kernel command line words for every case
set -u

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$here/../guest/lib.sh"	# pass, fail, check, ROOT, EXIT_*
. "$here/lib.sh"		# DIR, INITRD, CLI, linux_prepare, serial, clean_until
. "$here/crashes.sh"		# ALL_MODES, crash_case

CASES=${P2MDUMP_CRASH_CASES:-bug_hrtimer:1:5:0 lockup:1:4:0 panic_irqoff_other:0:5:1}
[ "$CASES" = all ] && CASES=$ALL_MODES
VMLINUX=

linux_prepare crashes build/crashmod-module/crashmod.ko || exit 1
for c in $CASES; do
	IFS=: read -r mode cpu paging pn <<<"$c"
	crash_case "crash-$mode" "$mode" "${cpu:-}" 1024 "${paging:-5}" "${pn:-0}"
done
