#!/bin/bash
# tests/bench/bench.py report over synthetic run records (the fields
# bench.py run writes), no guest: 1 and 4 GiB with every kind, 16 GiB with
# the filtered kinds and p2mdump's full ELF only (BENCH_ELF_MAX above
# BENCH_FULL_MAX).  The report must not fail, show "-" where a size has
# no figure, and write the scaling section from the medians; an older
# meta.json (one image_dir, no elf_max_mib) and a single size still work.
# Host only.
set -u
. "$(dirname "$0")/lib.sh"

BENCH=$ROOT/tests/bench/bench.py
D=$OUT/bench_report
rm -rf "$D"
mkdir -p "$D"

# runs FILE MEM...: two rounds of synthetic records per kind and size;
# the full-ELF comparison only up to 4 GiB, p2mdump's ELF at every size.
runs() {
	python3 - "$@" <<'EOF'
import json, sys
MIB = 1 << 20
# per size: kdump MiB, kdump s, kdump filter s, ELF MiB, ELF s, ELF MiB/s
FIG = {1024: (25.0, 2.11, 0.129, 1075.7, 3.93, 306),
       4096: (37.1, 2.32, 0.188, 4147.7, 16.35, 256),
       16384: (84.7, 5.13, 0.581, 16435.0, 66.0, 252)}
full_max = 4096

def rec(kind, mem, rnd, **kw):
    r = {'kind': kind, 'name': f'{kind}-{mem}m-r{rnd}', 'mem_mib': mem, 'status': 0,
         'crash': 'ok', 'search': False, 'round': rnd, 'crashkernel_mib': None,
         'other_qemu': 0, 'loadavg': '1.0', 'qemu_s': 30.0, 'ok': True}
    r.update(kw)
    return r

def p2m(kind, mem, rnd, mib, secs, rate, **kw):
    j = 1 + rnd / 100    # the rounds differ a little
    return rec(kind, mem, rnd, **dict(
        held_bytes=614400, held_frames=150, contiguous_runs=139,
        memtotal_kb=mem * 1024 - 100000, dump_bytes=int(mib * MIB * j),
        panic_to_complete_s=secs * j, panic_to_entry_s=0.17, entry_to_first_write_s=0.15,
        write_s=secs - 0.4, write_s_own_clock=secs - 0.4, summary_s=secs - 0.2,
        throughput_mib_s=rate / j), **kw)

def stock(kind, mem, rnd, mib, secs, **kw):
    return rec(kind, mem, rnd, **dict(dict(
        crashkernel_mib=96, crashkernel_bytes=96 * MIB,
        crashkernel_iomem='b9000000-beffffff:Crashkernel;', kexec_rc=0, dump_rc=0,
        memtotal_kb=mem * 1024 - 198000, dump_bytes=int(mib * MIB),
        panic_to_complete_s=secs, panic_to_entry_s=1.3, purgatory_s=1.28,
        entry_to_first_write_s=8.0, write_s=secs - 9.5, filter_s=0.2,
        mdf_copy_s=secs - 10, throughput_mib_s=mib / (secs - 9.5)), **kw))

out, mems = sys.argv[1], [int(m) for m in sys.argv[2:]]
rs = []
for mem in mems:
    kmib, ks, kf, emib, es, erate = FIG[mem]
    rs.append(stock('stock-mdf', mem, 0, 35.1, 18.5, search=True, ok=False, crashkernel_mib=64,
                    kexec_rc=1, kexec_msg='Could not find a free area of memory'))
    rs.append(stock('stock-mdf', mem, 0, 35.1, 18.5, search=True, crashkernel_mib=96))
    for rnd in (1, 2):
        rs.append(p2m('p2mdump-kdump', mem, rnd, kmib, ks, kmib / (ks - 0.4), filter_s=kf,
                      pages_in_dump=9000, pages_ram=mem * 256))
        rs.append(stock('stock-mdf', mem, rnd, kmib * 1.01, 18.5))
        rs.append(stock('stock-mdfz', mem, rnd, kmib * 0.7, 22.9))
        rs.append(p2m('p2mdump-elf', mem, rnd, emib, es, erate, tlb_flushes_per_gib=1045,
                      write_s_per_gib=3.9, same_memory_mdf_bytes=int(kmib * 0.99 * MIB)))
        if mem <= full_max:
            rs.append(p2m('p2mdump-nobatch', mem, rnd, emib, es * 1.5, erate / 1.5,
                          tlb_flushes_per_gib=262145, write_s_per_gib=5.1))
            rs.append(stock('stock-elf', mem, rnd, emib - 96, es * 2.6))
            rs.append(rec('raw', mem, rnd, dump_bytes=int(emib * MIB), write_s=emib / 190,
                          throughput_mib_s=190.0, csum_mib_per_s=860.0, dd_rc=0))
        if mem == 1024:    # BENCH_TARGETS_MEM: the dump targets
            rs.append(p2m('p2mdump-elf-nvme', mem, rnd, emib, es / 2, 404))
            rs.append(rec('raw-nvme', mem, rnd, dump_bytes=int(emib * MIB), write_s=emib / 500,
                          throughput_mib_s=500.0, dd_rc=0))
            rs.append(p2m('p2mdump-elf-file-ext4', mem, rnd, emib, es, 202))
            rs.append(p2m('p2mdump-elf-file-ext4-nvme', mem, rnd, emib, es / 2, 303,
                          ok=rnd == 1))
        if mem == 4096:    # BENCH_HELPERS_MEM: the helper CPUs, zlib
            for n, one, both in ((2, 11.7, 6.1), (4, 12.0, 8.4)):
                rs.append(p2m(f'p2mdump-zlib-{n}c-1cpu', mem, rnd, kmib * 0.7, one + 2,
                              kmib / one, pages_written_s=one, helpers=0))
                rs.append(p2m(f'p2mdump-zlib-{n}c', mem, rnd, kmib * 0.7, both + 2,
                              kmib / both, pages_written_s=both, helpers=n - 1))
                rs[-1]['held_bytes'] = 614400 + (40 + 53 * (n - 1)) * 4096
with open(out, 'w') as f:
    f.writelines(json.dumps(r, sort_keys=True) + '\n' for r in rs)
EOF
}

