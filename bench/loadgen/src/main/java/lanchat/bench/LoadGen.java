package lanchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * Drives one running chat server through the scenarios and writes what it measured as JSON.
 * run.sh starts each system, runs this once against it, stops it, and then runs {@link Report}
 * over all the parts. Usage:
 *
 * <pre>
 * java -jar loadgen.jar --system NAME --kind stomp|raw|tcp --port P [--path /ws] --pid SERVER_PID
 *      --scenarios fanout,max,catchup,capacity [--quick] [--histogram FILE] --out part.json
 *      [--port2 P2 --pid2 PID2] [--broker-pid PID]    (two nodes: every second receiver on P2; senders on P)
 * java -jar loadgen.jar report --dir DIR --out results.json --svg chart.svg
 * </pre>
 */
public final class LoadGen {

    // The scenario sizes from the issue. Quick mode shortens the phases, not the sizes.
    static final int RECEIVERS = 100;
    static final int SENDERS = 20;
    static final int FANOUT_DELIVERIES_PER_SECOND = 10_000;
    static final int CONTENT_SIZE = 64;
    static final int WINDOW_PER_SENDER = 5;
    static final int CATCHUP_MESSAGES = 10_000;
    static final int PAGE = 200;
    /** The open-loop confirmation of a maximum passes if nothing is lost and p99 stays under this. */
    static final double BOUNDED_P99_MS = 100;

    private final Map<String, String> opt;
    private final String system;
    private final Net.Kind kind;
    private final InetSocketAddress addr;
    /** A second node of the system under test: every second receiver connects to it; null for one node. */
    private final InetSocketAddress addr2;
    /** The second node's process and the broker's, whose CPU is reported too; empty when there are none. */
    private final long[] otherPids;
    private final List<String> otherNames = new ArrayList<>();
    private final String path;
    /** Put before every user name (--name-prefix): a second generator run against the same server needs names of its own. */
    private final String namePrefix;
    private final long pid;
    private final boolean quick;
    private final Net net;
    private int runIds = 1;
    private volatile Run current;
    private final List<String> notes = new ArrayList<>();

