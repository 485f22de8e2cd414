#!/bin/bash
# The dump target is an extent map (include/p2mdump/extent_map.h): the
# harness hands the loader core a map (extents=D+N,...), the capture
# kernel checks it against the disk and writes the dump through it.
#  - three extents out of disk order, with gaps, their ends inside pages
#    (odd sector counts): a complete dump in both formats that, put back
#    together from the extents, `p2mdump save` and check_vmcore read; and
#    every byte of the disk outside the extents as it was (a pattern);
#  - a map reaching one sector past the disk: EXIT_DUMP_FAILED, the disk
#    byte for byte as it was;
#  - no map at all: EXIT_DUMP_FAILED, nothing written;
#  - a map too small for the dump: marked incomplete, what it holds
#    readable, nothing outside the map written.
set -u
. "$(dirname "$0")/lib.sh"

P2MDUMP=$ROOT/build/p2mdump
QEMU_TIMEOUT=${P2MDUMP_QEMU_TIMEOUT:-400}
D=$OUT/extents
SECTORS=$((200 * 2048))		# 200 MiB disks
rm -rf "$D" && mkdir -p "$D"

# The pristine disk: a text pattern, so that any stray write shows.
yes 'p2mdump t_extents: outside the map, untouched.' | head -c $((SECTORS * 512)) >"$D/orig.img"

orig_disk() { cp "$D/orig.img" "$D/disk.img"; }

# sorted_extents MAP: "disk_sector nr_sectors" per extent, in disk order.
sorted_extents() { tr ',' '\n' <<<"$1" | tr '+' ' ' | sort -n -k1,1; }

# outside_unchanged NAME MAP: every sector of disk.img in no extent of
# MAP (D+N,...) is as in orig.img; MAP must lie inside the disk.
outside_unchanged() {
	local at=0 d n bad=0
	while read -r d n; do
		[ "$d" -gt "$at" ] && ! cmp -s -i $((at * 512)):$((at * 512)) \
			-n $(((d - at) * 512)) "$D/disk.img" "$D/orig.img" && bad=1
		at=$((d + n))
	done < <(sorted_extents "$1")
	[ "$at" -lt "$SECTORS" ] && ! cmp -s -i $((at * 512)):$((at * 512)) \
		-n $(((SECTORS - at) * 512)) "$D/disk.img" "$D/orig.img" && bad=1
	check "$1: every sector outside the extents is unchanged" [ "$bad" = 0 ]
}

