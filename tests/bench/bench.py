#!/usr/bin/env python3
"""The benchmark's arithmetic (tests/bench/run.sh drives the guests).

  bench.py elfsize FILE
      bytes an ELF64 core occupies: max(p_offset + p_filesz); 0 if FILE
      does not start with a valid ELF64 header.
  bench.py run KIND NAME MEM DIR [key=value ...]
      one run's figures, from DIR/NAME.ts (serial lines with host
      timestamps, serial-ts.pl), DIR/NAME.times (run-guest.sh) and the
      key=value pairs run.sh knows (status, crash, dump_info, dump_bytes,
      crashkernel_mib, search); prints one JSON object.
  bench.py report RUNS.jsonl META.json OUT.json OUT.md
      medians over the good runs, p2mdump/stock ratios, the targets and
      p2mdump's scaling with guest size: the tables on stdout, everything
      as JSON in OUT.json, and the documentation page OUT.md.

KIND: p2mdump-kdump (load's default: kdump format, LZO, dump level 31),
p2mdump-elf (--format elf), p2mdump-nobatch (--format elf, nobatch),
stock-elf, stock-mdf (makedumpfile -l -d 31), stock-mdfz (-c -d 31), raw.
"""
import json
import os
import re
import statistics
import struct
import sys

MIB = 1 << 20
GIB = 1 << 30


# ---------------------------------------------------------------- elfsize

def elf_size(path):
    """Bytes an ELF64 core file covers (headers and every segment)."""
    with open(path, 'rb') as f:
        eh = f.read(64)
        if len(eh) < 64 or eh[:4] != b'\x7fELF' or eh[4] != 2:
            return 0
        phoff, = struct.unpack_from('<Q', eh, 32)
        phentsize, phnum = struct.unpack_from('<HH', eh, 54)
        end = phoff + phentsize * phnum
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
        for i in range(phnum):
            _, _, off, _, _, filesz, _, _ = struct.unpack_from(
                '<IIQQQQQQ', ph, i * phentsize)
            end = max(end, off + filesz)
        return end


# ---------------------------------------------------------------- one run

def read_ts(path):
    """[(host_time, line)] from a serial-ts.pl file."""
    out = []
    try:
        with open(path, 'rb') as f:
            for raw in f:
                t, _, line = raw.decode('utf-8', 'replace').rstrip('\n').partition('\t')
                try:
                    out.append((float(t), line))
                except ValueError:
                    pass
    except OSError:
        pass
    return out


def find(ts, regex, start=0):
    """(index, time, match) of the first line at or after start matching."""
    r = re.compile(regex)
    for i in range(start, len(ts)):
        m = r.search(ts[i][1])
        if m:
            return i, ts[i][0], m
    return None, None, None


def kv_file(path, sep):
    d = {}
    try:
        with open(path) as f:
            for line in f:
                k, s, v = line.rstrip('\n').partition(sep)
                if s:
                    d[k.strip()] = v.strip()
    except OSError:
        pass
    return d


