#!/usr/bin/env python3
"""Lines the slow deliveries of bench/budget.sh's measured run up with both JVMs' pauses.

    python3 bench/slow_lineup.py bench/results/work-budget-<timestamp> [threshold ms]

Reads measured.slow (the load generator's --slow-log: each delivery at least --slow-ms late,
with its intended send time and receiver), gc.log (the product's -Xlog:gc*,safepoint) and
gen-measured.gc.log (the load generator's). A message is late as a whole when even its first
receiver got it late: that is what sets p99 at 100 receivers, since one such message is 1 %
of a second's deliveries. Prints, for every message whose first receiver waited at least the
threshold (default 8 ms), which JVM was at a safepoint meanwhile, if either was.
"""
import collections
import datetime
import re
import sys

SAFEPOINT = re.compile(r'\[(\S+)\]\[[\d.]+s\] Safepoint "(\w+)".*Total: (\d+) ns')


def safepoints(path, who):
    out = []
    try:
        for line in open(path):
            m = SAFEPOINT.match(line.strip())
            if m:
                end = datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S.%f%z').timestamp() * 1000
                ms = int(m.group(3)) / 1e6
                out.append((end - ms, end, who, m.group(2), ms))
    except FileNotFoundError:
        pass
    return out


def quantile(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


def main():
    work = sys.argv[1]
    threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 8.0
    deliveries = [tuple(map(float, l.split())) for l in open(work + '/measured.slow') if not l.startswith('#')]
    if not deliveries:
        print('no slow deliveries noted')
        return
    by_message = collections.defaultdict(list)
    for intended, latency, _receiver in deliveries:
        by_message[intended].append(latency)
    pauses = [p for p in safepoints(work + '/gc.log', 'product') + safepoints(work + '/gen-measured.gc.log', 'generator')
              if p[4] >= 1.0]
    start = min(by_message)
    late = sorted((t, min(v), max(v)) for t, v in by_message.items() if min(v) >= threshold)
    causes = collections.Counter()
    print('%d deliveries noted, %d messages; %d with their first receiver %.0f ms or more late:'
          % (len(deliveries), len(by_message), len(late), threshold))
    for intended, first, last in late:
        during = [(who, name, ms) for lo, hi, who, name, ms in pauses if lo < intended + first and hi > intended]
        causes[during[0][0] + ' pause' if during else 'neither JVM paused'] += 1
        print('  %7.3f s  first %5.1f ms, last %5.1f ms  %s' % ((intended - start) / 1000, first, last,
              ', '.join('%s %s %.1f ms' % d for d in during) or '-'))
    print('by cause:', dict(causes))
    spreads = [max(v) - min(v) for v in by_message.values() if len(v) > 1]
    if spreads:
        print('first to last receiver of a message: p50 %.2f ms, p99 %.2f ms' % (quantile(spreads, .5), quantile(spreads, .99)))


if __name__ == '__main__':
    main()
