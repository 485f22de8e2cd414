#!/bin/bash
# Helper CPUs (issue 14): the capture kernel brings the crashed machine's
# other CPUs into its own code with INIT-STARTUP-STARTUP through a start
# page it borrows below 1 MiB; in a kdump dump they classify and compress
# page jobs, a helper that hangs or faults holding one is written off and
# its job redone (docs/design.md, "Helper CPUs").  The harness's other vCPUs sit halted where SeaBIOS
# left them.  With -smp 2 and 4 every helper arrives and the dump is
# still right page for page, the borrowed start page included (lowfill:
# the harness's pattern below 1 MiB, checked by check_vmcore); helpers=0
# starts none; an APIC ID that does not exist is written off after the
# bound and a helper that faults is written off, the dump completes; the
# BSP (APIC 0, the harness's boot CPU) is listed and never sent INIT
# (QEMU's apic_mem_writel trace: every directed INIT and its target); a
# bsp_apic= that IA32_APIC_BASE contradicts starts none; a software-
# disabled APIC is enabled; a pool with no room beyond the dump's need
# starts none; helpers=2 of 3 starts two.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dump_checks.sh"

P2MDUMP=$ROOT/build/p2mdump
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-300}
export HARNESS_TRACE=apic_mem_writel

# ipis NAME MODE: the targets of the directed IPIs the run sent in
# delivery MODE (5 INIT, 6 STARTUP), one a line, from QEMU's trace of
# the xAPIC page's writes: ICR high (0x310) names the target, the ICR low
# write (0x300) sends.  SeaBIOS's broadcasts (a shorthand) do not count.
ipis() {
	local event reg eq val dest=
	while read -r event reg eq val; do
		[ "$event" = apic_mem_writel ] || continue
		case $reg in
		0x310)	dest=$(( val >> 24 )) ;;
		0x300)	(( (val & 0xc0000) == 0 && (val >> 8 & 7) == $2 )) &&
				echo "$dest" ;;
		esac
	done <"$OUT/$1.qemu"
}

# only_to NAME MODE "A B ": the directed IPIs of MODE went to A, B, ...
only_to() {
	[ "$(ipis "$1" "$2" | sort -u | tr '\n' ' ')" = "$3" ]
}

# times_to NAME MODE A N: N directed IPIs of MODE went to A.
times_to() {
	[ "$(ipis "$1" "$2" | grep -cx "$3")" = "$4" ]
}

# no_init_to_bsp NAME: APIC 0 (the BSP, the capture kernel's own CPU)
# got no INIT.
no_init_to_bsp() {
	local inits
	inits=$(ipis "$1" 5 | tr '\n' ' ')
	check "$1: the BSP (apic 0) is never sent INIT (INITs to: $inits)" \
		times_to "$1" 5 0 0
}

# helpers_dump NAME SMP SEED FORMAT HARNESS_WORDS CAPTURE_WORDS: a dump
# with helper CPUs: complete, saved, every page checked (lowfill).
helpers_dump() {
	local name=$1 dir=$OUT/$1
	rm -rf "$dir" && mkdir -p "$dir"
	truncate -s 1G "$dir/disk.img"
	HARNESS_SMP=$2 run_harness "$name" 128M "$CAPTURE" \
		"seed=$3 dump lowfill $5 append=format=$4 $6" "$dir/disk.img"
	check "$name: exits with EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
	check "$name: dump complete" grep -q '^dump: complete' "$LOG"
	"$P2MDUMP" save "$dir/disk.img" "$dir" >"$dir/save.out" 2>&1
	check "$name: p2mdump save: complete, digest ok" [ $? = 0 ]
	rm -f "$dir/disk.img"
	check "$name: the low pages checked are 1000-9f000 ($(low_range "$LOG"))" \
		[ "$(low_range "$LOG")" = 1000-9f000 ]
	grep -q '^helpers: none started' "$LOG" ||
		check "$name: the start page borrowed is 01000" \
			grep -q '^helpers: xAPIC.*, start page 01000,' "$LOG"
	verify_vmcore "$name" "$3" "$dir"
	[ -n "${KEEP_VMCORE:-}" ] || [ "$name" = helpers-one ] || rm -f "$dir/vmcore"
}

# -smp 2: the one other CPU arrives; the BSP is listed and skipped.
helpers_dump helpers-smp2-elf 2 11 elf helpers=1 \
	"helpers=all cpus_apic=0,1 bsp_apic=0"
check "smp2: apic 0 skipped as this CPU, the BSP" \
	grep -q '^helpers: apic 0 skipped: this CPU, the BSP' "$LOG"
check "smp2: 1 of 1 arrived (apic 1)" \
	grep -q '^helpers: 1 of 1 arrived in [0-9]* us (apic 1)' "$LOG"
