package lanchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * How fast people get in: n new pages join, at most {@code inFlight} at a time, each timed from opening
 * its socket until it is in. Two ways in:
 * <ul>
 * <li>{@code page}: the page's full join ({@link PageClient}: CONNECT with heart-beats, four SUBSCRIBEs,
 * then /app/session, /app/users, /app/history one after the other); in when history has arrived;</li>
 * <li>{@code bare}: CONNECT and one SUBSCRIBE to /topic/public, as the simplest STOMP chat client; in at
 * CONNECTED (STOMP does not answer a SUBSCRIBE).</li>
 * </ul>
 * Once in, each client leaves the room's topics again (UNSUBSCRIBE /topic/public and /topic/presence) but
 * stays connected: otherwise every join would be announced to everyone already in, n^2/2 notices that
 * measure the room's fan-out rather than the way in (the reconnect storm has a full room). So the online
 * list that /app/users returns grows with every join, as it would.
 */
final class Joins {
    private final Net net;
    private final InetSocketAddress addr;
    private final String path;
    private final long pid;

    Joins(Net net, InetSocketAddress addr, String path, long pid) {
        this.net = net;
        this.addr = addr;
        this.path = path;
        this.pid = pid;
    }

    Map<String, Object> run(String mode, int n, int inFlight) throws Exception {
        boolean page = mode.equals("page");
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "join-timers");
            t.setDaemon(true);
            return t;
        });
        Heartbeats heartbeats = new Heartbeats(PageClient.HEARTBEAT_MILLIS);
        Histogram latency = new Histogram(3);
        Semaphore joining = new Semaphore(inFlight);
        List<PageClient> pages = new ArrayList<>();
        List<Net.Conn> bare = new ArrayList<>();
        int[] failed = new int[1];
        String[] firstError = new String[1];
        String prefix = "j" + mode.charAt(0) + Long.toString(System.nanoTime() % 100000, 36);
        Proc.Sample cpu0 = Proc.Sample.take(pid);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            joining.acquire();
            long started = System.nanoTime();
            if (page) {
                CompletableFuture<Void> in = new CompletableFuture<>();
                PageClient p = new PageClient(prefix + i, i, net, addr, path, heartbeats, timers, new PageClient.Events() {
                    @Override
                    public void joined(PageClient c) {
                        // in; and out of the room's topics, so that n joins are not n^2/2 notices (as in (c))
                        c.leaveRoomTopics();
                        in.complete(null);
                    }
                });
                pages.add(p);
                in.orTimeout(60, TimeUnit.SECONDS).whenComplete((v, e) -> done(latency, started, e, p.lastError, failed,
                        firstError, joining));
                p.start();
            } else {
                CompletableFuture<Net.Conn> open = net.open(addr, path, Net.Kind.STOMP_WS, prefix + i, null);
                open.orTimeout(60, TimeUnit.SECONDS).whenComplete((c, e) -> {
                    if (c != null) {
                        try {
                            // and out again at once, as the page joins do (see there)
                            c.send(Stomp.subscribe("pub", "/topic/public"));
                            c.send(Stomp.unsubscribe("pub"));
                        } catch (IOException ignored) {
                            // counted as in: the CONNECT was answered
                        }
                        synchronized (bare) {
                            bare.add(c);
                        }
                    }
                    done(latency, started, e, null, failed, firstError, joining);
                });
            }
        }
        if (!joining.tryAcquire(inFlight, 120, TimeUnit.SECONDS)) {
            throw new IOException("joins still under way after 120 s");
        }
        long t1 = System.nanoTime();
        Proc.Sample cpu1 = Proc.Sample.take(pid);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("joins", n);
        m.put("inFlight", inFlight);
        m.put("failed", failed[0]);
        m.put("firstError", firstError[0]);
        m.put("seconds", (t1 - t0) / 1e9);
        m.put("joinsPerSecond", (n - failed[0]) / ((t1 - t0) / 1e9));
        m.put("p50Ms", latency.getValueAtPercentile(50) / 1e6);
        m.put("p99Ms", latency.getValueAtPercentile(99) / 1e6);
        m.put("maxMs", latency.getMaxValue() / 1e6);
        m.put("serverCpuCores", cpu0.serverCores(cpu1));
        m.put("generatorCpuCores", cpu0.generatorCores(cpu1));
        m.put("serverCpuMsPerJoin", (cpu1.server() - cpu0.server()) * 1000 / Math.max(1, n - failed[0]));
        System.out.printf("[joins] %s: %d joins in %.2f s (%.0f/s), p50 %.1f p99 %.1f ms, server %.2f ms CPU per join, %d failed%n",
                mode, n, (t1 - t0) / 1e9, m.get("joinsPerSecond"), m.get("p50Ms"), m.get("p99Ms"), m.get("serverCpuMsPerJoin"),
                failed[0]);
        for (PageClient p : pages) {
            p.stop();
        }
        synchronized (bare) {
            for (Net.Conn c : bare) {
                c.close();
            }
        }
        heartbeats.close();
        timers.shutdownNow();
        return m;
    }

    private static void done(Histogram latency, long started, Throwable failure, String why, int[] failed,
                             String[] firstError, Semaphore joining) {
        synchronized (latency) {
            if (failure == null) {
                latency.recordValue(System.nanoTime() - started);
            } else {
                failed[0]++;
                if (firstError[0] == null) {
                    firstError[0] = why != null ? why : String.valueOf(failure.getMessage());
                }
            }
        }
        joining.release();
    }
}