# reassemble MAP: the extents of disk.img, in logical order, as dump.img.
reassemble() {
	local e d n at=0
	rm -f "$D/dump.img"
	for e in ${1//,/ }; do
		d=${e%+*} n=${e#*+}
		dd if="$D/disk.img" of="$D/dump.img" bs=1M conv=notrunc status=none \
			iflag=skip_bytes,count_bytes oflag=seek_bytes \
			skip=$((d * 512)) count=$((n * 512)) seek=$((at * 512))
		at=$((at + n))
	done
}

# through NAME SEED FORMAT MAP: a 128 MiB harness dumps in FORMAT through
# MAP onto a fresh disk; sets STATUS, LOG; saves the reassembled dump
# into $D/NAME (SAVE_RC).
through() {
	local dir=$D/$1
	rm -rf "$dir" && mkdir -p "$dir"
	orig_disk
	HARNESS_EXTENTS="extents=$4" run_harness "extents-$1" 128M "$CAPTURE" \
		"seed=$2 dump append=format=$3" "$D/disk.img"
	reassemble "$4"
	"$P2MDUMP" save "$D/dump.img" "$dir" >"$dir/save.out" 2>&1
	SAVE_RC=$?
	rm -f "$D/dump.img"
}

# 30001 + 50003 + 220000 sectors (146 MiB): the first two end 512 bytes
# into a page, so requests split inside scatter entries.  Disk order:
# extent 1, extent 2, extent 0, with gaps before, between and after.
SCRAMBLED=350000+30001,2048+50003,100000+220000
for format in elf kdump; do
	through scrambled-$format 11 $format "$SCRAMBLED"
	check "scrambled, $format: EXIT_OK ($STATUS)" [ "$STATUS" = "$EXIT_OK" ]
	check "scrambled, $format: the harness passed 3 extents" \
		grep -q '^harness: extent map: 3 extents' "$LOG"
	check "scrambled, $format: the capture kernel took them" \
		grep -q "^dump: target: 3 extents, 300004 of the disk's $SECTORS sectors" "$LOG"
	check "scrambled, $format: save of the reassembled dump: complete, digest ok" \
		[ "$SAVE_RC" = 0 ]
	check "scrambled, $format: the header's disk_size is the map's 300004 sectors" \
		grep -qx "disk_size: $((300004 * 512))" "$D/scrambled-$format/dump-info.txt"
	vmcore_pages_ok "scrambled, $format" 11 "$D/scrambled-$format"
	outside_unchanged "$SCRAMBLED"
	rm -f "$D/scrambled-$format/vmcore"
done

# as_orig NAME: the whole disk is as orig_disk() left it.
as_orig() {
	check "$1: the disk image is unchanged" cmp -s "$D/disk.img" "$D/orig.img"
}

# One sector past the end of the disk: refused before any write.
orig_disk
HARNESS_EXTENTS="extents=1000+2000,$((SECTORS - 999))+1000" \
	run_harness extents-past-disk 128M "$CAPTURE" "seed=12 dump append=format=elf" \
	"$D/disk.img"
check "past the disk: EXIT_DUMP_FAILED ($STATUS)" [ "$STATUS" = "$EXIT_DUMP_FAILED" ]
check "past the disk: says why" \
	grep -q '^dump: FAILED: extent map reaches past the end of the device' "$LOG"
check "past the disk: names the extent" \
	grep -q "^dump: extent 1 of 2: logical 2000, disk $((SECTORS - 999)), 1000 sectors; the device has $SECTORS" "$LOG"
as_orig "past the disk"

# The same map, one sector shorter, fits exactly: the disk's last sector.
orig_disk
HARNESS_EXTENTS="extents=1000+2000,$((SECTORS - 1000))+1000" \
	run_harness extents-to-the-end 128M "$CAPTURE" "seed=12 dump append=format=elf" \
	"$D/disk.img"
check "to the disk's last sector: taken, then too small ($STATUS)" \
	[ "$STATUS" = "$EXIT_DUMP_INCOMPLETE" ]
outside_unchanged "1000+2000,$((SECTORS - 1000))+1000"

# No map: the loader core takes it (a boot-only load has none), the
# capture kernel refuses to dump.
orig_disk
HARNESS_EXTENTS= run_harness extents-none 128M "$CAPTURE" \
	"seed=13 dump append=format=elf" "$D/disk.img"
check "no map: EXIT_DUMP_FAILED ($STATUS)" [ "$STATUS" = "$EXIT_DUMP_FAILED" ]
check "no map: says why" grep -q '^dump: FAILED: no extent map' "$LOG"
as_orig "no map"

# A map of 40 MiB for a 128 MiB dump: as much as fits, marked so.
SMALL=300000+40000,1000+41920
through small 14 elf "$SMALL"
check "small map: EXIT_DUMP_INCOMPLETE ($STATUS)" [ "$STATUS" = "$EXIT_DUMP_INCOMPLETE" ]
check "small map: says so" grep -q 'INCOMPLETE: dump disk too small' "$LOG"
check "small map: save exits 3 (incomplete)" [ "$SAVE_RC" = 3 ]
check "small map: save reports the digest ok" \
	grep -q 'digest_check: ok' "$D/small/dump-info.txt"
vmcore_pages_ok "small map" 14 "$D/small"
outside_unchanged "$SMALL"
rm -rf "$D"