# meta FILE NEW: meta.json as run.sh writes it (NEW=1) or as before
# BENCH_ELF_MAX (one image_dir, no elf_max_mib).
meta() {
	python3 - "$@" <<'EOF'
import json, sys
m = {'root': '/nonexistent', 'runs': 2, 'mems': ['1024', '4096', '16384'],
     'full_max_mib': 4096, 'crashkernel_sizes': ['64', '96'], 'accel': 'tcg',
     'host': {'cpu': 'test', 'cores': 2, 'mem_gib': 24, 'os': 'test', 'kernel': 'test'}}
if sys.argv[2] == '1':
    m['elf_max_mib'] = 16384
    m['image_dirs'] = {'1024': {'dir': '/dev/shm/x', 'fs': 'tmpfs'},
                       '4096': {'dir': '/dev/shm/x', 'fs': 'tmpfs'},
                       '16384': {'dir': '/b/work', 'fs': 'ext2/ext3'}}
else:
    m['image_dir'], m['image_dir_fs'] = '/dev/shm/x', 'tmpfs'
json.dump(m, open(sys.argv[1], 'w'))
EOF
}

# report NAME: bench.py report over D/NAME.jsonl and D/NAME.meta; sets MD.
report() {
	MD=$D/$1.md
	python3 "$BENCH" report "$D/$1.jsonl" "$D/$1.meta" "$D/$1.json" "$MD" \
		>"$D/$1.out" 2>&1
}

# has FILE TEXT: FILE holds the fixed string TEXT.
has() {
	grep -qF -- "$2" "$1"
}

# row FILE START: the first line of FILE that starts with START.
row() {
	grep -F -- "$2" "$1" | head -n 1
}

runs "$D/all.jsonl" 1024 4096 16384
meta "$D/all.meta" 1
check "bench report: 16 GiB with p2mdump's full ELF only" report all
cat "$D/all.out"
check "bench report: no placeholder left" bash -c "[ -s '$MD' ] && ! grep -q '@[A-Z_]*@' '$MD'"
check "bench report: 16 GiB table has p2mdump's ELF row, no stock ELF row" bash -c \
	"sed -n '/^### 16384 MiB/,/^Runs in/p' '$MD' | grep -q '^| p2mdump, full ELF (' &&
	 ! sed -n '/^### 16384 MiB/,/^Runs in/p' '$MD' | grep -q '^| stock, full ELF'"
check "bench report: 16 GiB full ELF line without the comparison" \
	has "$MD" "Full ELF, p2mdump's run only (no stock full copy, \`nobatch\` or raw dd at this size): 16"
check "bench report: earlier ELF target is - at 16 GiB" bash -c \
	"grep -F '(earlier) full ELF: panic -> complete' '$MD' | grep -q ': MISSED | - |\$'"
check "bench report: same-memory size target filled at 16 GiB" bash -c \
	"grep -F 'the same, makedumpfile -l -d 31 run on the host' '$MD' | grep -q '| 86.0 MiB vs 83.9 MiB (+2.5 %): met |\$'"
