#!/bin/bash
# check_vmcore, the host checker of the guest harness's dumps, on a small
# synthetic vmcore from build/tests/mkdumpdisk: it accepts the good one and
# rejects one flipped byte (pattern page, capture frame, notes), shifted
# pages, a wrong seed, a missing capture frame, truncated and malformed
# files, each with a clear report and never a crash.  Host only.
set -u
. "$(dirname "$0")/lib.sh"

MKDISK=$ROOT/build/tests/mkdumpdisk
CHECK_VMCORE=$ROOT/build/tests/check_vmcore
D=$OUT/check_vmcore
SEED=${TEST_SEED:-11}
echo "seed $SEED (replay with TEST_SEED=$SEED)"

synthetic_vmcore check_vmcore "$D" "$SEED" "$MKDISK" "$CHECK_VMCORE"
cat "$CORE.layout"
FILL=$(awk '$1 == "fill_start" { print $2 }' "$CORE.layout")
NOTES=$(awk '$1 == "notes" { print $2 }' "$CORE.layout")
NOTES_SIZE=$(awk '$1 == "notes" { print $3 }' "$CORE.layout")
LOAD0=$(awk '$1 == "load" && $2 == 0 { print $3 }' "$CORE.layout")
LOAD1=$(awk '$1 == "load" && $2 == 1 { print $3 }' "$CORE.layout")
read -r NR PATTERN ZERO < <(awk '$1 == "pages_checked" { print $2, $4, $6 }' \
	"$CORE.layout")
SIZE=$(stat -c %s "$CORE")

# run NAME VMCORE [SEED [FILL [FRAMES [NOTES]]]]: runs check_vmcore, the
# defaults being the good inputs; sets RC and LOGF.
run() {
	local name=$1 vmcore=$2
	LOGF=$D/$name.log
	"$CHECK_VMCORE" "$vmcore" "${3:-$SEED}" "${4:-$FILL}" \
		"${5:-$CORE.frames}" "${6:-$CORE.notes}" >"$LOGF" 2>&1
	RC=$?
	echo "--- $name: exit $RC"
	sed 's/^/    /' "$LOGF"
}

# variant NAME: a fresh copy of the good vmcore; sets V.
variant() {
	V=$D/$1.vmcore
	cp "$CORE" "$V"
}

# has FILE TEXT: FILE holds the fixed string TEXT.
has() {
	grep -qF -- "$2" "$1"
}

# flip_byte FILE OFFSET: inverts one byte in place.
flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(( b ^ 0xff )))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# put_bytes FILE OFFSET PRINTF-STRING: overwrites bytes in place.
put_bytes() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# summary NR PATTERN ZERO BAD NOTES: the expected summary line.
summary() {
	echo "check_vmcore: $1 pages checked: $2 pattern, $3 zero (capture frames), $4 bad; notes: $5"
}

# rejected NAME BAD [NOTES]: the last run exited 1 with BAD bad pages.
rejected() {
	check "$1: exits 1 ($RC)" [ "$RC" = 1 ]
	check "$1: reports $2 bad page(s), notes ${3:-ok}" \
		grep -q "pages checked: .* $2 bad; notes: ${3:-ok}\$" "$LOGF"
}

# --- the good vmcore
check "layout: $NR pages to check, $ZERO of them capture frames" \
	bash -c "[ '${NR:-0}' -gt 0 ] && [ '${ZERO:-0}' -gt 0 ]"
run good "$CORE"
check "good: exits 0 ($RC)" [ "$RC" = 0 ]
check "good: summary line" has "$LOGF" "$(summary "$NR" "$PATTERN" "$ZERO" 0 ok)"
check "good: no bad page reported" bash -c "! grep -q 'bad page' '$LOGF'"

# --- one flipped byte
variant flip-pattern
flip_byte "$V" $(( LOAD1 + 3 * 4096 + 100 ))
run flip-pattern "$V"
rejected flip-pattern 1
check "flip-pattern: names the page, expected and found words" \
	grep -q 'bad page at maddr 0x140003000 (pattern): word at 0x140003060: expected 0x[0-9a-f]\{16\}, found 0x[0-9a-f]\{16\}' "$LOGF"

variant flip-zero
flip_byte "$V" $(( LOAD1 + 64 * 4096 + 7 ))
run flip-zero "$V"
rejected flip-zero 1
check "flip-zero: names the capture frame" \
	has "$LOGF" "bad page at maddr 0x140040000 (capture frame): word at 0x140040000: expected 0x0000000000000000, found 0xff00000000000000"

variant flip-below-fill
flip_byte "$V" $(( LOAD0 + 10 * 4096 + 5 ))
run flip-below-fill "$V"
check "flip-below-fill: a page below FILL_START is not checked ($RC)" \
	[ "$RC" = 0 ]

# --- shifted pages
variant shift-one
dd if="$CORE" of="$V" bs=4096 skip=$(( LOAD1 / 4096 + 10 )) \
	seek=$(( LOAD1 / 4096 + 11 )) count=1 conv=notrunc status=none
run shift-one "$V"
rejected shift-one 1
check "shift-one: names the page" has "$LOGF" "bad page at maddr 0x14000b000 (pattern)"

