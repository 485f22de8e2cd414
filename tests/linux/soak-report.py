#!/usr/bin/env python3
"""The soak's counts (tests/linux/soak.sh drives the guests).

  soak-report.py RESULTS DOC
      reads the SOAK, RESULT and CYCLES lines soak.sh collected, prints the
      tables and writes them as DOC (docs/reliability.md; "-": stdout only).
      Exit status 1 if any run failed: a dump not complete, not opened by
      crash or with a failed check, a failed cycle, a leak.

A RESULT line (crashes.sh crash_case):
  RESULT mode=M cpu=N mem=MIB paging=4|5 pn=0|1 format=kdump|elf status=S
         complete=0|1 crash=0|1 fails=N seconds=T held_kib=K bytes=B
A CYCLES line (soak.sh cycles): status=S, then the guest's P2MTEST-CYCLES,
-MODPAGES and -MEMFREE-* lines joined: ok=N failed=N taken=X returned=Y
MEMFREE-BEFORE=KB MEMFREE-AFTER=KB MEMFREE-CONTROL-BEFORE=KB ...
"""
import re
import statistics
import sys

BIG_MIB = 16384


def fields(line):
    """key=value pairs of one line, values as strings."""
    return dict(re.findall(r'(\w+)=(\S+)', line))


def num(value, default=None):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def ok(run):
    """A run counts as good: complete, crash opened it, no check failed."""
    return run['complete'] == '1' and run['crash'] == '1' and run['fails'] == '0'


def pct(n, d):
    return '%d/%d (%d %%)' % (n, d, round(100 * n / d)) if d else '-'


def worst(runs):
    times = [num(r['seconds']) for r in runs if num(r['seconds']) is not None]
    return '%.2f s' % max(times) if times else '-'


def parse(path):
    soak, runs, cycles = {}, [], None
    # Only \n ends a line: the guest's lines carry the serial console's \r.
    with open(path, errors='replace', newline='\n') as f:
        for line in f:
            line = line.replace('\r', '')
            if line.startswith('SOAK '):
                soak.update(fields(line))
                m = re.search(r'started=(.*?)( \w+=|$)', line)
                if m:
                    soak['started'] = m.group(1).strip()
                m = re.search(r'ended=(.*)$', line)
                if m:
                    soak['ended'] = m.group(1).strip()
            elif line.startswith('RESULT '):
                runs.append(fields(line))
            elif line.startswith('CYCLES '):
                cycles = line
    return soak, runs, cycles


def last(pattern, text):
    """The last match of PATTERN's group in TEXT, or None."""
    found = re.findall(pattern, text)
    return found[-1] if found else None


def cycles_summary(line, leak_limit_kb):
    """The cycles run (its CYCLES line) against the MemFree limit (kB,
    soak.sh's LEAK_LIMIT_KB; None: unknown, which fails): (lines, bad?)."""
    if line is None:
        return ['No cycles run.'], True
    status = last(r'\bstatus=(\d+)', line)
    okn, failed = last(r'\bok=(\d+)', line), last(r'\bfailed=(\d+)', line)
    taken, returned = last(r'\btaken=(\d+)', line), last(r'\breturned=(\d+)', line)
    memfree = {k: num(last(r'\bMEMFREE-%s=(\d+)' % k, line))
               for k in ('BEFORE', 'AFTER', 'CONTROL-BEFORE', 'CONTROL-AFTER')}
    loss = closs = None
    if None not in memfree.values():
        loss = memfree['BEFORE'] - memfree['AFTER']
        closs = memfree['CONTROL-BEFORE'] - memfree['CONTROL-AFTER']
    out = ['| QEMU status | cycles done | failed | MemFree lost | control run lost | module pages taken / returned |',
           '|---|---|---|---|---|---|',
           '| %s | %s | %s | %s | %s | %s |' % (
               status or '?', okn or '?', failed or '?',
               '%d kB' % loss if loss is not None else '?',
               '%d kB' % closs if closs is not None else '?',
               '%s / %s' % (taken, returned) if taken else 'not reported')]
    bad = (status != '0' or failed != '0' or okn is None or loss is None or
           leak_limit_kb is None or loss - closs >= leak_limit_kb or
           taken is None or taken != returned)
    return out, bad