check "smp2: INIT to apic 1 only" only_to helpers-smp2-elf 5 "1 "
check "smp2: STARTUP to apic 1 only" only_to helpers-smp2-elf 6 "1 "
no_init_to_bsp helpers-smp2-elf

# -smp 4, kdump: three arrive and compress; the pool the loader reserved.
helpers_dump helpers-smp4-kdump 4 12 kdump helpers=3 \
	"helpers=all cpus_apic=0,1,2,3 bsp_apic=0"
check "smp4: the loader reserved 199 pool pages for 3 helpers (need 78 + 40 + 3 * 53)" \
	grep -q '^harness: pool [0-9]* pages, the dump needs 277' "$LOG"
check "smp4: 3 of 3 arrived (apic 1 2 3)" \
	grep -q '^helpers: 3 of 3 arrived in [0-9]* us (apic 1 2 3)' "$LOG"
check "smp4: INIT to apic 1 2 3 only" only_to helpers-smp4-kdump 5 "1 2 3 "
no_init_to_bsp helpers-smp4-kdump
check "smp4: 3 helpers compress in 8 job slots" \
	grep -q '^dump: helpers: 3 compress, 8 job slots of 16 pages' "$LOG"
check "smp4: every helper ran jobs ($(grep -ao 'jobs by CPU: [0-9 ]*' "$LOG"))" \
	grep -Eq '^dump: helpers: jobs by CPU: [0-9]+ [1-9][0-9]* [1-9][0-9]* [1-9][0-9]*; 0 redone, 0 slots dead, 0 pages alone' "$LOG"
grep -a '^dump: pages written' "$LOG" | sed 's/^/INFO: smp4: /'

# The same memory (seed 21, -smp 4, zlib) dumped by one CPU and by four:
# decompressed, the same pages.  Two boots: only the pages the harness
# writes as it runs (below 2 MiB: BIOS data, its image, stacks) may
# differ; every page of the pattern is checked in each by check_vmcore.
helpers_dump helpers-one 4 21 kdump helpers=3 \
	"compress=zlib helpers=0 cpus_apic=0,1,2,3 bsp_apic=0"
KEEP_VMCORE=1 helpers_dump helpers-four 4 21 kdump helpers=3 \
	"compress=zlib helpers=all cpus_apic=0,1,2,3 bsp_apic=0"
grep -a '^dump: pages written' "$OUT/helpers-one.serial" | sed 's/^/INFO: one CPU: /'
grep -a '^dump: pages written' "$LOG" | sed 's/^/INFO: four CPUs: /'
"$ROOT/build/tests/host/kdump_cmp" "$OUT/helpers-one/vmcore" \
	"$OUT/helpers-four/vmcore" >"$OUT/helpers-cmp.out" 2>&1
# only_low FILE: kdump_cmp's summary line is there, and every pfn it
# names as differing is below 0x200 (2 MiB).
only_low() {
	local pfn
	grep -q '^pages [0-9]* same [0-9]* differ [0-9]*$' "$1" || return 1
	for pfn in $(sed -n 's/^differ \([0-9a-fx]*\) .*/\1/p' "$1"); do
		(( pfn < 0x200 )) || return 1
	done
}
check "one CPU and four: the same frames, pages differ only below 2 MiB ($(tail -n 1 "$OUT/helpers-cmp.out"))" \
	only_low "$OUT/helpers-cmp.out"
check "one CPU and four: at most 8 pages differ" \
	[ "$(sed -n 's/^pages .* differ //p' "$OUT/helpers-cmp.out")" -le 8 ]
rm -f "$OUT/helpers-one/vmcore" "$OUT/helpers-four/vmcore"

# Helper 1 hangs (interrupts off) holding its 5th job: written off after
# the bound, sent INIT, its job redone; the dump complete, every page.
helpers_dump helpers-hang 4 22 kdump helpers=3 \
	"helpers=all cpus_apic=0,1,2,3 bsp_apic=0 helpers_hang_at=5"
check "hang: helper 1 written off, its job redone" \
	grep -q '^dump: helpers: helper 1 written off: it held a job too long' "$LOG"
check "hang: 1 job redone, 1 slot dead" \
	grep -Eq '^dump: helpers: jobs by CPU: .*; 1 redone, 1 slots dead' "$LOG"
check "hang: apic 1 sent INIT twice (start, write-off)" times_to helpers-hang 5 1 2
no_init_to_bsp helpers-hang

# The last helper faults holding its 3rd job: its job redone at once.
helpers_dump helpers-fault-job 4 23 kdump helpers=3 \
	"helpers=all cpus_apic=0,1,2,3 bsp_apic=0 helpers_fault_at=3"
check "fault on a job: helper 3 written off, it faulted" \
	grep -q '^dump: helpers: helper 3 written off: it faulted' "$LOG"
check "fault on a job: 1 job redone" \
	grep -Eq '^dump: helpers: jobs by CPU: .*; 1 redone, 1 slots dead' "$LOG"