variant shift-run
dd if="$CORE" of="$V" bs=4096 skip=$(( LOAD1 / 4096 + 21 )) \
	seek=$(( LOAD1 / 4096 + 20 )) count=12 conv=notrunc status=none
run shift-run "$V"
rejected shift-run 12
check "shift-run: reports the first 10 pages, counts the rest" \
	bash -c "[ \$(grep -c 'bad page at' '$LOGF') = 10 ] &&
		 grep -q '\\.\\.\\. and 2 more bad pages' '$LOGF'"

# --- wrong inputs
run wrong-seed "$CORE" $(( SEED + 1 ))
rejected wrong-seed "$PATTERN"
check "wrong-seed: capture frames still zero" \
	has "$LOGF" "$(summary "$NR" 0 "$ZERO" "$PATTERN" ok)"

grep -v '^0x140050$' "$CORE.frames" >"$D/missing.frames"
run missing-frame "$CORE" "" "" "$D/missing.frames"
rejected missing-frame 1
check "missing-frame: the zero page is bad" \
	has "$LOGF" "bad page at maddr 0x140050000 (pattern)"

run high-fill "$CORE" "" 1000000000
check "high-fill: nothing checked exits 1 ($RC)" [ "$RC" = 1 ]
check "high-fill: says so" \
	bash -c "grep -q ' 0 pages checked' '$LOGF' && grep -q 'no page at or above' '$LOGF'"

# --- notes
variant flip-notes
flip_byte "$V" $(( NOTES + 30 ))
run flip-notes "$V"
rejected flip-notes 0 MISMATCH
check "flip-notes: first differing offset" has "$LOGF" "notes differ at offset 0x1e"

head -c $(( NOTES_SIZE - 4 )) "$CORE.notes" >"$D/short.notes"
run short-notes "$CORE" "" "" "" "$D/short.notes"
rejected short-notes 0 MISMATCH
check "short-notes: reports the sizes" \
	has "$LOGF" "PT_NOTE has $NOTES_SIZE bytes, expected $(( NOTES_SIZE - 4 ))"

# --- truncated and malformed files
variant truncated
truncate -s $(( SIZE - 2 * 4096 )) "$V"
run truncated "$V"
check "truncated: exits 1 ($RC)" [ "$RC" = 1 ]
check "truncated: says a PT_LOAD runs past the end" \
	has "$LOGF" "run past the end of the file"
check "truncated: still checks the pages present" \
	has "$LOGF" "$(summary $(( NR - 2 )) $(( PATTERN - 2 )) "$ZERO" 0 ok)"

"$MKDISK" junk "$D/junk.vmcore" 65536 "$SEED"
run junk "$D/junk.vmcore"
check "junk: exits 2 ($RC)" [ "$RC" = 2 ]
check "junk: not an ELF file" has "$LOGF" "is not an ELF file"

: >"$D/empty.vmcore"
run empty "$D/empty.vmcore"
check "empty: exits 2 ($RC)" [ "$RC" = 2 ]
check "empty: too small" has "$LOGF" "is too small for an ELF header"

variant elf32
put_bytes "$V" 4 '\001'
run elf32 "$V"
check "elf32: exits 2 ($RC)" [ "$RC" = 2 ]
check "elf32: not ELF64" has "$LOGF" "is not a little-endian ELF64 file"

variant phnum
put_bytes "$V" 56 '\377\377'
run phnum "$V"
check "phnum: exits 2 ($RC)" [ "$RC" = 2 ]
check "phnum: program headers past the end" \
	has "$LOGF" "program headers run past the end of the file"

variant load-offset
# PT_LOAD 1 (phdr 2): p_offset far past the end of the file.
put_bytes "$V" $(( 64 + 2 * 56 + 8 )) '\000\000\000\000\001'
run load-offset "$V"
check "load-offset: exits 1 ($RC)" [ "$RC" = 1 ]
check "load-offset: says a PT_LOAD runs past the end" \
	has "$LOGF" "run past the end of the file"

printf 'zz-not-hex\n' >"$D/bad.frames"
run bad-frames "$CORE" "" "" "$D/bad.frames"
check "bad-frames: exits 2 ($RC)" [ "$RC" = 2 ]
check "bad-frames: names the line" has "$LOGF" "bad.frames:1: not a hex mfn"

run no-frames "$CORE" "" "" "$D/no-such.frames"
check "no-frames: exits 2 ($RC)" [ "$RC" = 2 ]

"$CHECK_VMCORE" "$CORE" "$SEED" >"$D/usage.log" 2>&1
RC=$?
check "usage: two operands exit 2 ($RC)" [ "$RC" = 2 ]
check "usage: prints the usage" has "$D/usage.log" "usage: check_vmcore VMCORE"

if command -v valgrind >/dev/null; then
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=all "$CHECK_VMCORE" "$D/shift-run.vmcore" \
		"$SEED" "$FILL" "$CORE.frames" "$CORE.notes" >"$D/valgrind.log" 2>&1
	RC=$?
	sed 's/^/    /' "$D/valgrind.log"
	check "valgrind: check_vmcore is valgrind-clean ($RC)" [ "$RC" = 1 ]
else
	echo "SKIP: valgrind not installed; the valgrind check did not run"
fi
