#!/bin/bash
# `make qemu-gdb`: the guest harness under QEMU's gdb stub, frozen before
# its first instruction, with the capture kernel as its module.  Writes
# build/capture.gdb, which attaches, loads capture.elf's symbols and stops
# at the capture kernel's entry (_start, paging on, ESI = start info):
#
#   make qemu-gdb                  # this terminal: QEMU, serial on stdio
#   gdb -x build/capture.gdb       # another terminal
#
#   QEMU_GDB_PORT  TCP port of the stub (default 25000 + uid % 5000)
#   MEM, APPEND    guest memory (default 512M), harness command line
#                  (default "seed=1 dump" with a dump disk, named as
#                  lib.sh's disk_words names it; see harness.c)
#   --batch CMD... run QEMU in the background, run gdb -batch with the
#                  script plus the gdb commands CMD..., then end QEMU
#                  (tests/guest/t_gdb.sh uses it)
set -u -o pipefail
. "$(dirname "$0")/lib.sh"

port=${QEMU_GDB_PORT:-$((25000 + $(id -u) % 5000))}
mem=${MEM:-512M}
script=$ROOT/build/capture.gdb
disk=$OUT/qemu-gdb.disk.img
truncate -s 1G "$disk"
append=${APPEND:-seed=1 dump append=$(disk_words "$disk")}

cat >"$script" <<GDB
set pagination off
set confirm off
# qemu-system-x86_64 describes the CPU as x86-64: registers are rip, rsi.
target remote localhost:$port
symbol-file $CAPTURE
hbreak _start
continue
printf "capture kernel entry: rip %#x, start info at %#x\n", \$rip, \$rsi
GDB

qemu=(qemu-system-x86_64 "${ACCEL[@]}" -m "$mem" -display none -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04
      -drive "file=$disk,format=raw,if=none,id=dump"
      -device "virtio-blk-pci,drive=dump,addr=0x5,serial=${HARNESS_SERIAL-p2m-guest}"
      -kernel "$HARNESS" -initrd "$CAPTURE" -append "$append"
      -S -gdb "tcp:localhost:$port")

if [ "${1:-}" != --batch ]; then
	echo "QEMU waits for gdb on port $port: run  gdb -x build/capture.gdb"
	"${qemu[@]}" -serial mon:stdio
	rc=$?
	rm -f "$disk"
	exit $rc
fi

shift
cmds=()
for c in "$@"; do
	cmds+=(-ex "$c")
done
timeout --kill-after=5 "$QEMU_TIMEOUT" "${qemu[@]}" -monitor none \
	-serial "file:$OUT/qemu-gdb.serial" </dev/null >"$OUT/qemu-gdb.qemu" 2>&1 &
qpid=$!
sleep 0.5
timeout 60 gdb -batch -nx -x "$script" "${cmds[@]}" </dev/null
rc=$?
kill "$qpid" 2>/dev/null
wait "$qpid" 2>/dev/null
rm -f "$disk"
exit $rc
