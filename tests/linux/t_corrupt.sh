#!/bin/bash
# A crashed kernel with a damaged page table or mem_section (issue 9, item
# 6): filter/ must keep the pages it cannot decide, say so on the
# console, and still write a complete, filtered dump that crash opens.
#
# For each KIND, a 1 GiB guest arms p2mdump and, in the shell that then
# panics it, insmods the test module corrupt.ko what=KIND
# (tests/linux/corrupt/corrupt.c; guest-init.sh p2mcorrupt=):
#
#   pte      5-level paging: a vmemmap PTE gets bit 51 (a frame outside RAM)
#   pte-l4   the same with 4-level paging (-cpu max,-la57): bit 51 is above
#            MAX_PHYSMEM_BITS 46 (reserved bits set)
#   section  a mem_section's section_mem_map becomes a user-half address
#
# The module prints "P2MTEST-CORRUPT what=K pfn=P nr=N ..." for the N
# frames whose struct pages the entry covers (RAM ones: a section may end
# where RAM does).  Checks: QEMU ends with
# EXIT_OK (dump complete); the panic is the sysrq one, with no oops before
# it; the filter's line names the bad entries and why; the
# dump is still filtered; `p2mdump save` works; the N frames are all in
# bitmap 2 and readable (tests/host/kdump_pfns), and the console's count
# of frames kept for the damage is theirs; makedumpfile --dump-dmesg finds
# the panic (pte kinds); crash opens the vmcore (check-crash.sh, without
# its makedumpfile step: makedumpfile 1.7.2 itself cannot re-filter these
# dumps; its result is shown as INFO).  About 50 s a kind under TCG.
#
#   P2MDUMP_CORRUPT_KINDS   default "pte section pte-l4"
set -u

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$here/../guest/lib.sh"	# pass, fail, check, ROOT, EXIT_*
. "$here/lib.sh"		# DIR, INITRD, CLI, linux_prepare, serial

PFNS=$ROOT/build/tests/host/kdump_pfns
KINDS=${P2MDUMP_CORRUPT_KINDS:-pte section pte-l4}
VMLINUX=


# clean_before_panic NAME: no BUG, WARNING or oops before the sysrq
# panic's own "Kernel panic" line (the module runs after PANIC-NOW, so
# damage that hit the kernel early would show between the two).
clean_before_panic() {
	clean_until "$1" 'Kernel panic - not syncing'
}

# corrupt_field NAME KEY: KEY=value from the module's P2MTEST-CORRUPT line.
corrupt_field() {
	grep -a 'P2MTEST-CORRUPT' "$DIR/$1.serial" | head -n 1 |
		sed -n "s/.* $2=\([^ ]*\).*/\1/p"
}

# bad_field NAME WHAT: the number before WHAT in the filter's bad-entry
# line ("unreadable struct pages", "pages in bad sections").
bad_field() {
	grep -a '^dump: filter: .*those pages kept' "$DIR/$1.serial" | head -n 1 |
		grep -oE "[0-9]+ $2" | cut -d' ' -f1
}

# under_third KEPT RAM: KEPT (may be empty) is under a third of RAM.
under_third() {
	[ -n "$1" ] && [ -n "$2" ] && [ $(($1 * 3)) -lt "$2" ]
}

# pfns_field OUT KEY: KEY's value in kdump_pfns's output OUT.
pfns_field() {
	sed -n "s/^$2 //p" "$1"
}

# filter_checks NAME KIND: the filter's console lines for the damage.
filter_checks() {
	local name=$1 kind=$2 kept ram line
	line=$(grep -a '^dump: filter: .*those pages kept' "$DIR/$name.serial")
	echo "INFO: $name: console: ${line:-no bad-entry line}"
	check "$name: the filter's line for what it could not read" [ -n "$line" ]
	check "$name: dump level 31 still filtered (free pages excluded)" \
		serial "$name" '^dump: filter: [0-9]+ of [0-9]+ RAM pages kept; excluded [1-9]'
	kept=$(sed -n 's/^dump: filter: \([0-9]*\) of \([0-9]*\) RAM.*/\1/p' "$DIR/$name.serial")
	ram=$(sed -n 's/^dump: filter: \([0-9]*\) of \([0-9]*\) RAM.*/\2/p' "$DIR/$name.serial")
	echo "INFO: $name: filter kept ${kept:-?} of ${ram:-?} RAM pages"
	check "$name: the filter kept under a third of RAM" under_third "$kept" "$ram"
	case $kind in
	pte)
		check "$name: a bad page-table entry: frame outside RAM" \
			serial "$name" '^dump: filter: [1-9][0-9]* bad page-table entries \([0-9]+ frame outside RAM\), 0 pages in bad sections' ;;
	pte-l4)
		check "$name: a bad page-table entry: reserved bits set" \
			serial "$name" '^dump: filter: [1-9][0-9]* bad page-table entries \([0-9]+ reserved bits set\), 0 pages in bad sections' ;;
	section)
		check "$name: a bad section, no bad page-table entry, 0 unreadable" \
			serial "$name" '^dump: filter: 0 bad page-table entries, [1-9][0-9]* pages in bad sections, 0 unreadable' ;;
	esac
}

