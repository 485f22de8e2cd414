#!/bin/bash
# The p2mdump command's load, status, unload and the hidden dump-elfcorehdr
# on the host, without p2mdump.ko: a fake sysfs tree (P2MDUMP_SYSFS), a fake
# /dev of regular files (P2MDUMP_DEV), fake /proc/iomem and /proc/kallsyms
# (P2MDUMP_IOMEM, P2MDUMP_KALLSYMS) and, for
# the module's side, build/tests/fake_module.so (LD_PRELOAD) answering the
# ioctls on a plain file given as P2MDUMP_DEVICE.  Checks the elfcorehdr
# with readelf, target resolution (block device node or PCI address;
# missing, read-only, partition, not virtio-blk, other PCI domain), a
# partition as the target (its disk's words, its own extent and checks,
# past the disk's end, on a disk not virtio-blk or held), the
# refusal of a target holding data (mounted, swap, holders, partitions,
# signatures; fake P2MDUMP_MOUNTINFO, P2MDUMP_MOUNTS, P2MDUMP_SWAPS) and
# --wipe, image checks,
# usage errors and the messages and exit statuses of each failure; and
# the dump disk's header at load: a dump never saved refused unless
# --discard-dump, the ARMED header and its nonce (also in nonce= and
# status).
set -u
. "$(dirname "$0")/lib.sh"

P2MDUMP=$ROOT/build/p2mdump
STATIC=$ROOT/build/p2mdump-static
FAKE_MODULE=$ROOT/build/tests/fake_module.so
CAPTURE=$ROOT/build/capture.elf
D=$OUT/cli

for b in "$P2MDUMP" "$STATIC" "$FAKE_MODULE" "$CAPTURE"; do
	if [ ! -e "$b" ]; then
		fail "cli: $b is missing (run make)"
		exit 1
	fi
done
if ! command -v readelf >/dev/null; then
	fail "cli: readelf is missing (binutils)"
	exit 1
fi
rm -rf "$D"
mkdir -p "$D"

PO=0xffff888000000000		# page_offset for every header here

# --- the fake system: 4 CPUs (cpu2 without notes), 4 GiB + 1 GiB of RAM
S=$D/sys
mk_sysfs() {
	local s=$1 cpu
	mkdir -p "$s/module/p2mdump" "$s/module/kernel/parameters" \
		"$s/kernel" "$s/devices/system/cpu/cpufreq" \
		"$s/devices/system/cpu/cpuidle" "$s/bus/pci/devices" \
		"$s/class/block"
	echo 0 >"$s/kernel/kexec_crash_loaded"
	echo N >"$s/module/kernel/parameters/crash_kexec_post_notifiers"
	echo "3f5e4000 1024" >"$s/kernel/vmcoreinfo"
	echo 0-3 >"$s/devices/system/cpu/online"
	for cpu in 0 1 2 3; do
		mkdir -p "$s/devices/system/cpu/cpu$cpu"
	done
	echo 3fc1a000 >"$s/devices/system/cpu/cpu0/crash_notes"
	echo 3fc3a000 >"$s/devices/system/cpu/cpu1/crash_notes"
	echo 3fc7a000 >"$s/devices/system/cpu/cpu3/crash_notes"
	for cpu in 0 1 3; do
		echo 856 >"$s/devices/system/cpu/cpu$cpu/crash_notes_size"
	done
}

# config FILE [legacy]: 256 bytes of PCI config space with a capability
# list: a virtio common-config vendor capability (cfg_type 1) at 0x50
# behind an MSI-X one at 0x40, or with "legacy" none (vendor cfg_type 5).
config() {
	local type='\001'
	[ "${2:-}" = legacy ] && type='\005'
	head -c 256 /dev/zero >"$1"
	printf '\020' | dd of="$1" bs=1 seek=6 conv=notrunc status=none
	printf '\100' | dd of="$1" bs=1 seek=52 conv=notrunc status=none
	printf '\021\120\000\000' | dd of="$1" bs=1 seek=64 conv=notrunc status=none
	printf "\\011\\000\\020$type" | dd of="$1" bs=1 seek=80 conv=notrunc status=none
}

# pci S DOMAIN:BUS:DEV.FN VENDOR DEVICE [legacy]: a PCI function in sysfs
# tree S, with config space (config()).
pci() {
	local s=$1 addr=$2
	local dir=$s/devices/pci${addr%%:*}:00/$addr
	mkdir -p "$dir"
	echo "$3" >"$dir/vendor"
	echo "$4" >"$dir/device"
	config "$dir/config" "${5:-}"
	ln -s "../../../devices/pci${addr%%:*}:00/$addr" \
		"$s/bus/pci/devices/$addr"
}

DISK_SECTORS=25165824		# 12 GiB: room for the fake system's dump

# disk S DIR NAME RO: block device NAME at DIR (relative to S/devices)
# whose "device" link points at DIR's parent directory; DISK_SECTORS.
disk() {
	local s=$1 dir=$2 name=$3 b=$1/devices/$2/block/$3
	mkdir -p "$b/holders"
	echo "$4" >"$b/ro"
	echo "$DISK_SECTORS" >"$b/size"
	ln -s "../../../${dir##*/}" "$b/device"
	ln -s "../../devices/$dir/block/$name" "$s/class/block/$name"
}

# devno S NAME MAJ:MIN: block device NAME's dev attribute and its
# dev/block/MAJ:MIN link in sysfs tree S.
devno() {
	mkdir -p "$1/dev/block"
	echo "$3" >"$1/class/block/$2/dev"
	ln -s "../../class/block/$2" "$1/dev/block/$3"
}

mk_sysfs "$S"
pci "$S" 0000:00:04.0 0x1af4 0x1001		# virtio-blk (legacy)
disk "$S" pci0000:00/0000:00:04.0/virtio2 vdb 0
pci "$S" 0000:00:05.0 0x1af4 0x1042		# virtio-blk (modern)
disk "$S" pci0000:00/0000:00:05.0/virtio3 vdc 0
mkdir -p "$S/devices/pci0000:00/0000:00:05.0/virtio3/block/vdc/vdc1"
echo 1 >"$S/devices/pci0000:00/0000:00:05.0/virtio3/block/vdc/vdc1/partition"
ln -s ../../devices/pci0000:00/0000:00:05.0/virtio3/block/vdc/vdc1 \
	"$S/class/block/vdc1"
pci "$S" 0000:00:06.0 0x1af4 0x1001		# read-only virtio-blk
disk "$S" pci0000:00/0000:00:06.0/virtio4 vdd 1
pci "$S" 0000:00:03.0 0x1af4 0x1000		# virtio-net
pci "$S" 0000:00:1f.2 0x8086 0x2922		# AHCI
disk "$S" pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0 sda 0
pci "$S" 0001:00:02.0 0x1af4 0x1001		# virtio-blk, PCI domain 1
disk "$S" pci0001:00/0001:00:02.0/virtio5 vde 0
mkdir -p "$S/devices/virtual/block/loop0"	# not on PCI
echo 0 >"$S/devices/virtual/block/loop0/ro"
ln -s ../../devices/virtual/block/loop0 "$S/class/block/loop0"

pci "$S" 0000:00:07.0 0x1af4 0x1001		# virtio-blk without a node
disk "$S" pci0000:00/0000:00:07.0/virtio6 vdf 0
pci "$S" 0000:00:08.0 0x1af4 0x1001		# virtio-blk, no driver bound
pci "$S" 0000:00:0a.0 0x1af4 0x1042		# virtio-blk with 2 partitions
disk "$S" pci0000:00/0000:00:0a.0/virtio7 vdg 0

# part S DISK NAME START SIZE: partition NAME of DISK in sysfs tree S,
# sectors START to START + SIZE.
part() {
	local link p
	link=$(readlink "$1/class/block/$2")/$3	# relative to class/block
	p=$1/class/block/$link
	mkdir -p "$p/holders"
	echo 1 >"$p/partition"
	echo 0 >"$p/ro"
	echo "$4" >"$p/start"
	echo "$5" >"$p/size"
	ln -s "$link" "$1/class/block/$3"
}
VDG2_START=133120
VDG2_SECTORS=$((DISK_SECTORS - VDG2_START - 2048))
part "$S" vdg vdg1 2048 131072
part "$S" vdg vdg2 "$VDG2_START" "$VDG2_SECTORS"
part "$S" sda sda1 2048 4096			# a partition, not on virtio-blk
part "$S" loop0 loop0p1 2048 4096		# a partition, not on PCI

# The fake /dev (P2MDUMP_DEV): a regular file there stands for the block
# device node of its name, and its contents for the disk's.
DEVD=$D/dev
mkdir -p "$DEVD/disk/by-path"
for n in vdb vdc vdc1 vdd sda vde loop0 vdg vdg1 vdg2 sda1 loop0p1; do
	: >"$DEVD/$n"
done
ln -s ../../vdb "$DEVD/disk/by-path/virtio-pci-0000:00:04.0"
mkdir -p "$S/devices/pci0000:00/0000:00:05.0/virtio3/block/vdc/vdc1/holders"
devno "$S" vdb 252:16
devno "$S" vdc 252:32
devno "$S" vdc1 252:33
devno "$S" vdd 252:48
devno "$S" vdf 252:80
devno "$S" vdg 252:96
devno "$S" vdg1 252:97
devno "$S" vdg2 252:98
# vdb has the serial "p2m-dump" (sysfs adds no newline); vdc has none.
printf p2m-dump >"$S/class/block/vdb/serial"
VDB_ID="disk_id=1af4:1001 disk_sectors=$DISK_SECTORS disk_serial=70326d2d64756d70"
VDC_ID="disk_id=1af4:1042 disk_sectors=$DISK_SECTORS"
VDG_ID="disk_id=1af4:1042 disk_sectors=$DISK_SECTORS"

# The fake /proc/self/mountinfo, /proc/mounts and /proc/swaps: only vdd
# (read-only) is mounted, swap is a file.
MI=$D/mountinfo
cat >"$MI" <<'EOF'
22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/root rw
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
24 22 252:48 / /mnt/ro ro,relatime shared:2 - ext4 /dev/vdd ro
EOF
printf '/dev/root / ext4 rw 0 0\nproc /proc proc rw 0 0\n/dev/vdd /mnt/ro ext4 ro 0 0\n' \
	>"$D/mounts"
SWAPHDR='Filename				Type		Size		Used		Priority'
printf '%s\n/swapfile file 1048572 0 -2\n' "$SWAPHDR" >"$D/swaps"

IOMEM=$D/iomem
cat >"$IOMEM" <<'EOF'
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000f0000-000fffff : System ROM
00100000-3ffdffff : System RAM
  0a000000-0b0fffff : Kernel code
  0b200000-0b8fffff : Kernel rodata
  0ba00000-0bc7ffff : Kernel data
  0c000000-0c3fffff : Kernel bss
3ffe0000-3fffffff : Reserved
fd000000-fdffffff : PCI Bus 0000:00
  fd000000-fdffffff : 0000:00:02.0
100000000-13fffffff : System RAM
EOF
KALLSYMS=$D/kallsyms
cat >"$KALLSYMS" <<'EOF'
0000000000000000 A fixed_percpu_data
ffffffff81000000 T _text
ffffffff81000000 T _stext
ffffffff81001000 T do_one_initcall
ffffffff83400000 B _end
ffffffffc0001000 t p2mdump_ioctl	[p2mdump]
EOF

export P2MDUMP_SYSFS=$S P2MDUMP_IOMEM=$IOMEM P2MDUMP_KALLSYMS=$KALLSYMS P2MDUMP_DEV=$DEVD
export P2MDUMP_MOUNTINFO=$MI P2MDUMP_MOUNTS=$D/mounts P2MDUMP_SWAPS=$D/swaps
export P2MDUMP_PAGE_OFFSET=$PO
# One CPU: load adds no helper-CPU words but where a case says otherwise.
printf 'processor\t: 0\napicid\t\t: 0\ninitial apicid\t: 0\n\n' >"$D/cpuinfo-1"
export P2MDUMP_CPUINFO=$D/cpuinfo-1
unset P2MDUMP_IMAGE P2MDUMP_DEVICE P2MDUMP_FAKE_STATE P2MDUMP_FAKE_ERRNO \
	P2MDUMP_FAKE_VERSION P2MDUMP_FAKE_PAGE_OFFSET LD_PRELOAD

# run NAME ARGS...: runs p2mdump ARGS; sets RC, OUTF, ERRF.  $BIN picks
# another binary, $WRAP a wrapper (valgrind).
run() {
	local name=$1
	shift
	OUTF=$D/$name.out
	ERRF=$D/$name.err
	${WRAP:-} "${BIN:-$P2MDUMP}" "$@" >"$OUTF" 2>"$ERRF"
	RC=$?
	echo "--- $name: p2mdump $*: exit $RC"
	sed 's/^/    /' "$OUTF" "$ERRF"
}

