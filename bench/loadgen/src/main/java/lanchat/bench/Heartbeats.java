package lanchat.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends client heart-beats as a browser's STOMP client does: every connection once per interval, the
 * connections spread evenly over it (a wheel of 100 slots), so 10,000 connections at 10 s are 1,000
 * heart-beats a second rather than 10,000 at once. A connection that has closed is skipped.
 */
final class Heartbeats implements AutoCloseable {
    private static final int SLOTS = 100;

    private final List<List<Net.Conn>> slots = new java.util.ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Thread ticker;
    private volatile boolean running = true;
    final LongAdder sent = new LongAdder();

    Heartbeats(int intervalMillis) {
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new CopyOnWriteArrayList<>());
        }
        long tickNanos = intervalMillis * 1_000_000L / SLOTS;
        ticker = new Thread(() -> {
            long due = System.nanoTime();
            for (long tick = 0; running; tick++) {
                due += tickNanos;
                for (Net.Conn c : slots.get((int) (tick % SLOTS))) {
                    if (c.isOpen()) {
                        try {
                            c.write(Stomp.HEARTBEAT_FRAME);
                            sent.increment();
                        } catch (IOException e) {
                            // closed meanwhile: the reader notices
                        }
                    }
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }, "heartbeats");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** From now on the connection gets a heart-beat every interval. */
    void add(Net.Conn c) {
        slots.get(Math.floorMod(next.getAndIncrement(), SLOTS)).add(c);
    }

    @Override
    public void close() {
        running = false;
    }
}
