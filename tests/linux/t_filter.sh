#!/bin/bash
# Page filtering against makedumpfile on real dumps (filter/, issue 9):
# Debian's kernel in QEMU holds some anonymous memory (transparent huge
# pages) and tmpfs file pages (guest-init.sh p2mload=), panics, p2mdump
# dumps it in full (--format elf), and on the host makedumpfile -d LEVEL writes a kdump-compressed
# file from the ELF vmcore.  tests/host/filter_vmcore runs filter/ on the
# same vmcore and compares its bitmap with makedumpfile's bitmap 2:
#
#   - no page makedumpfile keeps may be dropped by us, unless all zeroes
#   - we may keep at most MAX_EXTRA_PERMILLE more than makedumpfile keeps
#   - no bad page-table entry, the filter on, user, cache and free pages
#     found at -d 31 (the workload is there to be found)
#
# Once with 5-level paging (QEMU's -cpu max has LA57) and once with 4
# levels (-cpu max,-la57).  About 1.5 min under TCG, 2 x 1.1 GB of disk
# at most at a time; every big file is deleted.
#
#   P2MDUMP_FILTER_PAGING   "5 4" (default) or one of them
#   P2MDUMP_FILTER_LEVELS   dump levels compared (default "31 16 8 2")
#   P2MDUMP_FILTER_LOAD     p2mload= MiB (default 64)
set -u

here=$(cd "$(dirname "$0")" && pwd)
export P2MDUMP_ROOT=${P2MDUMP_ROOT:-$(cd "$here/../.." && pwd)}
. "$here/../guest/lib.sh"	# pass, fail, check, ROOT
. "$here/lib.sh"		# DIR, INITRD, CLI, linux_prepare

TOOL=$ROOT/build/tests/host/filter_vmcore
PAGING=${P2MDUMP_FILTER_PAGING:-5 4}
LEVELS=${P2MDUMP_FILTER_LEVELS:-31 16 8 2}
LOAD=${P2MDUMP_FILTER_LOAD:-64}
MAX_EXTRA_PERMILLE=50

# prepare: what linux_prepare checks, the comparison tool and makedumpfile.
prepare() {
	command -v makedumpfile >/dev/null || { fail "filter: no makedumpfile"; return 1; }
	linux_prepare filter build/tests/host/filter_vmcore
}

# field FILE KEY: the value of "KEY value" in filter_vmcore's output FILE.
field() {
	sed -n "s/^$2 //p" "$1" | head -n 1
}

# found_all OUT: free and cache pages, and half the workload's anonymous
# pages as user pages, in filter_vmcore's output OUT.
found_all() {
	[ "$(field "$1" excluded_free)" -gt 0 ] &&
		[ "$(field "$1" excluded_cache)" -gt 0 ] &&
		[ "$(field "$1" excluded_user)" -ge $((LOAD * 256 / 2)) ]
}

# compare NAME VMCORE LEVEL: makedumpfile -d LEVEL, then filter_vmcore -c.
compare() {
	local name=$1 vmcore=$2 level=$3 out kdump rc
	out=$DIR/$name.filter-d$level
	kdump=$DIR/$name.kdump-d$level
	rm -f "$kdump"
	makedumpfile -d "$level" -l "$vmcore" "$kdump" >"$out.makedumpfile" 2>&1
	check "$name -d $level: makedumpfile" [ -s "$kdump" ]
	"$TOOL" -d "$level" -c "$kdump" "$vmcore" >"$out"
	rc=$?
	rm -f "$kdump"
	check "$name -d $level: filter_vmcore ran (status $rc)" [ $rc = 0 ] || [ $rc = 2 ]
	check "$name -d $level: filter on" grep -qx "filter on" "$out"
	check "$name -d $level: no page makedumpfile keeps is dropped (got $(field "$out" dropped_by_us_kept_by_md))" \
		[ "$(field "$out" dropped_by_us_kept_by_md)" = 0 ]
	check "$name -d $level: at most $MAX_EXTRA_PERMILLE per mille kept extra (got $(field "$out" extra_permille))" \
		[ "$(field "$out" extra_permille)" -le $MAX_EXTRA_PERMILLE ]
	check "$name -d $level: no bad page-table entry" \
		[ "$(field "$out" bad_pgtable_entries)" = 0 ]
	echo "INFO: $name -d $level: RAM $(field "$out" ram), makedumpfile keeps" \
		"$(field "$out" md_kept), we keep $(field "$out" kept)," \
		"dropped-by-us-kept-by-it $(field "$out" dropped_by_us_kept_by_md)" \
		"(+$(field "$out" dropped_by_us_kept_by_md_zero) zero pages)," \
		"kept-by-us-dropped-by-it $(field "$out" kept_by_us_dropped_by_md)"
	[ "$level" = 31 ] &&
		check "$name -d 31: free, cache and at least half the workload's user pages found" \
			found_all "$out"
	return 0
}

# save_quiet IMAGE DIR OUT: p2mdump save IMAGE DIR, its output into OUT.
save_quiet() {
	"$CLI" save "$1" "$2" >"$3" 2>&1
}

# run PAGING: a panic with the workload, saved, compared at every level.
run() {
	local paging=$1 name=filter-l$1 status save cpu=()
	# shellcheck disable=SC2054  # one argument: QEMU's CPU model
	[ "$paging" = 4 ] && cpu=(-C max,-la57)
	save=$DIR/$name.save
	"$here/run-guest.sh" -m 1024 -n "$name" -t 300 -i "$INITRD" "${cpu[@]}" \
		-a "p2mload=$LOAD p2mopts=--format,elf" panic
	status=$?
	check "$name: QEMU status $EXIT_OK (dump complete), got $status" [ "$status" = "$EXIT_OK" ]
	grep -a '^P2MTEST-WORKLOAD' "$DIR/$name.serial" | sed "s/^/INFO: $name: /"
	rm -rf "$save"
	if [ -f "$DIR/$name.dump.img" ]; then
		check "$name: p2mdump save" save_quiet "$DIR/$name.dump.img" "$save" \
			"$DIR/$name.save.out"
	fi
	rm -f "$DIR/$name.dump.img"
	if [ -f "$save/vmcore" ]; then
		check "$name: $paging-level paging in the dump" paging_is "$save/vmcore" "$paging"
		for level in $LEVELS; do
			compare "$name" "$save/vmcore" "$level"
		done
	fi
	rm -rf "$save"
}

prepare || exit 1
for p in $PAGING; do
	run "$p"
done