# has FILE TEXT: FILE holds the fixed string TEXT.
has() {
	grep -qF -- "$2" "$1"
}

# says NAME RC MESSAGE: the last run exited RC and printed MESSAGE.
says() {
	check "$1: exits $2 ($RC)" [ "$RC" = "$2" ]
	check "$1: says '$3'" has "$ERRF" "$3"
}

# json_is NAME EXPR: the last run printed one JSON object whose keys are
# exactly docs/linux.md's "status --json" table ($JSON_TABLE: another
# table's marker), and python EXPR holds of it (as d).
JSON_DOC=$ROOT/docs/linux.md
json_is() {
	check "$1: JSON with the documented keys, $2" python3 -c '
import json, re, sys
doc = open(sys.argv[1]).read()
name = sys.argv[4]
table = doc.split("<!-- %s: begin -->" % name)[1].split("<!-- %s: end -->" % name)[0]
keys = re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.M)
d = json.load(open(sys.argv[2]))
if list(d) != keys:
	sys.exit("keys %s, documented %s" % (list(d), keys))
if not eval("(" + sys.argv[3] + ")"):
	sys.exit("false: " + sys.argv[3])' "$JSON_DOC" "$OUTF" "$2" \
		"${JSON_TABLE:-status-json-keys}"
}

# phdrs FILE: "TYPE vaddr paddr size" per program header, hex without
# padding; FAIL lines unless every p_offset equals p_paddr.
phdrs() {
	readelf -lW "$1" | while read -r type off vaddr paddr filesz memsz _; do
		case $type in NOTE|LOAD) ;; *) continue ;; esac
		[ "$((off))" = "$((paddr))" ] && [ "$((filesz))" = "$((memsz))" ] ||
			echo "bad: $type offset $off paddr $paddr"
		printf '%s %x %x %x\n' "$type" "$((vaddr))" "$((paddr))" \
			"$((filesz))"
	done
}

# hdr_is NAME FILE EXPECTED: FILE's program headers are EXPECTED.
hdr_is() {
	phdrs "$2" >"$D/$1.phdrs"
	printf '%s\n' "$3" >"$D/$1.expected"
	if diff -u "$D/$1.expected" "$D/$1.phdrs"; then
		pass "$1: program headers"
	else
		fail "$1: program headers differ (above)"
	fi
}

NOTES='NOTE 0 3fc1a000 358
NOTE 0 3fc3a000 358
NOTE 0 3fc7a000 358
NOTE 0 3f5e4000 1024'
KTEXT='LOAD ffffffff81000000 a000000 2400000'
RAM='LOAD ffff888000001000 1000 9ec00
LOAD ffff888000100000 100000 3fee0000
LOAD ffff888100000000 100000000 40000000'

# --- usage errors: exit 2
run usage-none
says "usage: no command" 2 "usage: p2mdump COMMAND"
run usage-unknown frobnicate
says "usage: unknown command" 2 "p2mdump: unknown command 'frobnicate'"
run usage-help --help
check "usage: --help exits 0" [ "$RC" = 0 ]
check "usage: --help lists load, status, unload, save" bash -c \
	"grep -q 'p2mdump load ' '$OUTF' && grep -q 'p2mdump status' '$OUTF' &&
	 grep -q 'p2mdump unload' '$OUTF' && grep -q 'p2mdump save ' '$OUTF'"
check "usage: --help hides dump-elfcorehdr" bash -c "! grep -q dump-elfcorehdr '$OUTF'"
run load-no-target load
says "usage: load without --target" 2 "p2mdump: load needs --target DEV, the dump disk"
run load-bad-option load --target /dev/vdb --bogus
says "usage: load --bogus" 2 "p2mdump: load: unknown option --bogus"
run load-no-arg load --target
says "usage: load --target without DEV" 2 "p2mdump: load: --target needs an argument"
run load-bad-pool load --target /dev/vdb --pool 12x
says "usage: load --pool 12x" 2 "p2mdump: --pool wants a number of pages from 1 to 4294967295, not '12x'"
run load-zero-pool load --target /dev/vdb --pool 0
says "usage: load --pool 0" 2 "not '0'"
run load-operand load --target /dev/vdb extra
says "usage: load with an operand" 2 "p2mdump: load: unexpected argument 'extra'"
run load-out load --target /dev/vdb --out "$D/x"
says "usage: load --out (dump-elfcorehdr only)" 2 "p2mdump: load: unknown option --out"
run load-help load --help
check "usage: load --help exits 0 with the usage" \
	bash -c "[ $RC = 0 ] && grep -q 'usage: p2mdump load' '$OUTF'"
check "usage: load --help explains --wipe" grep -q -- '--wipe: aim the dump at DEV' "$OUTF"
check "usage: load --help: --image is for development" \
	grep -q -- '--image: development only: arm the capture kernel FILE instead of the' "$OUTF"
run status-arg status now
says "usage: status with an argument" 2 "p2mdump: status takes no arguments but [--json] (got 'now')"
run unload-arg unload all
says "usage: unload with an argument" 2 "p2mdump: unload takes no arguments (got 'all')"
run dump-no-out dump-elfcorehdr
says "usage: dump-elfcorehdr without --out" 2 "p2mdump: dump-elfcorehdr needs --out FILE"

# --- no module: /dev/p2mdump or sysfs module/p2mdump missing
NOMOD=$D/sys-nomod
mk_sysfs "$NOMOD"
rmdir "$NOMOD/module/p2mdump"
MODMSG="p2mdump: the p2mdump module is not loaded (modprobe p2mdump)"
P2MDUMP_SYSFS=$NOMOD P2MDUMP_DEVICE=$D/no-such-dev run nomod-load \
	load --image "$CAPTURE" --target /dev/vdb
says "no module: load" 1 "$MODMSG"
P2MDUMP_SYSFS=$NOMOD P2MDUMP_DEVICE=$D/no-such-dev run nomod-status status
says "no module: status" 1 "$MODMSG"
P2MDUMP_SYSFS=$NOMOD P2MDUMP_DEVICE=$D/no-such-dev run nomod-unload unload
says "no module: unload" 1 "$MODMSG"
: >"$D/dev-file"
P2MDUMP_SYSFS=$NOMOD P2MDUMP_DEVICE=$D/dev-file run nomod-sysfs status
says "no module: device node but no sysfs module/p2mdump" 1 "$MODMSG"
P2MDUMP_DEVICE=$D/no-such-dev run nomod-dev status
says "no module: sysfs module/p2mdump but no device node" 1 "$MODMSG"
run nomod-default status
check "no module: the real /dev/p2mdump is absent here: module error" \
	bash -c "[ -e /dev/p2mdump ] || { [ $RC = 1 ] && grep -qF '$MODMSG' '$ERRF'; }"
P2MDUMP_DEVICE=$D/dev-file run nomod-ioctl status
says "fake device without the module behind it: status" 1 \
	"p2mdump: cannot read the status from $D/dev-file: Inappropriate ioctl for device"

# --- dump-elfcorehdr on the fake system
H=$D/hdr
run dump dump-elfcorehdr --out "$H"
check "dump: exits 0 ($RC)" [ "$RC" = 0 ]
check "dump: nothing on stderr" [ ! -s "$ERRF" ]
check "dump: an ELF64 core file" bash -c \
	"readelf -hW '$H' | grep -q 'CORE (Core file)' &&
	 readelf -hW '$H' | grep -q 'Advanced Micro Devices X86-64'"
hdr_is dump "$H" "$NOTES
$KTEXT
$RAM"
check "dump: nr_cpus 4, crash_notes by CPU number, 0 for cpu2" bash -c \
	"grep -qx 'nr_cpus: 4' '$OUTF' &&
	 grep -qx 'crash_notes\[0\]: 0x3fc1a000' '$OUTF' &&
	 grep -qx 'crash_notes\[1\]: 0x3fc3a000' '$OUTF' &&
	 grep -qx 'crash_notes\[2\]: 0x0' '$OUTF' &&
	 grep -qx 'crash_notes\[3\]: 0x3fc7a000' '$OUTF'"
BIN=$STATIC run dump-static dump-elfcorehdr --out "$D/hdr-static"
check "static: p2mdump-static has no dynamic section" \
	bash -c "readelf -d '$STATIC' | grep -q 'no dynamic section'"
check "static: builds the same elfcorehdr" cmp "$H" "$D/hdr-static"

PO2=0xffff9a4cc0000000
P2MDUMP_PAGE_OFFSET=$PO2 run dump-kaslr dump-elfcorehdr --out "$D/hdr-kaslr"
hdr_is dump-kaslr "$D/hdr-kaslr" "$NOTES
$KTEXT
LOAD ffff9a4cc0001000 1000 9ec00
LOAD ffff9a4cc0100000 100000 3fee0000
LOAD ffff9a4dc0000000 100000000 40000000"

P2MDUMP_PAGE_OFFSET= run dump-no-po dump-elfcorehdr --out "$D/hdr-no-po"
check "dump: no P2MDUMP_PAGE_OFFSET: exits 0 with a warning" bash -c \
	"[ $RC = 0 ] && grep -qF 'P2MDUMP_PAGE_OFFSET is not set' '$ERRF'"
hdr_is dump-no-po "$D/hdr-no-po" "$NOTES
$KTEXT
LOAD 0 1000 9ec00
LOAD 0 100000 3fee0000
LOAD 0 100000000 40000000"
P2MDUMP_PAGE_OFFSET=0xfffz run dump-bad-po dump-elfcorehdr --out "$D/x"
says "dump: bad P2MDUMP_PAGE_OFFSET" 1 "p2mdump: P2MDUMP_PAGE_OFFSET is not a number: '0xfffz'"

# iomem variants: iomem NAME CONTENT: writes $D/iomem-NAME, sets IOM.
iomem() {
	IOM=$D/iomem-$1
	printf '%s\n' "$2" >"$IOM"
}
iomem unsorted "100000000-13fffffff : System RAM
00100000-3ffdffff : System RAM
  0a000000-0b0fffff : Kernel code
00001000-0009fbff : System RAM"
P2MDUMP_IOMEM=$IOM run iomem-unsorted dump-elfcorehdr --out "$D/hdr-unsorted"
check "iomem: unsorted ranges: exits 0 ($RC)" [ "$RC" = 0 ]
hdr_is iomem-unsorted "$D/hdr-unsorted" "$NOTES
$KTEXT
$RAM"

iomem nested "00001000-0009fbff : System RAM
00100000-3ffdffff : reserved-but-not-ram
  00100000-3ffdffff : System RAM
  0a000000-0b0fffff : Kernel code"
P2MDUMP_IOMEM=$IOM run iomem-nested dump-elfcorehdr --out "$D/hdr-nested"
hdr_is iomem-nested "$D/hdr-nested" "$NOTES
$KTEXT
LOAD ffff888000001000 1000 9ec00"

iomem zero "00000000-00000000 : Reserved
00000000-00000000 : System RAM
  00000000-00000000 : Kernel code
00000000-00000000 : System RAM"
P2MDUMP_IOMEM=$IOM run iomem-zero dump-elfcorehdr --out "$D/x"
says "iomem: all addresses zero (not root)" 1 "p2mdump: $IOM shows no addresses: run as root"
iomem no-ram "00000000-00000fff : Reserved
000a0000-000bffff : PCI Bus 0000:00"
P2MDUMP_IOMEM=$IOM run iomem-no-ram dump-elfcorehdr --out "$D/x"
says "iomem: no System RAM" 1 "p2mdump: $IOM has no System RAM ranges"
iomem garbage "00001000-0009fbff : System RAM
this is not iomem"
P2MDUMP_IOMEM=$IOM run iomem-garbage dump-elfcorehdr --out "$D/x"
says "iomem: malformed line" 1 "p2mdump: $IOM:2: not a \"start-end : name\" line"
iomem overlap "00001000-0009fbff : System RAM
00090000-3ffdffff : System RAM"
P2MDUMP_IOMEM=$IOM run iomem-overlap dump-elfcorehdr --out "$D/x"
says "iomem: overlapping ranges" 1 "p2mdump: $IOM: System RAM ranges overlap at 0x90000"
P2MDUMP_IOMEM=$D/no-iomem run iomem-missing dump-elfcorehdr --out "$D/x"
says "iomem: missing file" 1 "p2mdump: cannot open $D/no-iomem: No such file or directory"
iomem no-kcode "00001000-0009fbff : System RAM"
P2MDUMP_IOMEM=$IOM run iomem-no-kcode dump-elfcorehdr --out "$D/hdr-no-kcode"
check "iomem: no Kernel code: warns, exits 0" bash -c "[ $RC = 0 ] &&
	grep -qF 'p2mdump: warning: no kernel text PT_LOAD: $IOM has no \"Kernel code\" range' '$ERRF'"
