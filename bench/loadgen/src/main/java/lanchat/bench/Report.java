package lanchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts the per-system parts of one run together: one JSON document (machine, versions, every
 * measurement, the ratios the issue asks for), a table on stdout, and an SVG chart.
 */
final class Report {
    private Report() {
    }

    @SuppressWarnings("unchecked")
    static void main(Map<String, String> opt) throws IOException {
        Path dir = Path.of(opt.get("dir"));
        List<Map<String, Object>> systems = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        for (Path p : parts) {
            systems.add((Map<String, Object>) Json.parse(Files.readString(p)));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("timestamp", opt.getOrDefault("timestamp", Instant.now().toString()));
        doc.put("quick", opt.containsKey("quick"));
        doc.put("machine", machine(opt));
        doc.put("command", opt.getOrDefault("command", "bench/run.sh"));
        List<String> notes = new ArrayList<>();
        Path notesFile = dir.resolve("notes.txt");
        if (Files.exists(notesFile)) {
            Files.readAllLines(notesFile).stream().filter(l -> !l.isBlank()).forEach(notes::add);
        }
        doc.put("notes", notes);
        doc.put("systems", systems);
        doc.put("targets", targets(systems));
        Files.writeString(Path.of(opt.get("out")), Json.write(doc));
        String table = table(doc);
        System.out.print(table);
        if (opt.containsKey("table")) {
            Files.writeString(Path.of(opt.get("table")), table);
        }
        if (opt.containsKey("svg")) {
            Files.writeString(Path.of(opt.get("svg")), svg(systems, (String) doc.get("timestamp")));
        }
        if (opt.containsKey("storm-svg")) {
            for (Map<String, Object> s : systems) {
                Map<String, Object> storm = scenario(s, "storm");
                if (storm != null) {
                    Files.writeString(Path.of(opt.get("storm-svg")), stormSvg(storm, (String) doc.get("timestamp")));
                }
            }
        }
    }

    private static Map<String, Object> machine(Map<String, String> opt) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        String model = "?";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                model = line.substring(line.indexOf(':') + 1).strip();
                break;
            }
        }
        m.put("cpu", model);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                m.put("memoryGiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
            }
        }
        m.put("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("springBoot", "4.0.7");
        for (String k : List.of("python", "postgresql", "maven", "serverJvmOptions")) {
            if (opt.containsKey(k)) {
                m.put(k, opt.get(k));
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- lookups

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scenario(Map<String, Object> system, String name) {
        Object s = ((Map<String, Object>) system.get("scenarios")).get(name);
        return s instanceof Map<?, ?> m && !m.containsKey("error") ? (Map<String, Object>) m : null;
    }

    private static Map<String, Object> find(List<Map<String, Object>> systems, String name) {
        return systems.stream().filter(s -> name.equals(s.get("system"))).findFirst().orElse(null);
    }

    private static Double num(Map<String, Object> m, String key) {
        if (m == null || !(m.get(key) instanceof Number n)) {
            return null;
        }
        return n.doubleValue();
    }

    private static Double get(List<Map<String, Object>> systems, String system, String scenario, String key) {
        Map<String, Object> s = find(systems, system);
        return s == null ? null : num(scenario(s, scenario), key);
    }

    // ---------------------------------------------------------------- targets

    @SuppressWarnings("unchecked")
    private static List<Object> targets(List<Map<String, Object>> systems) {
        List<Object> t = new ArrayList<>();
        // issue 17: everyday speed, against plain Spring in the same run
        for (String[] phase : new String[][] {{"fanout", "at 10,000 deliveries/s, warm"}, {"cold", "in the first minute after start"}}) {
            String sc = phase[0];
            t.add(target("p99 " + phase[1] + ", vs plain Spring",
                    ratio(get(systems, "product", sc, "p99Ms"), get(systems, "baseline", sc, "p99Ms")), "<=", 1.0));
            t.add(target("p99.9 " + phase[1] + ", vs plain Spring",
                    ratio(get(systems, "product", sc, "p999Ms"), get(systems, "baseline", sc, "p999Ms")), "<=", 1.0));
            t.add(target("CPU per delivery " + phase[1] + ", vs plain Spring",
                    ratio(cpuPerDelivery(systems, "product", sc), cpuPerDelivery(systems, "baseline", sc)), "<=", 1.0));
        }
        Map<String, Object> idle = nested(systems, "product", "capacity", "idle");
        t.add(target("idle CPU, 10,000 sessions with heart-beats (% of a core)",
                idle == null ? null : 100 * num(idle, "serverCpuCores"), "<", 3.0));
        Map<String, Object> pageJoin = nested(systems, "product", "join", "page");
        Map<String, Object> springJoin = nested(systems, "baseline", "join", "bare");
        t.add(target("page joins/s vs plain Spring's bare CONNECT+SUBSCRIBE",
                ratio(num(pageJoin, "joinsPerSecond"), num(springJoin, "joinsPerSecond")), ">=", 1.0));
        Map<String, Object> storm = null;
        for (Map<String, Object> s : systems) {
            if (scenario(s, "storm") != null) {
                storm = scenario(s, "storm");
            }
        }
        t.add(target("reconnect storm: all back (s after the port opened)", num(storm, "allBackSeconds"), "<=", 15.0));
        t.add(target("reconnect storm: messages missed", num(storm, "missed"), "<=", 0.0));
        for (String room : List.of("2000x5", "5000x2")) {
            t.add(target("p99, " + room.replace("x", " receivers at ") + " msg/s, vs plain Spring",
                    ratio(num(nested(systems, "product", "bigroom", room), "p99Ms"),
                            num(nested(systems, "baseline", "bigroom", room), "p99Ms")), "<=", 1.0));
        }
        // issue 8, kept
        Double product = get(systems, "product", "max", "sustainedDeliveriesPerSecond");
        Double baseline = get(systems, "baseline", "max", "sustainedDeliveriesPerSecond");
        Double relay = get(systems, "relay", "max", "sustainedDeliveriesPerSecond");
        Double pClosed = get(systems, "product", "max", "closedLoopDeliveriesPerSecond");
        Double bClosed = get(systems, "baseline", "max", "closedLoopDeliveriesPerSecond");
        Double rClosed = get(systems, "relay", "max", "closedLoopDeliveriesPerSecond");
        t.add(target("max fan-out throughput (sustained) vs plain Spring", ratio(product, baseline), ">=", 1.5));
        t.add(target("max fan-out throughput (closed loop) vs plain Spring", ratio(pClosed, bClosed), ">=", 1.5));
        t.add(target("max fan-out throughput (sustained) vs raw relay", ratio(product, relay), ">=", 0.5));
        t.add(target("max fan-out throughput (closed loop) vs raw relay", ratio(pClosed, rClosed), ">=", 0.5));
        t.add(target("RSS per idle STOMP connection (KiB), 10,000 sessions",
                get(systems, "product", "capacity", "rssKiBPerConnection"), "<=", 40.0));
        t.add(target("catch-up of 10,000 messages (s)", get(systems, "product", "catchup", "seconds"), "<", 1.0));
        return t;
    }

    /** Server CPU (core-seconds) per 1,000 deliveries, from an open loop. */
    private static Double cpuPerDelivery(List<Map<String, Object>> systems, String system, String scenario) {
        Double cores = get(systems, system, scenario, "serverCpuCores");
        Double rate = get(systems, system, scenario, "deliveriesPerSecond");
        return cores == null || rate == null || rate == 0 ? null : cores * 1000 / rate;
    }

    /** A map inside a scenario's result ("idle" in "capacity", "page" in "join"), or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(List<Map<String, Object>> systems, String system, String scenario, String key) {
        Map<String, Object> s = find(systems, system);
        Map<String, Object> sc = s == null ? null : scenario(s, scenario);
        return sc != null && sc.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    private static Map<String, Object> target(String what, Double value, String op, double goal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", what);
        m.put("value", value);
        m.put("goal", op + " " + goal);
        m.put("met", value == null ? null : switch (op) {
            case ">=" -> value >= goal;
            case "<=" -> value <= goal;
            default -> value < goal;
        });
        return m;
    }

    // ---------------------------------------------------------------- table

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> doc) {
        List<Map<String, Object>> systems = (List<Map<String, Object>>) doc.get("systems");
        StringBuilder sb = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) doc.get("machine");
        sb.append(String.format("%nlanchat benchmarks %s%s: %s, %s cores, %s%n", doc.get("timestamp"),
                Boolean.TRUE.equals(doc.get("quick")) ? " (quick)" : "", machine.get("cpu"), machine.get("cores"), machine.get("java")));

        sb.append("\n(a) fan-out, open loop at a fixed rate (latency from the intended send time)\n");
        row(sb, "system", "deliv/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "reorder", "srv cpu", "gen cpu", "cpu/1k d");
        for (Map<String, Object> s : systems) {
            Map<String, Object> f = scenario(s, "fanout");
            if (f != null) {
                row(sb, label(s), f0(f, "deliveriesPerSecond"), f2(f, "p50Ms"), f2(f, "p99Ms"), f2(f, "p999Ms"),
                        f2(f, "maxMs"), f0(f, "lost"), f0(f, "outOfOrder"), f2(f, "serverCpuCores"), f2(f, "generatorCpuCores"),
                        fmt(perThousand(f), "%.3f"));
            }
        }
        sb.append("\n(a0) the same, in the first minute after the server started (no warm-up); per 10 s: p99 ms / server cores\n");
        row(sb, "system", "deliv/s", "p50 ms", "p99 ms", "p99.9 ms", "lost", "srv cpu", "cpu/1k d", "windows");
        for (Map<String, Object> s : systems) {
            Map<String, Object> f = scenario(s, "cold");
            if (f != null) {
                StringBuilder w = new StringBuilder();
                for (Object o : (List<Object>) f.getOrDefault("windows", List.of())) {
                    Map<String, Object> win = (Map<String, Object>) o;
                    w.append(w.length() == 0 ? "" : "  ").append(f1(win, "p99Ms")).append('/').append(f2(win, "serverCpuCores"));
                }
                row(sb, label(s), f0(f, "deliveriesPerSecond"), f2(f, "p50Ms"), f2(f, "p99Ms"), f2(f, "p999Ms"), f0(f, "lost"),
                        f2(f, "serverCpuCores"), fmt(perThousand(f), "%.3f"), " " + w);
            }
        }
        sb.append("\n(b) maximum fan-out throughput: closed loop, then open loop just below it (0 lost, p99 <= "
                + (int) LoadGen.BOUNDED_P99_MS + " ms)\n");
        row(sb, "system", "closed d/s", "srv cpu", "gen cpu", "sustained", "p99 ms", "lost", "reorder");
        for (Map<String, Object> s : systems) {
            Map<String, Object> m = scenario(s, "max");
            if (m != null) {
                Map<String, Object> c = (Map<String, Object>) m.get("closedLoop");
                row(sb, label(s), f0(c, "deliveriesPerSecond"), f2(c, "serverCpuCores"), f2(c, "generatorCpuCores"),
                        f0(m, "sustainedDeliveriesPerSecond"), f2(m, "sustainedP99Ms"), f0(c, "lost"), f0(c, "outOfOrder"));
            }
        }
        sb.append("\n(c) connection capacity: idle sessions (STOMP: CONNECT + 2 SUBSCRIBEs)\n");
        row(sb, "system", "sessions", "open", "conn/s", "RSS KiB/c", "heap KiB/c", "RSS MiB");
        for (Map<String, Object> s : systems) {
            Map<String, Object> c = scenario(s, "capacity");
            if (c != null) {
                Double rss = num(c, "serverRssKiBAfter");
                row(sb, label(s), f0(c, "connections"), f0(c, "openAtEnd"), f0(c, "connectionsPerSecond"),
                        f1(c, "rssKiBPerConnection"), f1(c, "heapKiBPerConnection"), rss == null ? "-" : String.format("%.0f", rss / 1024));
            }
        }
        sb.append("\n(c2) the idle sessions of (c), heart-beats every 10 s each way: server CPU over a minute, allocation (JFR)\n");
        row(sb, "system", "sessions", "cpu %", "of it JIT %", "beats in/s", "beats out/s", "alloc B/s", "B/beat");
        for (Map<String, Object> s : systems) {
            Map<String, Object> c = scenario(s, "capacity");
            if (c != null && c.get("idle") instanceof Map<?, ?> idle) {
                Map<String, Object> i = (Map<String, Object>) idle;
                Map<String, Object> a = i.get("allocation") instanceof Map<?, ?> al ? (Map<String, Object>) al : null;
                Double cores = num(i, "serverCpuCores");
                Double jit = num(i, "serverCpuCoresJitCompiler");
                row(sb, label(s), f0(i, "sessions"), cores == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * cores),
                        jit == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * jit), f0(i, "heartbeatsToServerPerSecond"), f0(i, "heartbeatsFromServerPerSecond"),
                        f0(a, "allocatedBytesPerSecond"), f0(a, "bytesPerHeartbeat"));
            }
        }
        sb.append("\n(g) joins: n new clients, 100 at a time; bare = CONNECT + SUBSCRIBE, in at CONNECTED; page = the page's full join\n");
        row(sb, "system", "way in", "joins", "joins/s", "p50 ms", "p99 ms", "cpu ms/join", "failed");
        for (Map<String, Object> s : systems) {
            Map<String, Object> j = scenario(s, "join");
            if (j != null) {
                for (String mode : List.of("bare", "page")) {
                    if (j.get(mode) instanceof Map<?, ?> jm) {
                        Map<String, Object> r = (Map<String, Object>) jm;
                        row(sb, label(s), mode, f0(r, "joins"), f0(r, "joinsPerSecond"), f1(r, "p50Ms"), f1(r, "p99Ms"),
                                f2(r, "serverCpuMsPerJoin"), f0(r, "failed"));
                    }
                }
            }
        }
        sb.append("\n(h) big rooms: open loop, 20 senders; then 1 msg/s to ever larger rooms until p99 >= 100 ms\n");
        row(sb, "system", "room", "msg/s", "deliv/s", "p50 ms", "p99 ms", "p99.9 ms", "lost", "srv cpu");
        for (Map<String, Object> s : systems) {
            Map<String, Object> b = scenario(s, "bigroom");
            if (b == null) {
                continue;
            }
            for (String room : List.of("2000x5", "5000x2")) {
                if (b.get(room) instanceof Map<?, ?> rm) {
                    Map<String, Object> r = (Map<String, Object>) rm;
                    row(sb, label(s), room.split("x")[0], room.split("x")[1], f0(r, "deliveriesPerSecond"), f2(r, "p50Ms"),
                            f2(r, "p99Ms"), f2(r, "p999Ms"), f0(r, "lost"), f2(r, "serverCpuCores"));
                }
            }
            for (Object o : (List<Object>) b.getOrDefault("ladderAtOneMessagePerSecond", List.of())) {
                Map<String, Object> r = (Map<String, Object>) o;
                row(sb, label(s), f0(r, "roomSize"), "1", f0(r, "deliveriesPerSecond"), f2(r, "p50Ms"), f2(r, "p99Ms"),
                        f2(r, "p999Ms"), f0(r, "lost"), f2(r, "serverCpuCores"));
            }
            sb.append(String.format("  %-30s largest room with p99 < 100 ms at 1 msg/s: %s (the generator stops at %s)%n", label(s),
                    b.get("largestRoomUnder100MsP99"), b.get("ladderCap")));
        }
        sb.append("\n(i) reconnect storm: SIGTERM, start again, every page back with the page's back-off and after=\n");
        row(sb, "system", "pages", "stop s", "start s", "back", "p50 s", "p90 s", "all s", "missed", "attempts");
        for (Map<String, Object> s : systems) {
            Map<String, Object> st = scenario(s, "storm");
            if (st != null) {
                row(sb, label(s), f0(st, "clients"), f2(st, "stopSeconds"), f2(st, "startToPortSeconds"), f0(st, "back"),
                        f2(st, "p50BackSeconds"), f2(st, "p90BackSeconds"), f2(st, "allBackSeconds"), f0(st, "missed"),
                        f0(st, "connectAttempts"));
            }
        }
        sb.append("\n(d) catch-up: a reconnecting client pages /app/history (after=, limit 200)\n");
        row(sb, "system", "messages", "pages", "seconds", "msgs/s", "in order", "fill msg/s");
        for (Map<String, Object> s : systems) {
            Map<String, Object> c = scenario(s, "catchup");
            if (c != null) {
                row(sb, label(s), f0(c, "messagesReceived"), f0(c, "pages"), f3(c, "seconds"), f0(c, "messagesPerSecond"),
                        String.valueOf(c.get("inOrder")), f0(c, "fillMessagesPerSecond"));
            }
        }
        sb.append("\n(e) persistence: the product's throughput by history store\n");
        row(sb, "system", "closed d/s", "sustained", "p99 ms", "fill msg/s", "catch-up s");
        for (Map<String, Object> s : systems) {
            // the TCP gateway runs at a different rate and size (see TCP in docs/benchmarks.md): not a history store
            if (String.valueOf(s.get("system")).startsWith("product") && !"tcp".equals(s.get("kind"))
                    && scenario(s, "max") != null) {
                Map<String, Object> m = scenario(s, "max");
                Map<String, Object> c = scenario(s, "catchup");
                row(sb, label(s), f0(m, "closedLoopDeliveriesPerSecond"), f0(m, "sustainedDeliveriesPerSecond"),
                        f2(m, "sustainedP99Ms"), f0(c, "fillMessagesPerSecond"), f3(c, "seconds"));
            }
        }
        writePaths(sb, systems);
        severalNodes(sb, systems);
        sb.append("\nmachine load (1-min load average at start / end of each system; above the core count = shared machine, noisy numbers)\n");
        for (Map<String, Object> s : systems) {
            sb.append(String.format("  %-30s %10s %10s%n", label(s), f2(s, "loadAverageAtStart"), f2(s, "loadAverageAtEnd")));
        }
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> s : systems) {
            ((Map<String, Object>) s.get("scenarios")).forEach((k, v) -> {
                if (v instanceof Map<?, ?> m && m.containsKey("error")) {
                    failures.add(label(s) + " / " + k + ": " + m.get("error"));
                }
            });
        }
        if (!failures.isEmpty()) {
            sb.append("\nscenarios that failed:\n");
            failures.forEach(f -> sb.append("  ").append(f).append('\n'));
        }
        sb.append("\ntargets (product vs baselines, same run)\n");
        for (Object o : (List<Object>) doc.get("targets")) {
            Map<String, Object> t = (Map<String, Object>) o;
            Object met = t.get("met");
            sb.append(String.format("  %-58s %10s  goal %-7s %s%n", t.get("target"),
                    t.get("value") == null ? "n/a" : String.format(Locale.ROOT, "%.3f", (Double) t.get("value")), t.get("goal"),
                    met == null ? "NOT MEASURED" : (Boolean) met ? "met" : "MISSED"));
        }
        List<String> notes = (List<String>) doc.get("notes");
        if (!notes.isEmpty()) {
            sb.append("\nnotes\n");
            notes.forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /**
     * The A/B of the product's write paths (bench/run.sh --only writes-ab): per path, over its rounds, the
     * mean (and range) of what (a) and (b) measured, and the closed loop relative to the gathering path.
     */
    @SuppressWarnings("unchecked")
    private static void writePaths(StringBuilder sb, List<Map<String, Object>> systems) {
        Map<String, List<Map<String, Object>>> byPath = new LinkedHashMap<>();
        for (Map<String, Object> s : systems) {
            String name = String.valueOf(s.get("system"));
            if (name.startsWith("writes-")) {
                byPath.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
            }
        }
        if (byPath.isEmpty()) {
            return;
        }
        sb.append("\n(f) write paths A/B (lanchat.websocket.writes): mean over rounds [min-max]\n");
        row(sb, "path", "rounds", "closed d/s", "range", "sustained", "p99@10k ms", "srv cpu@10k", "closed/gath");
        Double gathering = mean(byPath.getOrDefault("writes-gathering", List.of()), "max", "closedLoop", "deliveriesPerSecond");
        byPath.forEach((path, runs) -> {
            Double closed = mean(runs, "max", "closedLoop", "deliveriesPerSecond");
            double[] range = runs.stream().map(r -> scenario(r, "max")).filter(m -> m != null)
                    .map(m -> num((Map<String, Object>) m.get("closedLoop"), "deliveriesPerSecond"))
                    .filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
            row(sb, path.substring("writes-".length()), String.valueOf(runs.size()), fmt(closed, "%.0f"),
                    range.length == 0 ? "-" : String.format(Locale.ROOT, "%.0f-%.0f", range[0], range[range.length - 1]),
                    fmt(mean(runs, "max", null, "sustainedDeliveriesPerSecond"), "%.0f"),
                    fmt(mean(runs, "fanout", null, "p99Ms"), "%.2f"), fmt(mean(runs, "fanout", null, "serverCpuCores"), "%.2f"),
                    fmt(ratio(closed, gathering), "%.3f"));
        });
    }

    /**
     * (g) Two nodes: receivers split over the nodes, senders on the first, so the deliveries to the second
     * node's receivers all cross; CPU of each node and of the broker.
     */
    private static void severalNodes(StringBuilder sb, List<Map<String, Object>> systems) {
        boolean any = systems.stream().anyMatch(s -> {
            Map<String, Object> f = scenario(s, "fanout");
            return f != null && f.containsKey("crossNodeP99Ms");
        });
        if (!any) {
            return;
        }
        sb.append("\n(g) several nodes: fan-out with receivers split over two nodes (cross = deliveries to the second node)\n");
        row(sb, "system", "deliv/s", "p99 ms", "cross p50", "cross p99", "lost", "reorder", "node1 cpu", "node2 cpu",
                "broker cpu");
        for (Map<String, Object> s : systems) {
            Map<String, Object> f = scenario(s, "fanout");
            if (f != null && String.valueOf(s.get("system")).matches("cluster.*|brokerrelay")) {
                row(sb, label(s), f0(f, "deliveriesPerSecond"), f2(f, "p99Ms"), f2(f, "crossNodeP50Ms"),
                        f2(f, "crossNodeP99Ms"), f0(f, "lost"), f0(f, "outOfOrder"), f2(f, "serverCpuCores"),
                        f2(f, "secondNodeCpuCores"), f2(f, "brokerCpuCores"));
            }
        }
        row(sb, "system", "closed d/s", "node1 cpu", "node2 cpu", "broker cpu", "sustained", "p99 ms", "cross p99");
        for (Map<String, Object> s : systems) {
            Map<String, Object> m = scenario(s, "max");
            if (m != null && String.valueOf(s.get("system")).matches("cluster.*|brokerrelay")) {
                Map<String, Object> c = (Map<String, Object>) m.get("closedLoop");
                row(sb, label(s), f0(c, "deliveriesPerSecond"), f2(c, "serverCpuCores"), f2(c, "secondNodeCpuCores"),
                        f2(c, "brokerCpuCores"), f0(m, "sustainedDeliveriesPerSecond"), f2(m, "sustainedP99Ms"),
                        f2(c, "crossNodeP99Ms"));
            }
        }
    }

    /** The mean of one measurement over runs, from a scenario or one of its parts; null if none has it. */
    @SuppressWarnings("unchecked")
    private static Double mean(List<Map<String, Object>> runs, String scenario, String part, String key) {
        return runs.stream().map(r -> scenario(r, scenario)).filter(m -> m != null)
                .map(m -> part == null ? m : (Map<String, Object>) m.get(part)).map(m -> num(m, key))
                .filter(v -> v != null).mapToDouble(Double::doubleValue).average().stream().boxed().findFirst().orElse(null);
    }

    private static Double perThousand(Map<String, Object> openLoop) {
        Double cores = num(openLoop, "serverCpuCores");
        Double rate = num(openLoop, "deliveriesPerSecond");
        return cores == null || rate == null || rate == 0 ? null : cores * 1000 / rate;
    }

    private static String fmt(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String label(Map<String, Object> s) {
        return String.valueOf(s.get("label"));
    }

    private static void row(StringBuilder sb, String first, String... rest) {
        sb.append(String.format("  %-30s", first));
        for (String r : rest) {
            sb.append(String.format(" %10s", r));
        }
        sb.append('\n');
    }

    private static String fmt(Map<String, Object> m, String key, String format) {
        Double d = num(m, key);
        return d == null ? "-" : String.format(Locale.ROOT, format, d);
    }

    private static String f0(Map<String, Object> m, String key) {
        return fmt(m, key, "%.0f");
    }

    private static String f1(Map<String, Object> m, String key) {
        return fmt(m, key, "%.1f");
    }

    private static String f2(Map<String, Object> m, String key) {
        return fmt(m, key, "%.2f");
    }

    private static String f3(Map<String, Object> m, String key) {
        return fmt(m, key, "%.3f");
    }

    // ---------------------------------------------------------------- chart

    /** Two bar panels, one bar per system: sustained (and closed-loop) throughput; p99 at 10,000 deliveries/s. */
    @SuppressWarnings("unchecked")
    static String svg(List<Map<String, Object>> systems, String timestamp) {
        List<String> names = new ArrayList<>();
        List<double[]> tput = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (Map<String, Object> s : systems) {
            if ("tcp".equals(s.get("kind"))) {
                continue; // a different rate and transport; in the table, not the chart
            }
            Map<String, Object> m = scenario(s, "max");
            Map<String, Object> f = scenario(s, "fanout");
            if (m == null && f == null) {
                continue;
            }
            names.add(label(s));
            tput.add(new double[] {m == null ? 0 : num(m, "sustainedDeliveriesPerSecond"),
                    m == null ? 0 : num(m, "closedLoopDeliveriesPerSecond")});
            p99.add(f == null ? null : num(f, "p99Ms"));
        }
        int rowH = 34;
        int top = 70;
        int labelW = 230;
        int barW = 300;
        int panelW = labelW + barW + 90;
        int w = panelW * 2 + 20;
        int h = top + rowH * names.size() + 60;
        double maxT = tput.stream().mapToDouble(a -> Math.max(a[0], a[1])).max().orElse(1);
        double maxL = p99.stream().filter(x -> x != null).mapToDouble(Double::doubleValue).max().orElse(1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">%n", w, h, w, h));
        sb.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", w, h));
        sb.append(String.format("<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">lanchat vs baselines, fan-out to 100 receivers (%s)</text>%n", esc(timestamp)));
        panel(sb, 10, top, "max fan-out throughput, deliveries/s", "dark: sustained open loop (0 lost, bounded p99); light: closed loop",
                names, labelW, barW, rowH, i -> tput.get(i)[0], i -> tput.get(i)[1], maxT, "%.0f");
        panel(sb, 10 + panelW + 20, top, "p99 latency at 10,000 deliveries/s, ms (lower is better)", "open loop, from the intended send time",
                names, labelW, barW, rowH, i -> p99.get(i), i -> null, maxL, "%.1f");
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, int x, int y, String title, String sub, List<String> names, int labelW, int barW,
                              int rowH, java.util.function.IntFunction<Double> main, java.util.function.IntFunction<Double> back,
                              double max, String format) {
        sb.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x, y - 30, esc(title)));
        sb.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#555\" font-size=\"11\">%s</text>%n", x, y - 14, esc(sub)));
        for (int i = 0; i < names.size(); i++) {
            int ry = y + i * rowH;
            String name = names.get(i);
            String color = name.startsWith("lanchat") ? "#2a7ab0" : name.contains("relay") ? "#7a7a7a" : "#d08a2a";
            sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", x + labelW - 8, ry + 18, esc(name)));
            Double b = back.apply(i);
            if (b != null && b > 0) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\" opacity=\"0.3\"/>%n",
                        x + labelW, ry + 3, barW * b / max, color));
            }
            Double v = main.apply(i);
            if (v != null) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"/>%n",
                        x + labelW, ry + 3, Math.max(1, barW * v / max), color));
                double end = Math.max(v, b == null ? 0 : b);
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + labelW + barW * end / max + 5, ry + 19,
                        String.format(Locale.ROOT, format, v) + (b != null && b > 0 ? String.format(Locale.ROOT, " / " + format, b) : "")));
            } else {
                sb.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#999\">not measured</text>%n", x + labelW + 5, ry + 19));
            }
        }
    }

    /**
     * The reconnect storm as a curve: pages back (joined and caught up) against seconds since the
     * restarted server's port opened, with the 15 s goal marked.
     */
    @SuppressWarnings("unchecked")
    static String stormSvg(Map<String, Object> storm, String timestamp) {
        List<Object> curve = (List<Object>) storm.getOrDefault("curve", List.of());
        double total = num(storm, "clients") + 1; // and the sender
        double lastT = curve.isEmpty() ? 0 : ((Number) ((List<Object>) curve.get(curve.size() - 1)).get(0)).doubleValue();
        double maxT = Math.max(16, Math.ceil(lastT + 1));
        int w = 720;
        int h = 420;
        int left = 70;
        int right = 30;
        int top = 60;
        int bottom = 60;
        int pw = w - left - right;
        int ph = h - top - bottom;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h, w, h));
        sb.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", w, h));
        sb.append(String.format("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Reconnect storm: %.0f pages back after a restart (%s)</text>%n",
                total, esc(timestamp)));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"40\" fill=\"#555\">SIGTERM to port open %.1f s (stop %.1f s, start %.1f s); back = joined and caught up with after=; missed: %s</text>%n",
                num(storm, "downSeconds"), num(storm, "stopSeconds"), num(storm, "startToPortSeconds"), f0(storm, "missed")));
        for (int i = 0; i <= 4; i++) {
            double v = total * i / 4;
            double y = top + ph - ph * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", left, y, left + pw, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", left - 6, y + 4, v));
        }
        int step = maxT > 40 ? 10 : maxT > 20 ? 5 : 2;
        for (int t = 0; t <= maxT; t += step) {
            double x = left + pw * t / maxT;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, top + ph + 16, t));
        }
        sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the port opened</text>%n", left + pw / 2, h - 16));
        sb.append(String.format("<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">pages back</text>%n", top + ph / 2, top + ph / 2));
        double goal = left + pw * 15 / maxT;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>%n", goal, top, goal, top + ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#c0392b\">goal: 15 s</text>%n", goal + 4, top + 12));
        sb.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, top + ph, left + pw, top + ph));
        sb.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, top, left, top + ph));
        StringBuilder points = new StringBuilder();
        for (Object o : curve) {
            List<Object> p = (List<Object>) o;
            double t = ((Number) p.get(0)).doubleValue();
            double n = ((Number) p.get(1)).doubleValue();
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + pw * t / maxT, top + ph - ph * n / total));
        }
        sb.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"#2a7ab0\" stroke-width=\"2\"/>%n", points.toString().strip()));
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
