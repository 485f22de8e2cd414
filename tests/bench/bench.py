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
      medians over the good runs, p2mdump/stock ratios and the targets:
      the table on stdout, everything as JSON in OUT.json, and the
      documentation page OUT.md.

KIND: p2mdump, p2mdump-nobatch, stock-elf, stock-mdf, raw.
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
    p = common(ts, r) or 0
    _, r['t_entry'], _ = find(ts, r'^p2mdump capture kernel', p)
    _, r['t_first_write_host'], _ = find(ts, r'^dump: disk ', p)
    _, r['t_complete'], _ = find(ts, r'^dump: complete', p)
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
    written = r['stream_bytes'] or r['dump_bytes']
    r['throughput_mib_s'] = rate(written, r['write_s'])
    r['ok'] = bool(r['kexec_rc'] == 0 and r['dump_rc'] == 0 and r['t_done'] and
                   kv.get('crash') == 'ok')


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
    {'p2mdump': run_p2mdump, 'p2mdump-nobatch': run_p2mdump,
     'stock-elf': run_stock, 'stock-mdf': run_stock, 'raw': run_raw}[kind](ts, r, kv)
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


def fmt_ratio(v):
    if v is None:
        return '-'
    return f'1/{1 / v:.1f}' if v < 1 else f'{v:.2f}x'


def summarize(runs, mem):
    """Medians, ratios and targets for one guest size."""
    def good(k):
        # Runs that another QEMU overlapped count only when nothing else does.
        rs = [r for r in runs if r['mem_mib'] == mem and r['kind'] == k
              and r['ok'] and not r['search']]
        quiet = [r for r in rs if not r.get('other_qemu')]
        return quiet or rs
    allk = lambda k: [r for r in runs if r['mem_mib'] == mem and r['kind'] == k
                      and not r['search']]
    p, pn, se, sm, raw = (good(k) for k in
                          ('p2mdump', 'p2mdump-nobatch', 'stock-elf', 'stock-mdf', 'raw'))
    search = [r for r in runs if r['mem_mib'] == mem and r['search']]
    ck = next((r['crashkernel_mib'] for r in se + sm if r.get('crashkernel_mib')), None)
    kinds = ('p2mdump', 'p2mdump-nobatch', 'stock-elf', 'stock-mdf', 'raw')
    s = {'mem_mib': mem, 'crashkernel_mib': ck,
         'runs_good': {k: len(good(k)) for k in kinds},
         'runs_used_overlapped': {k: sum(1 for r in good(k) if r.get('other_qemu'))
                                  for k in kinds},
         'runs_total': {k: len(allk(k)) for k in
                        ('p2mdump', 'p2mdump-nobatch', 'stock-elf', 'stock-mdf', 'raw')},
         'crashkernel_search': [{'mib': r['crashkernel_mib'], 'mode': r['kind'],
                                 'ok': r['ok'], 'why': why_failed(r)} for r in search]}
    m = {}
    for label, rs in (('p2mdump', p), ('p2mdump_nobatch', pn), ('stock_elf', se),
                      ('stock_mdf', sm), ('raw', raw)):
        m[label] = {k: median(rs, k) for k in
                    ('panic_to_complete_s', 'panic_to_entry_s', 'entry_to_first_write_s',
                     'entry_to_first_write_host_s', 'purgatory_s', 'write_s',
                     'dump_bytes', 'throughput_mib_s', 'throughput_mib_s_own_clock',
                     'write_s_own_clock', 'write_s_per_gib', 'tlb_flushes_per_gib',
                     'tlb_flushes', 'held_bytes', 'held_frames', 'contiguous_runs',
                     'memtotal_kb', 'crashkernel_bytes', 'write_s_guest_clock',
                     'frames_above_4g', 'csum_mib_per_s', 'capture_memtotal_kb')}
    s['medians'] = m
    s['crashkernel_iomem'] = next((r['crashkernel_iomem'] for r in se + sm
                                   if r.get('crashkernel_iomem')), None)
    held = m['p2mdump']['held_bytes']
    ckb = ck * MIB if ck else None
    s['ratios'] = {
        'memory_held': ratio(held, ckb),
        'panic_to_complete_full_elf': ratio(m['p2mdump']['panic_to_complete_s'],
                                            m['stock_elf']['panic_to_complete_s']),
        'panic_to_complete_vs_makedumpfile': ratio(m['p2mdump']['panic_to_complete_s'],
                                                   m['stock_mdf']['panic_to_complete_s']),
        'entry_to_first_write_vs_elf': ratio(m['p2mdump']['entry_to_first_write_s'],
                                             m['stock_elf']['entry_to_first_write_s']),
        'dump_size_vs_elf': ratio(m['p2mdump']['dump_bytes'], m['stock_elf']['dump_bytes']),
        'dump_size_vs_makedumpfile': ratio(m['p2mdump']['dump_bytes'],
                                           m['stock_mdf']['dump_bytes']),
        'throughput_of_raw': ratio(m['p2mdump']['throughput_mib_s'],
                                   m['raw']['throughput_mib_s']),
        'throughput_of_raw_own_clock': ratio(m['p2mdump']['throughput_mib_s_own_clock'],
                                             m['raw']['throughput_mib_s']),
        'stock_elf_throughput_of_raw': ratio(m['stock_elf']['throughput_mib_s'],
                                             m['raw']['throughput_mib_s']),
        'tlb_flush_reduction': ratio(m['p2mdump_nobatch']['tlb_flushes_per_gib'],
                                     m['p2mdump']['tlb_flushes_per_gib']),
        'write_time_nobatch_over_batch': ratio(m['p2mdump_nobatch']['write_s_per_gib'],
                                               m['p2mdump']['write_s_per_gib']),
    }
    r = s['ratios']
    s['targets'] = {
        'memory_held_le_1_200': target(r['memory_held'], 1 / 200, 'le'),
        'panic_to_complete_le_1_8': target(r['panic_to_complete_full_elf'], 1 / 8, 'le'),
        'throughput_ge_80pct_raw': target(r['throughput_of_raw'], 0.8, 'ge'),
        'tlb_flushes_ge_100x_fewer': target(r['tlb_flush_reduction'], 100, 'ge'),
    }
    return s