hdr_is iomem-no-kcode "$D/hdr-no-kcode" "$NOTES
LOAD ffff888000001000 1000 9ec00"

# kallsyms variants
printf '0000000000000000 T _stext\n0000000000000000 B _end\n' >"$D/kallsyms-zero"
P2MDUMP_KALLSYMS=$D/kallsyms-zero run kallsyms-zero dump-elfcorehdr --out "$D/hdr-ks0"
check "kallsyms: zero addresses: warns, exits 0" bash -c "[ $RC = 0 ] &&
	grep -qF 'no kernel text PT_LOAD: $D/kallsyms-zero shows no addresses' '$ERRF'"
hdr_is kallsyms-zero "$D/hdr-ks0" "$NOTES
$RAM"
printf 'ffffffff81000000 T _stext\nffffffff81001000 T do_one_initcall\n' >"$D/kallsyms-noend"
P2MDUMP_KALLSYMS=$D/kallsyms-noend run kallsyms-noend dump-elfcorehdr --out "$D/hdr-ksne"
check "kallsyms: no _end (text symbols only): exits 0 quietly" \
	bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
hdr_is kallsyms-noend "$D/hdr-ksne" "$NOTES
LOAD ffffffff81000000 a000000 2400000
$RAM"
printf 'ffffffff81001000 T do_one_initcall\n' >"$D/kallsyms-nostext"
P2MDUMP_KALLSYMS=$D/kallsyms-nostext run kallsyms-nostext dump-elfcorehdr --out "$D/hdr-ksns"
check "kallsyms: no _stext: warns, no kernel text" bash -c "[ $RC = 0 ] &&
	grep -qF 'no kernel text PT_LOAD: $D/kallsyms-nostext has no _stext' '$ERRF'"
P2MDUMP_KALLSYMS=$D/no-kallsyms run kallsyms-missing dump-elfcorehdr --out "$D/hdr-ksm"
check "kallsyms: missing: warns, no kernel text" bash -c "[ $RC = 0 ] &&
	grep -qF 'no kernel text PT_LOAD: cannot open $D/no-kallsyms' '$ERRF'"
hdr_is kallsyms-missing "$D/hdr-ksm" "$NOTES
$RAM"

# notes variants
S2=$D/sys-notes
mk_sysfs "$S2"
rm "$S2/kernel/vmcoreinfo"
P2MDUMP_SYSFS=$S2 run no-vmcoreinfo dump-elfcorehdr --out "$D/hdr-novmci"
check "notes: no vmcoreinfo: warns, exits 0" bash -c "[ $RC = 0 ] &&
	grep -qF 'p2mdump: warning: no $S2/kernel/vmcoreinfo' '$ERRF'"
hdr_is no-vmcoreinfo "$D/hdr-novmci" "$(head -n 3 <<<"$NOTES")
$KTEXT
$RAM"
rm "$S2"/devices/system/cpu/cpu*/crash_notes*
P2MDUMP_SYSFS=$S2 run no-crash-notes dump-elfcorehdr --out "$D/hdr-nonotes"
check "notes: no crash_notes: warns, nr_cpus 0" bash -c "[ $RC = 0 ] &&
	grep -qF 'p2mdump: warning: no CPU has crash_notes in $S2/devices/system/cpu' '$ERRF' &&
	grep -qx 'nr_cpus: 0' '$OUTF'"
hdr_is no-crash-notes "$D/hdr-nonotes" "$KTEXT
$RAM"
S3=$D/sys-badnotes
mk_sysfs "$S3"
echo "zz" >"$S3/devices/system/cpu/cpu1/crash_notes"
P2MDUMP_SYSFS=$S3 run bad-crash-notes dump-elfcorehdr --out "$D/x"
says "notes: malformed crash_notes" 1 \
	"p2mdump: $S3/devices/system/cpu/cpu1/crash_notes: expected a non-zero hex number, found 'zz'"
mk_sysfs "$S3"
rm "$S3/devices/system/cpu/cpu3/crash_notes_size"
P2MDUMP_SYSFS=$S3 run no-notes-size dump-elfcorehdr --out "$D/x"
says "notes: crash_notes without crash_notes_size" 1 \
	"p2mdump: cannot read $S3/devices/system/cpu/cpu3/crash_notes_size: No such file or directory"
mk_sysfs "$S3"
echo "3f5e4000" >"$S3/kernel/vmcoreinfo"
P2MDUMP_SYSFS=$S3 run bad-vmcoreinfo dump-elfcorehdr --out "$D/x"
says "notes: malformed vmcoreinfo" 1 "p2mdump: $S3/kernel/vmcoreinfo: not \"ADDRESS SIZE\" in hex"
mk_sysfs "$S3"
mkdir -p "$S3/devices/system/cpu/cpu300"
echo 3fd00000 >"$S3/devices/system/cpu/cpu300/crash_notes"
echo 856 >"$S3/devices/system/cpu/cpu300/crash_notes_size"
P2MDUMP_SYSFS=$S3 run too-many-cpus dump-elfcorehdr --out "$D/x"
says "notes: CPU 300" 1 "p2mdump: CPU 300 has crash notes, but p2mdump handles CPUs 0 to 255 only"

# --- target resolution
# target NAME DEV [ARGS...]: dump-elfcorehdr --target DEV.
target() {
	local name=$1 dev=$2
	shift 2
	run "target-$name" dump-elfcorehdr --out "$D/x" --target "$dev" "$@"
}
# target_ok NAME DEV CMDLINE [ARGS...]
target_ok() {
	local name=$1 dev=$2 cmdline=$3
	shift 3
	target "$name" "$dev" "$@"
	check "target $dev: exits 0 ($RC)" [ "$RC" = 0 ]
	check "target $dev: cmdline '$cmdline'" grep -qxF "cmdline: $cmdline" "$OUTF"
}
target_ok vdb /dev/vdb "format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID"
check "target /dev/vdb: nothing on stderr" [ ! -s "$ERRF" ]
target_ok vdb-name vdb "format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID"
target_ok pci-long 0000:00:04.0 "format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID"
target_ok pci-short 00:04.0 "format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID"
target_ok append /dev/vdb "console=ttyS0 nobatch format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID" \
	--append "console=ttyS0 nobatch"
target_ok modern /dev/vdc "format=kdump compress=lzo dump_level=31 disk=00:05.0 $VDC_ID" --wipe
check "target /dev/vdc --wipe: warns about its partitions" has "$ERRF" \
	"p2mdump: warning: --wipe: target /dev/vdc has a partition table (partition vdc1): a dump destroys it"
target partition-no-start /dev/vdc1
says "target partition without a start in sysfs" 1 \
	"p2mdump: target /dev/vdc1: cannot read its start (sysfs class/block/vdc1/start)"

# --- a partition as the target: its disk's words, its own checks
VDG2_CMD="format=kdump compress=lzo dump_level=31 disk=00:0a.0 $VDG_ID"
# mounts_of NAME LINE: $D/NAME, the base mountinfo and LINE; sets F.
mounts_of() {
	F=$D/$1
	{ cat "$MI"; printf '%s\n' "$2"; } >"$F"
}
mounts_of mi-vdg1 "43 22 252:97 / /srv rw,relatime shared:8 - ext2 /dev/vdg1 rw"
P2MDUMP_MOUNTINFO=$F target_ok part /dev/vdg2 "$VDG2_CMD"
check "target /dev/vdg2, vdg1 mounted: nothing on stderr" [ ! -s "$ERRF" ]
P2MDUMP_MOUNTINFO=$F target_ok part-name vdg2 "$VDG2_CMD"
target part-disk /dev/vdg
says "target: the whole disk of a partition target is still refused" 1 \
	"p2mdump: target /dev/vdg has a partition table (partition vdg"
mounts_of mi-vdg2 "44 22 252:98 / /srv rw,relatime shared:9 - ext2 /dev/vdg2 rw"
P2MDUMP_MOUNTINFO=$F target part-mounted /dev/vdg2
says "target: a mounted partition" 1 \
	"p2mdump: target /dev/vdg2 has vdg2 mounted on /srv: it is in use, a dump would destroy it (not even --wipe allows that)"
printf '%s\n/dev/vdg2 partition 1048572 0 -2\n' "$SWAPHDR" >"$D/swaps-vdg2"
P2MDUMP_SWAPS=$D/swaps-vdg2 target part-swap /dev/vdg2
says "target: a partition in use as swap" 1 \
	"p2mdump: target /dev/vdg2 has vdg2 in use as swap: it is in use"
printf '%s\n/dev/vdg1 partition 1048572 0 -2\n' "$SWAPHDR" >"$D/swaps-vdg1"
P2MDUMP_SWAPS=$D/swaps-vdg1 target part-swap-other /dev/vdg2
check "target: swap on the other partition: accepted ($RC)" [ "$RC" = 0 ]
mkdir "$S/class/block/vdg2/holders/dm-1"
target part-holder /dev/vdg2
says "target: a partition held by dm" 1 \
	"p2mdump: target /dev/vdg2 has vdg2 held by dm-1 (md, dm or LVM): it is in use"
rmdir "$S/class/block/vdg2/holders/dm-1"
mkdir "$S/class/block/vdg/holders/md1"
target part-disk-holder /dev/vdg2 --wipe
says "target: a partition of a disk held by md, even --wipe" 1 \
	"p2mdump: target /dev/vdg2 has vdg held by md1 (md, dm or LVM): it is in use"
rmdir "$S/class/block/vdg/holders/md1"
printf '\123\357' | dd of="$DEVD/vdg2" bs=1 seek=1080 conv=notrunc status=none
target part-ext /dev/vdg2
says "target: a partition holding ext2" 1 \
	"p2mdump: target /dev/vdg2 holds an ext2/3/4 filesystem (signature at byte 1080): a dump would destroy it (--wipe to allow)"
: >"$DEVD/vdg2"
printf '\123\357' | dd of="$DEVD/vdg1" bs=1 seek=1080 conv=notrunc status=none
target part-ext-other /dev/vdg2
check "target: ext2 on the other partition: accepted ($RC)" [ "$RC" = 0 ]
echo 1 >"$S/class/block/vdg2/ro"
target part-ro /dev/vdg2
says "target: a read-only partition" 1 "p2mdump: target /dev/vdg2 is read-only"
echo 0 >"$S/class/block/vdg2/ro"
echo $((VDG2_SECTORS + 2049)) >"$S/class/block/vdg2/size"
target part-past-end /dev/vdg2
says "target: a partition past its disk's end" 1 \
	"p2mdump: target /dev/vdg2: partition vdg2 (sectors $VDG2_START + $((VDG2_SECTORS + 2049))) ends past its disk vdg ($DISK_SECTORS sectors)"
echo 655 >"$S/class/block/vdg2/size"
target part-small /dev/vdg2
says "target: a partition too small, by its own size (not its disk's)" 1 \
	"p2mdump: target /dev/vdg2 holds 327 KiB, too little for even the headers of a dump"
echo "$VDG2_SECTORS" >"$S/class/block/vdg2/size"
target part-ahci /dev/sda1
says "target: a partition of a disk not on virtio-blk" 1 \
	"p2mdump: target /dev/sda1 (0000:00:1f.2) is not a virtio-blk or NVMe device (PCI ID 8086:2922)"
target part-loop /dev/loop0p1
says "target: a partition of a disk not on PCI" 1 \
	"p2mdump: target /dev/loop0p1 is not a virtio-blk or NVMe device (not on a PCI bus)"
target ro /dev/vdd
says "target read-only" 1 "p2mdump: target /dev/vdd is read-only"
target ro-pci 00:06.0
says "target read-only by PCI address" 1 "p2mdump: target 00:06.0 is read-only"
target ahci /dev/sda
says "target AHCI disk" 1 \
	"p2mdump: target /dev/sda (0000:00:1f.2) is not a virtio-blk or NVMe device (PCI ID 8086:2922)"
target net 00:03.0
says "target virtio-net function" 1 \
	"p2mdump: target 00:03.0 (0000:00:03.0) is not a virtio-blk or NVMe device (PCI ID 1af4:1000)"
target domain1 /dev/vde
says "target in PCI domain 1" 1 \
	"p2mdump: target /dev/vde is in PCI domain 0001: p2mdump supports domain 0000 only"
target domain1-pci 0001:00:02.0
says "target PCI address in domain 1" 1 \
	"p2mdump: target 0001:00:02.0 is in PCI domain 0001: p2mdump supports domain 0000 only"
