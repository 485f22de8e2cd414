#!/bin/bash
# `make qemu-gdb` works: gdb attached to the harness stops at the capture
# kernel's entry with its symbols, and reads the start info through the
# capture kernel's own page tables.
set -u
. "$(dirname "$0")/lib.sh"

out=$OUT/t_gdb.out
QEMU_GDB_PORT=$((20000 + $$ % 20000)) "$ROOT/tests/guest/qemu-gdb.sh" --batch \
	'printf "magic %#x\n", ((struct start_info *)$rsi)->magic' \
	'info symbol $pc' >"$out" 2>&1
cat "$out"
check "gdb stops at the capture kernel's entry" grep -q 'capture kernel entry: rip 0xc0000000' "$out"
check "gdb resolves the entry to _start" grep -q '^_start in section .text' "$out"
check "gdb reads the start info magic through the capture page tables" \
	grep -q '^magic 0x534d3250' "$out"
