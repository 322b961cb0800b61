"""Summarises `jfr print --events jdk.ExecutionSample` output: the hottest top frames, and
the hottest first lanchat frame on each sampled stack (where the product's own code is).

usage: jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr | python3 jfr_hot.py [N]
"""
import collections
import re
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
top = collections.Counter()
own = collections.Counter()
threads = collections.Counter()
total = 0
frames = []
thread = None
in_stack = False
frame_re = re.compile(r"^\s+([\w$.<>]+)\(")


def flush():
    global total
    if not frames:
        return
    total += 1
    top[frames[0]] += 1
    for f in frames:
        if f.startswith("lanchat."):
            own[f] += 1
            break
    threads[re.sub(r"\d+", "N", thread or "?")] += 1


for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush()
        frames, thread, in_stack = [], None, False
    elif "sampledThread" in line:
        m = re.search(r'"([^"]*)"', line)
        thread = m.group(1) if m else None
    elif "stackTrace = [" in line:
        in_stack = True
    elif in_stack:
        m = frame_re.match(line)
        if m:
            frames.append(m.group(1))
        elif line.strip() == "]":
            in_stack = False
flush()
print(f"{total} execution samples")
print("hottest top frames:")
for f, c in top.most_common(n):
    print(f"  {100.0 * c / max(1, total):5.1f}%  {f}")
print("hottest lanchat frames (first lanchat frame on each stack):")
for f, c in own.most_common(n):
    print(f"  {100.0 * c / max(1, total):5.1f}%  {f}")
print("samples by thread pool:")
for f, c in threads.most_common(8):
    print(f"  {100.0 * c / max(1, total):5.1f}%  {f}")
