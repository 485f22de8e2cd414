#!/bin/bash
# The built p2mdump.ko, read with binutils (no kernel, no QEMU):
#   - the handoff blob starts with ENDBR64 (f3 0f 1e fa): p2mdump_jump
#     enters it by an indirect jump, a #CP under IBT otherwise;
#   - the capture kernel built into it is build/module/capture.elf, and
#     that loads the same bytes as build/capture.elf (a stale module fails);
#   - neither has a relocation (both are used where they lie, or copied);
#   - the lockdown and sha256 calls bind to the exports of the kernel it was
#     built for (modversion CRCs against that kernel's Module.symvers);
#   - the scatter parameter is there;
#   - only frames.o calls the page allocator, so page_take()/page_give()
#     count every page status reports.
# Needs `make module`; without a built module it says SKIP (`make check`
# builds it first).
set -u
. "$(dirname "$0")/lib.sh"

KO=$ROOT/build/module/p2mdump.ko
IMG=$ROOT/build/module/capture.elf
KVER_FILE=$ROOT/build/module/.kver
D=$OUT/module
ENDBR64=f30f1efa

if [ ! -f "$KO" ]; then
	echo "SKIP: $KO is not built (make module)"
	exit 0
fi
rm -rf "$D"
mkdir -p "$D"

# sym KO NAME: "VALUE NDX" of symbol NAME (value within its section).
sym() {
	readelf -sW "$1" | awk -v s="$2" '$8 == s { print $2, $7; exit }'
}

# section KO NDX FIELD: field FIELD (2 name, 5 file offset in hex) of
# section NDX's line in readelf -S.
section() {
	readelf -SW "$1" | awk -v n="$2" -v f="$3" '
		/^ *\[ *[0-9]+\]/ { sub(/^ *\[ */, ""); sub(/\]/, " ")
			if ($1 == n) print $f }'
}

# bytes KO START END: the bytes from symbol START to symbol END on stdout.
bytes() {
	local s e off
	read -r s ndx <<<"$(sym "$1" "$2")"
	read -r e _ <<<"$(sym "$1" "$3")"
	off=$(section "$1" "$ndx" 5)
	tail -c +$((16#$off + 16#$s + 1)) "$1" | head -c $((16#$e - 16#$s))
}

# relocs_in KO START END: how many relocations patch [START, END) of the
# section symbol START is in.
relocs_in() {
	local s e ndx name o n=0
	read -r s ndx <<<"$(sym "$1" "$2")"
	read -r e _ <<<"$(sym "$1" "$3")"
	name=$(section "$1" "$ndx" 2)
	for o in $(readelf -rW "$1" | awk -v sec="'.rela$name'" '
		/^Relocation section/ { on = ($3 == sec); next }
		on && $1 ~ /^[0-9a-f]+$/ { print $1 }'); do
		[ $((16#$o)) -ge $((16#$s)) ] && [ $((16#$o)) -lt $((16#$e)) ] && n=$((n + 1))
	done
	echo $n
}

# --- ENDBR64 at the handoff entry
bytes "$KO" p2mdump_handoff_start p2mdump_handoff_end >"$D/handoff.bin"
entry=$(od -An -tx1 -N 4 "$D/handoff.bin" | tr -d ' \n')
check "endbr: the handoff blob starts with endbr64 ($ENDBR64), got ${entry:-nothing}" \
	[ "$entry" = "$ENDBR64" ]
objdump -D -b binary -m i386:x86-64 "$D/handoff.bin" >"$D/handoff.dis"
check "endbr: objdump reads endbr64 as its first instruction" \
	grep -Eq '^ +0:[[:space:]]+f3 0f 1e fa[[:space:]]+endbr64' "$D/handoff.dis"
check "endbr: no relocation in the handoff blob" \
	[ "$(relocs_in "$KO" p2mdump_handoff_start p2mdump_handoff_end)" = 0 ]

# --- the built-in capture kernel
bytes "$KO" p2mdump_builtin_image p2mdump_builtin_image_end >"$D/builtin.elf"
check "image: the module carries build/module/capture.elf ($(stat -c %s "$D/builtin.elf") bytes)" \
	cmp "$D/builtin.elf" "$IMG"
objcopy -O binary "$CAPTURE" "$D/capture.load"
objcopy -O binary "$D/builtin.elf" "$D/builtin.load"
check "image: it loads the same bytes as build/capture.elf" \
	cmp "$D/capture.load" "$D/builtin.load"
check "image: same entry and program headers as build/capture.elf" \
	diff <(readelf -lW "$CAPTURE" | sed -n '/^Entry/p; /LOAD/p') \
	     <(readelf -lW "$D/builtin.elf" | sed -n '/^Entry/p; /LOAD/p')
readelf -SW "$D/builtin.elf" >"$D/builtin.sections"
check "image: no symbols or debug info carried" \
	bash -c "grep -q '\\.text' '$D/builtin.sections' &&
		 ! grep -Eq '\\.(symtab|debug_)' '$D/builtin.sections'"
check "image: no relocation in the built-in image" \
	[ "$(relocs_in "$KO" p2mdump_builtin_image p2mdump_builtin_image_end)" = 0 ]

# --- the lockdown check and sha256 bind to the kernel's exports
kver=$(cat "$KVER_FILE" 2>/dev/null)
symvers=/usr/src/linux-headers-$kver/Module.symvers
if [ -f "$symvers" ] && command -v modprobe >/dev/null; then
	for s in security_locked_down sha256; do
		ko_crc=$(modprobe --dump-modversions "$KO" | awk -v s=$s '$2 == s { print $1 }')
		k_crc=$(awk -v s=$s '$2 == s { print $1 }' "$symvers")
		check "symbols: $s: CRC ${ko_crc:-none} in the module = ${k_crc:-none} exported by $kver" \
			[ -n "$ko_crc" ] && [ "$ko_crc" = "$k_crc" ]
	done
else
	fail "symbols: no $symvers or no modprobe (kmod) to check the imports"
fi

# --- the test-only parameter
check "scatter: module parameter present" \
	bash -c "modinfo -p '$KO' | grep -q '^scatter:'"

# --- every page through page_take()/page_give() (frames.c), which count
# them for status: no other object calls the page allocator, and frames.c
# calls it in those two functions only.
ALLOC_SYMS='alloc_pages|__alloc_pages|alloc_pages_node|__get_free_pages|get_zeroed_page|alloc_pages_exact|folio_alloc|__folio_alloc|__free_pages|free_pages|free_pages_exact|__folio_put'
users=$(cd "$ROOT/build/module" && for o in $(find . -name '*.o' ! -name 'p2mdump*.o' | sort); do
	nm -u "$o" | grep -Eq " ($ALLOC_SYMS)\$" && echo "${o#./}"
done)
check "pages: only frames.o calls the page allocator (${users:-none})" \
	[ "$users" = loader/module/frames.o ]
calls=$(grep -cE '\b(alloc_pages?|__free_pages?|__get_free_pages?|free_pages?)\(' \
	"$ROOT/loader/module/frames.c")
check "pages: frames.c calls it twice, in page_take() and page_give() ($calls)" [ "$calls" = 2 ]
