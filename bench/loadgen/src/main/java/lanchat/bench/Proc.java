package lanchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time and memory of a process, from /proc (and the heap of a JVM, from jcmd). */
final class Proc {
    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private Proc() {
    }

    /** utime + stime of the process and all its threads, in seconds. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * utime + stime in seconds of each of the process's threads now, by thread id, with the thread's name
     * (its {@code comm}, digits dropped so that a pool is one group) before a tab.
     */
    static Map<Long, String> threadCpu(long pid) {
        Map<Long, String> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    threads.put(Long.parseLong(task.getFileName().toString()), name + "\t" + seconds);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return threads;
    }

    /**
     * The cores each group of threads (by name, see {@link #threadCpu}) used between two
     * {@link #threadCpu} readings {@code seconds} apart, largest first; threads that started
     * meanwhile count from zero.
     */
    static Map<String, Double> threadCores(Map<Long, String> before, Map<Long, String> after, double seconds) {
        Map<String, Double> groups = new HashMap<>();
        after.forEach((id, now) -> {
            String[] a = now.split("\t");
            String then = before.get(id);
            double used = Double.parseDouble(a[1]) - (then == null ? 0 : Double.parseDouble(then.split("\t")[1]));
            groups.merge(a[0], used / seconds, Double::sum);
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static double selfCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /** The 1-minute load average of the machine (runnable threads, all processes). */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident set size in KiB (VmRSS). */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }

    /** Runs a full GC in the target JVM and returns the heap in use after it, in KiB; -1 if not a JVM. */
    static long heapUsedAfterGcKiB(long pid) {
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher m = HEAP_USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The target JVM's heap by class (live objects only), or null if it is not a JVM. */
    static String classHistogram(long pid) {
        return jcmd(pid, "GC.class_histogram");
    }

    /** The target JVM's memory by area, or null unless it runs with -XX:NativeMemoryTracking. */
    static String nativeMemory(long pid) {
        return jcmd(pid, "VM.native_memory summary");
    }

    /** JFR settings with nothing but per-thread allocation totals and sampled allocation sites. */
    private static final String ALLOCATION_JFC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="allocation" description="lanchat bench: what is allocated">
              <event name="jdk.ThreadAllocationStatistics">
                <setting name="enabled">true</setting>
                <setting name="period">everyChunk</setting>
              </event>
              <event name="jdk.ObjectAllocationSample">
                <setting name="enabled">true</setting>
                <setting name="throttle">300/s</setting>
                <setting name="stackTrace">true</setting>
              </event>
            </configuration>
            """;

    /**
     * What the target JVM's threads allocate over {@code seconds}: a JFR recording of their allocation
     * totals (exact, per thread) and of sampled allocation sites (weighted estimates), taken with jcmd and
     * read back with {@code jfr print --json}. JFR's own threads and jcmd's attach thread are left out.
     * Null if the target is not a JVM or the tools are missing.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> allocation(long pid, int seconds, Path dir) throws InterruptedException {
        try {
            Path jfc = dir.resolve("allocation.jfc");
            Files.writeString(jfc, ALLOCATION_JFC);
            Path file = dir.resolve("allocation-" + pid + "-" + System.nanoTime() + ".jfr");
            String name = "bench" + System.nanoTime();
            if (jcmd(pid, "JFR.start name=" + name + " settings=" + jfc) == null) {
                return null;
            }
            Thread.sleep(seconds * 1000L);
            if (jcmd(pid, "JFR.stop name=" + name + " filename=" + file) == null) {
                return null;
            }
            Process p = new ProcessBuilder("jfr", "print", "--json", "--events",
                    "jdk.ThreadAllocationStatistics,jdk.ObjectAllocationSample", file.toString()).start();
            String json = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            Map<String, Object> doc = (Map<String, Object>) Json.parse(json);
            List<Object> events = (List<Object>) ((Map<String, Object>) doc.get("recording")).get("events");
            Map<Long, long[]> perThread = new HashMap<>(); // first, last
            Map<Long, String> names = new HashMap<>();
            Map<String, Double> sites = new HashMap<>();
            double sampled = 0;
            for (Object o : events) {
                Map<String, Object> e = (Map<String, Object>) o;
                Map<String, Object> v = (Map<String, Object>) e.get("values");
                if ("jdk.ThreadAllocationStatistics".equals(e.get("type"))) {
                    Map<String, Object> t = (Map<String, Object>) v.get("thread");
                    if (t == null || t.get("javaThreadId") == null) {
                        continue;
                    }
                    long id = ((Number) t.get("javaThreadId")).longValue();
                    long allocated = ((Number) v.get("allocated")).longValue();
                    names.put(id, String.valueOf(t.get("javaName")));
                    perThread.merge(id, new long[] {allocated, allocated},
                            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                } else {
                    Map<String, Object> t = (Map<String, Object>) v.get("eventThread");
                    String thread = t == null ? "?" : threadGroup(String.valueOf(t.get("javaName")));
                    if (excluded(thread)) {
                        continue;
                    }
                    double weight = ((Number) v.get("weight")).doubleValue();
                    sampled += weight;
                    sites.merge(thread + " | " + site(v), weight, Double::sum);
                }
            }
            long total = 0;
            Map<String, Long> byThread = new HashMap<>();
            for (Map.Entry<Long, long[]> t : perThread.entrySet()) {
                String group = threadGroup(names.get(t.getKey()));
                if (!excluded(group)) {
                    long delta = t.getValue()[1] - t.getValue()[0];
                    total += delta;
                    byThread.merge(group, delta, Long::sum);
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", seconds);
            m.put("allocatedBytes", total);
            m.put("allocatedBytesPerSecond", total / (double) seconds);
            m.put("byThread", top(byThread.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> (double) e.getValue())), 10, 1.0));
            m.put("topSites", top(sites, 12, sampled == 0 ? 1 : sampled));
            return m;
        } catch (IOException | RuntimeException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", e.toString());
            return m;
        }
    }

    private static boolean excluded(String threadGroup) {
        return threadGroup.startsWith("JFR ") || threadGroup.equals("Attach Listener");
    }

    /** A thread's name with its numbers folded, so pools add up ("http-nio-N-exec-N"). */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }

    @SuppressWarnings("unchecked")
    private static String site(Map<String, Object> v) {
        Map<String, Object> type = (Map<String, Object>) v.get("objectClass");
        StringBuilder sb = new StringBuilder(type == null ? "?" : String.valueOf(type.get("name")));
        Map<String, Object> trace = (Map<String, Object>) v.get("stackTrace");
        List<Object> frames = trace == null ? List.of() : (List<Object>) trace.get("frames");
        int shown = 0;
        for (Object f : frames) {
            Map<String, Object> method = (Map<String, Object>) ((Map<String, Object>) f).get("method");
            String owner = String.valueOf(((Map<String, Object>) method.get("type")).get("name"));
            sb.append(shown == 0 ? " at " : " < ").append(owner.substring(owner.lastIndexOf('.') + 1)).append('.')
                    .append(method.get("name"));
            if (++shown == 4) {
                break;
            }
        }
        return sb.toString();
    }

    private static List<Object> top(Map<String, Double> weights, int n, double total) {
        List<Object> out = new ArrayList<>();
        weights.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(n).forEach(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("what", e.getKey());
            row.put("bytes", e.getValue());
            if (total != 1.0) {
                row.put("share", e.getValue() / total);
            }
            out.add(row);
        });
        return out;
    }

    /** Waits until the process uses less than {@code cores} for a second, at most {@code seconds}. */
    static double waitQuiet(long pid, double cores, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        double used = Double.NaN;
        while (System.nanoTime() < deadline) {
            double a = cpuSeconds(pid);
            Thread.sleep(1000);
            used = cpuSeconds(pid) - a;
            if (!(used >= cores)) {
                break;
            }
        }
        return used;
    }

    private static String jcmd(long pid, String command) {
        try {
            List<String> args = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
            args.addAll(List.of(command.split(" ")));
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * CPU used by the server and by this generator between two samples, in cores; and by other processes of
     * the system under test (a second node, the broker), in the order they were given.
     */
    record Sample(long nanos, double server, double generator, double[] others) {
        static Sample take(long serverPid, long... otherPids) {
            double[] others = new double[otherPids.length];
            for (int i = 0; i < otherPids.length; i++) {
                others[i] = cpuSeconds(otherPids[i]);
            }
            return new Sample(System.nanoTime(), cpuSeconds(serverPid), selfCpuSeconds(), others);
        }

        double otherCores(Sample later, int i) {
            return (later.others[i] - others[i]) / ((later.nanos - nanos) / 1e9);
        }

        double serverCores(Sample later) {
            return (later.server - server) / ((later.nanos - nanos) / 1e9);
        }

        double generatorCores(Sample later) {
            return (later.generator - generator) / ((later.nanos - nanos) / 1e9);
        }
    }
}
