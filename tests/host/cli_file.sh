# shellcheck shell=bash
# Sourced by t_cli.sh (its fake sysfs, fake module, run, says, m): a dump
# file on the host's own filesystem (docs/targets.md, "A dump file").  The
# fake sysfs gets a virtio-blk disk vdh whose device number is that of the
# filesystem holding $D, and the fake mountinfo a line for it; load then
# really creates, fills, FIEMAPs and chattr +i's the file.  Checked: the
# map sent equals the file's bytes read back from the real disk at those
# sectors (O_DIRECT), the flags and target_dev sent, the immutable flag,
# reuse (a larger file kept), the trusted.p2mdump mark, a file a crash
# left (immutable, a dump in it: load clears the flag and refuses the
# unsaved dump, save clears it and marks the dump saved, load reuses it),
# `p2mdump estimate` (fake meminfo), the refusals (--size on a disk, --wipe, a
# directory, a symlink, tmpfs, an unknown filesystem, data=journal, an
# unsaved dump in the file, device-mapper, md, loop and a partition of a
# loop device, a device not in sysfs) and the undo of a
# refused load (a file load created is removed).

# file_section: everything above; skipped (with a note) on a host whose
# $D is not on ext2/3/4 or xfs on a block device.
file_section() {
	local hostdev real rname fstype start=0 size disksz fmi f=$D/crash/p2mdump.img
	hostdev=$(stat -c '%Hd:%Ld' "$D")
	real=$(readlink -f "/sys/dev/block/$hostdev" 2>/dev/null)
	rname=${real##*/}
	case $(stat -f -c %T "$D") in
	ext2/ext3) fstype=ext4 ;;
	xfs) fstype=xfs ;;
	*) fstype= ;;
	esac
	if [ -z "$fstype" ] || [ -z "$rname" ] || [ ! -b "/dev/$rname" ]; then
		echo "SKIP: dump file: $D is not on ext4/xfs on a block device here"
		return
	fi
	size=$(cat "$real/size")
	disksz=$size
	if [ -f "$real/partition" ]; then
		start=$(cat "$real/start")
		disksz=$(cat "$real/../size")
	fi
	pci "$S" 0000:00:0b.0 0x1af4 0x1042
	DISK_SECTORS=$disksz disk "$S" pci0000:00/0000:00:0b.0/virtio9 vdh 0
	if [ -f "$real/partition" ]; then
		part "$S" vdh vdh1 "$start" "$size"
		devno "$S" vdh1 "$hostdev"
	else
		devno "$S" vdh "$hostdev"
	fi
	fmi=$D/mi-file
	cp "$MI" "$fmi"
	echo "40 22 $hostdev / /host rw,relatime - $fstype /dev/$rname rw" >>"$fmi"
	export P2MDUMP_MOUNTINFO=$fmi
	mkdir -p "$D/crash"
	rm -f "$f"
	file_load "$f" "$start" "$rname" "$hostdev"
	file_refusals "$f" "$hostdev" "$fstype"
	unset P2MDUMP_MOUNTINFO
	chattr -i "$f" 2>/dev/null
	rm -rf "$D/crash"
}

