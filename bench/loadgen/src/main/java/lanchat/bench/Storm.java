package lanchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reconnect storm: N pages are in the room (joined, subscribed, with their tokens), one of them
 * sending; the server is stopped with SIGTERM and started again on the same port and data; every page
 * comes back with the page's back-off and catches up with {@code after=}. Measured: how long the stop
 * and the start took, and from the moment the new server's port opens, when each page was back (joined
 * and caught up), and whether every page has every message the sender got acknowledged.
 */
final class Storm {
    /** The sender's rate, messages per second, while it is in. */
    static final int SEND_RATE = 20;

    private final Net net;
    private final InetSocketAddress addr;
    private final String path;
    private final long pid;
    private final Path restartScript;
    private final boolean quick;

    private long newPid = -1;

    Storm(Net net, InetSocketAddress addr, String path, long pid, Path restartScript, boolean quick) {
        this.net = net;
        this.addr = addr;
        this.path = path;
        this.pid = pid;
        this.restartScript = restartScript;
        this.quick = quick;
    }

    /** The restarted server's process id, or -1. */
    long newPid() {
        return newPid;
    }

    Map<String, Object> run(int n) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", n);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "storm-timers");
            t.setDaemon(true);
            return t;
        });
        Heartbeats heartbeats = new Heartbeats(PageClient.HEARTBEAT_MILLIS);
        Map<Long, Boolean> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger joinedCount = new AtomicInteger();
        PageClient.Events events = new PageClient.Events() {
            @Override
            public void joined(PageClient page) {
                joinedCount.incrementAndGet();
            }

            @Override
            public void live(PageClient page, byte[] b, int off, int len) {
                if (page.index == n && PageClient.clientId(b, off, len) != null) {
                    acknowledged.put(PageClient.firstId(b, off, len), Boolean.TRUE);
                }
            }
        };
        List<PageClient> pages = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            // the last one sends
            pages.add(new PageClient((i == n ? "stormsend" : "storm") + i, i, net, addr, path, heartbeats, timers, events));
        }
        // the room fills: everyone CONNECTs first (so nobody hears the others' joins, which would be
        // (n+1)^2 notices), then each page subscribes and reads its session, the users and history
        log("storm: %d pages join", n + 1);
        long j0 = System.nanoTime();
        Semaphore joining = new Semaphore(200);
        for (PageClient page : pages) {
            joining.acquire();
            page.startHeld();
            waitAsync(timers, page::isHeld, joining::release);
        }
        if (!joining.tryAcquire(200, 120, TimeUnit.SECONDS)) {
            throw new IOException("not all of " + (n + 1) + " pages connected within 120 s");
        }
        joining = new Semaphore(100);
        for (PageClient page : pages) {
            joining.acquire();
            page.release();
            waitAsync(timers, () -> page.joins > 0, joining::release);
        }
        if (!joining.tryAcquire(100, 120, TimeUnit.SECONDS) || joinedCount.get() < n + 1) {
            throw new IOException("only " + joinedCount.get() + " of " + (n + 1) + " pages joined");
        }
        m.put("initialJoinSeconds", (System.nanoTime() - j0) / 1e9);
        pages.forEach(p -> p.reconnect = true);

        PageClient sender = pages.get(n);
        Thread sending = new Thread(() -> send(sender, timers), "storm-sender");
        sending.setDaemon(true);
        sendingOn = true;
        sending.start();
        Thread.sleep(3000);

        // stop the server as systemd does, and start it again once it has gone
        pages.forEach(PageClient::expectRejoin);
        int joinedBefore = joinedCount.get();
        double cpuBefore = Proc.cpuSeconds(pid);
        long term = System.nanoTime();
        ProcessHandle old = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no server process " + pid));
        old.destroy();
        try {
            old.onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            old.destroyForcibly();
            m.put("note", "the server did not stop within 60 s of SIGTERM and was killed");
        }
        long exited = System.nanoTime();
        double oldCpu = Double.isNaN(cpuBefore) ? Double.NaN : cpuBefore;
        log("storm: the server stopped %.2f s after SIGTERM; starting it again", (exited - term) / 1e9);
        Process start = new ProcessBuilder("bash", restartScript.toString()).redirectErrorStream(true).start();
        String started = new String(start.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        start.waitFor(30, TimeUnit.SECONDS);
        newPid = Long.parseLong(started.lines().reduce((a, b) -> b).orElse("-1").strip());
        long launched = System.nanoTime();
        long open = waitForPort(launched, 180);
        log("storm: the new server (pid %d) opened its port %.2f s after it was launched", newPid, (open - launched) / 1e9);
        double cpu0 = Proc.cpuSeconds(newPid);
        long bound = open + TimeUnit.SECONDS.toNanos(quick ? 60 : 120);
        while (joinedCount.get() - joinedBefore < n + 1 && System.nanoTime() < bound) {
            Thread.sleep(20);
        }
        long allBack = System.nanoTime();
        double cpu1 = Proc.cpuSeconds(newPid);
        Thread.sleep(2000); // the sender goes on a little after the last page is back
        sendingOn = false;
        sending.join(5000);
        Thread.sleep(2000); // the last messages reach everyone

        List<Double> back = new ArrayList<>();
        int notBack = 0;
        long missed = 0;
        long missedByPagesNotBack = 0;
        int pagesMissing = 0;
        long attempts = 0;
        long dropped = 0;
        Map<String, Integer> errors = new LinkedHashMap<>();
        List<Long> acked = new ArrayList<>(acknowledged.keySet());
        for (PageClient page : pages) {
            attempts += page.connectAttempts;
            dropped += page.sessionsDropped;
            boolean isBack = page.joinedNanos > page.joinStartedNanos && page.joins > 1;
            if (isBack) {
                back.add((page.joinedNanos - open) / 1e9);
            } else {
                notBack++;
                errors.merge(String.valueOf(page.lastError), 1, Integer::sum);
            }
            // a page that is not back has not caught up yet: what it lacks is counted apart
            long missing = acked.stream().filter(id -> !page.saw(id)).count();
            if (isBack) {
                missed += missing;
                pagesMissing += missing > 0 ? 1 : 0;
            } else {
                missedByPagesNotBack += missing;
            }
            page.stop();
        }
        heartbeats.close();
        timers.shutdownNow();
        back.sort(Double::compare);
        m.put("stopSeconds", (exited - term) / 1e9);
        m.put("startToPortSeconds", (open - launched) / 1e9);
        m.put("downSeconds", (open - term) / 1e9);
        m.put("back", back.size());
        m.put("notBack", notBack);
        m.put("allBackSeconds", notBack > 0 ? null : back.get(back.size() - 1));
        m.put("p50BackSeconds", percentile(back, 50));
        m.put("p90BackSeconds", percentile(back, 90));
        m.put("messagesAcknowledged", acked.size());
        m.put("missed", missed);
        m.put("pagesMissingSomething", pagesMissing);
        m.put("missedByPagesNotBack", missedByPagesNotBack);
        m.put("connectAttempts", attempts);
        m.put("sessionsDroppedForNoReply", dropped);
        m.put("errorsOfPagesNotBack", errors);
        m.put("serverCpuCoresUntilAllBack", (cpu1 - cpu0) / ((allBack - open) / 1e9));
        m.put("oldServerCpuSeconds", oldCpu);
        // the curve: pages back by time since the port opened, every 100 ms
        List<Object> curve = new ArrayList<>();
        double last = back.isEmpty() ? 0 : back.get(back.size() - 1);
        int k = 0;
        for (double t = 0; t <= last + 0.1; t += 0.1) {
            while (k < back.size() && back.get(k) <= t) {
                k++;
            }
            curve.add(List.of(Math.round(t * 10) / 10.0, k));
        }
        m.put("curve", curve);
        log("  -> stop %.2f s, start to port %.2f s; %d of %d back, all within %s s of the port opening; %d missed",
                (exited - term) / 1e9, (open - launched) / 1e9, back.size(), n + 1, m.get("allBackSeconds"), missed);
        return m;
    }

    private volatile boolean sendingOn;

    /** The sender: a message every 1/{@link #SEND_RATE} s while it is in, each with a clientId. */
    private void send(PageClient sender, ScheduledExecutorService timers) {
        long period = 1_000_000_000L / SEND_RATE;
        long due = System.nanoTime();
        for (long seq = 0; sendingOn; seq++) {
            due += period;
            sender.send(Stomp.send("/app/chat.send", "{\"type\":\"message\",\"clientId\":\"g" + seq
                    + "\",\"content\":\"storm " + seq + "\"}"));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    /** Waits for the port to accept a connection; returns when it did (System.nanoTime). */
    private long waitForPort(long since, int seconds) throws IOException, InterruptedException {
        long deadline = since + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(addr, 50);
                return System.nanoTime();
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IOException("the restarted server did not open its port within " + seconds + " s");
    }

    private static void waitAsync(ScheduledExecutorService timers, java.util.function.BooleanSupplier done, Runnable then) {
        CountDownLatch once = new CountDownLatch(1);
        Runnable[] check = new Runnable[1];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        check[0] = () -> {
            if (done.getAsBoolean() || System.nanoTime() > deadline) {
                if (once.getCount() > 0) {
                    once.countDown();
                    then.run();
                }
            } else {
                timers.schedule(check[0], 5, TimeUnit.MILLISECONDS);
            }
        };
        timers.schedule(check[0], 5, TimeUnit.MILLISECONDS);
    }

    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void log(String format, Object... args) {
        System.out.printf("[storm] %s%n", String.format(format, args));
    }

    static void writePid(Path file, long pid) throws IOException {
        Files.writeString(file, Long.toString(pid));
    }
}