# kept_checks NAME SAVE KIND: the frames the damaged entry covers are all
# in bitmap 2 and readable; for pte, the whole free block too (INFO).
kept_checks() {
	local name=$1 save=$2 kind=$3 pfn nr out=$DIR/$1.pfns block order what ram
	pfn=$(corrupt_field "$name" pfn)
	nr=$(corrupt_field "$name" nr)
	"$PFNS" "$save/vmcore" "$pfn" "$nr" >"$out"
	echo "INFO: $name: frames $pfn + $nr in the dump: $(tr '\n' ' ' <"$out")"
	ram=$(pfns_field "$out" ram)
	# A free block is all RAM; a section may end where RAM does.
	if [ "$kind" = section ]; then
		check "$name: the section has RAM (bitmap 1): $ram frames" [ "${ram:-0}" -gt 0 ]
	else
		check "$name: the $nr frames are RAM (bitmap 1)" [ "$ram" = "$nr" ]
	fi
	check "$name: all $ram kept (bitmap 2)" [ "$(pfns_field "$out" kept)" = "$ram" ]
	check "$name: all $ram readable" [ "$(pfns_field "$out" readable)" = "$ram" ]
	if [ "$kind" = section ]; then
		what='pages in bad sections'
	else
		what='unreadable struct pages'
	fi
	check "$name: the console's \"$what\" are these frames: $(bad_field "$name" "$what")" \
		[ "$(bad_field "$name" "$what")" = "$ram" ]
	[ "$kind" = section ] && return
	block=$(corrupt_field "$name" block)
	order=$(corrupt_field "$name" order)
	echo "INFO: $name: the free block $block + $((1 << order)) (head unreadable):" \
		"$("$PFNS" "$save/vmcore" "$block" $((1 << order)) | tr '\n' ' ')"
}

# makedumpfile_info NAME SAVE KIND: makedumpfile --dump-dmesg must read
# a dump with a bad PTE (makedumpfile 1.7.2 refuses any dump whose
# mem_section does not validate: for section, INFO only); makedumpfile
# -d 31 of it is only reported (1.7.2 fails on all of these: a bad PTE
# makes it index its input's bitmap far past the file and segfault).
makedumpfile_info() {
	local name=$1 save=$2 kind=$3 rc
	makedumpfile --dump-dmesg "$save/vmcore" "$save/dmesg.txt" \
		>"$DIR/$name.dump-dmesg.out" 2>&1
	rc=$?
	if [ "$kind" = section ]; then
		echo "INFO: $name: makedumpfile --dump-dmesg on it: status $rc" \
			"($(grep -a mem_section "$DIR/$name.dump-dmesg.out" | head -n 1))"
	else
		check "$name: makedumpfile --dump-dmesg reads it: the panic is there" \
			grep -qs 'sysrq triggered crash' "$save/dmesg.txt"
	fi
	rm -f "$save/refiltered"
	# In a subshell that waits for it: bash's "Segmentation fault" goes to the log.
	(makedumpfile -c -d 31 "$save/vmcore" "$save/refiltered"; exit $?) \
		>"$DIR/$name.makedumpfile.out" 2>&1
	rc=$?
	echo "INFO: $name: makedumpfile -c -d 31 on it: status $rc" \
		"($(grep -aE 'mem_section|bitmap|Failed' "$DIR/$name.makedumpfile.out" |
			head -n 2 | tr '\n' ' '))"
	rm -f "$save/refiltered"
}

# run KIND: one damaged guest, panicked, saved and checked.
run() {
	local kind=$1 name=corrupt-$1 what=${1%-l4} status img save opts=()
	# shellcheck disable=SC2054  # one argument: QEMU's CPU model
	[ "$kind" = pte-l4 ] && opts=(-C max,-la57)
	img=$DIR/$name.dump.img
	save=$DIR/$name.save
	"$here/run-guest.sh" -m 1024 -n "$name" -t 300 -i "$INITRD" "${opts[@]}" \
		-a "p2mcorrupt=$what" panic
	status=$?
	check "$name: armed" serial "$name" '^P2MTEST-ARMED'
	check "$name: the module damaged the $what entry" \
		serial "$name" "P2MTEST-CORRUPT what=$what pfn=[0-9]+ nr=[1-9]"
	grep -a 'P2MTEST-CORRUPT' "$DIR/$name.serial" | sed "s/^.*P2MTEST-/INFO: $name: /"
	check "$name: QEMU status $EXIT_OK (dump complete), got $status" [ "$status" = "$EXIT_OK" ]
	check "$name: the sysrq panic, no oops before it" clean_before_panic "$name"
	check "$name: the sysrq panic" serial "$name" 'Kernel panic - not syncing: sysrq triggered crash'
	check "$name: capture kernel says complete" serial "$name" '^dump: complete'
	filter_checks "$name" "$kind"
	if [ "$status" != "$EXIT_OK" ]; then
		rm -f "$img"
		return
	fi
	rm -rf "$save"
	check "$name: p2mdump save" "$CLI" save "$img" "$save"
	rm -f "$img"
	if [ -f "$save/vmcore" ]; then
		check "$name: saved as the kdump format" grep -qx "format: kdump" "$save/dump-info.txt"
		kept_checks "$name" "$save" "$kind"
		makedumpfile_info "$name" "$save" "$kind"
		"$here/check-crash.sh" -n -l "$name" -o "$DIR" "$VMLINUX" "$save/vmcore"
	fi
	rm -rf "$save"
}

linux_prepare corrupt build/corrupt-module/corrupt.ko build/tests/host/kdump_pfns || exit 1
for k in $KINDS; do
	run "$k"
done
