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

    private static List<Object> targets(List<Map<String, Object>> systems) {
        List<Object> t = new ArrayList<>();
        Double product = get(systems, "product", "max", "sustainedDeliveriesPerSecond");
        Double baseline = get(systems, "baseline", "max", "sustainedDeliveriesPerSecond");
        Double relay = get(systems, "relay", "max", "sustainedDeliveriesPerSecond");
        Double pClosed = get(systems, "product", "max", "closedLoopDeliveriesPerSecond");
        Double bClosed = get(systems, "baseline", "max", "closedLoopDeliveriesPerSecond");
        Double rClosed = get(systems, "relay", "max", "closedLoopDeliveriesPerSecond");
        t.add(target("max fan-out throughput (sustained) vs plain Spring", ratio(product, baseline), ">=", 1.5));
        t.add(target("max fan-out throughput (closed loop) vs plain Spring", ratio(pClosed, bClosed), ">=", 1.5));
        t.add(target("p99 at 10,000 deliveries/s vs plain Spring",
                ratio(get(systems, "product", "fanout", "p99Ms"), get(systems, "baseline", "fanout", "p99Ms")), "<=", 0.5));
        t.add(target("max fan-out throughput (sustained) vs raw relay", ratio(product, relay), ">=", 0.5));
        t.add(target("max fan-out throughput (closed loop) vs raw relay", ratio(pClosed, rClosed), ">=", 0.5));
        t.add(target("RSS per idle STOMP connection (KiB), 10,000 sessions",
                get(systems, "product", "capacity", "rssKiBPerConnection"), "<=", 40.0));
        t.add(target("catch-up of 10,000 messages (s)", get(systems, "product", "catchup", "seconds"), "<", 1.0));
        return t;
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
        row(sb, "system", "deliv/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "reorder", "srv cpu", "gen cpu");
        for (Map<String, Object> s : systems) {
            Map<String, Object> f = scenario(s, "fanout");
            if (f != null) {
                row(sb, label(s), f0(f, "deliveriesPerSecond"), f2(f, "p50Ms"), f2(f, "p99Ms"), f2(f, "p999Ms"),
                        f2(f, "maxMs"), f0(f, "lost"), f0(f, "outOfOrder"), f2(f, "serverCpuCores"), f2(f, "generatorCpuCores"));
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

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