def target(v, goal, how):
    if v is None:
        return {'value': None, 'goal': goal, 'met': None}
    met = v <= goal if how == 'le' else v >= goal
    # "by how much": the factor the value is off the goal (1.0 = on it).
    off = (v / goal if how == 'le' else goal / v) if v else None
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


def table(summaries):
    lines = []
    for s in summaries:
        m, r, t = s['medians'], s['ratios'], s['targets']
        p, pn, se, sm, raw = (m[k] for k in
                              ('p2mdump', 'p2mdump_nobatch', 'stock_elf', 'stock_mdf', 'raw'))
        ck = s['crashkernel_mib']
        yn = lambda x: '-' if x is None else ('met' if x else 'MISSED')
        lines.append(f"### {s['mem_mib']} MiB guest (crashkernel={ck}M, the smallest that "
                     f"worked)" if ck else f"### {s['mem_mib']} MiB guest (no working crashkernel=)")
        lines.append('')
        lines.append('| figure | p2mdump | stock kdump, full ELF | stock kdump, makedumpfile -l -d 31 '
                     '| p2mdump/stock (ELF) | target |')
        lines.append('|---|---|---|---|---|---|')
        held = p['held_bytes']
        lines.append(f"| memory held while armed | {held / 1024:.0f} KiB ({p['held_frames'] or 0:.0f} "
                     f"frames) | {ck} MiB | {ck} MiB | {fmt_ratio(r['memory_held'])} | "
                     f"<= 1/200: {yn(t['memory_held_le_1_200']['met'])} |"
                     if held else '| memory held while armed | - | - | - | - | - |')
        cont = (f"no: {p['held_frames']:.0f} frames taken from free memory at load "
                f"time (median {p['contiguous_runs']:.0f} machine-contiguous runs)"
                if p['contiguous_runs'] is not None and p['held_frames'] else 'no')
        iomem = s.get('crashkernel_iomem')
        lines.append(f"| contiguous block reserved at boot | {cont} | yes, {ck} MiB | yes, {ck} MiB | | |")
        mt = lambda x: '-' if not x['memtotal_kb'] else f"{x['memtotal_kb'] / 1024:.0f} MiB"
        lines.append(f"| MemTotal of the first kernel | {mt(p)} | {mt(se)} | {mt(sm)} | | |")
        lines.append(f"| panic -> dump complete | {fmt_s(p['panic_to_complete_s'])} | "
                     f"{fmt_s(se['panic_to_complete_s'])} | {fmt_s(sm['panic_to_complete_s'])} | "
                     f"{fmt_ratio(r['panic_to_complete_full_elf'])} | <= 1/8: "
                     f"{yn(t['panic_to_complete_le_1_8']['met'])} |")
        lines.append(f"| panic -> capture kernel entry | {fmt_ms(p['panic_to_entry_s'])} | "
                     f"{fmt_ms(se['panic_to_entry_s'])} | {fmt_ms(sm['panic_to_entry_s'])} | | |")
        lines.append(f"| capture kernel entry -> first sector written | "
                     f"{fmt_ms(p['entry_to_first_write_s'])} | {fmt_ms(se['entry_to_first_write_s'])} | "
                     f"{fmt_ms(sm['entry_to_first_write_s'])} | "
                     f"{fmt_ratio(r['entry_to_first_write_vs_elf'])} | |")
        lines.append(f"| dump size | {fmt_mib(p['dump_bytes'])} | {fmt_mib(se['dump_bytes'])} | "
                     f"{fmt_mib(sm['dump_bytes'])} | {fmt_ratio(r['dump_size_vs_elf'])} | |")
        thr = lambda x: ('-' if x['throughput_mib_s'] is None or not raw['throughput_mib_s'] else
                         f"{x['throughput_mib_s']:.0f} MiB/s = "
                         f"{100 * x['throughput_mib_s'] / raw['throughput_mib_s']:.0f}% of raw")
        lines.append(f"| write throughput (raw disk, dd O_DIRECT: {fmt_rate(raw['throughput_mib_s'])}) "
                     f"| {thr(p)} | {thr(se)} | (compressed) | | >= 80% of raw: "
                     f"{yn(t['throughput_ge_80pct_raw']['met'])} |")
        lines.append(f"| TLB flushes per GiB, batching on / off | {p['tlb_flushes_per_gib'] or 0:.0f} / "
                     f"{pn['tlb_flushes_per_gib'] or 0:.0f} ({fmt_ratio(r['tlb_flush_reduction'])} fewer) "
                     f"| | | | >= 100x fewer: {yn(t['tlb_flushes_ge_100x_fewer']['met'])} |")
        lines.append(f"| write time per GiB, batching on / off | {fmt_s(p['write_s_per_gib'])} / "
                     f"{fmt_s(pn['write_s_per_gib'])} | | | | |")
        g, tot = s['runs_good'], s['runs_total']
        lines.append('')
        lines.append('Runs in the medians (complete dump that opens in crash; runs that '
                     'overlapped another QEMU on the host only when no other run counts) / '
                     'runs made: ' + ', '.join(f'{k} {g[k]}/{tot[k]}' for k in g) + '.')
        ov = {k: v for k, v in s['runs_used_overlapped'].items() if v}
        if ov:
            lines.append('Medians that include runs overlapped by another QEMU: ' +
                         ', '.join(f'{k} ({v})' for k, v in ov.items()) + '.')
        if iomem:
            lines.append(f'Stock reservation (/proc/iomem): `{iomem}`.')
        lines.append('')
    return '\n'.join(lines)