check "bench report: JSON target unset at 16 GiB" python3 -c "
import json, sys
s = json.load(open('$D/all.json'))['summaries'][-1]
sys.exit(not (s['mem_mib'] == 16384 and s['targets']['elf_panic_to_complete_le_1_8']['met'] is None
              and s['medians']['p2mdump-elf']['dump_bytes']))"
sed -n '/^## Scaling/,/^## What/p' "$MD"
check "bench report: scaling row, full ELF at 16 GiB" \
	has "$MD" "| p2mdump, full ELF (\`--format elf\`) | 16 GiB | 600 KiB | 16681.5 MiB | 66.99 s | 248 MiB/s |"
check "bench report: scaling row, kdump at 1 GiB" \
	has "$MD" "| p2mdump, kdump LZO -d 31 (default) | 1 GiB | 600 KiB | 25.4 MiB | 2.14 s | 14 MiB/s |"
check "bench report: scaling sentence" has "$MD" "Held while armed: 600 KiB at every size. From 1 GiB to 16 GiB (16x the memory): kdump 3.4x the bytes in 2.4x the time (its filter pass, which reads every struct page, 129.0 ms -> 581.0 ms), full ELF 15.3x the bytes in 16.8x the time."
check "bench report: image directories per size" \
	has "$MD" "- dump disk images: 1 GiB and 4 GiB guests: tmpfs on the host (\`/dev/shm/x\`); 16 GiB guest: ext2/ext3 on the host (\`/b/work\`)"
check "bench report: BENCH_ELF_MAX in the text" has "$MD" "and up to 16 GiB (\`BENCH_ELF_MAX\`) 3"

check "bench report: helper CPUs, 2 vCPUs: the speed-up and its target" bash -c \
	"grep -F 'zlib page pass, 2 vCPUs: one helper >= 1.8x faster' '$MD' | grep -qF '| - | 11.70 s / 6.10 s = 1.92x: met | - |'"
check "bench report: helper CPUs, 4 vCPUs: missed, and said so" bash -c \
	"grep -F 'zlib page pass, 4 vCPUs: three helpers >= 3x faster' '$MD' | grep -qF '| - | 12.00 s / 8.40 s = 1.43x: MISSED | - |'"
check "bench report: helper rows in the 4 GiB table only" bash -c \
	"sed -n '/^### 4096 MiB/,/^Runs in/p' '$MD' | grep -q '^| p2mdump, kdump zlib -d 31, 4 vCPUs, 3 helpers |' &&
	 ! sed -n '/^### 1024 MiB/,/^Runs in/p' '$MD' | grep -q 'vCPUs'"

sed -n '/^## Dump targets/,/^## What/p' "$MD"
check "bench report: dump targets, the virtio-blk disk against its raw dd" \
	has "$MD" "| 1 GiB | whole virtio-blk disk | 301 MiB/s | 190 MiB/s | 159 % | 3.99 s | 2 of 2 |"
check "bench report: dump targets, a dump file on virtio-blk against the disk's raw dd" \
	has "$MD" "| 1 GiB | dump file on ext4, virtio-blk system disk | 199 MiB/s | 190 MiB/s | 105 % | 3.99 s | 2 of 2 |"
check "bench report: dump targets, NVMe against NVMe's raw dd" \
	has "$MD" "| 1 GiB | whole NVMe disk | 398 MiB/s | 500 MiB/s | 80 % | 1.99 s | 2 of 2 |"
check "bench report: dump targets, a run that does not count is left out" \
	has "$MD" "| 1 GiB | dump file on ext4, NVMe system disk | 300 MiB/s | 500 MiB/s | 60 % | 1.98 s | 1 of 2 |"
check "bench report: dump targets only where they ran (not 4 GiB)" bash -c \
	"! sed -n '/^## Dump targets/,/^## What/p' '$MD' | grep -q '^| 4 GiB'"

cp "$D/all.jsonl" "$D/old.jsonl"
meta "$D/old.meta" 0
check "bench report: older meta.json" report old
check "bench report: older meta.json's image directory" \
	has "$MD" "- dump disk images: tmpfs on the host (\`/dev/shm/x\`)"
check "bench report: older meta.json, ELF up to BENCH_FULL_MAX" has "$MD" "and up to 4 GiB (\`BENCH_ELF_MAX\`) 3"

runs "$D/one.jsonl" 16384
meta "$D/one.meta" 1
check "bench report: one guest size" report one
check "bench report: one guest size without dump targets" \
	has "$MD" "No guest size ran the dump-target comparison (BENCH_TARGETS_MEM)."
check "bench report: one guest size, no growth" \
	has "$MD" "Held while armed: 600 KiB at every size. Fewer than two guest sizes with figures: no growth to show."