target loop /dev/loop0
says "target not on PCI" 1 "p2mdump: target /dev/loop0 is not a virtio-blk or NVMe device (not on a PCI bus)"
target missing /dev/vdz
says "target missing block device" 1 "p2mdump: target /dev/vdz: no such device"
target missing-pci 00:09.0
says "target missing PCI function" 1 "p2mdump: target 00:09.0: no such device"
target bad-pci 00:4.0
says "target malformed PCI address" 1 \
	"p2mdump: target 00:4.0: not a PCI address (0000:BB:DD.F or BB:DD.F) or a block device"
target file "$IOMEM"
says "target regular file: a dump file, its filesystem not in the fake mountinfo" 1 \
	"p2mdump: target $IOMEM: its filesystem (device $(stat -c '%Hd:%Ld' "$IOMEM")) is not in mountinfo"
target no-path /nonexistent/dir/vdb
says "target path that does not exist" 1 "p2mdump: target /nonexistent/dir/vdb: no such device"
cd "$D" || exit 1
run target-relative dump-elfcorehdr --out "$D/x" --target ./vdb
cd - >/dev/null || exit 1
says "target ./vdb where there is none: a new dump file there, its filesystem not in the fake mountinfo" 1 \
	"p2mdump: target ./vdb: its filesystem (device $(stat -c '%Hd:%Ld' "$D")) is not in mountinfo"
target no-node vdf
says "target in sysfs without a node" 1 "p2mdump: target vdf: no such device"
target no-node-dev /dev/vdf
says "target /dev/vdf in sysfs without a node" 1 "p2mdump: target /dev/vdf: no such device"
target dev-file "$DEVD/vdb"
says "target: a regular file, by its own path" 1 "p2mdump: target $DEVD/vdb is not a block device"
target_ok by-path /dev/disk/by-path/virtio-pci-0000:00:04.0 \
	"format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID"
target append-disk /dev/vdb --append "disk=00:05.0 quiet"
says "target --append disk=" 1 "p2mdump: --append must not set disk=: --target does"
target append-disk-word /dev/vdb --append "quiet disk"
says "target --append with a bare disk word" 1 "p2mdump: --append must not set disk: --target does"
target append-disk-only /dev/vdb --append "disk"
says "target --append disk alone" 1 "p2mdump: --append must not set disk: --target does"
target append-nonce /dev/vdb --append "quiet nonce=0123456789abcdef"
says "target --append nonce=" 1 "p2mdump: --append must not set nonce=: load does"
target discard-dump /dev/vdb --discard-dump
says "usage: dump-elfcorehdr --discard-dump (load only)" 2 \
	"p2mdump: dump-elfcorehdr: unknown option --discard-dump"
target_ok append-diskette /dev/vdb "diskette disk_x=1 format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID" \
	--append "diskette disk_x=1"
# --helpers: the words from /proc/cpuinfo's APIC IDs (CPU 0's is the BSP):
# at most N helpers, the BSP and N + 1 others listed.
for i in 0 1 2 3 4 5; do
	printf 'processor\t: %d\napicid\t\t: %d\ninitial apicid\t: %d\n\n' $i $((i * 2)) $((i * 2))
done >"$D/cpuinfo-6"
P2MDUMP_CPUINFO=$D/cpuinfo-6 target_ok helpers-all /dev/vdb \
	"format=kdump compress=lzo dump_level=31 helpers=5 cpus_apic=0,2,4,6,8,10 bsp_apic=0 disk=00:04.0 $VDB_ID"
P2MDUMP_CPUINFO=$D/cpuinfo-6 target_ok helpers-2 /dev/vdb \
	"format=kdump compress=zlib dump_level=31 helpers=2 cpus_apic=0,2,4,6 bsp_apic=0 disk=00:04.0 $VDB_ID" \
	--helpers 2 --compress zlib
P2MDUMP_CPUINFO=$D/cpuinfo-6 target_ok helpers-0 /dev/vdb \
	"format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID" --helpers 0
P2MDUMP_CPUINFO=$D/cpuinfo-6 target_ok helpers-elf /dev/vdb \
	"format=elf disk=00:04.0 $VDB_ID" --format elf
P2MDUMP_CPUINFO=$D/cpuinfo-6 target_ok helpers-none /dev/vdb \
	"format=kdump compress=none dump_level=31 disk=00:04.0 $VDB_ID" --compress none
target helpers-16 /dev/vdb --helpers 16
says "target --helpers 16" 2 "p2mdump: --helpers wants 0 to 15 or all, not '16'"
target helpers-append /dev/vdb --append "cpus_apic=1,2"
says "target --append cpus_apic=" 1 "p2mdump: --append must not set cpus_apic=: --helpers does"
P2MDUMP_CPUINFO=$D/no-cpuinfo target helpers-no-cpuinfo /dev/vdb
says "target, no /proc/cpuinfo" 1 "p2mdump: $D/no-cpuinfo: No such file or directory"
target append-long /dev/vdb --append "$(printf 'x%.0s' {1..500})"
says "target --append too long" 1 \
	"p2mdump: the capture kernel command line is too long: 622 bytes, at most 511"
target append-ctrl /dev/vdb --append "$(printf 'a\tb')"
says "target --append with a tab" 1 "p2mdump: --append: the capture kernel's arguments must be printable"

# --- a target holding data: refused unless --wipe
# refused NAME DEV WHAT: DEV refused as one that WHAT (exit 1); accepted
# with --wipe and a warning about WHAT.
refused() {
	target "$1" "$2"
	says "data: $1" 1 "p2mdump: target $2 $3: a dump would destroy it (--wipe to allow)"
	target "$1-wipe" "$2" --wipe
	check "data: $1 --wipe: exits 0 ($RC)" [ "$RC" = 0 ]
	check "data: $1 --wipe: warns" has "$ERRF" \
		"p2mdump: warning: --wipe: target $2 $3: a dump destroys it"
}
# busy NAME DEV WHAT: DEV refused as in use (mounted, swap, held), with
# --wipe too.
busy() {
	local m="p2mdump: target $2 $3: it is in use, a dump would destroy it (not even --wipe allows that)"
	target "$1" "$2"
	says "in use: $1" 1 "$m"
	target "$1-wipe" "$2" --wipe
	says "in use: $1 --wipe" 1 "$m"
}
mounts_of mi-devno "40 22 252:33 / /srv rw,relatime shared:5 - ext4 /dev/mapper/elsewhere rw"
P2MDUMP_MOUNTINFO=$F busy mount-part /dev/vdc "has vdc1 mounted on /srv"
mounts_of mi-whole "41 22 252:16 / /mnt/data rw shared:6 - xfs /dev/vdb rw"
P2MDUMP_MOUNTINFO=$F busy mount-whole /dev/vdb "has vdb mounted on /mnt/data"
P2MDUMP_MOUNTINFO=$F busy mount-whole-pci 00:04.0 "has vdb mounted on /mnt/data"
mounts_of mi-source "42 22 0:45 / /data rw shared:7 - btrfs /dev/disk/by-path/virtio-pci-0000:00:04.0 rw"
P2MDUMP_MOUNTINFO=$F busy mount-source /dev/vdb "has vdb mounted on /data"
printf '/dev/vdc1 /srv ext4 rw 0 0\n' >"$D/mounts-vdc1"
P2MDUMP_MOUNTINFO=$D/no-mountinfo P2MDUMP_MOUNTS=$D/mounts-vdc1 \
	busy mounts /dev/vdc "has vdc1 mounted on /srv"
P2MDUMP_MOUNTINFO=$D/no-mountinfo target mounts-base /dev/vdb
check "data: /proc/mounts without vdb: accepted ($RC)" [ "$RC" = 0 ]
P2MDUMP_MOUNTINFO=$D/no-mountinfo P2MDUMP_MOUNTS=$D/no-mounts target no-mounts /dev/vdb
says "data: neither mountinfo nor mounts" 1 \
	"p2mdump: cannot read $D/no-mounts to see what is mounted: No such file or directory (--wipe to skip the check)"
P2MDUMP_MOUNTINFO=$D/no-mountinfo P2MDUMP_MOUNTS=$D/no-mounts target no-mounts-wipe /dev/vdb --wipe
check "data: --wipe, neither mountinfo nor mounts: exits 0 with a warning" bash -c "[ $RC = 0 ] &&
	grep -qF 'p2mdump: warning: --wipe: cannot read $D/no-mounts to see what is mounted' '$ERRF'"
printf '%s\n/dev/vdb partition 1048572 0 -2\n' "$SWAPHDR" >"$D/swaps-vdb"
P2MDUMP_SWAPS=$D/swaps-vdb busy swap /dev/vdb "has vdb in use as swap"
printf '%s\n/dev/vdc1 partition 1048572 0 -2\n' "$SWAPHDR" >"$D/swaps-vdc1"
P2MDUMP_SWAPS=$D/swaps-vdc1 busy swap-part /dev/vdc "has vdc1 in use as swap"
P2MDUMP_SWAPS=$D/no-swaps target no-swaps /dev/vdb
check "data: no /proc/swaps (no CONFIG_SWAP): accepted ($RC)" [ "$RC" = 0 ]
mkdir "$S/class/block/vdb/holders/dm-0"
busy holder /dev/vdb "has vdb held by dm-0 (md, dm or LVM)"
rmdir "$S/class/block/vdb/holders/dm-0"
mkdir "$S/class/block/vdc1/holders/md0"
busy holder-part /dev/vdc "has vdc1 held by md0 (md, dm or LVM)"
rmdir "$S/class/block/vdc1/holders/md0"
target partitions /dev/vdc
says "data: partitions" 1 \
	"p2mdump: target /dev/vdc has a partition table (partition vdc1): a dump would destroy it (--wipe to allow)"