def discussion(s):
    """The notes on each target for one guest size, numbers filled in."""
    m, r, t = s['medians'], s['ratios'], s['targets']
    p, pn, se, raw = m['p2mdump'], m['p2mdump_nobatch'], m['stock_elf'], m['raw']
    out = [f"#### {s['mem_mib']} MiB guest", '']
    ck = s['crashkernel_mib']

    tm = t['memory_held_le_1_200']
    if tm['met'] is not None:
        out.append(f"- **Memory held while armed, <= 1/200 of crashkernel=: "
                   f"{'met' if tm['met'] else 'missed'}** ({fmt_ratio(r['memory_held'])}). "
                   f"p2mdump holds {p['held_bytes'] / 1024:.0f} KiB in {p['held_frames']:.0f} "
                   f"single frames from the page allocator, taken at `p2mdump load`; stock kdump "
                   f"needs crashkernel={ck}M reserved at boot as one block, whether or not it is "
                   f"ever used (smaller sizes failed: " +
                   ('; '.join(f"{x['mib']}M {x['mode']}: {x['why']}" for x in s['crashkernel_search']
                              if not x['ok']) or 'none tried') + ')' +
                   ('.' if tm['met'] else
                    f"; the target is missed by a factor of {tm['factor_off']:.2f}: it would need "
                    f"crashkernel= of at least {200 * p['held_bytes'] / MIB:.0f} MiB.")
                   )
    tp = t['panic_to_complete_le_1_8']
    if tp['met'] is not None:
        floor = (p['dump_bytes'] / MIB / raw['throughput_mib_s']
                 if p['dump_bytes'] and raw['throughput_mib_s'] else None)
        txt = (f"- **Panic to complete full-ELF dump, <= 1/8 of stock: "
               f"{'met' if tp['met'] else 'missed'}** ({fmt_s(p['panic_to_complete_s'])} vs "
               f"{fmt_s(se['panic_to_complete_s'])}, {fmt_ratio(r['panic_to_complete_full_elf'])}). "
               f"p2mdump: {fmt_ms(p['panic_to_entry_s'])} from the panic to its capture kernel, "
               f"{fmt_ms(p['entry_to_first_write_s'])} to the first write, then "
               f"{fmt_s(p['write_s'])} writing {fmt_mib(p['dump_bytes'])}. Stock: "
               f"{fmt_ms(se['panic_to_entry_s'])} to the capture kernel (of which "
               f"{fmt_ms(se['purgatory_s'])} from purgatory's first line to the decompressor's: "
               f"purgatory checks the SHA-256 digests of the loaded kernel and initramfs), "
               f"{fmt_s(se['entry_to_first_write_s'])} booting Linux and its initramfs, then "
               f"{fmt_s(se['write_s'])} copying {fmt_mib(se['dump_bytes'])}.")
        if not tp['met']:
            best = min(x for x in (floor, p['write_s']) if x)
            budget = se['panic_to_complete_s'] / 8
            txt += (f" Missed by a factor of {tp['factor_off']:.2f}: the target needs "
                    f"<= {budget:.2f} s. p2mdump removes almost all of stock's fixed cost "
                    f"({fmt_s(se['panic_to_complete_s'] - se['write_s'])} before stock's "
                    f"first byte, {fmt_ms(p['panic_to_complete_s'] - p['write_s'])} before "
                    f"p2mdump's), but a full dump is bound by the disk: writing "
                    f"{fmt_mib(p['dump_bytes'])} takes {fmt_s(best)} at the best rate measured "
                    f"here (p2mdump's own or the raw dd's), "
                    f"{fmt_ratio(ratio(best, se['panic_to_complete_s']))} of stock's whole time. "
                    f"No full copy of this memory meets 1/8 on this disk; at "
                    f"{fmt_rate(p['throughput_mib_s'])} p2mdump could write at most "
                    f"{budget * p['throughput_mib_s']:.0f} MiB within {budget:.2f} s, so it "
                    f"needs the filtered, compressed format (the stock makedumpfile column "
                    f"writes {fmt_mib(m['stock_mdf']['dump_bytes'])}), which p2mdump does not "
                    f"write yet.")
        sm = m['stock_mdf']
        if sm['panic_to_complete_s']:
            rm = r['panic_to_complete_vs_makedumpfile']
            txt += (f" Against stock's filtered, compressed dump ({fmt_s(sm['panic_to_complete_s'])}"
                    f" for {fmt_mib(sm['dump_bytes'])}), p2mdump's full dump takes "
                    f"{fmt_ratio(rm)} the time" +
                    (": faster still, since stock's fixed cost outweighs p2mdump's full copy "
                     "at this memory size." if rm < 1 else
                     ": slower, since at this memory size the full copy outweighs stock's "
                     "fixed cost."))
        out.append(txt)
    tt = t['throughput_ge_80pct_raw']
    if tt['met'] is not None:
        txt = (f"- **Throughput >= 80% of the raw disk: {'met' if tt['met'] else 'missed'}** "
               f"(p2mdump {fmt_rate(p['throughput_mib_s'])} by the host clock, "
               f"{fmt_rate(p['throughput_mib_s_own_clock'])} by its own; raw `dd oflag=direct "
               f"bs=1M` in the guest {fmt_rate(raw['throughput_mib_s'])}: "
               f"{100 * r['throughput_of_raw']:.0f}%).")
        cs, w, size = raw['csum_mib_per_s'], p['write_s'], p['dump_bytes']
        if tt['met'] and cs and w and size:
            txt += (f" p2mdump writes crashed-system pages zero-copy by machine address; "
                    f"its per-page CPU work is the dump digest, which runs at {cs:.0f} MiB/s "
                    f"in this guest (tests/bench/csum-speed.c): "
                    f"{size / MIB / cs:.2f} s of its {w:.2f} s write phase. The raw dd has CPU "
                    f"work of its own per 1 MiB write (clearing its buffer from /dev/zero, "
                    f"a system call, Linux's block layer): it is the ceiling for Linux "
                    f"writing to this disk, which a polled zero-copy writer can pass.")
        if not tt['met']:
            txt += f" Missed by a factor of {tt['factor_off']:.2f}."
            if cs and w and size:
                d = size / MIB / cs
                txt += (f" Where p2mdump's write time goes: it reads every page it writes to "
                        f"compute the dump's digest (lib/csum.c), and that code runs at "
                        f"{cs:.0f} MiB/s in this guest (tests/bench/csum-speed.c, the capture "
                        f"kernel's code and flags, measured in the raw-disk runs): "
                        f"{d:.2f} s of the {w:.2f} s write phase ({100 * d / w:.0f}%). "
                        f"Without it the write phase would take about {w - d:.2f} s, "
                        f"{100 * size / MIB / (w - d) / raw['throughput_mib_s']:.0f}% of raw "
                        f"(an estimate: the two overlap nowhere, the capture kernel is "
                        f"single-threaded).")
            txt += (" The rest is per request: the capture kernel maps the next ~1 MiB "
                    "(one PTE per page, one TLB flush), looks every frame up in its m2p "
                    "(its own frames are written as zeros), builds one scatter entry per "
                    "page, submits one request and polls the used ring until it is done, "
                    "with no second request in flight; its vCPU thread spins on one of "
                    "the host's cores while QEMU's I/O threads do the write, where the "
                    "guest's dd sleeps in HLT and Linux may keep two requests in flight "
                    "(a 1 MiB buffer is split at the disk's 254 segments). Under TCG every "
                    "guest instruction of that loop is emulated.")
        out.append(txt)
    if p['dump_bytes'] and se['dump_bytes']:
        out.append(f"- *Dump size*: p2mdump's full ELF vmcore ({fmt_mib(p['dump_bytes'])}) covers "
                   f"all of RAM plus the kernel-text PT_LOAD that kexec-tools also adds; stock's "
                   f"/proc/vmcore ({fmt_mib(se['dump_bytes'])}) leaves out its own "
                   f"crashkernel= region. The first kernel sees the difference too: MemTotal "
                   f"{(p['memtotal_kb'] or 0) / 1024:.0f} MiB without crashkernel=, "
                   f"{(se['memtotal_kb'] or 0) / 1024:.0f} MiB with crashkernel={ck}M.")
    tb = t['tlb_flushes_ge_100x_fewer']
    if tb['met'] is not None:
        txt = (f"- **>= 100x fewer TLB flushes with batching: {'met' if tb['met'] else 'missed'}** "
               f"({p['tlb_flushes_per_gib']:.0f} vs {pn['tlb_flushes_per_gib']:.0f} per GiB, "
               f"{fmt_ratio(r['tlb_flush_reduction'])}); write time per GiB "
               f"{fmt_s(p['write_s_per_gib'])} batched vs {fmt_s(pn['write_s_per_gib'])} "
               f"one PTE and one flush at a time.")
        if not tb['met']:
            txt += f" Missed by a factor of {tb['factor_off']:.2f}."
        out.append(txt)
    out.append('')
    return '\n'.join(out)


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
        f"- dump disk images: {meta.get('image_dir_fs', '?')} on the host "
        f"(`{meta.get('image_dir', '?')}`)",
        f"- p2mdump {meta.get('git', '?')}",
        f"- run: {meta.get('started', '?')}, {meta.get('duration_s', 0) / 60:.1f} min, "
        f"{meta.get('runs', '?')} timed runs per figure; host load average at the start "
        f"{meta.get('loadavg_start', '?')}, at the end {meta.get('loadavg_end', '?')}; "
        f"runs during which another QEMU was running on the host: {meta.get('runs_with_other_qemu', '?')}",
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
    tab = table(summaries)
    print(tab)
    with open(out_json, 'w') as f:
        json.dump({'meta': meta, 'summaries': summaries, 'runs': runs}, f, indent=1,
                  sort_keys=True)
        f.write('\n')
    tmpl_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'benchmarks.md.in')
    with open(tmpl_path) as f:
        tmpl = f.read()
    doc = (tmpl.replace('@MACHINE@', machine_text(meta))
           .replace('@TABLE@', tab)
           .replace('@DISCUSSION@', '\n'.join(discussion(s) for s in summaries))
           .replace('@RUNS@', str(meta.get('runs', '?')))
           .replace('@MEMS@', ' and '.join(f'{int(x) // 1024} GiB' if int(x) % 1024 == 0
                                           else f'{x} MiB' for x in meta.get('mems', [])))
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
