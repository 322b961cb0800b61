#!/usr/bin/env python3
"""An independent check of scenario (a): fan-out at a fixed rate, measured by a second generator.

It shares no code with bench/loadgen (Python standard library only: its own WebSocket client, its
own STOMP framing, its own clock and percentiles), so when both agree on the same server, neither
is measuring itself. Usage, against a server that is already running:

    python3 bench/crosscheck.py --port 8080 [--receivers 100] [--rate 100] [--seconds 20]

--rate is messages per second in total, spread over 20 senders; each message is delivered to every
receiver, so the default is 10,000 deliveries/s. Latency is measured from the time each message was
due (open loop: a late sender shows up as latency). Prints one JSON object.
"""
import argparse
import base64
import json
import os
import selectors
import socket
import time

SENDERS = 20


def ws_connect(port):
    sock = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (port, key)).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("handshake: connection closed")
        head += chunk
    if not head.startswith(b"HTTP/1.1 101"):
        raise OSError("handshake refused: %r" % head[:80])
    return sock, head.split(b"\r\n\r\n", 1)[1]


def ws_frame(text):
    payload = text.encode()
    mask = os.urandom(4)
    n = len(payload)
    header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126, n >> 8, n & 0xFF]))
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Conn:
    """One WebSocket with STOMP on top; collects the text messages the server sends."""

    def __init__(self, port, name):
        self.sock, self.buf = ws_connect(port)
        self.messages = []
        self.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nusername:%s\n\n\0" % name)
        while not self.messages:
            self.read(block=True)
        if not self.messages[0].startswith("CONNECTED"):
            raise OSError("refused: %s" % self.messages[0][:200])
        self.messages.clear()
        self.sock.setblocking(False)

    def send(self, text):
        self.sock.setblocking(True)
        self.sock.sendall(ws_frame(text))
        self.sock.setblocking(False)

    def read(self, block=False):
        try:
            chunk = self.sock.recv(65536)
        except BlockingIOError:
            return
        if not chunk and block:
            raise OSError("closed")
        self.buf += chunk
        while len(self.buf) >= 2:
            b0, b1 = self.buf[0], self.buf[1]
            n, p = b1 & 0x7F, 2
            if n == 126:
                if len(self.buf) < 4:
                    return
                n, p = int.from_bytes(self.buf[2:4], "big"), 4
            elif n == 127:
                if len(self.buf) < 10:
                    return
                n, p = int.from_bytes(self.buf[2:10], "big"), 10
            if len(self.buf) < p + n:
                return
            payload, self.buf = self.buf[p:p + n], self.buf[p + n:]
            if b0 & 0x0F == 1:  # text; the server does not fragment frames this small
                self.messages.append(payload.decode())


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--receivers", type=int, default=100)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    args = parser.parse_args()
    tag = "%x" % (int(time.time()) & 0xFFFFFF)

    receivers = [Conn(args.port, "xr%s_%d" % (tag, i)) for i in range(args.receivers)]
    for r in receivers:
        r.send("SUBSCRIBE\nid:x\ndestination:/topic/public\n\n\0")
    senders = [Conn(args.port, "xs%s_%d" % (tag, i)) for i in range(SENDERS)]
    time.sleep(1.0)
    sel = selectors.DefaultSelector()
    for i, r in enumerate(receivers):
        sel.register(r.sock, selectors.EVENT_READ, i)

    interval = 1e9 / args.rate
    t0 = time.monotonic_ns() + 100_000_000
    measure_from = t0 + int(args.warmup * 1e9)
    end = measure_from + int(args.seconds * 1e9)
    latencies = []
    got = [0] * args.receivers
    sent = 0
    measured_sent = 0
    k = 0
    while True:
        now = time.monotonic_ns()
        due = t0 + int(k * interval)
        while due <= now and due < end:
            body = json.dumps({"type": "message", "content": "x|%s|%d|%d" % (tag, k, due)})
            senders[k % SENDERS].send("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n%s\0" % body)
            sent += 1
            measured_sent += due >= measure_from
            k += 1
            due = t0 + int(k * interval)
        if now >= end + 3_000_000_000:  # three seconds for the last deliveries
            break
        timeout = max(0.0, min(due - now, 5_000_000) / 1e9) if due < end else 0.05
        for key, _ in sel.select(timeout):
            r = receivers[key.data]
            r.read()
            arrived = time.monotonic_ns()
            for m in r.messages:
                marker = m.find('"x|%s|' % tag)
                if marker < 0:
                    continue
                _, _, seq, due_ns = m[marker + 1:m.index('"', marker + 1)].split("|")
                got[key.data] += 1
                if int(due_ns) >= measure_from:
                    latencies.append((arrived - int(due_ns)) / 1e6)
            r.messages.clear()
    latencies.sort()
    expected = measured_sent * args.receivers
    result = {
        "generator": "bench/crosscheck.py",
        "receivers": args.receivers,
        "messagesPerSecond": args.rate,
        "deliveriesPerSecondDue": args.rate * args.receivers,
        "measuredSeconds": args.seconds,
        "deliveriesMeasured": len(latencies),
        "deliveriesPerSecond": len(latencies) / args.seconds,
        "lost": sum(max(0, sent - g) for g in got),
        "p50Ms": percentile(latencies, 0.50),
        "p99Ms": percentile(latencies, 0.99),
        "p999Ms": percentile(latencies, 0.999),
        "maxMs": latencies[-1] if latencies else None,
        "measuredDeliveriesExpected": expected,
    }
    print(json.dumps(result))
    for c in receivers + senders:
        c.sock.close()


if __name__ == "__main__":
    main()