def report(soak, runs, cycles):
    """The page, and whether anything failed."""
    lines, bad = [], False
    panics = [r for r in runs if num(r['mem']) != BIG_MIB]
    big = [r for r in runs if num(r['mem']) == BIG_MIB]
    modes = soak.get('modes', '').split(',') if soak.get('modes') else []
    for r in panics:
        if r['mode'] not in modes:
            modes.append(r['mode'])
    lines += [
        '# Reliability: the soak',
        '',
        'Written by `make soak` (tests/linux/soak.sh, tests/linux/soak-report.py);',
        'do not edit. Command: `make soak` (P2MDUMP_SOAK_SEED=%s to repeat the'
        % soak.get('seed', '?'),
        'same choices). Run %s to %s on commit %s, TCG, Debian 6.1, 2 vCPUs per guest,'
        % (soak.get('started', '?'), soak.get('ended', '?'), soak.get('git', '?')),
        '%s guests at a time on this host (the times are a busy host\'s).'
        % soak.get('jobs', '?'),
        '',
        'Each panic is a crash case of tests/linux/crashes.sh: crashmod.ko',
        'crashes the guest with p2mdump armed, the capture kernel writes a',
        'filtered kdump dump, `p2mdump save` reads it back and crash opens it.',
        '*Complete*: QEMU ended with the capture kernel\'s "complete" status;',
        '*crash opens it*: crash read the dump; *all checks*: also `sys` shows',
        'the panic, `bt` the injected call path on the panicking CPU, `bt -a`',
        'the other CPU stopped, the capture kernel ran on the panicking CPU,',
        'and the dump has the paging the guest ran with. *post_notifiers*:',
        '`crash_kexec_post_notifiers` on the guest\'s command line (without it',
        '`p2mdump load` turns it on, docs/linux.md). *Worst*: host seconds from',
        'the panic to QEMU\'s exit (lockup: from the host\'s NMI).',
        '',
        '## Panics: case x paging x post_notifiers',
        '',
        '| case | paging | post_notifiers | runs | complete | crash opens it | all checks | worst |',
        '|---|---|---|---|---|---|---|---|',
    ]
    for mode in modes:
        for paging in ('5', '4'):
            for pn in ('0', '1'):
                cell = [r for r in panics if r['mode'] == mode and
                        r['paging'] == paging and r['pn'] == pn]
                if not cell:
                    lines.append('| `%s` | %s-level | %s | 0 | - | - | - | - |'
                                 % (mode, paging, 'yes' if pn == '1' else 'no'))
                    bad = True
                    continue
                n = len(cell)
                good = sum(ok(r) for r in cell)
                bad |= good != n
                lines.append('| `%s` | %s-level | %s | %d | %s | %s | %s | %s |' % (
                    mode, paging, 'yes' if pn == '1' else 'no', n,
                    pct(sum(r['complete'] == '1' for r in cell), n),
                    pct(sum(r['crash'] == '1' for r in cell), n),
                    pct(good, n), worst(cell)))
    total = len(panics)
    good = sum(ok(r) for r in panics)
    lines += ['', '**%d panics: %d incomplete dumps, %d that crash did not open, '
              '%d with a failed check** (all good: %s).' % (
                  total, sum(r['complete'] != '1' for r in panics),
                  sum(r['crash'] != '1' for r in panics),
                  sum(r['fails'] != '0' for r in panics), pct(good, total)), '']
    if panics:
        times = sorted(num(r['seconds'], 0) for r in panics)
        slowest = max(panics, key=lambda r: num(r['seconds'], 0))
        lines.append('Slowest panic -> complete: %.2f s (`%s`, %s MiB, CPU %s, %s-level, '
                     'post_notifiers %s); median %.2f s.' % (
                         num(slowest['seconds'], 0), slowest['mode'], slowest['mem'],
                         slowest['cpu'], slowest['paging'],
                         'yes' if slowest['pn'] == '1' else 'no', statistics.median(times)))
        lines.append('')
        lines.append('| guest size | runs | good | on CPU 0 / 1 |')
        lines.append('|---|---|---|---|')
        for mem in sorted({int(num(r['mem'])) for r in panics}):
            at = [r for r in panics if int(num(r['mem'])) == mem]
            lines.append('| %d GiB | %d | %d | %d / %d |' % (
                mem // 1024, len(at), sum(ok(r) for r in at),
                sum(r['cpu'] == '0' for r in at), sum(r['cpu'] == '1' for r in at)))
    lines += ['', '## Load/unload cycles', '',
              'One 1 GiB guest, %s cycles of `p2mdump load` and `p2mdump unload`'
              % soak.get('cycles', '?'),
              '(guest-init.sh `cycles`). MemFree (plus the per-CPU free lists) before',
              'and after, against a control run of as many programs that allocate',
              'nothing; the module\'s own counters of pages taken from and given back',
              'to the page allocator. Limit: %s kB more lost than the control.'
              % soak.get('leak_limit_kb', '?'), '']
    text, cbad = cycles_summary(cycles, num(soak.get('leak_limit_kb')))
    lines += text
    bad |= cbad
    lines += ['', '## 16 GiB', '']
    if not big:
        lines.append('Not run (P2MDUMP_SOAK_BIG=0).')
    else:
        one = [r for r in panics if num(r['mem']) == 1024 and r['format'] == 'kdump']
        lines.append('| guest | format | complete, crash opens it, all checks | held while armed | written | panic -> exit |')
        lines.append('|---|---|---|---|---|---|')
        if one:
            lines.append('| 1 GiB (the panics above, median) | kdump | %d of %d | %s KiB | %.1f MB | %.2f s |' % (
                sum(ok(r) for r in one), len(one),
                statistics.median(num(r['held_kib'], 0) for r in one),
                statistics.median(num(r['bytes'], 0) for r in one) / 1e6,
                statistics.median(num(r['seconds'], 0) for r in one)))
        for r in big:
            bad |= not ok(r)
            lines.append('| 16 GiB | %s | %s | %s KiB | %.1f MB | %s s |' % (
                r['format'], 'yes' if ok(r) else 'NO', r['held_kib'],
                num(r['bytes'], 0) / 1e6, r['seconds']))
        big_kdump = [r for r in big if r['format'] == 'kdump']
        if one and big_kdump:
            b = big_kdump[0]
            held1 = statistics.median(num(r['held_kib'], 0) for r in one)
            bytes1 = statistics.median(num(r['bytes'], 0) for r in one)
            secs1 = statistics.median(num(r['seconds'], 0) for r in one)
            lines += ['', 'From 1 GiB to 16 GiB (16x the memory), kdump format: '
                      'held while armed %s; %.1fx the bytes written in %.1fx the time.' % (
                          'the same' if num(b['held_kib']) == held1 else
                          '%s KiB against %s KiB' % (b['held_kib'], held1),
                          num(b['bytes'], 0) / bytes1 if bytes1 else 0,
                          num(b['seconds'], 0) / secs1 if secs1 else 0)]
    lines += ['', 'Result: %s.' % ('every run passed' if not bad else 'FAILURES above')]
    return '\n'.join(lines) + '\n', bad


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: soak-report.py RESULTS DOC')
    soak, runs, cycles = parse(sys.argv[1])
    text, bad = report(soak, runs, cycles)
    sys.stdout.write(text)
    if sys.argv[2] != '-':
        with open(sys.argv[2], 'w') as f:
            f.write(text)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
