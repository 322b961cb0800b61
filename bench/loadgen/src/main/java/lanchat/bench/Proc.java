package lanchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
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
