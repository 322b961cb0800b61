"""The product's CPU and time budget at 10,000 deliveries/s, from bench/budget.sh's recording.

usage: python3 jfr_budget.py budget.jfr before.prom after.prom measured.json

CPU: every JFR execution sample (threads running Java) and native sample (threads in a system call) is
put in the first stage, from the top of its stack down, whose pattern one of its frames matches;
threads waiting in epoll or parked with nothing to do are idle, not work. Time: the product's own
history-write timer (what one commit costs) and GC pauses in the same phase; the generator's p50/p99.
"""
import collections
import json
import subprocess
import sys

# first match from the top of the stack wins; order matters only between stages on one stack
STAGES = [
    ("write: socket write (system call)", ("sun.nio.ch.SocketDispatcher.write", "sun.nio.ch.IOUtil.write",
                                            "sun.nio.ch.SocketDispatcher.writev", "sun.nio.ch.FileDispatcherImpl.write")),
    ("read: socket read (system call)", ("sun.nio.ch.SocketDispatcher.read", "sun.nio.ch.IOUtil.read")),
    ("commit: H2 insert and commit", ("org.h2.", "com.zaxxer.hikari.", "lanchat.history.")),
    ("encode: JSON and STOMP frames", ("tools.jackson.", "org.springframework.messaging.simp.stomp.StompEncoder",
                                        "lanchat.protocol.")),
    ("decode: STOMP and JSON in", ("org.springframework.messaging.simp.stomp.StompDecoder",
                                    "org.springframework.messaging.simp.stomp.BufferingStompDecoder",
                                    "org.apache.tomcat.websocket.WsFrameBase", "lanchat.web.Utf8Validator")),
    ("queue: hand-offs, locks, wake-ups", ("java.util.concurrent.locks.", "jdk.internal.misc.Unsafe.park",
                                            "jdk.internal.misc.Unsafe.unpark", "java.util.concurrent.ThreadPoolExecutor",
                                            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.ArrayBlockingQueue",
                                            "java.util.concurrent.ConcurrentLinkedQueue")),
    ("write: Tomcat and lanchat write path", ("lanchat.web.tomcat.", "lanchat.web.SessionWriter", "lanchat.web.FanoutLanes",
                                               "org.apache.tomcat.websocket.WsRemoteEndpoint", "org.apache.tomcat.util.net.")),
    ("checks: admission, rates, interceptors", ("lanchat.security.", "lanchat.admission.", "lanchat.web.StompGate",
                                                 "lanchat.web.DirectDestinations", "lanchat.web.WaitingPrivateMessages")),
    ("chat: service and delivery", ("lanchat.chat.", "lanchat.delivery.", "lanchat.web.StompDelivery",
                                     "lanchat.presence.", "lanchat.")),
    ("Spring messaging (channels, headers)", ("org.springframework.messaging.", "org.springframework.web.socket.")),
    ("Tomcat (other)", ("org.apache.",)),
]
IDLE = ("sun.nio.ch.EPoll.wait", "sun.nio.ch.EPollSelectorImpl.doSelect", "sun.nio.ch.Net.accept",
        "java.lang.Thread.sleep", "java.lang.Object.wait")


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    out = []
    for f in trace.get("frames", []):
        m = f.get("method") or {}
        out.append("%s.%s" % ((m.get("type") or {}).get("name", "?").replace("/", "."), m.get("name", "?")))
    return out


def stage(fs):
    for f in fs:
        for name, patterns in STAGES:
            if f.startswith(patterns):
                return name
    return "other (JDK, JIT-compiled glue)"


def jfr(path, events):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", events, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def prom(path):
    values = {}
    for line in open(path):
        name, _, value = line.rpartition(" ")
        try:
            values[name] = float(value)
        except ValueError:
            pass
    return values


def duration_ms(v):
    # JFR JSON durations are ISO-8601 ("PT0.012345S")
    if isinstance(v, (int, float)):
        return v / 1e6
    s = str(v)
    return float(s[2:-1]) * 1000 if s.startswith("PT") and s.endswith("S") else float("nan")


def main():
    rec, before, after, measured = sys.argv[1:5]
    work = collections.Counter()
    threads = collections.defaultdict(collections.Counter)
    samples = 0
    for e in jfr(rec, "jdk.ExecutionSample,jdk.NativeMethodSample"):
        fs = frames(e)
        if not fs or (e["type"] == "jdk.NativeMethodSample" and fs[0].startswith(IDLE)):
            continue
        if e["type"] == "jdk.NativeMethodSample" and not stage(fs).startswith(("write", "read")):
            continue  # a thread in native code for something else: waiting, not working
        s = stage(fs)
        work[s] += 1
        samples += 1
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        threads[s][thread.rstrip("0123456789")] += 1
    pauses = [duration_ms(e["values"]["duration"]) for e in jfr(rec, "jdk.GarbageCollection")]
    m = json.load(open(measured))["scenarios"]["fanout"]
    b, a = prom(before), prom(after)

    def delta(key):
        return a.get(key, 0) - b.get(key, 0)

    batches = delta("lanchat_history_write_seconds_count")
    commit_s = delta("lanchat_history_write_seconds_sum")
    writes = delta("lanchat_websocket_frames_per_write_count")
    frames_written = delta("lanchat_websocket_frames_per_write_sum")
    seconds = m.get("warmupSeconds", 5) + m.get("measureSeconds", 20)
    print("phase: (a) at %.0f deliveries/s for %s s (+ warm-up), p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, server %.2f cores"
          % (m["deliveriesPerSecond"], m.get("measureSeconds"), m["p50Ms"], m["p99Ms"], m["p999Ms"], m["serverCpuCores"]))
    if batches:
        print("commit: %d history batches, %.2f messages each, %.3f ms per batch (mean, the product's timer)"
              % (batches, m["messagesSent"] / batches, 1000 * commit_s / batches))
    if writes:
        print("write: %d socket writes, %.2f frames each" % (writes, frames_written / writes))
    print("GC: %d pauses, %.1f ms in all, longest %.1f ms, one every %.1f s"
          % (len(pauses), sum(pauses), max(pauses or [0]), seconds / max(1, len(pauses))))
    print("\nCPU by stage (JFR samples, %d in all; share of the server's %.2f cores)" % (samples, m["serverCpuCores"]))
    for name, n in work.most_common():
        top = ", ".join("%s %d" % t for t in threads[name].most_common(3))
        print("  %-42s %5.1f %%  %6.3f cores   (%s)" % (name, 100 * n / samples, m["serverCpuCores"] * n / samples, top))


if __name__ == "__main__":
    main()