def num(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        try:
            return float(v)
        except (TypeError, ValueError):
            return None


def dt(a, b):
    return round(b - a, 4) if a is not None and b is not None else None


def rate(nbytes, secs):
    return round(nbytes / secs / MIB, 2) if nbytes and secs else None


def common(ts, r):
    _, _, m = find(ts, r'^P2MTEST-SCENARIO .*MemTotal: *(\d+) kB')
    r['memtotal_kb'] = int(m.group(1)) if m else None
    i, r['t_panic'], _ = find(ts, r'^P2MTEST-PANIC-NOW')
    return i


def run_p2mdump(ts, r, kv):
    _, _, m = find(ts, r'^P2MTEST-STATUS bytes held: (\d+)')
    r['held_bytes'] = int(m.group(1)) if m else None
    _, _, m = find(ts, r'^P2MTEST-STATUS frames held: (\d+)')
    r['held_frames'] = int(m.group(1)) if m else None
    _, _, m = find(ts, r'^P2MTEST-STATUS machine-contiguous runs: (\d+)')
    r['contiguous_runs'] = int(m.group(1)) if m else None
    _, _, m = find(ts, r'^P2MTEST-STATUS frames above 4 GiB: (\d+)')
    r['frames_above_4g'] = int(m.group(1)) if m else None
    _, _, m = find(ts, r'^P2MTEST-STATUS command line: (.*)')
    r['capture_cmdline'] = m.group(1) if m else None
    _, _, m = find(ts, r'^P2MTEST-STATUS helper CPUs: (\d+)')
    r['helpers'] = int(m.group(1)) if m else None
    p = common(ts, r) or 0
    _, r['t_entry'], _ = find(ts, r'^p2mdump capture kernel', p)
    _, r['t_disk'], _ = find(ts, r'^dump: disk ', p)
    # kdump: the filter pass runs between the disk line and its report.
    _, r['t_filter'], m = find(ts, r'^dump: filter: (\d+) of (\d+) RAM pages kept', p)
    r['pages_kept'] = int(m.group(1)) if m else None
    r['pages_ram'] = int(m.group(2)) if m else None
    r['filter_s'] = dt(r['t_disk'], r['t_filter'])
    # Printed just before the dump header's first write.
    _, r['t_first_write_host'], m = find(ts, r'^dump: (elf|kdump) format', p)
    r['format'] = m.group(1) if m else None
    _, r['t_complete'], _ = find(ts, r'^dump: complete', p)
    # The page pass (kdump): classify, compress, write; with helpers too.
    _, _, m = find(ts, r'^dump: pages written in (\d+) ms', p)
    r['pages_written_s'] = int(m.group(1)) / 1000 if m else None
    _, _, m = find(ts, r'^dump: helpers: jobs by CPU: ([\d ]+);', p)
    r['jobs_by_cpu'] = [int(x) for x in m.group(1).split()] if m else None
    _, _, m = find(ts, r'^dump: kdump: (\d+) zero pages, (\d+) compressed \((\d+) to (\d+) '
                   r'bytes\), (\d+) raw, (\d+) our own', p)
    if m:
        r['pages_zero'], r['pages_compressed'] = int(m.group(1)), int(m.group(2))
        r['pages_raw'], r['pages_own'] = int(m.group(5)), int(m.group(6))
        r['pages_in_dump'] = r['pages_compressed'] + r['pages_raw'] + r['pages_own']
    _, _, m = find(ts, r'^dump: summary: .* (\d+) bytes, ([\d.]+) s, .* (\d+) batches, '
                   r'(\d+) TLB flushes, (\d+) TLB flushes/GiB', p)
    if m:
        r['summary_bytes'] = int(m.group(1))
        r['summary_s'] = float(m.group(2))
        r['mmu_batches'] = int(m.group(3))
        r['tlb_flushes'] = int(m.group(4))
        r['tlb_flushes_per_gib'] = int(m.group(5))
    info = kv_file(kv.get('dump_info', ''), ':')
    for k in ('state', 'digest_check'):
        r[k] = info.get(k)
    for k in ('vmcore_size', 'elapsed_us', 'first_write_us', 'tlb_flushes',
              'mmu_batches', 'pages_mapped', 'pages_dumped', 'zero_pages'):
        if k in info:
            r['hdr_' + k] = num(info[k])
    # makedumpfile -l -d 31 on the host over this (ELF) vmcore: run.sh's
    # same_memory_mdf.
    mdf = kv_file(kv.get('mdf_log', ''), ':')
    r['same_memory_mdf_bytes'] = num(mdf.get('file bytes'))
    rem = mdf.get('Remaining pages')
    r['same_memory_mdf_pages'] = int(rem, 16) if rem else None
    size = r.get('hdr_vmcore_size') or r.get('summary_bytes')
    r['dump_bytes'] = size
    r['panic_to_complete_s'] = dt(r['t_panic'], r['t_complete'])
    r['panic_to_entry_s'] = dt(r['t_panic'], r['t_entry'])
    if r.get('hdr_first_write_us') is not None:
        r['entry_to_first_write_s'] = r['hdr_first_write_us'] / 1e6
    r['entry_to_first_write_host_s'] = dt(r['t_entry'], r['t_first_write_host'])
    if r.get('hdr_elapsed_us') and r.get('hdr_first_write_us') is not None:
        w = (r['hdr_elapsed_us'] - r['hdr_first_write_us']) / 1e6
        r['write_s_own_clock'] = w
        r['throughput_mib_s_own_clock'] = rate(size, w)
        if size:
            r['write_s_per_gib'] = round(w / (size / GIB), 3)
    r['write_s'] = dt(r['t_first_write_host'], r['t_complete'])
    r['throughput_mib_s'] = rate(size, r['write_s'])
    r['ok'] = bool(kv.get('status') == os.environ['EXIT_OK'] and r['t_complete'] and
                   r.get('state') == 'complete' and kv.get('crash') == 'ok')


def run_stock(ts, r, kv):
    _, _, m = find(ts, r'^P2MTEST-CRASHKERNEL bytes=(\d+) iomem=(\S*)')
    r['crashkernel_bytes'] = int(m.group(1)) if m else None
    r['crashkernel_iomem'] = m.group(2) if m else None
    _, _, m = find(ts, r'^P2MTEST-KEXEC rc=(\d+) loaded=(\d) msg=(.*)')
    r['kexec_rc'] = int(m.group(1)) if m else None
    r['kexec_msg'] = m.group(3) if m else None
    p = common(ts, r) or 0
    i, r['t_purgatory'], _ = find(ts, r"I'm in purgatory", p)
    # The first bytes after purgatory's line come from the capture
    # kernel's decompressor (earlyprintk): the capture kernel's entry.
    r['t_entry'] = ts[i + 1][0] if i is not None and i + 1 < len(ts) else None
    _, r['t_linux'], _ = find(ts, r'Linux version', i or p)
    _, r['t_init'], m = find(ts, r'^P2MTEST-KDUMP-INIT .*vmcore=(\d+) MemTotal: *(\d+)', p)
    r['vmcore_bytes'] = int(m.group(1)) if m else None
    r['capture_memtotal_kb'] = int(m.group(2)) if m else None
    _, r['t_start'], _ = find(ts, r'^P2MTEST-KDUMP-START', p)
    _, r['t_done'], m = find(ts, r'^P2MTEST-KDUMP-DONE mode=\S+ rc=(\d+)', p)
    r['dump_rc'] = int(m.group(1)) if m else None
    _, _, m = find(ts, r'Kernel panic - not syncing: (.*)', i or len(ts))
    r['capture_panic'] = m.group(1) if m and i is not None else None
    _, _, m = find(ts, r'(Out of memory|oom-kill|invoked oom-killer)', i or len(ts))
    r['capture_oom'] = bool(m) if i is not None else False
    r['dump_bytes'] = num(kv.get('dump_bytes'))
    r['stream_bytes'] = num(kv.get('stream_bytes'))
    r['panic_to_complete_s'] = dt(r['t_panic'], r['t_done'])
    r['panic_to_entry_s'] = dt(r['t_panic'], r['t_entry'])
    r['purgatory_s'] = dt(r['t_purgatory'], r['t_entry'])
    r['entry_to_first_write_s'] = dt(r['t_entry'], r['t_start'])
    r['write_s'] = dt(r['t_start'], r['t_done'])
    mdf_report(ts, r, p)
    written = r['stream_bytes'] or r['dump_bytes']
    r['throughput_mib_s'] = rate(written, r['write_s'])
    r['ok'] = bool(r['kexec_rc'] == 0 and r['dump_rc'] == 0 and r['t_done'] and
                   kv.get('crash') == 'ok')


def mdf_report(ts, r, p):
    """makedumpfile's own figures (kdump-init.sh's MDF lines): its step
    times, its clock (the filter pass: every "Excluding" step, which
    cyclic mode repeats), and the pages it kept."""
    steps = {}
    for _, line in ts[p:]:
        m = re.search(r'^P2MTEST-KDUMP-MDF .*STEP \[(.*?)\s*\] : ([\d.]+) seconds', line)
        if m:
            steps[m.group(1)] = steps.get(m.group(1), 0) + float(m.group(2))
    if steps:
        r['mdf_steps'] = steps
        r['filter_s'] = round(sum(v for k, v in steps.items() if k.startswith('Excluding')), 4)
        copy = [v for k, v in steps.items() if k.startswith('Copying')]
        r['mdf_copy_s'] = round(sum(copy), 4) if copy else None
    _, _, m = find(ts, r'^P2MTEST-KDUMP-MDF\s+Remaining pages\s*: (0x[0-9a-f]+)', p)
    r['pages_in_dump'] = int(m.group(1), 16) if m else None
    _, _, m = find(ts, r'^P2MTEST-KDUMP-MDF\s*Original pages\s*: (0x[0-9a-f]+)', p)
    r['pages_ram'] = int(m.group(1), 16) if m else None


def run_raw(ts, r, kv):
    common(ts, r)
    _, t0, m = find(ts, r'^P2MTEST-RAWDD-START bytes=(\d+) uptime=([\d.]+)')
    r['dump_bytes'] = int(m.group(1)) if m else None
    u0 = float(m.group(2)) if m else None
    _, t1, m = find(ts, r'^P2MTEST-RAWDD-DONE rc=(\d+) uptime=([\d.]+)')
    r['dd_rc'] = int(m.group(1)) if m else None
    u1 = float(m.group(2)) if m else None
    r['write_s'] = dt(t0, t1)
    r['write_s_guest_clock'] = dt(u0, u1)
    r['throughput_mib_s'] = rate(r['dump_bytes'], r['write_s'])
    _, _, m = find(ts, r'^P2MTEST-CSUM mib=\d+ seconds=[\d.]+ mib_per_s=([\d.]+)')
    r['csum_mib_per_s'] = float(m.group(1)) if m else None
    r['ok'] = bool(r['dd_rc'] == 0 and r['write_s'])


def cmd_run(kind, name, mem, d, pairs):
    kv = dict(p.split('=', 1) for p in pairs)
    ts = read_ts(os.path.join(d, name + '.ts'))
    times = kv_file(os.path.join(d, name + '.times'), '=')
    r = {'kind': kind, 'name': name, 'mem_mib': int(mem),
         'status': num(kv.get('status')), 'crash': kv.get('crash'),
         'search': kv.get('search') == '1', 'round': num(kv.get('round')),
         'crashkernel_mib': num(kv.get('crashkernel_mib')),
         'other_qemu': num(kv.get('other_qemu')), 'loadavg': kv.get('loadavg'),
         'qemu_s': dt(num(times.get('qemu_start')), num(times.get('qemu_exit')))}
    {'p2mdump-kdump': run_p2mdump, 'p2mdump-elf': run_p2mdump,
     'p2mdump-nobatch': run_p2mdump, 'stock-elf': run_stock, 'stock-mdf': run_stock,
     'stock-mdfz': run_stock, 'raw': run_raw, 'raw-nvme': run_raw,
     'p2mdump-elf-nvme': run_p2mdump, 'p2mdump-elf-file-ext4': run_p2mdump,
     'p2mdump-elf-file-ext4-nvme': run_p2mdump,
     **{k: run_p2mdump for k in HELPER_KINDS}}[kind](ts, r, kv)
    print(json.dumps(r, sort_keys=True))


# ---------------------------------------------------------------- report

def median(runs, key):
    v = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(v) if v else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_s(v):
    return '-' if v is None else f'{v:.2f} s'


def fmt_ms(v):
    return '-' if v is None else (f'{v * 1000:.1f} ms' if v < 1 else f'{v:.2f} s')


def fmt_mib(v):
    return '-' if v is None else f'{v / MIB:.1f} MiB'


def fmt_rate(v):
    return '-' if v is None else f'{v:.0f} MiB/s'


def fmt_count(v):
    return '-' if v is None else f'{v:.0f}'


def fmt_size(mib):
    """A guest size: whole GiB as GiB, else MiB."""
    mib = int(mib)
    return f'{mib // 1024} GiB' if mib % 1024 == 0 else f'{mib} MiB'


def fmt_ratio(v):
    if v is None:
        return '-'
    return f'1/{1 / v:.1f}' if v < 1 else f'{v:.2f}x'


# The helper-CPU comparison (run.sh bench_helpers): zlib, N vCPUs, one
# CPU compressing (--helpers 0) or all of them (the default).
HELPER_VCPUS = (2, 4)
HELPER_KINDS = tuple(f'p2mdump-zlib-{n}c{one}' for n in HELPER_VCPUS
                     for one in ('-1cpu', ''))
KINDS = ('p2mdump-kdump', 'stock-mdf', 'stock-mdfz', 'p2mdump-elf', 'p2mdump-nobatch',
         'stock-elf', 'raw', 'p2mdump-elf-nvme', 'raw-nvme', 'p2mdump-elf-file-ext4',
         'p2mdump-elf-file-ext4-nvme') + HELPER_KINDS
# Pool pages for helper CPUs (lib/pool_need.h): once, and per helper.
HELPERS_SHARED_PAGES, HELPER_PAGES = 40, 53
LABELS = {
    'p2mdump-kdump': 'p2mdump, kdump LZO -d 31 (default)',
    **{f'p2mdump-zlib-{n}c-1cpu': f'p2mdump, kdump zlib -d 31, {n} vCPUs, `--helpers 0`'
       for n in HELPER_VCPUS},
    **{f'p2mdump-zlib-{n}c': f'p2mdump, kdump zlib -d 31, {n} vCPUs, {n - 1} helper'
       f'{"s" if n > 2 else ""}' for n in HELPER_VCPUS},
    'stock-mdf': 'stock, makedumpfile -l -d 31 (LZO)',
    'stock-mdfz': 'stock, makedumpfile -c -d 31 (zlib)',
    'p2mdump-elf': 'p2mdump, full ELF (`--format elf`)',
    'p2mdump-nobatch': 'p2mdump, full ELF, `nobatch`',
    'stock-elf': 'stock, full ELF (dd /proc/vmcore)',
    'raw': 'raw disk: dd O_DIRECT, bytes of p2mdump\'s ELF',
    'raw-nvme': 'raw NVMe disk: dd O_DIRECT, bytes of p2mdump\'s ELF',
    'p2mdump-elf-nvme': 'p2mdump, full ELF, to an NVMe disk',
    'p2mdump-elf-file-ext4': 'p2mdump, full ELF, to a dump file on ext4 (virtio-blk)',
    'p2mdump-elf-file-ext4-nvme': 'p2mdump, full ELF, to a dump file on ext4 (NVMe)',
}
# The dump-target comparison: (target, its p2mdump kind, the raw dd kind
# of the same device kind).
DEVICES = (
    ('whole virtio-blk disk', 'p2mdump-elf', 'raw'),
    ('dump file on ext4, virtio-blk system disk', 'p2mdump-elf-file-ext4', 'raw'),
    ('whole NVMe disk', 'p2mdump-elf-nvme', 'raw-nvme'),
    ('dump file on ext4, NVMe system disk', 'p2mdump-elf-file-ext4-nvme', 'raw-nvme'),
)
MEDIAN_KEYS = ('panic_to_complete_s', 'panic_to_entry_s', 'entry_to_first_write_s',
               'entry_to_first_write_host_s', 'purgatory_s', 'write_s', 'filter_s',
               'summary_s', 'write_s_own_clock', 'mdf_copy_s', 'dump_bytes',
               'pages_in_dump', 'pages_ram', 'throughput_mib_s', 'throughput_mib_s_own_clock',
               'write_s_per_gib', 'tlb_flushes_per_gib', 'tlb_flushes', 'held_bytes',
               'held_frames', 'contiguous_runs', 'memtotal_kb', 'crashkernel_bytes',
               'write_s_guest_clock', 'frames_above_4g', 'csum_mib_per_s',
               'capture_memtotal_kb', 'same_memory_mdf_bytes', 'same_memory_mdf_pages',
               'pages_written_s', 'helpers')


def summarize(runs, mem):
    """Medians per kind, ratios and targets for one guest size."""
    def good(k):
        # Runs that another QEMU overlapped count only when nothing else does.
        rs = [r for r in runs if r['mem_mib'] == mem and r['kind'] == k
              and r['ok'] and not r['search']]
        quiet = [r for r in rs if not r.get('other_qemu')]
        return quiet or rs
    made = lambda k: [r for r in runs if r['mem_mib'] == mem and r['kind'] == k
                      and not r['search']]
    search = [r for r in runs if r['mem_mib'] == mem and r['search']]
    stock = [r for k in ('stock-mdf', 'stock-mdfz', 'stock-elf') for r in good(k)]
    ck = next((r['crashkernel_mib'] for r in stock + search if r.get('crashkernel_mib')
               and r['ok']), None)
    s = {'mem_mib': mem, 'crashkernel_mib': ck,
         'runs_good': {k: len(good(k)) for k in KINDS if made(k)},
         'runs_used_overlapped': {k: sum(1 for r in good(k) if r.get('other_qemu'))
                                  for k in KINDS if made(k)},
         'runs_total': {k: len(made(k)) for k in KINDS if made(k)},
         'crashkernel_search': [{'mib': r['crashkernel_mib'], 'mode': r['kind'],
                                 'ok': r['ok'], 'why': why_failed(r)} for r in search],
         'crashkernel_iomem': next((r['crashkernel_iomem'] for r in stock
                                    if r.get('crashkernel_iomem')), None),
         'medians': {k: {key: median(good(k), key) for key in MEDIAN_KEYS} for k in KINDS}}
    m = s['medians']
    pk, pe, pn = m['p2mdump-kdump'], m['p2mdump-elf'], m['p2mdump-nobatch']
    sl, sz, se = m['stock-mdf'], m['stock-mdfz'], m['stock-elf']
    held = pk['held_bytes'] or pe['held_bytes']
    # What the helper CPUs of the default load add to it (stated per helper).
    nh = pk['helpers'] or 0
    helpers_bytes = (HELPERS_SHARED_PAGES + HELPER_PAGES * nh) * 4096 if nh else 0
    s['ratios'] = r = {
        'kdump_size_vs_makedumpfile_lzo': ratio(pk['dump_bytes'], sl['dump_bytes']),
        'kdump_size_vs_same_memory_makedumpfile': ratio(pk['dump_bytes'],
                                                        pe['same_memory_mdf_bytes']),
        'kdump_size_vs_makedumpfile_zlib': ratio(pk['dump_bytes'], sz['dump_bytes']),
        'kdump_time_vs_makedumpfile_lzo': ratio(pk['panic_to_complete_s'],
                                                sl['panic_to_complete_s']),
        'kdump_time_vs_makedumpfile_zlib': ratio(pk['panic_to_complete_s'],
                                                 sz['panic_to_complete_s']),
        'memory_held': ratio(held, ck * MIB if ck else None),
        'elf_time_vs_stock_elf': ratio(pe['panic_to_complete_s'], se['panic_to_complete_s']),
        'elf_size_vs_stock_elf': ratio(pe['dump_bytes'], se['dump_bytes']),
        'elf_throughput_of_raw': ratio(pe['throughput_mib_s'], m['raw']['throughput_mib_s']),
        'stock_elf_throughput_of_raw': ratio(se['throughput_mib_s'],
                                             m['raw']['throughput_mib_s']),
        'tlb_flush_reduction': ratio(pn['tlb_flushes_per_gib'], pe['tlb_flushes_per_gib']),
        'write_time_nobatch_over_batch': ratio(pn['write_s_per_gib'], pe['write_s_per_gib']),
        **{f'helpers_{n}cpu_speedup': ratio(m[f'p2mdump-zlib-{n}c-1cpu']['pages_written_s'],
                                            m[f'p2mdump-zlib-{n}c']['pages_written_s'])
           for n in HELPER_VCPUS},
    }
    s['helpers_bytes'] = helpers_bytes
    s['targets'] = {
        # issue 9: the kdump format
        'kdump_size_within_5pct_of_makedumpfile': target(
            r['kdump_size_vs_makedumpfile_lzo'], 0.05, 'within'),
        'kdump_size_within_5pct_of_same_memory_makedumpfile': target(
            r['kdump_size_vs_same_memory_makedumpfile'], 0.05, 'within'),
        'kdump_panic_to_complete_le_1_4_of_makedumpfile': target(
            r['kdump_time_vs_makedumpfile_lzo'], 1 / 4, 'le'),
        'memory_held_lt_1_mib': target(held - helpers_bytes if held else None, MIB, 'lt'),
        # issue 14: helper CPUs, the compression-bound case (zlib)
        'helpers_2cpu_speedup_ge_1_8': target(r['helpers_2cpu_speedup'], 1.8, 'ge'),
        'helpers_4cpu_speedup_ge_3': target(r['helpers_4cpu_speedup'], 3, 'ge'),
        # earlier: the full ELF path
        'memory_held_le_1_200': target(r['memory_held'], 1 / 200, 'le'),
        'elf_panic_to_complete_le_1_8': target(r['elf_time_vs_stock_elf'], 1 / 8, 'le'),
        'elf_throughput_ge_80pct_raw': target(r['elf_throughput_of_raw'], 0.8, 'ge'),
        'tlb_flushes_ge_100x_fewer': target(r['tlb_flush_reduction'], 100, 'ge'),
    }
    return s


def target(v, goal, how):
    """how: le, lt, ge, or within (|v - 1| <= goal, v a ratio)."""
    if v is None:
        return {'value': None, 'goal': goal, 'met': None}
    met = {'le': v <= goal, 'lt': v < goal, 'ge': v >= goal,
           'within': abs(v - 1) <= goal}[how]
    # "by how much": the factor the value is off the goal (1.0 = on it).
    off = (abs(v - 1) / goal if how == 'within' else
           goal / v if how == 'ge' else v / goal) if v else None
    return {'value': v, 'goal': goal, 'met': met, 'factor_off': off}


def why_failed(r):
    if r['ok']:
        return 'capture completed, dump opens in crash'
    if r.get('kexec_rc') not in (0, None):
        return 'kexec -p: ' + (r.get('kexec_msg') or '').strip('|').replace('|', '; ')
    if r.get('capture_oom'):
        return 'capture kernel ran out of memory'
    if r.get('capture_panic'):
        return 'capture kernel panicked: ' + r['capture_panic']
    if r.get('dump_rc') not in (0, None):
        return f"dump command failed (rc={r['dump_rc']})"
    if r.get('crash') == 'fail':
        return 'the dump does not open in crash'
    return f"no complete dump (QEMU status {r.get('status')})"



def fmt_kib(v):
    return '-' if v is None else f'{v / 1024:.0f} KiB'


def fmt_pct(v):
    return '-' if v is None else f'{100 * (v - 1):+.1f} %'


def yn(t):
    return '-' if t['met'] is None else ('met' if t['met'] else 'MISSED')


def mode_row(s, k):
    """One mode's line of a guest size's table."""
    x, ck = s['medians'][k], s['crashkernel_mib']
    stock = k.startswith('stock')
    mem = (f"{ck} MiB reserved" if stock and ck else
           fmt_kib(x['held_bytes']) + ' held' if x['held_bytes'] else '-')
    first = x['entry_to_first_write_s']
    return (f"| {LABELS[k]} | {mem} | {fmt_ms(x['panic_to_entry_s'])} | {fmt_ms(first)} | "
            f"{fmt_ms(x['filter_s'])} | {fmt_s(x['write_s_own_clock'] or x['write_s'])} | "
            f"{fmt_s(x['summary_s'])} | **{fmt_s(x['panic_to_complete_s'])}** | "
            f"{fmt_mib(x['dump_bytes'])} |")


def table(summaries):
    """Per guest size: every mode's figures, then the full-ELF path's."""
    lines = []
    for s in summaries:
        m, r, t = s['medians'], s['ratios'], s['targets']
        ck = s['crashkernel_mib']
        lines += [f"### {s['mem_mib']} MiB guest" +
                  (f" (crashkernel={ck}M, the smallest that worked)" if ck else
                   " (no working crashkernel=)"), '',
                  '| mode | capture memory | panic -> capture entry | entry -> first write '
                  '| filter pass | write phase | capture\'s own total | panic -> complete '
                  '| dump size |',
                  '|---|---|---|---|---|---|---|---|---|']
        lines += [mode_row(s, k) for k in KINDS
                  if k != 'raw' and s['runs_total'].get(k)]
        lines.append('')
        pk, pe, pn, se, raw = (m[k] for k in ('p2mdump-kdump', 'p2mdump-elf',
                                                'p2mdump-nobatch', 'stock-elf', 'raw'))
        lines.append(f"p2mdump kdump against makedumpfile -l -d 31: dump size "
                     f"{fmt_pct(r['kdump_size_vs_makedumpfile_lzo'])}, time "
                     f"{fmt_ratio(r['kdump_time_vs_makedumpfile_lzo'])}; against -c -d 31: "
                     f"size {fmt_pct(r['kdump_size_vs_makedumpfile_zlib'])}, time "
                     f"{fmt_ratio(r['kdump_time_vs_makedumpfile_zlib'])}.")
        if pe['dump_bytes'] and not (se['dump_bytes'] or pn['dump_bytes'] or raw['dump_bytes']):
            # Above BENCH_FULL_MAX p2mdump's full ELF runs alone.
            lines.append(f"Full ELF, p2mdump's run only (no stock full copy, `nobatch` or raw "
                         f"dd at this size): {fmt_mib(pe['dump_bytes'])} at "
                         f"{fmt_rate(pe['throughput_mib_s'])}, "
                         f"{fmt_count(pe['tlb_flushes_per_gib'])} TLB flushes per GiB, write "
                         f"time per GiB {fmt_s(pe['write_s_per_gib'])}.")
        elif pe['dump_bytes']:
            thr = lambda x: ('-' if not x['throughput_mib_s'] or not raw['throughput_mib_s']
                             else f"{x['throughput_mib_s']:.0f} MiB/s = "
                             f"{100 * x['throughput_mib_s'] / raw['throughput_mib_s']:.0f}% of raw")
            lines.append(f"Full ELF: p2mdump {fmt_ratio(r['elf_time_vs_stock_elf'])} of stock's "
                         f"time; write throughput p2mdump {thr(pe)}, stock {thr(se)} (raw dd "
                         f"{fmt_rate(raw['throughput_mib_s'])}); TLB flushes per GiB batched / "
                         f"`nobatch` {fmt_count(pe['tlb_flushes_per_gib'])} / "
                         f"{fmt_count(pn['tlb_flushes_per_gib'])} "
                         f"({fmt_ratio(r['tlb_flush_reduction'])} fewer), write time per GiB "
                         f"{fmt_s(pe['write_s_per_gib'])} / {fmt_s(pn['write_s_per_gib'])}.")
        mt = lambda x: '-' if not x['memtotal_kb'] else f"{x['memtotal_kb'] / 1024:.0f} MiB"
        stock_mt = next((m[k] for k in ('stock-mdf', 'stock-elf') if m[k]['memtotal_kb']), pk)
        lines.append(f"MemTotal of the first kernel: {mt(pk)} with p2mdump, {mt(stock_mt)} "
                     f"with crashkernel={ck}M.")
        if pk['contiguous_runs'] is not None and pk['held_frames']:
            lines.append(f"p2mdump's memory: {pk['held_frames']:.0f} single frames taken from "
                         f"free memory at `p2mdump load` (median {pk['contiguous_runs']:.0f} "
                         f"machine-contiguous runs); stock's: one block reserved at boot"
                         + (f" (`{s['crashkernel_iomem']}`)." if s['crashkernel_iomem'] else '.'))
        g, tot = s['runs_good'], s['runs_total']
        lines.append('Runs in the medians (complete dump that opens in crash; runs that '
                     'overlapped another QEMU on the host only when no other run counts) / '
                     'runs made: ' + ', '.join(f'{k} {g[k]}/{tot[k]}' for k in g) + '.')
        ov = {k: v for k, v in s['runs_used_overlapped'].items() if v}
        if ov:
            lines.append('Medians that include runs overlapped by another QEMU: ' +
                         ', '.join(f'{k} ({v})' for k, v in ov.items()) + '.')
        lines.append('')
    return '\n'.join(lines)


TARGETS = (
    ('kdump_size_within_5pct_of_makedumpfile',
     'dump size within 5 % of makedumpfile -l -d 31 (same compressor and level)',
     lambda s: f"{fmt_mib(s['medians']['p2mdump-kdump']['dump_bytes'])} vs "
               f"{fmt_mib(s['medians']['stock-mdf']['dump_bytes'])} "
               f"({fmt_pct(s['ratios']['kdump_size_vs_makedumpfile_lzo'])})"),
    ('kdump_size_within_5pct_of_same_memory_makedumpfile',
     'the same, makedumpfile -l -d 31 run on the host over p2mdump\'s full ELF dump '
     '(the panic scenario\'s memory)',
     lambda s: f"{fmt_mib(s['medians']['p2mdump-kdump']['dump_bytes'])} vs "
               f"{fmt_mib(s['medians']['p2mdump-elf']['same_memory_mdf_bytes'])} "
               f"({fmt_pct(s['ratios']['kdump_size_vs_same_memory_makedumpfile'])})"),
    ('kdump_panic_to_complete_le_1_4_of_makedumpfile',
     'panic -> complete <= 1/4 of makedumpfile -l -d 31\'s',
     lambda s: f"{fmt_s(s['medians']['p2mdump-kdump']['panic_to_complete_s'])} vs "
               f"{fmt_s(s['medians']['stock-mdf']['panic_to_complete_s'])} "
               f"({fmt_ratio(s['ratios']['kdump_time_vs_makedumpfile_lzo'])})"),
    ('memory_held_lt_1_mib', 'capture memory while armed < 1 MiB, plus the helper CPUs\' '
     '(160 KiB once, 212 KiB each)',
     lambda s: fmt_kib(s['targets']['memory_held_lt_1_mib']['value']) +
               (f" + {fmt_kib(s['helpers_bytes'])} for "
                f"{s['medians']['p2mdump-kdump']['helpers']:.0f} helper"
                if s['helpers_bytes'] else '')),
    ('helpers_2cpu_speedup_ge_1_8', 'zlib page pass, 2 vCPUs: one helper >= 1.8x faster',
     lambda s: helper_cell(s, 2)),
    ('helpers_4cpu_speedup_ge_3', 'zlib page pass, 4 vCPUs: three helpers >= 3x faster',
     lambda s: helper_cell(s, 4)),
    ('memory_held_le_1_200', '(earlier) memory held <= 1/200 of crashkernel=',
     lambda s: f"{fmt_ratio(s['ratios']['memory_held'])} of {s['crashkernel_mib']} MiB"),
    ('elf_panic_to_complete_le_1_8', '(earlier) full ELF: panic -> complete <= 1/8 of stock\'s',
     lambda s: f"{fmt_s(s['medians']['p2mdump-elf']['panic_to_complete_s'])} vs "
               f"{fmt_s(s['medians']['stock-elf']['panic_to_complete_s'])} "
               f"({fmt_ratio(s['ratios']['elf_time_vs_stock_elf'])})"),
    ('elf_throughput_ge_80pct_raw', '(earlier) full ELF: throughput >= 80 % of raw dd',
     lambda s: '-' if s['ratios']['elf_throughput_of_raw'] is None else
               f"{100 * s['ratios']['elf_throughput_of_raw']:.0f} %"),
    ('tlb_flushes_ge_100x_fewer', '(earlier) >= 100x fewer TLB flushes with batching',
     lambda s: f"{fmt_ratio(s['ratios']['tlb_flush_reduction'])} fewer"),
)


def helper_cell(s, n):
    m = s['medians']
    return (f"{fmt_s(m[f'p2mdump-zlib-{n}c-1cpu']['pages_written_s'])} / "
            f"{fmt_s(m[f'p2mdump-zlib-{n}c']['pages_written_s'])} = "
            f"{fmt_ratio(s['ratios'][f'helpers_{n}cpu_speedup'])}")


def targets_table(summaries):
    """One line per target, one column per guest size."""
    lines = ['| target | ' + ' | '.join(fmt_size(s['mem_mib']) for s in summaries) + ' |',
             '|---|' + '---|' * len(summaries)]
    for key, what, value in TARGETS:
        cells = [('-' if s['targets'][key]['met'] is None else
                  f"{value(s)}: {yn(s['targets'][key])}") for s in summaries]
        lines.append(f"| {what} | " + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def discussion(s):
    """Where the time and the bytes go, per guest size, numbers filled in."""
    m, r, t = s['medians'], s['ratios'], s['targets']
    pk, sl, sz = m['p2mdump-kdump'], m['stock-mdf'], m['stock-mdfz']
    pe, pn, se, raw = m['p2mdump-elf'], m['p2mdump-nobatch'], m['stock-elf'], m['raw']
    ck = s['crashkernel_mib']
    out = [f"#### {s['mem_mib']} MiB guest", '']
    tt = t['kdump_panic_to_complete_le_1_4_of_makedumpfile']
    if tt['met'] is not None:
        txt = (f"- **Panic -> complete, p2mdump kdump vs makedumpfile -l -d 31: "
               f"{fmt_ratio(tt['value'])}, {'met' if tt['met'] else 'missed'}** (goal <= 1/4). "
               f"p2mdump: {fmt_ms(pk['panic_to_entry_s'])} to its capture kernel, "
               f"{fmt_ms(pk['entry_to_first_write_s'])} to the first write (of which "
               f"{fmt_ms(pk['filter_s'])} the filter pass over the crashed kernel's struct "
               f"pages), {fmt_s(pk['write_s_own_clock'])} compressing and writing "
               f"{fmt_mib(pk['dump_bytes'])}. Stock: {fmt_ms(sl['panic_to_entry_s'])} to the "
               f"capture kernel (purgatory's SHA-256 check: {fmt_ms(sl['purgatory_s'])}), "
               f"{fmt_s(sl['entry_to_first_write_s'])} booting Linux and its initramfs, then "
               f"makedumpfile {fmt_s(sl['write_s'])} (its own clock: "
               f"{fmt_s(sl['filter_s'])} excluding pages, {fmt_s(sl['mdf_copy_s'])} copying).")
        if not tt['met'] and sl['panic_to_complete_s']:
            txt += (f" Missed by a factor of {tt['factor_off']:.2f}: the goal is "
                    f"<= {sl['panic_to_complete_s'] / 4:.2f} s.")
        out.append(txt)
    ts = t['kdump_size_within_5pct_of_makedumpfile']
    if ts['met'] is not None:
        txt = (f"- **Dump size vs makedumpfile -l -d 31: {fmt_pct(ts['value'])}, "
               f"{'met' if ts['met'] else 'missed'}** (goal within 5 %): "
               f"{fmt_mib(pk['dump_bytes'])} vs {fmt_mib(sl['dump_bytes'])}")
        if pe['same_memory_mdf_bytes']:
            txt += (f". The stock runs dump other boots, whose first kernel holds other "
                    f"memory (crashkernel=, `kexec -p`); makedumpfile -l -d 31 "
                    f"over p2mdump's own full ELF dump of the panic scenario makes "
                    f"{fmt_mib(pe['same_memory_mdf_bytes'])} "
                    f"({fmt_pct(r['kdump_size_vs_same_memory_makedumpfile'])} for p2mdump)")
        txt += (f". zlib (-c) makes {fmt_mib(sz['dump_bytes'])} "
                f"({fmt_pct(r['kdump_size_vs_makedumpfile_zlib'])} for p2mdump's LZO) in "
                f"{fmt_s(sz['panic_to_complete_s'])}.")
        out.append(txt)
    tm = t['memory_held_lt_1_mib']
    if tm['met'] is not None:
        out.append(f"- **Capture memory while armed: {fmt_kib(tm['value'])}, "
                   f"{'met' if tm['met'] else 'missed'}** (goal < 1 MiB): "
                   f"{pk['held_frames'] or 0:.0f} single frames from the page allocator, "
                   f"taken at `p2mdump load` (capture image, page tables, p2m, start info, "
                   f"elfcorehdr, handoff page, the page pool). Stock kdump reserves "
                   f"crashkernel={ck}M at boot, the smallest that worked here (smaller: " +
                   ('; '.join(f"{x['mib']}M {x['mode']}: {x['why']}"
                              for x in s['crashkernel_search'] if not x['ok'])
                    or 'none tried') + ').')
    te = t['elf_panic_to_complete_le_1_8']
    if te['met'] is not None:
        txt = (f"- *Full ELF* (earlier targets): panic -> complete {fmt_s(pe['panic_to_complete_s'])}"
               f" vs stock's {fmt_s(se['panic_to_complete_s'])} ({fmt_ratio(te['value'])}; "
               f"goal <= 1/8: {'met' if te['met'] else 'missed'}). A full copy is bound by "
               f"the disk: p2mdump writes {fmt_mib(pe['dump_bytes'])} at "
               f"{fmt_rate(pe['throughput_mib_s'])}, the raw dd runs at "
               f"{fmt_rate(raw['throughput_mib_s'])}")
        if raw['csum_mib_per_s'] and pe['write_s'] and pe['dump_bytes']:
            txt += (f"; p2mdump's dump digest (lib/csum.c, {raw['csum_mib_per_s']:.0f} MiB/s "
                    f"in this guest, tests/bench/csum-speed.c) is "
                    f"{pe['dump_bytes'] / MIB / raw['csum_mib_per_s']:.2f} s of its "
                    f"{pe['write_s']:.2f} s write phase")
        txt += (f". Batching: {fmt_count(pe['tlb_flushes_per_gib'])} vs "
                f"{fmt_count(pn['tlb_flushes_per_gib'])} TLB flushes per GiB "
                f"({fmt_ratio(r['tlb_flush_reduction'])}), {fmt_s(pe['write_s_per_gib'])} vs "
                f"{fmt_s(pn['write_s_per_gib'])} write time per GiB. p2mdump's ELF vmcore "
                f"({fmt_mib(pe['dump_bytes'])}) covers all of RAM plus the kernel-text "
                f"PT_LOAD; stock's /proc/vmcore ({fmt_mib(se['dump_bytes'])}) leaves out its "
                f"own crashkernel= region.")
        out.append(txt)
    out.append('')
    return '\n'.join(out)


def devices(summaries):
    """Per dump target, at the size(s) that ran them: p2mdump's full ELF
    write rate beside raw dd O_DIRECT of as many bytes to the same kind of
    device (the same emulated controller on the same host storage)."""
    lines = ['| guest | target | p2mdump write rate | raw dd, same device kind | p2mdump / raw '
             '| panic -> complete | runs |', '|---|---|---|---|---|---|---|']
    for s in summaries:
        m = s['medians']
        if not any(s['runs_total'].get(k) for _, k, _ in DEVICES[1:]):
            continue
        for what, k, raw in DEVICES:
            x, y = m[k], m[raw]
            r = ratio(x['throughput_mib_s'], y['throughput_mib_s'])
            lines.append(f"| {fmt_size(s['mem_mib'])} | {what} | {fmt_rate(x['throughput_mib_s'])} | "
                         f"{fmt_rate(y['throughput_mib_s'])} | "
                         f"{'-' if r is None else f'{100 * r:.0f} %'} | "
                         f"{fmt_s(x['panic_to_complete_s'])} | "
                         f"{s['runs_good'].get(k, 0)} of {s['runs_total'].get(k, 0)} |")
    if len(lines) == 2:
        return 'No guest size ran the dump-target comparison (BENCH_TARGETS_MEM).'
    return '\n'.join(lines)


SCALING = {'p2mdump-kdump': 'kdump', 'p2mdump-elf': 'full ELF'}


def scaling(summaries):
    """Per p2mdump format and guest size: memory held while armed, bytes
    written, time and write rate; then how they grow with the guest."""
    lines = ['| format | guest | capture memory held | dump size (bytes written) '
             '| panic -> complete | write rate |', '|---|---|---|---|---|---|']
    for k in SCALING:
        for s in summaries:
            x = s['medians'][k]
            if s['runs_total'].get(k):
                lines.append(f"| {LABELS[k]} | {fmt_size(s['mem_mib'])} | "
                             f"{fmt_kib(x['held_bytes'])} | {fmt_mib(x['dump_bytes'])} | "
                             f"{fmt_s(x['panic_to_complete_s'])} | "
                             f"{fmt_rate(x['throughput_mib_s'])} |")
    return '\n'.join(lines + ['', scaling_sentence(summaries)])


def scaling_sentence(summaries):
    """The footprint across sizes, and each format's growth from its
    smallest to its largest size, all from the medians."""
    held = [s['medians']['p2mdump-kdump']['held_bytes'] for s in summaries]
    if held and None not in held and len(set(held)) == 1:
        parts = [f"Held while armed: {fmt_kib(held[0])} at every size."]
    else:
        parts = ['Held while armed: ' + ', '.join(
            f"{fmt_kib(h)} at {fmt_size(s['mem_mib'])}" for h, s in zip(held, summaries)) + '.']
    grow = {}
    for k, name in SCALING.items():
        have = [s for s in summaries if s['medians'][k]['dump_bytes']
                and s['medians'][k]['panic_to_complete_s']]
        if len(have) < 2:
            continue
        a, b = have[0], have[-1]
        xa, xb = a['medians'][k], b['medians'][k]
        txt = (f"{name} {xb['dump_bytes'] / xa['dump_bytes']:.1f}x the bytes in "
               f"{xb['panic_to_complete_s'] / xa['panic_to_complete_s']:.1f}x the time")
        if xa['filter_s'] and xb['filter_s']:
            # The one step that reads every struct page: it follows memory.
            txt += (f" (its filter pass, which reads every struct page, "
                    f"{fmt_ms(xa['filter_s'])} -> {fmt_ms(xb['filter_s'])})")
        grow.setdefault((a['mem_mib'], b['mem_mib']), []).append(txt)
    parts += [f"From {fmt_size(lo)} to {fmt_size(hi)} ({hi / lo:.3g}x the memory): "
              + ', '.join(txts) + '.' for (lo, hi), txts in grow.items()]
    if not grow:
        parts.append('Fewer than two guest sizes with figures: no growth to show.')
    return ' '.join(parts)


def image_dirs_text(meta):
    """Where the dump images were, per guest size (older runs: one place)."""
    dirs = meta.get('image_dirs')
    if not dirs:
        return f"{meta.get('image_dir_fs', '?')} on the host (`{meta.get('image_dir', '?')}`)"
    by = {}
    for mem in sorted(dirs, key=int):
        by.setdefault((dirs[mem]['fs'], dirs[mem]['dir']), []).append(fmt_size(mem))
    return '; '.join(f"{' and '.join(ms)} guest{'s' if len(ms) > 1 else ''}: {fs} on the host "
                     f"(`{d}`)" for (fs, d), ms in by.items())


def machine_text(meta):
    h = meta.get('host', {})
    return '\n'.join([
        f"- host: {h.get('cpu', '?')}, {h.get('cores', '?')} cores, {h.get('mem_gib', '?')} GiB RAM, "
        f"{h.get('os', '?')}, Linux {h.get('kernel', '?')}",
        f"- QEMU {meta.get('qemu', '?')}, `-accel {meta.get('accel', '?')}` "
        f"(`-cpu {meta.get('cpu_model', '?')}`), `-smp 2`, virtio-blk disks on raw sparse files",
        f"- guest kernel: Debian {meta.get('kernel_release', '?')} (KASLR on), busybox initramfs; "
        f"kexec-tools {meta.get('kexec_version', '?')}, makedumpfile {meta.get('makedumpfile_version', '?')}, "
        f"crash {meta.get('crash_version', '?')}",
        f"- dump disk images: {image_dirs_text(meta)}",
        f"- p2mdump {meta.get('git', '?')}",
        f"- run: {meta.get('started', '?')}, {meta.get('duration_s', 0) / 60:.1f} min, "
        f"{meta.get('runs', '?')} timed runs per figure; host load average at the start "
        f"{meta.get('loadavg_start', '?')}, at the end {meta.get('loadavg_end', '?')}; "
        f"runs during which another QEMU was running on the host: {meta.get('runs_with_other_qemu', '?')} "
        f"(waited for quiet up to {meta.get('quiet_wait_max_s', '?')} s per run; overlapped runs "
        f"made once more: {'yes' if meta.get('again', 1) else 'no, BENCH_AGAIN=0'})",
    ])


def cmd_report(runs_path, meta_path, out_json, out_md):
    runs = []
    with open(runs_path) as f:
        for line in f:
            if line.strip():
                runs.append(json.loads(line))
    with open(meta_path) as f:
        meta = json.load(f)
    meta['runs_with_other_qemu'] = sum(1 for r in runs if r.get('other_qemu'))
    mems = sorted({r['mem_mib'] for r in runs})
    summaries = [summarize(runs, mem) for mem in mems]
    tab, targets, scale = table(summaries), targets_table(summaries), scaling(summaries)
    devs = devices(summaries)
    print(tab)
    print(targets)
    print()
    print(scale)
    print()
    print(devs)
    with open(out_json, 'w') as f:
        json.dump({'meta': meta, 'summaries': summaries, 'runs': runs}, f, indent=1,
                  sort_keys=True)
        f.write('\n')
    full_max = meta.get('full_max_mib', 4096)
    tmpl_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'benchmarks.md.in')
    with open(tmpl_path) as f:
        tmpl = f.read()
    doc = (tmpl.replace('@MACHINE@', machine_text(meta))
           .replace('@TABLE@', tab)
           .replace('@TARGETS@', targets)
           .replace('@DISCUSSION@', '\n'.join(discussion(s) for s in summaries))
           .replace('@SCALING@', scale)
           .replace('@DEVICES@', devs)
           .replace('@RUNS@', str(meta.get('runs', '?')))
           .replace('@FULL_MAX@', fmt_size(full_max))
           # Runs before BENCH_ELF_MAX made p2mdump's full ELF up to FULL_MAX.
           .replace('@ELF_MAX@', fmt_size(meta.get('elf_max_mib', full_max)))
           .replace('@MEMS@', ' and '.join(fmt_size(x) for x in meta.get('mems', [])))
           .replace('@JSON@', os.path.relpath(out_json, meta.get('root', '.'))))
    with open(out_md, 'w') as f:
        f.write(doc)


def main(argv):
    if len(argv) >= 2 and argv[1] == 'elfsize' and len(argv) == 3:
        print(elf_size(argv[2]))
    elif len(argv) >= 6 and argv[1] == 'run':
        cmd_run(argv[2], argv[3], argv[4], argv[5], argv[6:])
    elif len(argv) == 6 and argv[1] == 'report':
        cmd_report(*argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