    private LoadGen(Map<String, String> opt) throws IOException {
        this.opt = opt;
        system = opt.get("system");
        kind = switch (opt.getOrDefault("kind", "stomp")) {
            case "raw" -> Net.Kind.RAW_WS;
            case "tcp" -> Net.Kind.TCP_JSON;
            default -> Net.Kind.STOMP_WS;
        };
        addr = new InetSocketAddress("127.0.0.1", Integer.parseInt(opt.get("port")));
        addr2 = opt.containsKey("port2") ? new InetSocketAddress("127.0.0.1", Integer.parseInt(opt.get("port2"))) : null;
        List<Long> others = new ArrayList<>();
        if (opt.containsKey("pid2")) {
            others.add(Long.parseLong(opt.get("pid2")));
            otherNames.add("secondNode");
        }
        if (opt.containsKey("broker-pid")) {
            others.add(Long.parseLong(opt.get("broker-pid")));
            otherNames.add("broker");
        }
        otherPids = others.stream().mapToLong(Long::longValue).toArray();
        path = opt.getOrDefault("path", "/ws");
        namePrefix = opt.getOrDefault("name-prefix", "");
        pid = Long.parseLong(opt.getOrDefault("pid", "-1"));
        quick = opt.containsKey("quick");
        net = new Net(2);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "load";
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String k = args[i].substring(2);
                String v = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
                opt.put(k, v);
            }
        }
        if (command.equals("report")) {
            Report.main(opt);
            return;
        }
        LoadGen g = new LoadGen(opt);
        Map<String, Object> out = g.runAll();
        Files.writeString(Path.of(opt.get("out")), Json.write(out));
        g.net.close();
        System.exit(0);
    }

    private Map<String, Object> runAll() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("system", system);
        out.put("kind", opt.getOrDefault("kind", "stomp"));
        out.put("label", opt.getOrDefault("label", system));
        out.put("quick", quick);
        out.put("serverRssKiBAtStart", Proc.rssKiB(pid));
        // the machine may be shared (builds, browsers): a load average above the core count taints the numbers
        out.put("loadAverageAtStart", Proc.loadAverage());
        out.put("notes", notes);
        Map<String, Object> results = new LinkedHashMap<>();
        out.put("scenarios", results);
        List<String> scenarios = List.of(opt.getOrDefault("scenarios", "fanout,max").split(","));
        boolean tcp = kind == Net.Kind.TCP_JSON;
        int receivers = Integer.parseInt(opt.getOrDefault("receivers", String.valueOf(RECEIVERS)));
        int senders = Integer.parseInt(opt.getOrDefault("senders", String.valueOf(SENDERS)));
        List<Net.Conn> recv = new ArrayList<>();
        List<Net.Conn> send = new ArrayList<>();
        if (scenarios.contains("cold") || scenarios.contains("fanout") || scenarios.contains("max")) {
            log("opening %d receivers and %d senders", receivers, senders);
            recv.addAll(openReceivers("r", receivers));
            send.addAll(openAll("s", senders, false));
            Thread.sleep(500); // let the subscriptions (and the seed's join notices) settle
        }
        for (String s : scenarios) {
            long t0 = System.nanoTime();
            try {
                switch (s) {
                    case "cold" -> {
                        // the first minute after the server started: no warm-up, measured in windows of 10 s
                        double rate = (double) FANOUT_DELIVERIES_PER_SECOND / receivers;
                        results.put("cold", openLoop(recv, send, rate, 0, quick ? 30 : 60, 10));
                    }
                    case "fanout" -> {
                        double rate = Double.parseDouble(opt.getOrDefault("rate",
                                String.valueOf((double) FANOUT_DELIVERIES_PER_SECOND / receivers)));
                        results.put("fanout", openLoop(recv, send, rate, quick ? 3 : 5, quick ? 6 : 20, 0));
                    }
                    case "max" -> results.put("max", maxThroughput(recv, send, tcp ? 1 : WINDOW_PER_SENDER));
                    case "catchup" -> {
                        // a quiet server: the fill must not also be fanned out to the 100 receivers of (a)
                        // and (b), and the time measured must be the history's, not their backlog's
                        closeRoom(recv, send);
                        Thread.sleep(1000);
                        results.put("catchup", catchUp());
                    }
                    case "capacity" -> {
                        closeRoom(recv, send);
                        int n = Integer.parseInt(opt.getOrDefault("connections", "10000"));
                        results.put("capacity", capacity(n));
                    }
                    case "join" -> {
                        // after (c) the server may still be busy with 10,000 closes
                        Proc.waitQuiet(pid, 0.05, 60);
                        int n = Integer.parseInt(opt.getOrDefault("joins", "1000"));
                        Joins joins = new Joins(net, addr, path, pid);
                        Map<String, Object> j = new LinkedHashMap<>();
                        if (!quick) {
                            // a server that just started would be timed compiling its way in: one round
                            // of each way in first, not counted (its clients leave before the timed one)
                            log("join: warm-up round, not counted");
                            joins.run("bare", n, 100);
                            if (opt.containsKey("page-join")) {
                                joins.run("page", n, 100);
                            }
                            Proc.waitQuiet(pid, 0.05, 60);
                        }
                        j.put("bare", joins.run("bare", n, 100));
                        if (opt.containsKey("page-join")) {
                            Proc.waitQuiet(pid, 0.05, 60);
                            j.put("page", joins.run("page", n, 100));
                        }
                        results.put("join", j);
                    }
                    case "bigroom" -> {
                        closeRoom(recv, send);
                        Proc.waitQuiet(pid, 0.05, 60);
                        results.put("bigroom", bigRooms());
                    }
                    case "storm" -> {
                        closeRoom(recv, send);
                        Storm storm = new Storm(net, addr, path, pid, Path.of(opt.get("restart-script")), quick);
                        results.put("storm", storm.run(Integer.parseInt(opt.getOrDefault("storm-clients", "5000"))));
                    }
                    default -> notes.add("unknown scenario " + s);
                }
            } catch (Exception e) {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("error", e.toString());
                results.put(s, failed);
                log("scenario %s failed: %s", s, e);
            }
            log("scenario %s took %.1f s", s, (System.nanoTime() - t0) / 1e9);
            // written after every scenario, so a later one that hangs or kills the server loses nothing
            Files.writeString(Path.of(opt.get("out")), Json.write(out));
        }
        out.put("serverRssKiBAtEnd", Proc.rssKiB(pid));
        out.put("loadAverageAtEnd", Proc.loadAverage());
        out.put("notes", notes);
        return out;
    }

    // ---------------------------------------------------------------- connections

    private List<Net.Conn> openReceivers(String prefix, int n) throws Exception {
        return openReceivers(prefix, 0, n);
    }

    /** Receivers number {@code first} to {@code first + n - 1} of the runs they take part in. */
    private List<Net.Conn> openReceivers(String prefix, int first, int n) throws Exception {
        List<Net.Conn> conns = openAll(prefix + first + "-", n, true);
        for (int i = 0; i < conns.size(); i++) {
            Net.Conn c = conns.get(i);
            int index = first + i;
            c.tag = index;
            c.listener = (conn, b, off, len) -> {
                Run r = current;
                if (r != null) {
                    r.onMessage(index, b, off, len);
                }
            };
        }
        return conns;
    }

    /** Opens n connections, at most 200 handshakes at a time; receivers subscribe to the public topic. */
    private List<Net.Conn> openAll(String prefix, int n, boolean receiver) throws Exception {
        return openAll(prefix, n, receiver, null);
    }

    /** With {@code heartbeats}, STOMP connections ask for heart-beats as the page does and send theirs. */
    private List<Net.Conn> openAll(String prefix, int n, boolean receiver, Heartbeats heartbeats) throws Exception {
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<Net.Conn>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            String p = kind == Net.Kind.RAW_WS ? path + (receiver ? "?role=recv" : "?role=send") : path;
            // two nodes: every second receiver on the second node, so half of all deliveries cross nodes
            InetSocketAddress target = receiver && addr2 != null && i % 2 == 1 ? addr2 : addr;
            boolean beating = heartbeats != null && kind == Net.Kind.STOMP_WS;
            String name = namePrefix + prefix + i;
            CompletableFuture<Net.Conn> f = net.open(target, p, kind, name, null,
                    beating ? Stomp.connect(name, null, PageClient.HEARTBEAT_MILLIS) : null);
            if (beating) {
                f.thenAccept(heartbeats::add);
            }
            f.whenComplete((c, e) -> inFlight.release());
            futures.add(f);
            if (kind == Net.Kind.TCP_JSON) {
                // one at a time: the seed server's join broadcast iterates its client dict while other
                // threads add to it, and a handler thread dies with "dictionary changed size"
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // counted below
                }
                Thread.sleep(20);
            }
        }
        List<Net.Conn> conns = new ArrayList<>();
        int failed = 0;
        String firstError = null;
        long deadline = System.nanoTime() + 120_000_000_000L; // a bound for the whole batch, not per connection
        for (int i = 0; i < futures.size(); i++) {
            CompletableFuture<Net.Conn> f = futures.get(i);
            if (!f.isDone() && pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("the server process has exited");
            }
            try {
                conns.add(f.get(Math.max(1, Math.min(1_000_000_000L, deadline - System.nanoTime())), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    failed++;
                    firstError = firstError == null ? "no answer within 120 s" : firstError;
                } else {
                    futures.add(f); // not yet: look again after the others
                }
            } catch (Exception e) {
                failed++;
                if (firstError == null) {
                    firstError = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e);
                }
            }
        }
        if (failed > 0) {
            throw new IOException(failed + " of " + n + " connections failed, first: " + firstError);
        }
        if (receiver && kind == Net.Kind.STOMP_WS) {
            for (Net.Conn c : conns) {
                c.send(Stomp.subscribe("pub", "/topic/public"));
            }
        }
        return conns;
    }

    private static void closeAll(List<Net.Conn> conns) {
        for (Net.Conn c : conns) {
            c.close();
        }
    }

    /** Closes (a)'s receivers and senders before a scenario that needs the server to itself. */
    private static void closeRoom(List<Net.Conn> recv, List<Net.Conn> send) {
        closeAll(recv);
        closeAll(send);
        recv.clear();
        send.clear();
    }

    private byte[] chatMessage(String user, String content) {
        return switch (kind) {
            case STOMP_WS -> Stomp.send("/app/chat.send", "{\"type\":\"message\",\"content\":\"" + content + "\"}");
            case RAW_WS -> ("{\"type\":\"message\",\"content\":\"" + content + "\"}").getBytes(StandardCharsets.US_ASCII);
            // the seed client's own shape, field for field
            case TCP_JSON -> ("{\"type\": \"message\", \"username\": \"" + user + "\", \"content\": \"" + content + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);
        };
    }

    private boolean send(Run run, List<Net.Conn> senders, int s, long intended) {
        Net.Conn c = senders.get(s);
        long seq = run.sent[s];
        try {
            c.send(chatMessage(c.user, Run.content(run.id, s, seq, intended, CONTENT_SIZE)));
            run.sent[s] = seq + 1;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- (a) fan-out, open loop

    /**
     * Sends at a fixed total rate, round robin over the senders, on a schedule fixed in advance:
     * message k is due at t0 + k/rate whatever happened to message k-1, and its latency is
     * measured from that due time.
     */
    private Map<String, Object> openLoop(List<Net.Conn> recv, List<Net.Conn> send, double rate, int warmupSeconds,
                                         int measureSeconds) throws Exception {
        return openLoop(recv, send, rate, warmupSeconds, measureSeconds, 0);
    }

    /** With {@code windowSeconds} > 0, also latency and CPU per window of that length, in "windows". */
    private Map<String, Object> openLoop(List<Net.Conn> recv, List<Net.Conn> send, double rate, int warmupSeconds,
                                         int measureSeconds, int windowSeconds) throws Exception {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("open loop needs a rate above 0 msg/s, not " + rate);
        }
        Run run = newRun(recv.size(), send.size());
        if (opt.containsKey("slow-log")) {
            run.slowNanos = (long) (Double.parseDouble(opt.getOrDefault("slow-ms", "5")) * 1e6);
        }
        current = run;
        long t0 = System.nanoTime() + 10_000_000L;
        long measureFrom = t0 + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + measureSeconds * 1_000_000_000L;
        run.measureFrom = measureFrom;
        log("open loop: %.0f msg/s to %d receivers (%.0f deliveries/s), %d s + %d s", rate, recv.size(),
                rate * recv.size(), warmupSeconds, measureSeconds);
        Proc.Sample cpu0 = null;
        long delivered0 = 0;
        long sendErrors = 0;
        Histogram total = new Histogram(3);
        List<Object> windows = new ArrayList<>();
        long windowNanos = windowSeconds * 1_000_000_000L;
        long nextWindow = windowSeconds > 0 ? measureFrom + windowNanos : Long.MAX_VALUE;
        Proc.Sample windowCpu = null;
        for (long k = 0; ; k++) {
            long due = t0 + (long) (k * 1e9 / rate);
            if (due >= end) {
                break;
            }
            if (cpu0 == null && due >= measureFrom) {
                cpu0 = Proc.Sample.take(pid, otherPids);
                windowCpu = cpu0;
                delivered0 = run.delivered.sum();
                run.histogram(); // from here on
            }
            if (due >= nextWindow) {
                // by arrival, not by due time: close enough at 10 s against a few ms of latency
                Proc.Sample now = Proc.Sample.take(pid);
                Histogram h = run.histogram();
                total.add(h);
                windows.add(window(h, windowCpu, now, (nextWindow - measureFrom) / 1e9));
                windowCpu = now;
                nextWindow += windowNanos;
            }
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            if (!send(run, send, (int) (k % send.size()), due)) {
                sendErrors++;
            }
        }
        long sentAtEnd = System.nanoTime();
        Proc.Sample cpu1 = Proc.Sample.take(pid, otherPids);
        long delivered1 = run.delivered.sum();
        drain(run);
        Histogram last = run.histogram();
        total.add(last);
        if (windowSeconds > 0) {
            windows.add(window(last, windowCpu, cpu1, (end - measureFrom) / 1e9));
        }
        Map<String, Object> m = describe(run, total);
        if (opt.containsKey("slow-log")) {
            writeSlowLog(run, Path.of(opt.get("slow-log")));
        }
        if (windowSeconds > 0) {
            m.put("windows", windows);
        }
        m.put("warmupSeconds", warmupSeconds);
        m.put("measureSeconds", measureSeconds);
        m.put("mode", "open loop");
        m.put("targetMessagesPerSecond", rate);
        m.put("targetDeliveriesPerSecond", rate * recv.size());
        m.put("deliveriesPerSecond", (delivered1 - delivered0) / ((sentAtEnd - cpu0.nanos()) / 1e9));
        m.put("sendErrors", sendErrors);
        cpu(m, cpu0, cpu1);
        m.put("loadAverage", Proc.loadAverage());
        log("  -> %s", brief(m));
        return m;
    }

    /**
     * The measured phase's slow deliveries, one per line: the message's intended send time as epoch
     * milliseconds (to line up with the server's {@code -Xlog:gc:...:time} log), its latency in ms and the
     * receiver.
     */
    private static void writeSlowLog(Run run, Path file) throws java.io.IOException {
        long epochNanosAtZero = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        StringBuilder out = new StringBuilder("# intended epoch ms, latency ms, receiver\n");
        for (long[] d : run.slow) {
            out.append(String.format("%.3f %.3f %d%n", (epochNanosAtZero + d[0]) / 1e6, d[1] / 1e6, d[2]));
        }
        Files.writeString(file, out);
    }

    private Run newRun(int receivers, int senders) {
        Run run = new Run(runIds++, receivers, senders);
        if (addr2 != null) {
            for (int r = 1; r < receivers; r += 2) {
                run.remote[r] = true;
            }
        }
        return run;
    }

    /** One window of an open loop: its latencies and the server's CPU over it. */
    private static Map<String, Object> window(Histogram h, Proc.Sample from, Proc.Sample to, double endsAtSecond) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("untilSecond", Math.round(endsAtSecond * 10) / 10.0);
        w.put("p50Ms", h.getValueAtPercentile(50) / 1e6);
        w.put("p99Ms", h.getValueAtPercentile(99) / 1e6);
        w.put("p999Ms", h.getValueAtPercentile(99.9) / 1e6);
        w.put("serverCpuCores", from.serverCores(to));
        return w;
    }

    /** Waits until every receiver got every message sent, or 5 s (losses are counted, not waited for). */
    private void drain(Run run) throws InterruptedException {
        long expected = run.totalSent() * run.receivers;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (run.delivered.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // stragglers and duplicates
    }

    private Map<String, Object> describe(Run run, Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receivers", run.receivers);
        m.put("senders", run.senders);
        m.put("messagesSent", run.totalSent());
        m.put("deliveriesExpected", run.totalSent() * run.receivers);
        m.put("deliveries", run.delivered.sum());
        m.put("lost", run.lost());
        m.put("outOfOrder", run.outOfOrder.sum());
        m.put("duplicates", run.duplicates.sum());
        m.put("latencySamples", h.getTotalCount());
        m.put("p50Ms", h.getValueAtPercentile(50) / 1e6);
        m.put("p99Ms", h.getValueAtPercentile(99) / 1e6);
        m.put("p999Ms", h.getValueAtPercentile(99.9) / 1e6);
        m.put("maxMs", h.getMaxValue() / 1e6);
        m.put("meanMs", h.getMean() / 1e6);
        if (addr2 != null) {
            // the deliveries to receivers on the second node: every one crossed from the senders' node
            Histogram cross = run.crossNodeHistogram();
            m.put("crossNodeSamples", cross.getTotalCount());
            m.put("crossNodeP50Ms", cross.getValueAtPercentile(50) / 1e6);
            m.put("crossNodeP99Ms", cross.getValueAtPercentile(99) / 1e6);
            m.put("crossNodeP999Ms", cross.getValueAtPercentile(99.9) / 1e6);
        }
        return m;
    }

    private void cpu(Map<String, Object> m, Proc.Sample a, Proc.Sample b) {
        m.put("serverCpuCores", a.serverCores(b));
        m.put("generatorCpuCores", a.generatorCores(b));
        m.put("serverRssKiB", Proc.rssKiB(pid));
        for (int i = 0; i < otherNames.size(); i++) {
            m.put(otherNames.get(i) + "CpuCores", a.otherCores(b, i));
            m.put(otherNames.get(i) + "RssKiB", Proc.rssKiB(otherPids[i]));
        }
    }

    // ---------------------------------------------------------------- (b) maximum throughput

    /**
     * Closed loop: each sender keeps a few messages in flight (a message leaves flight when
     * every receiver has it), which finds the rate the server can carry. Then open loop just below
     * it, stepping down until nothing is lost and p99 stays bounded: that is the sustainable rate.
     */
    private Map<String, Object> maxThroughput(List<Net.Conn> recv, List<Net.Conn> send, int window) throws Exception {
        int warm = quick ? 2 : 3;
        int measure = quick ? 4 : 10;
        Run run = newRun(recv.size(), send.size());
        Semaphore permits = new Semaphore(send.size() * window);
        run.window = permits;
        run.measureFrom = System.nanoTime() + warm * 1_000_000_000L;
        current = run;
        long measureFrom = run.measureFrom;
        long end = measureFrom + measure * 1_000_000_000L;
        log("closed loop: %d senders x %d in flight, %d s + %d s", send.size(), window, warm, measure);
        Proc.Sample cpu0 = null;
        long delivered0 = 0;
        long stalls = 0;
        int s = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (cpu0 == null && now >= measureFrom) {
                cpu0 = Proc.Sample.take(pid, otherPids);
                delivered0 = run.delivered.sum();
            }
            if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                // a message in flight was lost (or the server is stuck): refill rather than stop
                stalls++;
                permits.release(send.size() * window);
                continue;
            }
            send(run, send, s, System.nanoTime());
            s = (s + 1) % send.size();
        }
        Proc.Sample cpu1 = Proc.Sample.take(pid, otherPids);
        long delivered1 = run.delivered.sum();
        run.window = null;
        drain(run);
        Map<String, Object> closed = describe(run, run.histogram());
        closed.put("mode", "closed loop");
        closed.put("inFlightPerSender", window);
        double deliveriesPerSecond = (delivered1 - delivered0) / ((cpu1.nanos() - cpu0.nanos()) / 1e9);
        closed.put("deliveriesPerSecond", deliveriesPerSecond);
        closed.put("windowStalls", stalls);
        cpu(closed, cpu0, cpu1);
        log("  -> %s", brief(closed));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("closedLoop", closed);
        double messagesPerSecond = deliveriesPerSecond / recv.size();
        List<Object> steps = new ArrayList<>();
        Map<String, Object> sustained = null;
        double[] fractions = quick ? new double[] {0.8, 0.65, 0.5} : new double[] {0.95, 0.9, 0.8, 0.7, 0.6, 0.5};
        for (double f : fractions) {
            if (messagesPerSecond * f <= 0) {
                // nothing came through closed loop (the seed drops clients whose objects arrive together):
                // an open loop at 0 msg/s would never reach its end time
                log("  no open-loop steps: the closed loop delivered nothing");
                break;
            }
            Map<String, Object> step = openLoop(recv, send, messagesPerSecond * f, quick ? 1 : 2, quick ? 3 : 10);
            step.put("fractionOfClosedLoop", f);
            steps.add(step);
            if ((long) step.get("lost") == 0 && (double) step.get("p99Ms") <= BOUNDED_P99_MS) {
                sustained = step;
                break;
            }
        }
        m.put("openLoopSteps", steps);
        m.put("sustainedDeliveriesPerSecond", sustained == null ? 0.0 : sustained.get("targetDeliveriesPerSecond"));
        m.put("sustainedP99Ms", sustained == null ? null : sustained.get("p99Ms"));
        m.put("closedLoopDeliveriesPerSecond", deliveriesPerSecond);
        return m;
    }

    // ---------------------------------------------------------------- (d) catch-up via history

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    /**
     * Fills the history with 10,000 messages (closed loop, one monitoring receiver), then times a
     * fresh connection paging through them with after= and limit=200, as a reconnecting page does.
     */
    private Map<String, Object> catchUp() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
        Net.Listener pages = (c, b, off, len) -> {
            String sub = Stomp.header(b, off, len, "subscription");
            if (sub != null && sub.startsWith("h")) {
                int body = Stomp.bodyOffset(b, off, len);
                int end = off + len;
                while (end > body && b[end - 1] == 0) {
                    end--;
                }
                replies.add(new String(b, body, end - body, StandardCharsets.UTF_8));
            }
        };
        // where history ends now: the newest page of one message
        Net.Conn probe = net.open(addr, path, kind, "kprobe", pages).get(30, TimeUnit.SECONDS);
        probe.send(Stomp.subscribe("h0", "/app/history", "limit:1\n"));
        String newest = replies.poll(10, TimeUnit.SECONDS);
        if (newest == null) {
            throw new IOException("no reply to SUBSCRIBE /app/history");
        }
        long after = lastId(newest);
        probe.close();

        // the missed messages
        List<Net.Conn> monitor = openReceivers("kr", 1);
        List<Net.Conn> senders = openAll("ks", SENDERS, false);
        Thread.sleep(300);
        Run run = new Run(runIds++, 1, senders.size());
        Semaphore permits = new Semaphore(senders.size() * WINDOW_PER_SENDER);
        run.window = permits;
        current = run;
        long f0 = System.nanoTime();
        for (int k = 0; k < CATCHUP_MESSAGES; k++) {
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IOException("history fill stalled after " + k + " messages");
            }
            send(run, senders, k % senders.size(), System.nanoTime());
        }
        drain(run);
        double fillSeconds = (System.nanoTime() - f0) / 1e9;
        m.put("messagesFilled", run.totalSent());
        m.put("fillMessagesPerSecond", run.totalSent() / fillSeconds);
        m.put("fillLost", run.lost());
        closeAll(monitor);
        closeAll(senders);

        // the reconnecting client
        Proc.Sample cpu0 = Proc.Sample.take(pid, otherPids);
        long t0 = System.nanoTime();
        Net.Conn client = net.open(addr, path, kind, "kclient", pages).get(30, TimeUnit.SECONDS);
        long connected = System.nanoTime();
        int pagesRead = 0;
        long got = 0;
        long ours = 0;
        long prevId = after;
        boolean ordered = true;
        while (true) {
            client.send(Stomp.subscribe("h" + (++pagesRead), "/app/history", "after:" + after + "\nlimit:" + PAGE + "\n"));
            String page = replies.poll(10, TimeUnit.SECONDS);
            if (page == null) {
                throw new IOException("no history page " + pagesRead + " within 10 s");
            }
            Matcher ids = ID.matcher(page);
            int n = 0;
            while (ids.find()) {
                long id = Long.parseLong(ids.group(1));
                ordered &= id > prevId;
                prevId = id;
                n++;
            }
            ours += count(page, "\"b|" + run.id + "|");
            got += n;
            if (n > 0) {
                after = prevId;
            }
            if (n < PAGE) {
                break;
            }
        }
        long done = System.nanoTime();
        Proc.Sample cpu1 = Proc.Sample.take(pid, otherPids);
        client.close();
        m.put("messagesReceived", got);
        m.put("generatedMessagesReceived", ours);
        m.put("pages", pagesRead);
        m.put("inOrder", ordered);
        m.put("seconds", (done - t0) / 1e9);
        m.put("pagingSeconds", (done - connected) / 1e9);
        m.put("messagesPerSecond", got / ((done - t0) / 1e9));
        cpu(m, cpu0, cpu1);
        log("  -> catch-up %d messages in %d pages: %.3f s (fill %.0f msg/s)", got, pagesRead, (done - t0) / 1e9,
                run.totalSent() / fillSeconds);
        return m;
    }

    private static long lastId(String page) {
        Matcher ids = ID.matcher(page);
        long last = 0;
        while (ids.find()) {
            last = Long.parseLong(ids.group(1));
        }
        return last;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- (c) connection capacity

    /**
     * Opens n idle sessions as the page leaves them (CONNECT with heart-beats every 10 s both ways, then
     * SUBSCRIBE to its four live destinations) and measures what they cost the server: resident memory
     * and heap after a full GC, then, idle, its CPU and what it allocates (see {@link #idle}).
     * Everyone CONNECTs before anyone subscribes, so the product's join notices do not turn
     * into n^2/2 deliveries; they unsubscribe before closing for the same reason.
     */
    private Map<String, Object> capacity(int n) throws Exception {
        try (Heartbeats heartbeats = new Heartbeats(PageClient.HEARTBEAT_MILLIS)) {
            return capacity(n, heartbeats);
        }
    }

    private Map<String, Object> capacity(int n, Heartbeats heartbeats) throws Exception {
        Thread.sleep(300);
        long heap0 = Proc.heapUsedAfterGcKiB(pid);
        Thread.sleep(500);
        long rss0 = Proc.rssKiB(pid);
        Proc.Sample cpu0 = Proc.Sample.take(pid, otherPids);
        log("capacity: %d connections (server RSS %d KiB, heap %d KiB before)", n, rss0, heap0);
        long t0 = System.nanoTime();
        List<Net.Conn> conns = openAll("c", n, false, heartbeats);
        long connected = System.nanoTime();
        if (kind == Net.Kind.STOMP_WS) {
            for (Net.Conn c : conns) {
                c.send(Stomp.subscribe("sys", "/user/queue/system"));
                c.send(Stomp.subscribe("prv", "/user/queue/private"));
                c.send(Stomp.subscribe("pub", "/topic/public"));
                c.send(Stomp.subscribe("pre", "/topic/presence"));
            }
        }
        Proc.Sample cpu1 = Proc.Sample.take(pid, otherPids);
        Thread.sleep(quick ? 1500 : 3000);
        long open = conns.stream().filter(Net.Conn::isOpen).count();
        long heap1 = Proc.heapUsedAfterGcKiB(pid);
        Thread.sleep(500);
        long rss1 = Proc.rssKiB(pid);
        String histogram = opt.containsKey("histogram") ? Proc.classHistogram(pid) : null;
        if (histogram != null) {
            // what the sessions are made of, for whoever shrinks them next
            String nativeMemory = Proc.nativeMemory(pid);
            Files.writeString(Path.of(opt.get("histogram")),
                    nativeMemory == null ? histogram : nativeMemory + "\n" + histogram);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", n);
        m.put("openAtEnd", open);
        m.put("connectSeconds", (connected - t0) / 1e9);
        m.put("connectionsPerSecond", n / ((connected - t0) / 1e9));
        m.put("serverRssKiBBefore", rss0);
        m.put("serverRssKiBAfter", rss1);
        m.put("rssKiBPerConnection", (rss1 - rss0) / (double) n);
        m.put("heapKiBBefore", heap0);
        m.put("heapKiBAfter", heap1);
        m.put("heapKiBPerConnection", heap0 < 0 || heap1 < 0 ? null : (heap1 - heap0) / (double) n);
        m.put("serverCpuCoresWhileConnecting", cpu0.serverCores(cpu1));
        m.put("generatorCpuCoresWhileConnecting", cpu0.generatorCores(cpu1));
        log("  -> %d open, %.1f KiB RSS and %s KiB heap per connection, %.0f conn/s", open,
                (rss1 - rss0) / (double) n, m.get("heapKiBPerConnection"), n / ((connected - t0) / 1e9));
        if (kind == Net.Kind.STOMP_WS) {
            m.put("idle", idle(conns, heartbeats));
            for (Net.Conn c : conns) {
                if (c.isOpen()) {
                    try {
                        c.send(Stomp.unsubscribe("pub"));
                        c.send(Stomp.unsubscribe("pre"));
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            Thread.sleep(500);
        }
        closeAll(conns);
        return m;
    }

    /**
     * The idle sessions of (c), left alone but for their heart-beats (each way every 10 s): the server's
     * CPU over a minute, then what its threads allocate over 30 s (JFR: per-thread totals and sampled
     * sites, see {@link Proc#allocation}), against the heart-beats that crossed meanwhile.
     */
    private Map<String, Object> idle(List<Net.Conn> conns, Heartbeats heartbeats) throws Exception {
        int settle = quick ? 5 : 15;
        int cpuSeconds = quick ? 20 : 60;
        int allocationSeconds = quick ? 10 : 30;
        log("idle: %d sessions with heart-beats, %d s to settle, %d s of CPU, %d s of allocation", conns.size(), settle,
                cpuSeconds, allocationSeconds);
        Thread.sleep(settle * 1000L);
        long sent0 = heartbeats.sent.sum();
        long received0 = net.heartbeatsReceived.sum();
        Map<Long, String> threads0 = Proc.threadCpu(pid);
        Proc.Sample cpu0 = Proc.Sample.take(pid);
        Thread.sleep(cpuSeconds * 1000L);
        Proc.Sample cpu1 = Proc.Sample.take(pid);
        Map<Long, String> threads1 = Proc.threadCpu(pid);
        long sent1 = heartbeats.sent.sum();
        long received1 = net.heartbeatsReceived.sum();
        Map<String, Object> allocation = Proc.allocation(pid, allocationSeconds, Path.of(opt.get("out")).toAbsolutePath().getParent());
        long sent2 = heartbeats.sent.sum();
        long received2 = net.heartbeatsReceived.sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessions", conns.size());
        m.put("openAtEnd", conns.stream().filter(Net.Conn::isOpen).count());
        m.put("cpuSeconds", cpuSeconds);
        m.put("serverCpuCores", cpu0.serverCores(cpu1));
        // by thread: the JIT compiling what idle sessions run for the first time is a warm-up, not upkeep
        Map<String, Double> byThread = Proc.threadCores(threads0, threads1, (cpu1.nanos() - cpu0.nanos()) / 1e9);
        m.put("serverCpuCoresByThread", byThread);
        double compiler = byThread.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
        m.put("serverCpuCoresJitCompiler", compiler);
        m.put("serverCpuCoresWithoutJit", cpu0.serverCores(cpu1) - compiler);
        m.put("generatorCpuCores", cpu0.generatorCores(cpu1));
        m.put("heartbeatsToServerPerSecond", (sent1 - sent0) / (double) cpuSeconds);
        m.put("heartbeatsFromServerPerSecond", (received1 - received0) / (double) cpuSeconds);
        if (allocation != null) {
            long beats = (sent2 - sent1) + (received2 - received1);
            Object bytes = allocation.get("allocatedBytes");
            if (bytes instanceof Number b && beats > 0) {
                allocation.put("bytesPerHeartbeat", b.doubleValue() / beats);
            }
            allocation.put("heartbeats", beats);
            m.put("allocation", allocation);
        }
        log("  -> idle server CPU %.4f cores (%.2f %% of a core, %.2f %% of it the JIT compiler); heart-beats %.0f/s in, %.0f/s out; allocated %s B/s",
                m.get("serverCpuCores"), 100 * (double) m.get("serverCpuCores"), 100 * compiler,
                m.get("heartbeatsToServerPerSecond"),
                m.get("heartbeatsFromServerPerSecond"), allocation == null ? "?" : allocation.get("allocatedBytesPerSecond"));
        log("     by thread (%% of a core): %s", byThread.entrySet().stream().limit(8)
                .map(e -> String.format("%s %.2f", e.getKey(), 100 * e.getValue())).toList());
        return m;
    }

    // ---------------------------------------------------------------- big rooms

    /** The most connections the generator opens: it and the server each have at most 20,000 descriptors here. */
    static final int MAX_ROOM = 19_000;

    /**
     * Rooms far bigger than (a)'s, at 10,000 deliveries/s: 2,000 receivers at 5 msg/s and 5,000 at 2 msg/s;
     * then, at 1 msg/s, rooms of 5,000, 10,000, 15,000 and 19,000 until one has p99 >= 100 ms or loses
     * something: the largest that did not is the answer. Receivers are added, never reopened.
     */
    private Map<String, Object> bigRooms() throws Exception {
        List<Net.Conn> send = openAll("bs", SENDERS, false);
        List<Net.Conn> recv = new ArrayList<>();
        Map<String, Object> m = new LinkedHashMap<>();
        int warm = quick ? 2 : 5;
        int measure = quick ? 6 : 20;
        try {
            for (int[] room : new int[][] {{2000, 5}, {5000, 2}}) {
                grow(recv, room[0]);
                m.put(room[0] + "x" + room[1], openLoop(recv.subList(0, room[0]), send, room[1], warm, measure));
            }
            List<Object> ladder = new ArrayList<>();
            Integer largest = null;
            for (int size : quick ? new int[] {5000, 10000} : new int[] {5000, 10000, 15000, MAX_ROOM}) {
                grow(recv, size);
                Map<String, Object> step = openLoop(recv.subList(0, size), send, 1, 2, quick ? 6 : 10);
                step.put("roomSize", size);
                ladder.add(step);
                if ((long) step.get("lost") > 0 || (double) step.get("p99Ms") >= BOUNDED_P99_MS) {
                    break;
                }
                largest = size;
            }
            m.put("ladderAtOneMessagePerSecond", ladder);
            m.put("largestRoomUnder100MsP99", largest);
            m.put("ladderCap", quick ? 10000 : MAX_ROOM);
        } finally {
            for (Net.Conn c : recv) {
                if (c.isOpen() && kind == Net.Kind.STOMP_WS) {
                    try {
                        c.send(Stomp.unsubscribe("pub"));
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            Thread.sleep(500);
            closeAll(recv);
            closeAll(send);
        }
        return m;
    }

    /** Adds receivers (connected first, then subscribed, as in (c)) until there are {@code size}. */
    private void grow(List<Net.Conn> recv, int size) throws Exception {
        if (recv.size() < size) {
            log("big room: %d receivers", size);
            recv.addAll(openReceivers("br", recv.size(), size - recv.size()));
            Thread.sleep(500);
        }
    }

    // ---------------------------------------------------------------- output

    private static String brief(Map<String, Object> m) {
        return String.format("%.0f deliveries/s, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms, lost %s, out of order %s, cpu server %.2f gen %.2f",
                (double) m.get("deliveriesPerSecond"), (double) m.get("p50Ms"), (double) m.get("p99Ms"),
                (double) m.get("p999Ms"), (double) m.get("maxMs"), m.get("lost"), m.get("outOfOrder"),
                (double) m.get("serverCpuCores"), (double) m.get("generatorCpuCores"));
    }

    private void log(String format, Object... args) {
        System.out.printf("[%s] %s%n", system, String.format(format, args));
    }
}
