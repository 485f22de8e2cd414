#!/bin/bash
# The GDT page holds nothing but the GDT (issue 2), checked from the built
# capture kernel ELF: its own page-aligned 4 KiB section, no other symbol
# or section on that page, and zero beyond the descriptors in use.
set -u
. "$(dirname "$0")/lib.sh"

sym() { nm "$CAPTURE" | awk -v s="$1" '$3 == s { print $1 }'; }
start=$((16#$(sym __gdt_page_start)))
end=$((16#$(sym __gdt_page_end)))

check "gdt: page-aligned" [ $((start % 4096)) = 0 ]
check "gdt: exactly one page" [ $((end - start)) = 4096 ]
check "gdt: gdt_page starts the page" [ "$(sym gdt_page)" = "$(sym __gdt_page_start)" ]

# Every symbol inside [start, end) must be the GDT itself.
others=$(nm "$CAPTURE" | while read -r addr type name; do
	[ -n "$name" ] || continue
	a=$((16#$addr))
	if [ $a -ge $start ] && [ $a -lt $end ]; then
		case $name in gdt_page|__gdt_page_start) ;; *) echo "$name" ;; esac
	fi
done)
check "gdt: no other symbol on the page (${others:-none})" [ -z "$others" ]

# No other allocated section may touch the page.
overlap=$(readelf -SW "$CAPTURE" | awk -v s=$start -v e=$end '
	$0 ~ /^ *\[/ {
		sub(/^ *\[ *[0-9]+\] */, "")
		name = $1; addr = strtonum("0x" $3); size = strtonum("0x" $5)
		if (name != ".gdt_page" && size > 0 && addr < e && addr + size > s)
			print name
	}')
check "gdt: no other section on the page (${overlap:-none})" [ -z "$overlap" ]

# Zero-filled: only the null, code and data descriptors are non-zero.
objcopy -O binary --only-section=.gdt_page "$CAPTURE" "$OUT/gdt_page.bin"
check "gdt: section is 4096 bytes in the file" \
	[ "$(stat -c %s "$OUT/gdt_page.bin")" = 4096 ]
check "gdt: zero beyond the three descriptors" \
	[ "$(tail -c +25 "$OUT/gdt_page.bin" | tr -d '\0' | wc -c)" = 0 ]
check "gdt: null descriptor is zero" \
	[ "$(head -c 8 "$OUT/gdt_page.bin" | tr -d '\0' | wc -c)" = 0 ]