# helpers=0: none started, no IPI sent.
helpers_dump helpers-zero 2 13 kdump "" "helpers=0 cpus_apic=0,1 bsp_apic=0"
check "helpers=0: none started" \
	grep -q '^helpers: none started: helpers=0' "$LOG"
check "helpers=0: no INIT, no STARTUP sent" \
	[ -z "$(ipis helpers-zero 5)$(ipis helpers-zero 6)" ]

# APIC 7 does not exist with -smp 2: written off after the bound, sent
# INIT again; the start page restored all the same.
helpers_dump helpers-missing 2 14 elf helpers=2 \
	"helpers=all cpus_apic=0,1,7 bsp_apic=0"
check "missing apic 7: 1 of 2 arrived (apic 1)" \
	grep -q '^helpers: 1 of 2 arrived in [0-9]* us (apic 1)' "$LOG"
check "missing apic 7: written off after 100 ms" \
	grep -q '^helpers: apic 7 written off: no answer in 100 ms' "$LOG"
check "missing apic 7: INIT twice (start, write-off)" times_to helpers-missing 5 7 2
check "missing apic 7: STARTUP twice" times_to helpers-missing 6 7 2
check "missing apic 7: apic 1 INIT once" times_to helpers-missing 5 1 1
no_init_to_bsp helpers-missing

# A helper that faults (helpers_fault: a #PF on arrival) is written off;
# the run goes on.
helpers_dump helpers-fault 2 15 kdump helpers=1 \
	"helpers=all cpus_apic=0,1 bsp_apic=0 helpers_fault"
check "fault: 0 of 1 arrived" \
	grep -q '^helpers: 0 of 1 arrived in [0-9]* us.$' "$LOG"
check "fault: apic 1 written off with its #PF at cr2 00001000" \
	grep -q '^helpers: apic 1 written off: exception 14 error 0 at eip c[0-9a-f]* cr2 00001000' "$LOG"
check "fault: no TRAP line (the boot CPU's handler did not see it)" \
	bash -c "! grep -q 'TRAP vector' '$LOG'"

# A software-disabled APIC (as Linux's lapic_shutdown() leaves it), and
# helpers=2 of the three other CPUs of -smp 4.
D=$OUT/helpers-apic-off
rm -rf "$D" && mkdir -p "$D" && truncate -s 1G "$D/disk.img"
HARNESS_SMP=4 run_harness helpers-apic-off 128M "$CAPTURE" \
	"seed=16 dump apic_off helpers=2 append=helpers=2 cpus_apic=0,1,2,3 bsp_apic=0" \
	"$D/disk.img"
check "apic_off: EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
check "apic_off: the harness disabled it" \
	grep -q '^harness: local APIC software-disabled (SVR 000000' "$LOG"
check "apic_off: enabled, said so" \
	grep -q '^helpers: xAPIC (was software-disabled: enabled), start page' "$LOG"
check "apic_off, helpers=2: 2 of 2 arrived (apic 1 2)" \
	grep -q '^helpers: 2 of 2 arrived in [0-9]* us (apic 1 2)' "$LOG"
check "helpers=2: apic 3 skipped, over helpers=2" \
	grep -q '^helpers: 1 more skipped: over helpers=2' "$LOG"
check "helpers=2: INIT to apic 1 2 only" only_to helpers-apic-off 5 "1 2 "
check "apic_off, helpers=2: dump complete" grep -q '^dump: complete' "$LOG"

# bsp_apic= that this CPU's IA32_APIC_BASE contradicts: none started.
run_harness helpers-wrong-bsp 128M "$CAPTURE" \
	"seed=17 dump helpers=1 append=helpers=all cpus_apic=0,1 bsp_apic=1" \
	"$D/disk.img"
check "wrong bsp_apic=: EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
check "wrong bsp_apic=: none started" \
	grep -q '^helpers: none started: this CPU is the BSP (IA32_APIC_BASE), not bsp_apic=' "$LOG"
check "wrong bsp_apic=: no INIT sent" [ -z "$(ipis helpers-wrong-bsp 5)" ]

# A pool of exactly the dump's need: no room for a helper, none started.
HARNESS_SMP=2 run_harness helpers-pool 128M "$CAPTURE" \
	"seed=18 dump pool=78 append=helpers=all cpus_apic=0,1 bsp_apic=0" \
	"$D/disk.img"
check "pool = the dump's need: EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
check "pool = the dump's need: room for 0 helpers" \
	grep -q "^helpers: the pool holds 0 helpers beyond the dump's need, not 1" "$LOG"
check "pool = the dump's need: 0 to start" \
	grep -q '^helpers: xAPIC, start page 01000, 0 to start' "$LOG"
check "pool = the dump's need: no INIT sent" [ -z "$(ipis helpers-pool 5)" ]
rm -f "$D/disk.img"
