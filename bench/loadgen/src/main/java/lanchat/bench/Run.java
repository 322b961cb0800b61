package lanchat.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The accounting of one load run: which message each receiver got from each sender, in
 * which order, and how late. Every generated message carries its run, sender, per-sender
 * sequence and intended send time (System.nanoTime of this process) in its content:
 * {@code b|run|sender|seq|intendedNanos|padding}. Receivers compute latency from the
 * intended time, not the actual one, so a stalled sender still shows up as latency
 * (no coordinated omission).
 *
 * count/last are per receiver row; a receiver is served by one network thread, so rows are
 * never written concurrently. They are read after the run has drained.
 */
final class Run {
    static final byte[] MARK = "\"b|".getBytes(StandardCharsets.US_ASCII);

    final int id;
    final int receivers;
    final int senders;
    final int[][] count;
    final long[][] last;
    final long[] sent;
    final LongAdder delivered = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final Recorder latency = new Recorder(3);
    /** Receivers on another node than the senders (two-node runs); their latency is also recorded apart. */
    final boolean[] remote;
    final Recorder crossNodeLatency = new Recorder(3);
    /**
     * Deliveries at least this late (nanoseconds) are also noted one by one in {@link #slow}, for lining them
     * up with the server's GC log and timers (the budget); {@code Long.MAX_VALUE}: none.
     */
    volatile long slowNanos = Long.MAX_VALUE;
    /** The slow deliveries of the measured phase: {intended send time and latency in nanoseconds, receiver}. */
    final ConcurrentLinkedQueue<long[]> slow = new ConcurrentLinkedQueue<>();
    /** Messages intended at or after this time are in the latency histogram (before it: warm-up). */
    volatile long measureFrom = Long.MAX_VALUE;
    /**
     * Closed loop: one permit per message in flight, released when the last receiver gets it. (Releasing
     * it when receiver 0 got it made the rate depend on where receiver 0 happens to sit in the server's
     * fan-out order, which for a server that iterates sessions by a random id changes from run to run,
     * and let the other receivers' backlogs grow without bound.)
     */
    volatile Semaphore window;
    /** Per sender and sequence number (modulo {@link #RING}): how many receivers got it so far. */
    private final AtomicIntegerArray arrivals;
    private static final int RING = 1024;

    Run(int id, int receivers, int senders) {
        this.id = id;
        this.receivers = receivers;
        this.senders = senders;
        count = new int[receivers][senders];
        last = new long[receivers][senders];
        for (long[] row : last) {
            java.util.Arrays.fill(row, -1);
        }
        sent = new long[senders];
        remote = new boolean[receivers];
        arrivals = new AtomicIntegerArray(senders * RING);
    }

    static String content(int run, int sender, long seq, long intended, int size) {
        StringBuilder sb = new StringBuilder(size + 8);
        sb.append("b|").append(run).append('|').append(sender).append('|').append(seq).append('|').append(intended).append('|');
        while (sb.length() < size) {
            sb.append('x');
        }
        return sb.toString();
    }

    /** Called on a network thread for every message a receiver gets. */
    void onMessage(int receiver, byte[] b, int off, int len) {
        long now = System.nanoTime();
        int p = Net.indexOf(b, off, off + len, MARK);
        if (p < 0) {
            return; // a join notice, a system message, ...
        }
        p += MARK.length;
        int end = off + len;
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            long x = 0;
            boolean neg = false;
            if (p < end && b[p] == '-') {
                neg = true;
                p++;
            }
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                x = x * 10 + (b[p++] - '0');
            }
            v[i] = neg ? -x : x;
            p++; // the '|'
        }
        if (v[0] != id || v[1] < 0 || v[1] >= senders || receiver >= receivers) {
            return; // a straggler from an earlier run
        }
        int s = (int) v[1];
        long seq = v[2];
        count[receiver][s]++;
        long prev = last[receiver][s];
        if (seq > prev) {
            last[receiver][s] = seq;
        } else {
            // an older message after a newer one: either a duplicate or out of order
            if (seq == prev) {
                duplicates.increment();
            } else {
                outOfOrder.increment();
            }
        }
        delivered.increment();
        if (v[3] >= measureFrom) {
            latency.recordValue(Math.max(0, now - v[3]));
            if (now - v[3] >= slowNanos) {
                slow.add(new long[] { v[3], now - v[3], receiver });
            }
            if (remote[receiver]) {
                crossNodeLatency.recordValue(Math.max(0, now - v[3]));
            }
        }
        Semaphore w = window;
        if (w != null) {
            int slot = s * RING + (int) (seq % RING);
            if (arrivals.incrementAndGet(slot) == receivers) {
                arrivals.set(slot, 0);
                w.release();
            }
        }
    }

    long totalSent() {
        long t = 0;
        for (long s : sent) {
            t += s;
        }
        return t;
    }

    /** Deliveries that never came: for each receiver and sender, sent minus received (never negative). */
    long lost() {
        long lost = 0;
        for (int r = 0; r < receivers; r++) {
            for (int s = 0; s < senders; s++) {
                lost += Math.max(0, sent[s] - count[r][s]);
            }
        }
        return lost;
    }

    Histogram histogram() {
        return latency.getIntervalHistogram();
    }

    Histogram crossNodeHistogram() {
        return crossNodeLatency.getIntervalHistogram();
    }
}