# disk_bytes DEV MAP: the bytes at the "D+N" sectors of MAP on /dev/DEV.
disk_bytes() {
	local e
	for e in $2; do
		dd if="/dev/$1" iflag=direct,skip_bytes,count_bytes bs=1M \
			skip=$((${e%+*} * 512)) count=$((${e#*+} * 512)) status=none
	done
}

# file_load FILE START NAME MAJ:MIN: load creates FILE, sends its map.
file_load() {
	local f=$1 map sent
	m file-load load --target "$f" --size 8M
	check "file: load creates and arms $f ($RC)" [ "$RC" = 0 ]
	check "file: stderr only warns that 8 MiB may be too small" bash -c \
		"[ \$(wc -l <'$ERRF') = 1 ] && grep -q '^p2mdump: warning: target $f holds 8 MiB; a dump of every page' '$ERRF'"
	check "file: 8 MiB" [ "$(stat -c %s "$f")" = 8388608 ]
	check "file: immutable while armed" bash -c "lsattr '$f' | cut -c1-20 | grep -q i"
	check "file: flags POST_NOTIFIERS|TARGET_FILE|FILE_IMMUTABLE (14)" \
		grep -qx flags=14 "$STATE/load.txt"
	check "file: target_dev $4, its filesystem's device" \
		grep -qx "target_dev=$4" "$STATE/load.txt"
	map=$(sed -n 's/^dump file map (whole-disk sectors): //p' "$OUTF")
	sent=$(od -An -v -tu8 -w24 "$STATE/extents.bin" | awk '{ printf "%s%s+%s", NR > 1 ? " " : "", $2, $3 }')
	check "file: printed map '$map' is the one sent" [ -n "$map" ] && [ "$map" = "$sent" ]
	check "file: the map's first sector lies past the device's start ($2)" \
		[ "${map%%+*}" -ge "$2" ]
	if dd if="/dev/$3" iflag=direct bs=512 count=1 of=/dev/null status=none 2>/dev/null; then
		check "file: the disk at the map's sectors holds the file's bytes (ARMED header included)" \
			cmp <(disk_bytes "$3" "$map") "$f"
	else
		echo "SKIP: file: /dev/$3 cannot be read here: the map is not compared with the disk's bytes"
	fi
	check "file: the file starts with an ARMED p2mdump header" \
		bash -c "head -c 8 '$f' | grep -q P2MDUMP"
	check "file: marked as a dump file (trusted.p2mdump)" \
		python3 -c "import os, sys; sys.exit(os.getxattr('$f', 'trusted.p2mdump') != b'dump file')"
	m file-status status
	check "file: status names the dump file" has "$OUTF" "dump file: held open on $4; its blocks re-checked at every status and every 30 s"
	P2MDUMP_FAKE_DISARM=1 m file-status-disarmed status
	check "file: status after the module disarmed: exits 1 ($RC)" [ "$RC" = 1 ]
	check "file: ... and says why" has "$OUTF" \
		"armed: no (disarmed by the module: the dump file's blocks changed since load (see dmesg); p2mdump load again)"
	P2MDUMP_FAKE_DISARM=9 m file-status-disarmed9 status
	check "file: an unknown disarm reason: exits 1, says so" bash -c \
		"[ $RC = 1 ] && grep -qF 'armed: no (disarmed by the module: unknown reason (see dmesg))' '$OUTF'"
	m file-unload unload
	chattr -i "$f"	# the real module clears it; the fake one cannot
	m file-reuse load --target "$f" --size 4M
	check "file: reused; a larger file keeps its size ($RC)" bash -c \
		"[ $RC = 0 ] && [ \$(stat -c %s '$f') = 8388608 ]"
	m file-reuse-unload unload
	chattr -i "$f"
}

# file_refused NAME EXPECTED ARGS...: load ARGS refused, one line.
file_refused() {
	local name=$1 want=$2
	shift 2
	m "file-$name" load "$@"
	says "file: $name" 1 "$want"
	check "file: $name: one line" [ "$(wc -l <"$ERRF")" = 1 ]
	nothing_loaded "file: $name"
}

# file_refusals FILE MAJ:MIN FSTYPE: what load refuses for a dump file.
file_refusals() {
	local f=$1 dev=$2 jmi=$D/mi-journal shm
	file_refused size-disk "p2mdump: --size is for a dump file" --target /dev/vdb --size 8M
	file_refused wipe "p2mdump: --wipe is for disks: a dump file is load's own" --target "$f" --wipe
	file_refused dir "p2mdump: target $D/crash is not a regular file (a directory: name the file in it)" --target "$D/crash"
	ln -sf "$f" "$D/crash/link"
	file_refused symlink "p2mdump: target $D/crash/link is a symbolic link: name the file itself" --target "$D/crash/link"
	shm=$(mktemp -d /dev/shm/p2m-cli.XXXXXX)	# tmpfs
	file_refused tmpfs "p2mdump: target $shm/d.img is on tmpfs (in memory: the dump would not outlive the reboot): a dump file must be on ext4, ext3, ext2 or xfs" --target "$shm/d.img"
	check "file: tmpfs: nothing created" [ ! -e "$shm/d.img" ]
	rm -rf "$shm"
	file_refused proc "p2mdump: target /proc/p2m.img is on a filesystem p2mdump does not know: a dump file must be on ext4, ext3, ext2 or xfs" --target /proc/p2m.img
	sed "s|^40 22 $dev .*|40 22 $dev / /host rw - $3 /dev/x rw,data=journal|" "$P2MDUMP_MOUNTINFO" >"$jmi"
	P2MDUMP_MOUNTINFO=$jmi file_refused journal "mounted data=journal: file data goes through the journal first" --target "$D/crash/new.img"
	check "file: data=journal: nothing created" [ ! -e "$D/crash/new.img" ]
	"$MKDISK" disk "$D/crash/dump.img" "$D/core" || fail "file: mkdumpdisk"
	file_refused stale "p2mdump: target $D/crash/dump.img holds a complete dump (nonce $SNONCE, crashed at $SCRASH) that was never saved" --target "$D/crash/dump.img"
	m file-discard load --target "$D/crash/dump.img" --discard-dump --size 1M
	check "file: --discard-dump arms over it ($RC)" [ "$RC" = 0 ]
	m file-discard-unload unload
	chattr -i "$D/crash/dump.img"
	file_crashed "$D/crash/crashed.img"
	P2MDUMP_FAKE_ERRNO=5 m file-undo load --target "$D/crash/undo.img" --size 1M
	says "file: the module refuses" 1 "p2mdump: load failed: Input/output error"
	check "file: the file load created for it is removed" [ ! -e "$D/crash/undo.img" ]
	P2MDUMP_FAKE_ERRNO=5 m file-undo-old load --target "$f" --size 16M
	check "file: an existing file load grew stays, its old size back, not immutable" bash -c \
		"[ \$(stat -c %s '$f') = 8388608 ] && ! lsattr '$f' | cut -c1-20 | grep -q i"
	stacked "$f" "$dev" dm-7 dm "LVM/device-mapper (dm-crypt, LVM, multipath) is not supported"
	stacked "$f" "$dev" md127 md "md RAID is not supported"
	stacked "$f" "$dev" loop0 loop "a loop device is not supported"
	stacked "$f" "$dev" loop0p1 loop "a loop device is not supported" loop0
	rm "$S/dev/block/$dev"
	file_refused nosysfs "p2mdump: target $f: its filesystem's device $dev is not a block device in sysfs" --target "$f"
}

# file_crashed FILE: FILE as a crash leaves a dump file: a dump in it,
# marked, immutable.  save reads it, marks it saved and clears the flag
# (with a warning); load then reuses it.
file_crashed() {
	local f=$1
	"$MKDISK" disk "$f" "$D/core" || fail "file: mkdumpdisk"
	python3 -c "import os; os.setxattr('$f', 'trusted.p2mdump', b'dump file')"
	chattr +i "$f"
	m file-crashed-load load --target "$f" --size 1M
	says "file: crashed: load refuses the unsaved dump (after clearing the flag a crash left)" 1 \
		"holds a complete dump (nonce $SNONCE, crashed at $SCRASH) that was never saved"
	check "file: crashed: load warned it cleared the flag" has "$ERRF" \
		"p2mdump: warning: target $f was left immutable by a load that never unloaded (a crash): clearing the flag"
	chattr +i "$f"
	run file-crashed-save save "$f" "$D/out-crashed"
	check "file: crashed: save exits 0 ($RC)" [ "$RC" = 0 ]
	check "file: crashed: save cleared the flag, saying so" bash -c \
		"grep -qF 'p2mdump: warning: $f: cleared the immutable flag a load left' '$ERRF' &&
		 ! lsattr '$f' | cut -c1-20 | grep -q i"
	m file-crashed-reload load --target "$f" --size 1M
	check "file: crashed: load reuses the saved file ($RC)" [ "$RC" = 0 ]
	m file-crashed-unload unload
	chattr -i "$f"
	rm -rf "$D/out-crashed"
}

# stacked FILE MAJ:MIN NAME KIND WHY [PARENT]: FILE's filesystem device
# is block device NAME (sysfs marks it with a KIND/ directory, on NAME or
# on the disk PARENT it is a partition of): load refuses it by name.
stacked() {
	local f=$1 dev=$2 name=$3 kind=$4 why=$5 parent=${6:-$3}
	[ -e "$S/class/block/$parent" ] || {
		mkdir -p "$S/devices/virtual/block/$parent"
		ln -s "../../devices/virtual/block/$parent" "$S/class/block/$parent"
	}
	mkdir -p "$S/class/block/$parent/$kind"
	ln -sfn "../../class/block/$name" "$S/dev/block/$dev"
	file_refused "stacked-$name" "p2mdump: target $f is on $parent: $why; the dump file must be on a partition or whole disk the capture kernel drives" --target "$f"
	rmdir "$S/class/block/$parent/$kind"
}

# estimate_cases: `p2mdump estimate` on the fake system (2 GiB of
# RAM) with a fake /proc/meminfo: the three sizes, ELF's default the worst
# case, kdump's what filesize.h says; its refusals.
estimate_cases() {
	local mi=$D/meminfo worst meta def ram held
	printf 'MemTotal: 2000000 kB\nMemFree: 1500000 kB\nBuffers: 1000 kB\nCached: 200000 kB\nShmem: 50000 kB\nAnonPages: 100000 kB\n' >"$mi"
	P2MDUMP_MEMINFO=$mi run estimate-kdump estimate
	check "estimate: exits 0 ($RC)" [ "$RC" = 0 ]
	meta=$(sed -n 's/^metadata: \([0-9]*\) bytes.*/\1/p' "$OUTF")
	worst=$(sed -n 's/^worst: \([0-9]*\) bytes.*/\1/p' "$OUTF")
	def=$(sed -n 's/^default file size: \([0-9]*\) bytes.*/\1/p' "$OUTF")
	ram=$(sed -n 's/^RAM: [0-9]* MiB (\([0-9]*\) pages)$/\1/p' "$OUTF")
	check "estimate: kdump default = metadata + 2 x kept + 64 MiB (${def:-none})" \
		test -n "$def" -a "${def:-0}" = \
		"$(( ${meta:-0} + 2 * ((${ram:-0} * 4 - 1500000 - 1000 - 100000 - 150000) * 1024) + 64 * 1048576 ))"
	check "estimate: metadata < default < worst" test "${meta:-1}" -lt "${def:-0}" -a "${def:-1}" -lt "${worst:-0}"
	check "estimate: dump at level 31 = metadata + kept (uncompressed)" grep -q \
		"^dump at level 31: $(( ${meta:-0} + (${ram:-0} * 4 - 1500000 - 1000 - 100000 - 150000) * 1024 )) bytes" "$OUTF"
	held=$(sed -n 's/^memory held while armed: \([0-9]*\) bytes (\([0-9]*\) KiB; \([0-9]*\) capture kernel pages, a pool of \([0-9]*\) among them.*/\1 \2 \3 \4/p' "$OUTF")
	check "estimate: memory held while armed, from the loader core's count (${held:-none})" \
		bash -c "set -- $held; [ \$# = 4 ] && [ \$1 = \$((\$3 * 4096)) ] && [ \$2 = \$((\$1 / 1024)) ] && [ \$4 -gt 0 ] && [ \$3 -gt \$4 ]"
	P2MDUMP_MEMINFO=$mi run estimate-dl16 estimate --dump-level 16
	check "estimate --dump-level 16: only free pages left out" grep -q \
		"^dump at level 16: $(( ${meta:-0} + (${ram:-0} * 4 - 1500000) * 1024 )) bytes" "$OUTF"
	P2MDUMP_MEMINFO=$mi run estimate-dl2 estimate --dump-level 2
	check "estimate --dump-level 2: only the page cache (Cached - Shmem) left out" grep -q \
		"^dump at level 2: $(( ${meta:-0} + (${ram:-0} * 4 - 150000) * 1024 )) bytes" "$OUTF"
	P2MDUMP_MEMINFO=$mi run estimate-dl32 estimate --dump-level 32
	says "estimate --dump-level 32" 2 "p2mdump: estimate: --dump-level wants makedumpfile's -d, 0 to 31, not '32'"
	P2MDUMP_MEMINFO=$mi run estimate-dl-elf estimate --format elf --dump-level 1
	says "estimate --format elf --dump-level" 2 "p2mdump: estimate: --dump-level is for the kdump format (ELF keeps every page)"
	P2MDUMP_MEMINFO=$mi run estimate-image estimate --image "$CAPTURE"
	check "estimate --image build/capture.elf: the same count as next to p2mdump" \
		grep -qx "memory held while armed: $(set -- $held; echo "$1 bytes ($2 KiB; $3 capture kernel pages, a pool of $4") among them, with room for 0 helper CPUs, plus the module's transition page table)" "$OUTF"
	# the package's layout: /usr/sbin/p2mdump, /usr/lib/p2mdump/capture.elf
	mkdir -p "$D/inst/usr/sbin" "$D/inst/usr/lib/p2mdump"
	cp "$P2MDUMP" "$D/inst/usr/sbin/p2mdump"
	P2MDUMP_MEMINFO=$mi BIN=$D/inst/usr/sbin/p2mdump run estimate-inst-none estimate
	check "estimate, installed without the image: memory held unknown" grep -qx \
		"memory held while armed: unknown (no capture.elf next to p2mdump nor ../lib/p2mdump/capture.elf from it: --image FILE)" "$OUTF"
	cp "$CAPTURE" "$D/inst/usr/lib/p2mdump/capture.elf"
	P2MDUMP_MEMINFO=$mi BIN=$D/inst/usr/sbin/p2mdump run estimate-inst estimate
	check "estimate, installed: ../lib/p2mdump/capture.elf gives the same count" \
		grep -qx "memory held while armed: $(set -- $held; echo "$1 bytes ($2 KiB; $3 capture kernel pages, a pool of $4") among them, with room for 0 helper CPUs, plus the module's transition page table)" "$OUTF"
	# Six CPUs: room for five helpers, 40 + 5 * 53 pool pages more.
	P2MDUMP_MEMINFO=$mi P2MDUMP_CPUINFO=$D/cpuinfo-6 run estimate-helpers estimate
	held6=$(sed -n 's/^memory held while armed: [0-9]* bytes ([0-9]* KiB; [0-9]* capture kernel pages, a pool of \([0-9]*\) among them, with room for 5 helper CPUs,.*/\1/p' "$OUTF")
	check "estimate, six CPUs: room for 5 helpers, a pool 305 pages larger (${held6:-none})" \
		[ "${held6:-0}" = "$(( $(set -- $held; echo $4) + 40 + 5 * 53 ))" ]
	P2MDUMP_MEMINFO=$mi run estimate-noimage estimate --image "$D/no-such.elf"
	says "estimate --image missing" 1 "p2mdump: cannot read the capture kernel $D/no-such.elf: No such file or directory"
	P2MDUMP_MEMINFO=$mi run estimate-badimage estimate --image "$mi"
	check "estimate --image not an ELF: exits 1 with one line ($RC)" bash -c \
		"[ $RC = 1 ] && [ \$(wc -l <'$ERRF') = 1 ] && grep -q '^p2mdump: $mi: ' '$ERRF'"
	truncate -s "$meta" "$D/est-meta.img"
	truncate -s "$((meta - 1))" "$D/est-small.img"
	truncate -s "$def" "$D/est-def.img"
	truncate -s "$worst" "$D/est-worst.img"
	P2MDUMP_MEMINFO=$mi run estimate-small estimate --target "$D/est-small.img"
	check "estimate --target: a file under the metadata is too small" grep -qx \
		"target $D/est-small.img: dump file, $((meta - 1)) bytes (0 MiB): too small: under the metadata, load refuses it" "$OUTF"
	P2MDUMP_MEMINFO=$mi run estimate-meta estimate --target "$D/est-meta.img"
	check "estimate --target: the metadata exactly: small" grep -q \
		"^target $D/est-meta.img: dump file, $meta bytes (0 MiB): small: under the expected dump" "$OUTF"
	P2MDUMP_MEMINFO=$mi run estimate-def estimate --target "$D/est-def.img"
	check "estimate --target: the default size: enough for the expected dump" grep -q \
		"^target $D/est-def.img: dump file, $def bytes ([0-9]* MiB): big enough for the expected dump" "$OUTF"
	P2MDUMP_MEMINFO=$mi run estimate-worst estimate --target "$D/est-worst.img"
	check "estimate --target: the worst case: big enough" grep -q \
		"^target $D/est-worst.img: dump file, $worst bytes ([0-9]* MiB): big enough: holds the worst case" "$OUTF"
	P2MDUMP_MEMINFO=$mi run estimate-new estimate --target "$D/est-new.img"
	check "estimate --target: a new file gets the default size" grep -q \
		"^target $D/est-new.img: new dump file, $def bytes ([0-9]* MiB) as load makes it: big enough for the expected dump" "$OUTF"
	check "estimate --target: a new file is not made" [ ! -e "$D/est-new.img" ]
	P2MDUMP_MEMINFO=$mi run estimate-dir estimate --target "$D"
	says "estimate --target a directory" 1 "p2mdump: estimate: target $D: not a block device nor a regular file"
	P2MDUMP_MEMINFO=$mi run estimate-json estimate --json --target "$D/est-worst.img"
	JSON_TABLE=estimate-json-keys json_is "estimate --json" 'd["format"] == "kdump" and
		d["metadata_bytes"] == '"$meta"' and d["worst_bytes"] == '"$worst"' and
		d["default_file_bytes"] == '"$def"' and d["dump_level"] == 31 and
		d["dump_bytes"] < d["default_file_bytes"] and d["held_bytes"] == d["capture_pages"] * 4096 and
		d["target_kind"] == "dump file" and d["target_bytes"] == '"$worst"' and
		d["target_verdict"].startswith("big enough: holds")'
	P2MDUMP_MEMINFO=$mi run estimate-json-bare estimate --json --format elf
	JSON_TABLE=estimate-json-keys json_is "estimate --json, no target" 'd["format"] == "elf" and
		d["target"] is None and d["target_bytes"] is None and
		d["default_file_bytes"] == d["worst_bytes"] and d["dump_level"] is None and
		d["dump_bytes"] == d["worst_bytes"]'
	P2MDUMP_MEMINFO=$mi run estimate-elf estimate --format elf
	check "estimate --format elf: the default is the worst case" bash -c \
		"[ $RC = 0 ] && grep -Eq '^default file size: '\$(sed -n 's/^worst: \([0-9]*\) bytes.*/\1/p' '$OUTF')' bytes' '$OUTF'"
	run estimate-bad estimate --format raw
	says "estimate: a bad format" 2 "p2mdump: estimate: --format wants kdump or elf"
	printf 'MemFree: 1 kB\n' >"$mi"
	P2MDUMP_MEMINFO=$mi run estimate-meminfo estimate
	says "estimate: meminfo without the lines" 1 \
		"p2mdump: cannot read MemFree, Cached, Shmem, Buffers and AnonPages from $mi"
}

estimate_cases
file_section