# sig OFFSET BYTES...: /dev/vdb, 1 MiB of zeros with printf BYTES at each
# OFFSET.
sig() {
	rm -f "$DEVD/vdb"
	truncate -s 1M "$DEVD/vdb"
	while [ $# -ge 2 ]; do
		printf "$2" | dd of="$DEVD/vdb" bs=1 seek="$1" conv=notrunc status=none
		shift 2
	done
}
sig 1080 '\123\357'
refused ext /dev/vdb "holds an ext2/3/4 filesystem (signature at byte 1080)"
sig 0 XFSB
refused xfs /dev/vdb "holds an XFS filesystem (signature at byte 0)"
sig 65600 _BHRfS_M
refused btrfs /dev/vdb "holds a btrfs filesystem (signature at byte 65600)"
sig 4086 SWAPSPACE2
refused swap2 /dev/vdb "holds a swap area (signature at byte 4086)"
sig 4086 SWAP-SPACE
refused swap1 /dev/vdb "holds a swap area (signature at byte 4086)"
sig 510 '\125\252' 512 'EFI PART'
refused gpt /dev/vdb "holds a GPT partition table (signature at byte 512)"
sig 510 '\125\252' 450 '\203'
refused mbr /dev/vdb "holds an MBR partition table (byte 510)"
sig 510 '\125\252'
target mbr-empty /dev/vdb
check "data: 0x55aa with an empty partition table: accepted ($RC)" [ "$RC" = 0 ]
sig 512 LABELONE
refused lvm /dev/vdb "holds an LVM2 physical volume (signature at byte 512)"
sig 1024 LABELONE
refused lvm-1024 /dev/vdb "holds an LVM2 physical volume (signature at byte 1024)"
sig 4096 '\374\116\053\251'
refused md12 /dev/vdb "holds a Linux RAID member (md 1.2) (signature at byte 4096)"
sig 983040 '\374\116\053\251'
refused md090 /dev/vdb "holds a Linux RAID member (md 0.90, signature at byte 983040)"
sig 0 'LUKS\272\276'
refused luks /dev/vdb "holds a LUKS encrypted volume (signature at byte 0)"
sig 0 P2MDUMP1 1080 '\123\357'
target ours /dev/vdb
check "data: a p2mdump dump disk (P2MDUMP1 at 0): accepted quietly ($RC)" \
	bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
sig 1 x
target zeros /dev/vdb
check "data: no signature: accepted quietly ($RC)" bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
target no-node-pci 00:07.0
says "data: a PCI target whose node cannot be read" 1 \
	"p2mdump: cannot read target 00:07.0 to look for data on it: No such file or directory (--wipe to skip the check)"
target no-node-pci-wipe 00:07.0 --wipe
check "data: --wipe, node cannot be read: exits 0 with a warning" bash -c "[ $RC = 0 ] &&
	grep -qF 'p2mdump: warning: --wipe: cannot read target 00:07.0 to look for data on it' '$ERRF'"
: >"$DEVD/vdb"

# --- what the capture kernel can drive, and the disk's identity
# vdev_case NAME MESSAGE: /dev/vdb refused with MESSAGE (exit 1).
vdev_case() {
	target "$1" /dev/vdb
	says "device: $1" 1 "$2"
}
VDB_PCI=$S/devices/pci0000:00/0000:00:04.0
cp "$VDB_PCI/config" "$D/config.good"
config "$VDB_PCI/config" legacy
vdev_case legacy "p2mdump: target /dev/vdb offers only the legacy virtio interface: the capture kernel drives virtio 1.0 (modern) devices only (QEMU: disable-modern=off)"
head -c 64 "$D/config.good" >"$VDB_PCI/config"
vdev_case config-64 "p2mdump: target /dev/vdb: cannot read its PCI config space ($VDB_PCI/config) to see whether it offers the virtio 1.0 interface (run as root)"
rm "$VDB_PCI/config"
vdev_case config-none "cannot read its PCI config space"
head -c 256 /dev/zero >"$D/config.nocap"
cp "$D/config.nocap" "$VDB_PCI/config"
vdev_case config-no-caps "offers only the legacy virtio interface"
# features: one '0' or '1' per bit, bit 0 first; bit 32 VERSION_1, 33
# ACCESS_PLATFORM.
bits() { printf '%s' "$1"; printf '0%.0s' $(seq $((64 - ${#1}))); echo; }
head -c 64 "$D/config.good" >"$VDB_PCI/config"
bits 010000000000000000000000000000001 >"$VDB_PCI/virtio2/features"
target version1-no-config /dev/vdb
check "device: VERSION_1 negotiated by Linux's driver: modern without the config space ($RC)" \
	[ "$RC" = 0 ]
bits 01 >"$VDB_PCI/virtio2/features"
vdev_case legacy-features "cannot read its PCI config space"
config "$VDB_PCI/config" legacy
vdev_case legacy-features-config "offers only the legacy virtio interface"
rm "$VDB_PCI/virtio2/features"
cp "$D/config.good" "$VDB_PCI/config"
rm "$S/devices/pci0000:00/0000:00:05.0/config"
target modern-id-no-config /dev/vdc --wipe
check "device: a modern ID (1042) needs no config space read ($RC)" [ "$RC" = 0 ]
config "$S/devices/pci0000:00/0000:00:05.0/config"
bits 0100000000000000000000000000000001 >"$VDB_PCI/virtio2/features"
vdev_case access-platform "p2mdump: target /dev/vdb negotiated VIRTIO_F_ACCESS_PLATFORM (virtio2): its DMA goes through an IOMMU, and the capture kernel gives it machine addresses"
bits 0100000000000000000000000000000010 >"$VDB_PCI/virtio2/features"
target no-access-platform /dev/vdb
check "device: VERSION_1 without ACCESS_PLATFORM: accepted ($RC)" [ "$RC" = 0 ]
mkdir -p "$S/kernel/iommu_groups/3"
ln -s ../../../kernel/iommu_groups/3 "$VDB_PCI/iommu_group"
for type in DMA DMA-FQ blocked; do
	echo "$type" >"$S/kernel/iommu_groups/3/type"
	vdev_case "iommu-$type" "p2mdump: target /dev/vdb sits behind an IOMMU that translates its DMA (group type $type), and the capture kernel gives it machine addresses: boot with iommu=pt (or iommu.passthrough=1)"
done
echo identity >"$S/kernel/iommu_groups/3/type"
target iommu-identity /dev/vdb
check "device: an identity IOMMU domain: accepted ($RC)" [ "$RC" = 0 ]
rm "$S/kernel/iommu_groups/3/type"
vdev_case iommu-no-type "p2mdump: target /dev/vdb is in an IOMMU group, but $VDB_PCI/iommu_group/type cannot be read to see whether it translates DMA"
rm "$VDB_PCI/iommu_group"

target_ok no-driver 00:08.0 "format=kdump compress=lzo dump_level=31 disk=00:08.0 disk_id=1af4:1001"
printf 'a b\377' >"$S/class/block/vdb/serial"
target_ok serial-bytes /dev/vdb "format=kdump compress=lzo dump_level=31 disk=00:04.0 disk_id=1af4:1001 disk_sectors=$DISK_SECTORS disk_serial=612062ff"
: >"$S/class/block/vdb/serial"
target_ok serial-empty /dev/vdb "format=kdump compress=lzo dump_level=31 disk=00:04.0 disk_id=1af4:1001 disk_sectors=$DISK_SECTORS disk_serial="
printf 'p2m-dump-serial-21-by' >"$S/class/block/vdb/serial"
target serial-long /dev/vdb
says "identity: a serial over 20 bytes" 1 "p2mdump: target /dev/vdb: cannot read its serial (over 20 bytes)"
printf p2m-dump >"$S/class/block/vdb/serial"
mv "$S/class/block/vdb/size" "$D/size.saved"
target no-size /dev/vdb
says "identity: no size attribute" 1 "p2mdump: target /dev/vdb: cannot read its size (sysfs class/block/vdb/size)"
mv "$D/size.saved" "$S/class/block/vdb/size"
for w in disk_id=1af4:1001 disk_sectors=1 disk_serial=00; do
	target "append-${w%%=*}" /dev/vdb --append "quiet $w"
	says "identity: --append $w" 1 "p2mdump: --append must not set ${w%%=*}=: --target does"
done

# --- an NVMe namespace as the target: QEMU's controller 1b36:0010 at
# 00:0b.0 (class 010802), nvme0 with serial "p2m-nvme" (sysfs pads it to
# 20 bytes and adds a newline), namespaces nvme0n1 (512-byte LBAs, two
# partitions) and nvme0n2 (4096-byte LBAs); nvme1n1 is a multipath head
# (in an NVMe subsystem), nvme2n1 a fabrics namespace: neither on PCI.
NVME_PCI=$S/devices/pci0000:00/0000:00:0b.0
pci "$S" 0000:00:0b.0 0x1b36 0x0010
echo 0x010802 >"$NVME_PCI/class"
mkdir -p "$NVME_PCI/nvme/nvme0"
printf 'p2m-nvme            \n' >"$NVME_PCI/nvme/nvme0/serial"
# nvme_ns S CTRLDIR NAME NSID LBS: namespace NAME of the controller at
# CTRLDIR (relative to S), its device link pointing at the controller.
nvme_ns() {
	local b=$1/$2/$3
	mkdir -p "$b/holders" "$b/queue"
	echo 0 >"$b/ro"
	echo "$DISK_SECTORS" >"$b/size"
	echo "$4" >"$b/nsid"
	echo "$5" >"$b/queue/logical_block_size"
	ln -s "../../${2##*/}" "$b/device"
	ln -s "../../$2/$3" "$1/class/block/$3"
	: >"$DEVD/$3"
}
nvme_ns "$S" devices/pci0000:00/0000:00:0b.0/nvme/nvme0 nvme0n1 1 512
nvme_ns "$S" devices/pci0000:00/0000:00:0b.0/nvme/nvme0 nvme0n2 2 4096
devno "$S" nvme0n1 259:0
devno "$S" nvme0n2 259:1
part "$S" nvme0n1 nvme0n1p1 2048 131072
part "$S" nvme0n1 nvme0n1p2 "$VDG2_START" "$VDG2_SECTORS"
: >"$DEVD/nvme0n1p1"
: >"$DEVD/nvme0n1p2"
devno "$S" nvme0n1p1 259:2
devno "$S" nvme0n1p2 259:3
mkdir -p "$S/devices/virtual/nvme-subsystem/nvme-subsys1"
nvme_ns "$S" devices/virtual/nvme-subsystem/nvme-subsys1 nvme1n1 1 512
mkdir -p "$S/devices/virtual/nvme-fabrics/ctl/nvme2"
nvme_ns "$S" devices/virtual/nvme-fabrics/ctl/nvme2 nvme2n1 1 512
NVME_ID="disk_id=1b36:0010 disk_sectors=$DISK_SECTORS disk_serial=70326d2d6e766d65 disk_nsid=1"
NVME_CMD="format=kdump compress=lzo dump_level=31 disk=00:0b.0 $NVME_ID"

target_ok nvme /dev/nvme0n1 "$NVME_CMD" --wipe
check "nvme: --wipe warns about its partition table" has "$ERRF" \
	"p2mdump: warning: --wipe: target /dev/nvme0n1 has a partition table"
mounts_of mi-nvme0n1p1 "45 22 259:2 / /srv rw,relatime shared:10 - ext2 /dev/nvme0n1p1 rw"
P2MDUMP_MOUNTINFO=$F target_ok nvme-part /dev/nvme0n1p2 "$NVME_CMD"
check "nvme partition, p1 mounted: nothing on stderr" [ ! -s "$ERRF" ]
P2MDUMP_MOUNTINFO=$F busy nvme-mounted /dev/nvme0n1 "has nvme0n1p1 mounted on /srv"
P2MDUMP_MOUNTINFO=$F target nvme-part-mounted /dev/nvme0n1p1
says "nvme: a mounted partition" 1 \
	"p2mdump: target /dev/nvme0n1p1 has nvme0n1p1 mounted on /srv: it is in use"
rm "$S/class/block/nvme0n1/nsid"
echo 1 >"$S/class/block/nvme0n1/ns_id"
P2MDUMP_MOUNTINFO=$F target_ok nvme-ns_id /dev/nvme0n1p2 "$NVME_CMD"
rm "$S/class/block/nvme0n1/ns_id"
P2MDUMP_MOUNTINFO=$F target nvme-no-nsid /dev/nvme0n1p2
says "nvme: no namespace ID" 1 \
	"p2mdump: target /dev/nvme0n1p2: cannot read its NVMe namespace ID (sysfs class/block/nvme0n1/nsid)"
echo 1 >"$S/class/block/nvme0n1/nsid"
target nvme-lba4096 /dev/nvme0n2 --wipe
says "nvme: 4096-byte logical blocks" 1 \
	"p2mdump: target /dev/nvme0n2: NVMe namespace nvme0n2 has 4096-byte logical blocks: the capture kernel writes 512-byte LBAs only"
target nvme-pci 00:0b.0
says "nvme: by PCI address" 1 \
	"p2mdump: target 00:0b.0 (0000:00:0b.0) is an NVMe controller: name one of its namespaces (/dev/nvmeXnY) instead"
target nvme-multipath /dev/nvme1n1
says "nvme: a multipath head" 1 \
	"p2mdump: target /dev/nvme1n1 is an NVMe namespace whose controller is not a PCI function (NVMe multipath or fabrics): p2mdump writes to NVMe on PCI only"
target nvme-fabrics /dev/nvme2n1
says "nvme: a fabrics namespace" 1 \
	"p2mdump: target /dev/nvme2n1 is an NVMe namespace whose controller is not a PCI function (NVMe multipath or fabrics): p2mdump writes to NVMe on PCI only"
echo 1 >"$S/class/block/nvme0n1/ro"
target nvme-ro /dev/nvme0n1 --wipe
says "nvme: read-only" 1 "p2mdump: target /dev/nvme0n1 is read-only"
echo 0 >"$S/class/block/nvme0n1/ro"
mkdir -p "$S/kernel/iommu_groups/4"
echo DMA >"$S/kernel/iommu_groups/4/type"
ln -s ../../../kernel/iommu_groups/4 "$NVME_PCI/iommu_group"
target nvme-iommu /dev/nvme0n1 --wipe
says "nvme: behind a translating IOMMU" 1 \
	"p2mdump: target /dev/nvme0n1 sits behind an IOMMU that translates its DMA (group type DMA)"
rm "$NVME_PCI/iommu_group"
printf 'p2m-nvme-serial-21-by\n' >"$NVME_PCI/nvme/nvme0/serial"
target nvme-serial-long /dev/nvme0n1 --wipe
says "nvme: a serial over 20 bytes" 1 "p2mdump: target /dev/nvme0n1: its NVMe serial is over 20 bytes"
printf '  a b               \n' >"$NVME_PCI/nvme/nvme0/serial"
target_ok nvme-serial-blanks /dev/nvme0n1 \
	"format=kdump compress=lzo dump_level=31 disk=00:0b.0 disk_id=1b36:0010 disk_sectors=$DISK_SECTORS disk_serial=2020612062 disk_nsid=1" --wipe
printf 'p2m-nvme            \n' >"$NVME_PCI/nvme/nvme0/serial"
target nvme-append-nsid /dev/nvme0n1 --wipe --append "disk_nsid=2"
says "nvme: --append disk_nsid=" 1 "p2mdump: --append must not set disk_nsid=: --target does"

# --- the disk's size against this machine's dump (2 GiB of RAM up to
# 5 GiB: kdump needs 336 KiB of headers and bitmaps, ELF 16 KiB)
size_case() {
	echo "$1" >"$S/class/block/vdb/size"
	shift
	target "size-$1" /dev/vdb "${@:2}"
}
size_case 655 small
says "size: 655 sectors, kdump" 1 "p2mdump: target /dev/vdb holds 327 KiB, too little for even the headers of a dump of this machine's 2047 MiB of RAM (kdump format: 336 KiB)"
size_case 672 kdump-headers
check "size: 672 sectors (336 KiB) hold kdump's headers: accepted ($RC)" [ "$RC" = 0 ]
check "size: ... with a warning" has "$ERRF" "p2mdump: warning: target /dev/vdb holds 0 MiB; a dump of every page of this machine's 2047 MiB of RAM could take 2060 MiB: a larger dump is cut short and marked incomplete"
size_case 31 elf-small --format elf
says "size: 31 sectors, ELF" 1 "(ELF format: 16 KiB)"
size_case 32 elf-headers --format elf
check "size: 32 sectors hold the ELF headers and notes: accepted ($RC)" [ "$RC" = 0 ]
size_case 4194304 warn
check "size: 2 GiB for 2 GiB of RAM: a warning, accepted ($RC)" bash -c "[ $RC = 0 ] &&
	grep -qF 'could take 2060 MiB' '$ERRF'"
size_case 4220000 no-warn
check "size: 2060.5 MiB: quiet ($RC)" bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
size_case 4220000 elf-warn --format elf
check "size: ELF adds the kernel text and pads every load: a warning ($RC)" \
	bash -c "[ $RC = 0 ] && grep -qF 'warning: target /dev/vdb holds 2060 MiB' '$ERRF'"
echo "$DISK_SECTORS" >"$S/class/block/vdb/size"

# --- the dump's format, compression and level
target_ok elf /dev/vdb "format=elf disk=00:04.0 $VDB_ID" --format elf
target_ok kdump-none /dev/vdb "format=kdump compress=none dump_level=31 disk=00:04.0 $VDB_ID" \
	--compress none
target_ok kdump-zlib /dev/vdb "format=kdump compress=zlib dump_level=31 disk=00:04.0 $VDB_ID" \
	--compress zlib
target_ok zlib-level-1 /dev/vdb "format=kdump compress=zlib dump_level=1 disk=00:04.0 $VDB_ID" \
	--format kdump --compress zlib --dump-level 1
target_ok level-1 /dev/vdb "format=kdump compress=lzo dump_level=1 disk=00:04.0 $VDB_ID" \
	--dump-level 1
target_ok level-0 /dev/vdb "format=kdump compress=lzo dump_level=0 disk=00:04.0 $VDB_ID" \
	--format kdump --dump-level 0
target bad-format /dev/vdb --format lkcd
says "target --format lkcd" 2 "p2mdump: --format wants kdump or elf, not 'lkcd'"
target bad-compress /dev/vdb --compress zstd
says "target --compress zstd" 2 "p2mdump: --compress wants lzo, zlib or none, not 'zstd'"
target bad-compress-case /dev/vdb --compress ZLIB
says "target --compress ZLIB" 2 "p2mdump: --compress wants lzo, zlib or none, not 'ZLIB'"
target bad-level /dev/vdb --dump-level 32
says "target --dump-level 32" 2 "p2mdump: --dump-level wants makedumpfile's -d, 0 to 31, not '32'"
target bad-level-word /dev/vdb --dump-level all
says "target --dump-level all" 2 "p2mdump: --dump-level wants makedumpfile's -d, 0 to 31, not 'all'"
target elf-level /dev/vdb --format elf --dump-level 1
says "target --format elf --dump-level" 2 "p2mdump: --compress and --dump-level are for --format kdump"
target elf-compress /dev/vdb --format elf --compress lzo
says "target --format elf --compress" 2 "p2mdump: --compress and --dump-level are for --format kdump"
target append-format /dev/vdb --append "format=elf"
says "target --append format=" 1 "p2mdump: --append must not set format=: an option of load does"
target append-level /dev/vdb --append "quiet dump_level=1"
says "target --append dump_level=" 1 "p2mdump: --append must not set dump_level=: an option of load does"

# --- the capture kernel image
echo "not an ELF at all" >"$D/text.img"
run image-text dump-elfcorehdr --out "$D/x" --image "$D/text.img"
says "image: not ELF" 1 "p2mdump: $D/text.img: capture image is not an ELF file"
run image-x86_64 dump-elfcorehdr --out "$D/x" --image "$P2MDUMP"
says "image: x86_64 ELF" 1 "p2mdump: $P2MDUMP: capture image is not an i386 ELF32 executable"
run image-missing dump-elfcorehdr --out "$D/x" --image "$D/no-image"
says "image: missing" 1 "p2mdump: cannot read $D/no-image: No such file or directory (--image FILE)"
run image-dir dump-elfcorehdr --out "$D/x" --image "$D"
says "image: a directory" 1 "p2mdump: $D is not a regular file"
truncate -s 17M "$D/big.img"
run image-big dump-elfcorehdr --out "$D/x" --image "$D/big.img"
says "image: over 16 MiB" 1 "p2mdump: $D/big.img: too large for a capture kernel (over 16 MiB)"
run image-ok dump-elfcorehdr --out "$D/x" --image "$CAPTURE"
check "image: capture.elf accepted" bash -c \
	"[ $RC = 0 ] && grep -q '^image: $CAPTURE, [0-9]* bytes, entry 0xc' '$OUTF'"

# --- load, status, unload against the fake module
STATE=$D/state
mkdir -p "$STATE"
DEV=$D/p2mdump-dev
: >"$DEV"
export P2MDUMP_DEVICE=$DEV P2MDUMP_FAKE_STATE=$STATE
export P2MDUMP_FAKE_PAGE_OFFSET=$PO
# m NAME ARGS...: run with the fake module preloaded.
m() {
	LD_PRELOAD=$FAKE_MODULE run "$@"
}
# nothing_loaded NAME: the fake module holds no capture kernel.
nothing_loaded() {
	check "$1: nothing loaded" [ ! -e "$STATE/cmdline" ]
}

PN=$S/module/kernel/parameters/crash_kexec_post_notifiers
m status-empty status
printf '%s\n' 'armed: no' 'module pages: taken 0, returned 0 (0 held)' \
	'crash_kexec_post_notifiers: N' >"$D/status-empty.expected"
check "status, not armed: exits 0 ($RC), quietly" bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
check "status, not armed: 'armed: no', the page counters and post_notifiers" \
	diff -u "$D/status-empty.expected" "$OUTF"
m status-empty-json status --json
check "status --json, not armed: exits 0 ($RC), quietly" bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
json_is "status --json, not armed" 'd["armed"] is False and d["disarm_reason"] is None and
	d["nonce"] is None and d["pages_held"] == 0 and d["post_notifiers"] == "N" and
	d["kdump_loaded"] is False and d["kdump_note"] is None'
P2MDUMP_FAKE_DISARM=1 m status-disarmed-json status --json
check "status --json, disarmed by the module: exits 1 as the text form ($RC)" [ "$RC" = 1 ]
json_is "status --json, disarmed" 'd["armed"] is False and d["disarm_reason"] == 1 and
	d["disarm_why"].startswith("the dump file\x27s blocks changed")'
m unload-empty unload
says "unload, nothing loaded" 1 "p2mdump: nothing is loaded"

sig 1080 '\123\357'	# ext4 on /dev/vdb
m load-ext4 load --target /dev/vdb
says "load: a disk with ext4 on it" 1 \
	"p2mdump: target /dev/vdb holds an ext2/3/4 filesystem (signature at byte 1080): a dump would destroy it (--wipe to allow)"
nothing_loaded "load: a disk with ext4 on it"
m load-wipe load --target /dev/vdb --wipe
check "load --wipe: arms over ext4, with a warning ($RC)" bash -c "[ $RC = 0 ] &&
	grep -qF 'p2mdump: warning: --wipe: target /dev/vdb holds an ext2/3/4 filesystem' '$ERRF' &&
	grep -qx 'armed: yes' '$OUTF'"
m unload-wipe unload
: >"$DEVD/vdb"

m load load --target /dev/vdb
check "load: exits 0 ($RC)" [ "$RC" = 0 ]
check "load: nothing on stderr" [ ! -s "$ERRF" ]
check "load: prints the status" bash -c "grep -qx 'armed: yes' '$OUTF' &&
	grep -qx 'dump target: 00:04.0' '$OUTF'"
check "load: no image sent: the module's built-in one (image 0, size 0)" bash -c \
	"grep -qx image_size=0 '$STATE/load.txt' && [ ! -e '$STATE/image.bin' ]"
check "load: sent the elfcorehdr dump-elfcorehdr builds" cmp "$H" "$STATE/elfcorehdr.bin"
check "load: sent one whole-disk extent {0, 0, $DISK_SECTORS}" \
	[ "$(od -An -v -tu8 "$STATE/extents.bin" | tr -s ' \n' ' ')" = " 0 0 $DISK_SECTORS " ]
check "load: sent cmdline 'format=kdump compress=lzo dump_level=31 disk=00:04.0 \$VDB_ID nonce=N'" \
	grep -Eqx "format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID nonce=[0-9a-f]{16}" \
	"$STATE/cmdline"
NONCE=$(sed -n 's/.* nonce=\([0-9a-f]*\)$/\1/p' "$STATE/cmdline")
check "load: prints the nonce it sent ($NONCE)" grep -qx "nonce: $NONCE" "$OUTF"
run load-armed save "$DEVD/vdb" "$D/out-armed"
says "load: wrote an ARMED header with that nonce: save exits 4" 4 \
	"p2mdump: $DEVD/vdb: no dump was written after load at "
check "load: ... naming the nonce" has "$ERRF" ", nonce $NONCE"
printf '%016x\n' 0x3fc1a000 0x3fc3a000 0 0x3fc7a000 >"$D/notes.expected"
od -An -v -tx8 -w8 "$STATE/crash_notes.bin" | tr -d ' ' >"$D/notes.sent"
check "load: sent crash_notes[4] by CPU number" cmp "$D/notes.expected" "$D/notes.sent"
check "load: nr_cpus 4, default pool, flags POST_NOTIFIERS (2)" bash -c \
	"grep -qx nr_cpus=4 '$STATE/load.txt' && grep -qx pool_pages=0 '$STATE/load.txt' &&
	 grep -qx flags=2 '$STATE/load.txt'"
check "load: turned crash_kexec_post_notifiers on (N -> Y)" grep -qx Y "$PN"
check "load: target_dev 252:16, vdb's number, to hold it" \
	grep -qx target_dev=252:16 "$STATE/load.txt"

m status status
check "status: exits 0 ($RC)" [ "$RC" = 0 ]
cat >"$D/status.expected" <<EOF
armed: yes
frames held: 107
bytes held: 438272 (428 KiB)
capture pages: 100
machine-contiguous runs: 3
frames above 4 GiB: 2
handoff page: 0x2a3f000
checksum: 0x0123456789abcdef
image: built-in, 98632 bytes, sha256 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
dump target: 00:04.0
held exclusively: vdb (252:16)
nonce: $NONCE
helper CPUs: 0
command line: format=kdump compress=lzo dump_level=31 disk=00:04.0 $VDB_ID nonce=$NONCE
module pages: taken 214, returned 107 (107 held)
crash_kexec_post_notifiers: Y (turned on by load; unload turns it off)
EOF
check "status: every field" diff -u "$D/status.expected" "$OUTF"
m status-json status --json
check "status --json: exits 0 ($RC), quietly" bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
json_is "status --json, armed" 'd["armed"] is True and d["frames_held"] == 107 and
	d["bytes_held"] == 438272 and d["capture_pages"] == 100 and
	d["contiguous_runs"] == 3 and d["frames_above_4g"] == 2 and
	d["handoff_maddr"] == 0x2a3f000 and d["checksum"] == "0x0123456789abcdef" and
	d["image_source"] == "built-in" and d["image_size"] == 98632 and
	d["image_sha256"] == bytes(range(32)).hex() and d["target"] == "00:04.0" and
	d["target_kind"] == "virtio-blk" and d["target_dev"] == "252:16" and
	d["held_exclusively"] == "vdb" and d["file_recheck_secs"] is None and
	d["nonce"] == "'"$NONCE"'" and d["cmdline"].endswith(" nonce='"$NONCE"'") and
	d["load_flags"] == 2 and d["pages_taken"] == 214 and d["pages_held"] == 107 and
	d["post_notifiers"] == "Y" and
	d["post_notifiers_note"] == "turned on by load; unload turns it off" and
	d["disarm_reason"] is None and d["kdump_loaded"] is False'
run status-json-arg status --json now
says "usage: status --json with an argument" 2 "p2mdump: status takes no arguments but [--json] (got 'now')"
m load-again load --target /dev/vdb
says "load while loaded" 1 "p2mdump: already loaded (p2mdump unload first)"
run load-again-armed save "$DEVD/vdb" "$D/out-armed"
says "load while loaded: the disk keeps the armed kernel's nonce" 4 ", nonce $NONCE"
m unload unload
check "unload: exits 0 ($RC)" [ "$RC" = 0 ]
nothing_loaded unload
check "unload: turned crash_kexec_post_notifiers off again (Y -> N)" grep -qx N "$PN"
check "unload: says so" grep -qx \
	'crash_kexec_post_notifiers: N again (load had turned it on)' "$OUTF"
m status-unloaded status
check "status after unload: every page given back (taken == returned)" \
	grep -qx 'module pages: taken 214, returned 214 (0 held)' "$OUTF"
m unload-twice unload
says "unload twice" 1 "p2mdump: nothing is loaded"
m load-quote load --target /dev/vdb --append 'note="a\b" {x}'
check "load --append with quotes and a backslash: arms ($RC)" [ "$RC" = 0 ]
m status-quote-json status --json
json_is "status --json: a command line with quotes and a backslash" \
	'd["cmdline"].startswith("note=\"a\\b\" {x} ")'
m unload-quote unload

# --- no silent stale dump: the dump disk's header at load (issue 10)
MKDISK=$ROOT/build/tests/mkdumpdisk
"$MKDISK" vmcore "$D/core" 7 >/dev/null || fail "stale: mkdumpdisk vmcore failed"
SNONCE=1122334455667788			# mkdumpdisk's defaults
SCRASH="2025-12-02 05:41:56 UTC"
# put_disk OPTIONS...: /dev/vdb holds a mkdumpdisk dump disk.
put_disk() {
	"$MKDISK" disk "$DEVD/vdb" "$D/core" "$@" || fail "stale: mkdumpdisk disk $*"
	head -c 320 "$DEVD/vdb" >"$D/vdb.header"
}
# stale NAME WHAT [OPTIONS...]: load refuses /dev/vdb holding WHAT
# (mkdumpdisk OPTIONS), in one line, and leaves it as it was.
stale() {
	local name=$1 what=$2
	shift 2
	put_disk "$@"
	m "stale-$name" load --target /dev/vdb
	says "stale: $name" 1 "p2mdump: target /dev/vdb holds $what"
	check "stale: $name: one line" [ "$(wc -l <"$ERRF")" = 1 ]
	nothing_loaded "stale: $name"
	check "stale: $name: the header is untouched" cmp "$D/vdb.header" <(head -c 320 "$DEVD/vdb")
}
# unblocked NAME [OPTIONS...]: load arms over /dev/vdb holding that.
unblocked() {
	local name=$1
	shift
	put_disk "$@"
	m "unblocked-$name" load --target /dev/vdb
	check "unblocked: $name: load arms ($RC), quietly" bash -c \
		"[ $RC = 0 ] && [ ! -s '$ERRF' ]"
	m "unblocked-$name-unload" unload
}
stale complete "a complete dump (nonce $SNONCE, crashed at $SCRASH) that was never saved: run p2mdump save /dev/vdb DIR first, or load --discard-dump to overwrite it"
stale incomplete "an incomplete dump (nonce $SNONCE, crashed at $SCRASH) that was never saved" \
	--state incomplete
stale in-progress "an unfinished dump (nonce $SNONCE" --state in-progress
stale v1 "a complete dump (version 1 header: no nonce, crash time or saved mark) that was never saved" --v1
stale no-time "a complete dump (nonce $SNONCE, crash time unknown)" --crash-time 0
stale bad-crc "a p2mdump header save cannot read (" --bad-crc
check "stale: bad-crc: says why and how to override" bash -c \
	"grep -qF 'dump header CRC is' '$ERRF' && grep -qF -- '--discard-dump to overwrite it' '$ERRF'"
unblocked in-progress-empty --state in-progress --vmcore-size 0
unblocked armed --state armed
unblocked cleared --state cleared
unblocked saved --saved-time 1764660000
# A dump saved by p2mdump save no longer blocks.
put_disk
run stale-save save "$DEVD/vdb" "$D/out-stale-save"
check "stale: save the dump (exit $RC)" [ "$RC" = 0 ]
m stale-after-save load --target /dev/vdb
check "stale: after save, load arms ($RC)" [ "$RC" = 0 ]
m stale-after-save-unload unload
# --discard-dump: armed, with a warning naming what is lost.
put_disk
m discard load --target /dev/vdb --discard-dump
check "discard: --discard-dump arms ($RC)" bash -c "[ $RC = 0 ] && grep -qx 'armed: yes' '$OUTF'"
check "discard: warns, naming the dump" has "$ERRF" \
	"p2mdump: warning: --discard-dump: target /dev/vdb holds a complete dump (nonce $SNONCE, crashed at $SCRASH), never saved: it is discarded"
DNONCE=$(sed -n 's/^nonce: //p' "$OUTF")
run discard-save save "$DEVD/vdb" "$D/out-discard"
says "discard: the disk is ARMED with the new nonce" 4 ", nonce $DNONCE"
m discard-unload unload
put_disk --bad-crc
m discard-bad-crc load --target /dev/vdb --discard-dump
check "discard: a damaged header is overwritten too ($RC)" bash -c \
	"[ $RC = 0 ] && grep -qF 'p2mdump: warning: --discard-dump: overwriting a p2mdump header save cannot read' '$ERRF'"
m discard-bad-crc-unload unload
: >"$DEVD/vdb"
# No node to write the ARMED header on (00:07.0: vdf has no /dev node).
m no-node load --target 00:07.0 --wipe
says "stale: a target without a node" 1 \
	"p2mdump: cannot open target 00:07.0 to write its dump header: No such file or directory"
nothing_loaded "stale: a target without a node"

m load-opts load --image "$CAPTURE" --target 00:05.0 --append "nobatch" \
	--pool 200 --force --wipe
check "load --pool --force --append: exits 0 ($RC)" [ "$RC" = 0 ]
check "load --image: sent that file" cmp "$CAPTURE" "$STATE/image.bin"
check "load --image: status says a user image of its size" grep -qx \
	"image: user (--image), $(stat -c %s "$CAPTURE") bytes, sha256 $(printf 'ab%.0s' $(seq 32))" "$OUTF"
check "load --pool 200 --force, no kdump: pool_pages=200 flags=3 (FORCE, POST_NOTIFIERS)" bash -c \
	"grep -qx pool_pages=200 '$STATE/load.txt' && grep -qx flags=3 '$STATE/load.txt'"
check "load --append: cmdline 'nobatch format=kdump compress=lzo dump_level=31 disk=00:05.0 \$VDC_ID nonce=N'" \
	grep -Eqx "nobatch format=kdump compress=lzo dump_level=31 disk=00:05.0 $VDC_ID nonce=[0-9a-f]{16}" \
	"$STATE/cmdline"
check "load: a new nonce for each load" bash -c "! grep -q 'nonce=$NONCE' '$STATE/cmdline'"
P2MDUMP_FAKE_PAGE_OFFSET=$PO2 m status-po2 status
check "status: dump target from disk= after other words" \
	grep -qx 'dump target: 00:05.0' "$OUTF"
m unload2 unload

# --- capacity: many RAM ranges, and a pool below what the dump needs
# many_ram N: N one-page-hole-apart 2 MiB System RAM ranges (a NUMA
# machine with holes), no "Kernel code" (a warning, not an error).
many_ram() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf '%x-%x : System RAM\n' $(( (2 * i + 1) << 21 )) \
			$(( ((2 * i + 2) << 21) - 1 ))
	done
}
many_ram 200 >"$D/iomem-200"
many_ram 1024 >"$D/iomem-1024"
many_ram 1025 >"$D/iomem-1025"
NEED3=$(sed -n 's/^pool_need: //p' "$D/dump.out")
P2MDUMP_IOMEM=$D/iomem-200 run need-200 dump-elfcorehdr --out "$D/hdr-200"
NEED200=$(sed -n 's/^pool_need: //p' "$OUTF")
check "iomem, 200 System RAM ranges: dump-elfcorehdr exits 0 ($RC)" [ "$RC" = 0 ]
check "iomem, 200 ranges: 200 LOADs" \
	[ "$(readelf -lW "$D/hdr-200" | grep -c '^  LOAD ')" = 200 ]
check "pool need grows with the ranges: $NEED3 for 3, $NEED200 for 200" \
	[ "${NEED200:-0}" -gt "${NEED3:-999}" ]
P2MDUMP_IOMEM=$D/iomem-200 m load-200 load --target /dev/vdb
check "load, 200 System RAM ranges: exits 0 ($RC)" [ "$RC" = 0 ]
check "load, 200 ranges: the module got the 200-LOAD elfcorehdr" \
	cmp "$D/hdr-200" "$STATE/elfcorehdr.bin"
m unload-200 unload
P2MDUMP_IOMEM=$D/iomem-200 m load-need-1 load --target /dev/vdb --pool $((NEED200 - 1))
says "load --pool need-1" 1 \
	"p2mdump: --pool $((NEED200 - 1)) is too small: the capture kernel needs $NEED200 pages to dump this system (200 RAM ranges"
nothing_loaded "load --pool need-1"
P2MDUMP_IOMEM=$D/iomem-200 m load-need load --target /dev/vdb --pool $NEED200
check "load --pool need: exits 0 ($RC), pool_pages=$NEED200 sent" bash -c \
	"[ $RC = 0 ] && grep -qx pool_pages=$NEED200 '$STATE/load.txt'"
m unload-need unload
run pool-small dump-elfcorehdr --out "$D/x" --pool 1
says "dump-elfcorehdr --pool 1" 1 "p2mdump: --pool 1 is too small: the capture kernel needs $NEED3 pages"
P2MDUMP_IOMEM=$D/iomem-1024 run iomem-1024 dump-elfcorehdr --out "$D/x"
check "iomem, 1024 System RAM ranges (CORE_MAX_LOADS): exits 0 ($RC)" [ "$RC" = 0 ]
P2MDUMP_IOMEM=$D/iomem-1025 run iomem-1025 dump-elfcorehdr --out "$D/x"
says "iomem, 1025 System RAM ranges" 1 \
	"RAM ranges): more than 1024 PT_LOADs (RAM ranges)"
m load-no-driver load --target 00:08.0
says "load, a function with no driver: no node for the ARMED header" 1 \
	"p2mdump: target 00:08.0 has no block device node to write its dump header on (is virtio-blk bound to it?)"
nothing_loaded "load, a function with no driver"
P2MDUMP_TEST_TARGET_DEV=254:0 m load-test-dev load --target /dev/vdb
check "load: P2MDUMP_TEST_TARGET_DEV (tests) replaces the number sent" bash -c \
	"[ $RC = 0 ] && grep -qx target_dev=254:0 '$STATE/load.txt'"
m unload-test-dev unload
P2MDUMP_TEST_TARGET_DEV=vda m load-test-dev-bad load --target /dev/vdb
says "load: P2MDUMP_TEST_TARGET_DEV malformed" 1 \
	"p2mdump: P2MDUMP_TEST_TARGET_DEV: expected MAJOR:MINOR, found 'vda'"
nothing_loaded "load: P2MDUMP_TEST_TARGET_DEV malformed"
echo 655 >"$S/class/block/vdb/size"
m load-small load --target /dev/vdb
says "load: a disk too small for the headers" 1 "too little for even the headers of a dump"
nothing_loaded "load: a disk too small for the headers"
echo "$DISK_SECTORS" >"$S/class/block/vdb/size"

P2MDUMP_FAKE_PAGE_OFFSET=$PO2 m load-kaslr load --target /dev/vdb
check "load: RAM vaddrs at the module's page_offset" \
	cmp "$D/hdr-kaslr" "$STATE/elfcorehdr.bin"
m unload3 unload

# module errors: P2MDUMP_FAKE_ERRNO ERRNO NAME MESSAGE
load_errno() {
	P2MDUMP_FAKE_ERRNO=$1 m "errno-$2" load --target /dev/vdb
	says "load, module says $2" 1 "$3"
	nothing_loaded "load, module says $2"
	check "load, module says $2: crash_kexec_post_notifiers written back to N" \
		grep -qx N "$PN"
}
load_errno 16 EBUSY "p2mdump: the module cannot hold the target exclusively: it is mounted, swap, or held by md/dm (see dmesg)"
load_errno 15 ENOTBLK "p2mdump: the module refused the target: not a disk, or a partition of one, on the PCI function of disk= (see dmesg)"
load_errno 19 ENODEV "p2mdump: the module found no PCI function for disk= (see dmesg)"
load_errno 95 EOPNOTSUPP "p2mdump: memory encryption (SME/SEV) is active: the capture kernel cannot read encrypted memory, so the module refuses to arm (see dmesg)"
load_errno 8 ENOEXEC "p2mdump: the module refused its built-in capture kernel (see dmesg)"
load_errno 1 EPERM "p2mdump: load not permitted: it needs CAP_SYS_BOOT (see dmesg)"
P2MDUMP_FAKE_ERRNO=8 m errno-ENOEXEC-image load --target /dev/vdb --image "$CAPTURE"
says "load --image, module says ENOEXEC" 1 "p2mdump: $CAPTURE: not a p2mdump capture kernel"
P2MDUMP_FAKE_ERRNO=1 m errno-EPERM-image load --target /dev/vdb --image "$CAPTURE"
says "load --image, module says EPERM (lockdown)" 1 \
	"a kernel in lockdown refuses a capture kernel from a file (--image); without --image the module's own is used"
nothing_loaded "load --image, module says EPERM"
load_errno 12 ENOMEM "p2mdump: not enough free memory"
load_errno 17 EEXIST "p2mdump: a kdump kernel is loaded; --force to arm anyway"
load_errno 7 E2BIG "p2mdump: the module refused the command line as too long"
load_errno 28 ENOSPC "p2mdump: the module refused the page pool as too small for the dump (see dmesg)"
load_errno 5 EIO "p2mdump: load failed: Input/output error"
P2MDUMP_FAKE_VERSION=1 m abi load --target /dev/vdb
says "load, module of another ABI" 1 \
	"p2mdump: the p2mdump module speaks ABI version 1 (648-byte status); this p2mdump speaks version 6"
nothing_loaded "load, module of another ABI"

# errors before the module is asked: nothing loaded
m load-text load --image "$D/text.img" --target /dev/vdb
says "load: not-ELF image" 1 "p2mdump: $D/text.img: capture image is not an ELF file"
nothing_loaded "load: not-ELF image"
m load-x86_64 load --image "$P2MDUMP" --target /dev/vdb
says "load: x86_64 image" 1 "p2mdump: $P2MDUMP: capture image is not an i386 ELF32 executable"
nothing_loaded "load: x86_64 image"
m load-image-missing load --target /dev/vdb --image "$D/no-image"
says "load --image: missing file" 1 "p2mdump: cannot read $D/no-image: No such file or directory (--image FILE)"
nothing_loaded "load --image: missing file"
m load-image-noarg load --target /dev/vdb --image
says "usage: load --image without FILE" 2 "p2mdump: load: --image needs an argument"
P2MDUMP_IMAGE=$D/no-image m load-env-image load --target /dev/vdb
check "load: \$P2MDUMP_IMAGE is not read: the built-in image ($RC)" bash -c \
	"[ $RC = 0 ] && grep -qx image_size=0 '$STATE/load.txt' && [ ! -e '$STATE/image.bin' ]"
m unload-env-image unload
m load-ro load --target /dev/vdd
says "load: read-only target" 1 "p2mdump: target /dev/vdd is read-only"
nothing_loaded "load: read-only target"
P2MDUMP_IOMEM=$D/iomem-zero m load-noroot load --target /dev/vdb
says "load: iomem without addresses" 1 "p2mdump: $D/iomem-zero shows no addresses: run as root"
nothing_loaded "load: iomem without addresses"

# a stock kdump kernel is loaded
K=$D/sys-kdump
mk_sysfs "$K"
cp -a "$S/devices/pci0000:00" "$K/devices/"
cp -a "$S/class/block/vdb" "$K/class/block/"
echo 1 >"$K/kernel/kexec_crash_loaded"
P2MDUMP_SYSFS=$K m kdump load --target /dev/vdb
says "kdump loaded, no post_notifiers" 1 \
	"p2mdump: a kdump kernel is loaded and crash_kexec_post_notifiers is off: panic() would start kdump before p2mdump's panic notifier, so p2mdump would never run; unload kdump (kexec -p -u), boot with crash_kexec_post_notifiers, or use --force to arm anyway"
nothing_loaded "kdump loaded, no post_notifiers"
P2MDUMP_SYSFS=$K m kdump-force load --target /dev/vdb --force
check "kdump loaded, --force: arms with a warning, FORCE flag" bash -c \
	"[ $RC = 0 ] && grep -qF 'p2mdump: warning: a kdump kernel is loaded and will run instead of p2mdump' '$ERRF' &&
	 grep -qx flags=1 '$STATE/load.txt'"
KPN=$K/module/kernel/parameters/crash_kexec_post_notifiers
check "kdump loaded, --force: crash_kexec_post_notifiers left N" grep -qx N "$KPN"
check "kdump loaded, --force: status says it was left alone" grep -qx \
	'crash_kexec_post_notifiers: N (left alone: a kdump kernel is loaded)' "$OUTF"
check "kdump loaded, --force: load's status says kdump runs, not p2mdump" grep -qx \
	"kdump: a kdump kernel is also loaded; with crash_kexec_post_notifiers off, panic() starts kdump before any notifier, so p2mdump does not run" "$OUTF"
P2MDUMP_SYSFS=$K m kdump-force-json status --json
json_is "kdump loaded, --force: status --json" 'd["kdump_loaded"] is True and
	d["kdump_note"].endswith("so p2mdump does not run") and d["load_flags"] == 1 and
	d["post_notifiers_note"] == "left alone: a kdump kernel is loaded"'
P2MDUMP_SYSFS=$K m unload4 unload
check "kdump loaded, unload: crash_kexec_post_notifiers still N" grep -qx N "$KPN"
echo Y >"$K/module/kernel/parameters/crash_kexec_post_notifiers"
P2MDUMP_SYSFS=$K m kdump-post load --target /dev/vdb
check "kdump loaded with post_notifiers: arms with a note, FORCE flag" bash -c \
	"[ $RC = 0 ] && grep -qF 'p2mdump: note: a kdump kernel is loaded, but with crash_kexec_post_notifiers p2mdump runs first' '$ERRF' &&
	 grep -qx flags=1 '$STATE/load.txt'"
check "kdump loaded with post_notifiers: status says p2mdump runs first" grep -qx \
	"kdump: a kdump kernel is also loaded; with crash_kexec_post_notifiers on, p2mdump's panic notifier runs first and does not return, so kdump does not run" "$OUTF"
P2MDUMP_SYSFS=$K m unload5 unload
check "kdump loaded with post_notifiers: unload leaves it Y" grep -qx Y "$KPN"

# --- crash_kexec_post_notifiers already on, or cannot be written
echo Y >"$PN"
m post-was-on load --target /dev/vdb
check "post_notifiers already Y: load arms, no POST_NOTIFIERS flag" bash -c \
	"[ $RC = 0 ] && [ ! -s '$ERRF' ] && grep -qx flags=0 '$STATE/load.txt'"
check "post_notifiers already Y: status says it was on" \
	grep -qx 'crash_kexec_post_notifiers: Y (was on)' "$OUTF"
m post-was-on-unload unload
check "post_notifiers already Y: unload leaves it Y" grep -qx Y "$PN"
check "post_notifiers already Y: unload says nothing of it" \
	bash -c "! grep -q crash_kexec_post_notifiers '$OUTF'"
echo N >"$PN"
P2MDUMP_FAKE_SYSFS_ERRNO=1 m post-eperm load --target /dev/vdb
check "post_notifiers write fails: load arms anyway, no POST_NOTIFIERS flag ($RC)" \
	bash -c "[ $RC = 0 ] && grep -qx flags=0 '$STATE/load.txt'"
says "post_notifiers write fails" 0 \
	"p2mdump: warning: cannot set crash_kexec_post_notifiers to Y ($S/module/kernel/parameters/crash_kexec_post_notifiers: Operation not permitted): arming without it, so the dump will lack the other CPUs' registers"
check "post_notifiers write fails: one line" [ "$(wc -l <"$ERRF")" = 1 ]
check "post_notifiers write fails: status says N" \
	grep -qx 'crash_kexec_post_notifiers: N' "$OUTF"
m post-eperm-unload unload
check "post_notifiers write failed: still N after unload" grep -qx N "$PN"
m post-on load --target /dev/vdb
P2MDUMP_FAKE_SYSFS_ERRNO=1 m post-eperm-off unload
check "post_notifiers cannot be turned off: unload still disarms ($RC)" bash -c \
	"[ $RC = 0 ] && [ ! -e '$STATE/cmdline' ]"
check "post_notifiers cannot be turned off: a warning" has "$ERRF" \
	"p2mdump: warning: cannot set crash_kexec_post_notifiers to N ("
echo N >"$PN"

# --- load on a partition: one extent, the partition's sectors
P2MDUMP_MOUNTINFO=$D/mi-vdg1 m load-part load --target /dev/vdg2
check "load /dev/vdg2 (vdg1 mounted): exits 0 ($RC), quietly" \
	bash -c "[ $RC = 0 ] && [ ! -s '$ERRF' ]"
check "load /dev/vdg2: sent one extent {0, $VDG2_START, $VDG2_SECTORS}" \
	[ "$(od -An -v -tu8 "$STATE/extents.bin" | tr -s ' \n' ' ')" = " 0 $VDG2_START $VDG2_SECTORS " ]
check "load /dev/vdg2: target_dev 252:98, the partition's number" \
	grep -qx target_dev=252:98 "$STATE/load.txt"
check "load /dev/vdg2: the disk's words (disk=00:0a.0, vdg's size)" \
	grep -Eqx "$VDG2_CMD nonce=[0-9a-f]{16}" "$STATE/cmdline"
check "load /dev/vdg2: the ARMED header on the partition, not the disk" \
	bash -c "head -c 8 '$DEVD/vdg2' | grep -q P2MDUMP && [ ! -s '$DEVD/vdg' ]"
run load-part-armed save "$DEVD/vdg2" "$D/out-part-armed"
says "load /dev/vdg2: save of the partition sees the ARMED header" 4 \
	"p2mdump: $DEVD/vdg2: no dump was written after load at "
m status-part status
check "status after load /dev/vdg2: holds vdg2" \
	grep -qx 'held exclusively: vdg2 (252:98)' "$OUTF"
m unload-part unload
: >"$DEVD/vdg2"

. "$(dirname "$0")/cli_file.sh"	# a dump file on the host's filesystem

# --- valgrind: a few full runs
if command -v valgrind >/dev/null; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all"
	WRAP=$VG run vg-dump dump-elfcorehdr --out "$D/hdr-vg" --image "$CAPTURE" \
		--target /dev/vdc --append "quiet" --wipe
	check "valgrind: dump-elfcorehdr clean ($RC)" [ "$RC" = 0 ]
	WRAP=$VG run vg-data dump-elfcorehdr --out "$D/x" --target /dev/vdc
	check "valgrind: refusal of a disk holding data clean ($RC)" [ "$RC" = 1 ]
	sig 1080 '\123\357'
	WRAP=$VG run vg-sig dump-elfcorehdr --out "$D/x" --target /dev/vdb
	check "valgrind: refusal of a signature clean ($RC)" [ "$RC" = 1 ]
	: >"$DEVD/vdb"
	WRAP=$VG run vg-target dump-elfcorehdr --out "$D/x" --target /dev/vdc1
	check "valgrind: target error clean ($RC)" [ "$RC" = 1 ]
	WRAP=$VG P2MDUMP_MOUNTINFO=$D/mi-vdg1 run vg-part dump-elfcorehdr \
		--out "$D/x" --target /dev/vdg2
	check "valgrind: a partition target clean ($RC)" [ "$RC" = 0 ]
	WRAP=$VG P2MDUMP_IOMEM=$D/iomem-garbage run vg-iomem dump-elfcorehdr --out "$D/x"
	check "valgrind: iomem error clean ($RC)" [ "$RC" = 1 ]
	WRAP=$VG m vg-load load --target /dev/vdb
	check "valgrind: load clean ($RC)" [ "$RC" = 0 ]
	WRAP=$VG m vg-status status
	check "valgrind: status clean ($RC)" [ "$RC" = 0 ]
	WRAP=$VG m vg-load-busy load --target /dev/vdb
	check "valgrind: load while loaded clean ($RC)" [ "$RC" = 1 ]
	WRAP=$VG m vg-unload unload
	check "valgrind: unload clean ($RC)" [ "$RC" = 0 ]
	WRAP=$VG run vg-usage load --target
	check "valgrind: usage error clean ($RC)" [ "$RC" = 2 ]
else
	echo "SKIP: valgrind is not installed"
fi
