import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.bot.Bot;
import io.breakoutbot.ops.bot.BotEvents;
import io.breakoutbot.ops.bot.BotSettings;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotStatus;
import io.breakoutbot.ops.bot.RestartResult;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * The Java half of {@code bench/botcheck}; run with the JDK's single-file source launcher against the built
 * classes and {@code support/BenchArgs} (the shared argument walk, which the script compiles). Modes:
 *
 * <ul>
 *   <li>{@code round}: one round in a fresh JVM against the running stand-in bot. Two {@link Bot}s built as the
 *       server builds them: "full" (pid file and health URL) and "process" (the pid file only, no HTTP). Their
 *       {@link Bot#check()} calls alternate, one of each in turn, so both see the same machine: first the cold
 *       calls (the first check, then {@code --cold} more, the code still interpreted), then {@code --warmup}
 *       unmeasured, then {@code --checks} measured, then {@code --spaced} calls {@code --spaced-ms} apart. Each
 *       call is timed with the calling thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}) and
 *       wall time; the process CPU over the measured loop is the cross-check (it adds JIT and GC). Every
 *       measured check must say UP (and HTTP 200 for the full one), or the round is invalid.</li>
 *   <li>{@code report}: reads every {@code round-*.result} and the script's {@code ref-*.result} (the shell
 *       status script's rounds) from {@code --dir} and prints the medians of the rounds, the ratios and the
 *       verdict. Target: the process part of our check, the check without its HTTP request, &lt;= 1 ms of CPU.</li>
 * </ul>
 *
 * <p>Exit codes: 0 target met, 1 target missed, 2 the run is invalid (wrong arguments, an exception, a check
 * that was not UP).
 */
public class BotCheckBench {

    static final double TARGET_CPU_MS = 1.0;
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int code;
        try {
            Options options = Options.parse(args);
            code = switch (options.mode) {
                case "round" -> round(options);
                case "report" -> report(options);
                default -> throw new IllegalArgumentException("mode must be round or report: " + options.mode);
            };
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    // ------------------------------------------------------------------ round

    /** The CPU and wall time of each call of one kind, nanoseconds. */
    static final class Calls {
        final String name;
        final Bot bot;
        final long[] cpu;
        final long[] wall;
        int n;
        int notUp;
        String lastReason = "";

        Calls(String name, Bot bot, int capacity) {
            this.name = name;
            this.bot = bot;
            this.cpu = new long[capacity];
            this.wall = new long[capacity];
        }

        void call(boolean needHttp) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            BotState state = bot.check();
            long w1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            cpu[n] = c1 - c0;
            wall[n] = w1 - w0;
            n++;
            if (state.status() != BotStatus.UP || (needHttp && state.httpCode() != 200)) {
                notUp++;
                lastReason = state.status() + ": " + state.reason();
            }
        }

        void reset() {
            n = 0;
            notUp = 0;
        }

        double cpuMeanMs() {
            return Arrays.stream(cpu, 0, n).sum() / 1e6 / n;
        }

        double wallMeanMs() {
            return Arrays.stream(wall, 0, n).sum() / 1e6 / n;
        }

        double[] cpuMs() {
            return Arrays.stream(cpu, 0, n).mapToDouble(v -> v / 1e6).toArray();
        }

        double[] wallMs() {
            return Arrays.stream(wall, 0, n).mapToDouble(v -> v / 1e6).toArray();
        }
    }

    static int round(Options o) throws Exception {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        Files.createDirectories(o.dir);
        // As the server builds it (BotConfiguration): the defaults of ops.bot.*, a pid file and a health URL, no
        // restart command (a check that stays UP never reaches it). Restarts would run on the calling thread.
        BotSettings defaults = BotSettings.off(o.dir.resolve("state"));
        SystemInfo system = new SystemInfo();
        Executor inline = Runnable::run;
        Audit audit = new Audit(LoggerFactory.getLogger("bench-audit"));
        Clock clock = Clock.systemUTC();
        Bot full = new Bot(defaults.with(o.pidFile, o.url, null), system, inline, audit, Quiet.EVENTS, clock);
        Bot process = new Bot(defaults.with(o.pidFile, null, null), system, inline, audit, Quiet.EVENTS, clock);
        int capacity = Math.max(Math.max(o.checks, o.warmup), Math.max(o.cold + 1, o.spaced));
        Calls f = new Calls("full", full, capacity);
        Calls p = new Calls("process", process, capacity);

        // Cold: the first call loads the classes (OSHI's process code, HttpURLConnection, JSON-P); the next ones
        // run interpreted, as the server's every-10-s timer does for its first hour or so.
        f.call(true);
        p.call(false);
        double firstFullMs = f.cpu[0] / 1e6;
        double firstProcessMs = p.cpu[0] / 1e6;
        f.reset();
        p.reset();
        for (int i = 0; i < o.cold; i++) {
            f.call(true);
            p.call(false);
        }
        double coldFull = median(f.cpuMs());
        double coldProcess = median(p.cpuMs());
        int coldNotUp = f.notUp + p.notUp;
        f.reset();
        p.reset();

        for (int i = 0; i < o.warmup; i++) {
            f.call(true);
            p.call(false);
        }
        int warmNotUp = f.notUp + p.notUp;
        f.reset();
        p.reset();

        Map<String, Long> threads0 = threadCpu(o.ticksPerSecond);
        long processCpu0 = processCpuNanos();
        long gc0 = gcCount();
        long t0 = System.nanoTime();
        for (int i = 0; i < o.checks; i++) {
            f.call(true);
            p.call(false);
        }
        long loopWall = System.nanoTime() - t0;
        long loopProcessCpu = processCpuNanos() - processCpu0;
        long gcs = gcCount() - gc0;
        String others = otherThreads(threads0, threadCpu(o.ticksPerSecond), o.checks);
        int measuredNotUp = f.notUp + p.notUp;
        String why = f.notUp > 0 ? f.lastReason : p.lastReason;
        double[] fullCpu = f.cpuMs();
        double[] fullWall = f.wallMs();
        double[] processCpu = p.cpuMs();
        double[] processWall = p.wallMs();
        double fullCpuMean = f.cpuMeanMs();
        double fullWallMean = f.wallMeanMs();
        double processCpuMean = p.cpuMeanMs();
        double processWallMean = p.wallMeanMs();
        f.reset();
        p.reset();

        // Spaced: caches and branch predictors go cold between two checks 10 s apart; shown, not judged.
        for (int i = 0; i < o.spaced; i++) {
            Thread.sleep(o.spacedMs);
            f.call(true);
            Thread.sleep(o.spacedMs);
            p.call(false);
        }
        double spacedFull = o.spaced == 0 ? Double.NaN : median(f.cpuMs());
        double spacedProcess = o.spaced == 0 ? Double.NaN : median(p.cpuMs());
        int spacedNotUp = f.notUp + p.notUp;
        if (f.notUp + p.notUp > 0) {
            why = f.notUp > 0 ? f.lastReason : p.lastReason;
        }

        BotState last = full.check();
        System.out.printf(
                Locale.ROOT,
                "  ours: %d checks of each, CPU ms per check mean (median, p99): full %.3f (%.3f, %.3f), process %.3f"
                        + " (%.3f, %.3f); wall ms mean: full %.3f, process %.3f%n",
                o.checks,
                fullCpuMean,
                median(fullCpu),
                percentile(fullCpu, 99),
                processCpuMean,
                median(processCpu),
                percentile(processCpu, 99),
                fullWallMean,
                processWallMean);
        System.out.printf(
                Locale.ROOT,
                "        process CPU over the loop %.3f ms per check pair (%d GCs); first check %.1f / %.1f ms, next %d"
                        + " median %.3f / %.3f ms, %d ms apart %.3f / %.3f ms (full / process)%n",
                loopProcessCpu / 1e6 / o.checks,
                gcs,
                firstFullMs,
                firstProcessMs,
                o.cold,
                coldFull,
                coldProcess,
                o.spacedMs,
                spacedFull,
                spacedProcess);
        System.out.println("        threads' CPU over the loop (/proc, 10 ms ticks), ms per check pair: " + others);
        int notUp = coldNotUp + warmNotUp + measuredNotUp + spacedNotUp;
        if (notUp > 0) {
            System.out.println("  INVALID ROUND: " + notUp + " check(s) not UP, the last: " + why);
        }
        Files.writeString(
                o.resultFile,
                String.format(
                        Locale.ROOT,
                        String.join(
                                "%n",
                                "checks=%d",
                                "full_cpu_mean_ms=%.5f",
                                "full_cpu_median_ms=%.5f",
                                "full_cpu_p99_ms=%.5f",
                                "full_wall_mean_ms=%.5f",
                                "full_wall_median_ms=%.5f",
                                "process_cpu_mean_ms=%.5f",
                                "process_cpu_median_ms=%.5f",
                                "process_cpu_p99_ms=%.5f",
                                "process_wall_mean_ms=%.5f",
                                "process_wall_median_ms=%.5f",
                                "loop_process_cpu_ms_per_pair=%.5f",
                                "loop_wall_s=%.3f",
                                "gcs=%d",
                                "first_full_cpu_ms=%.3f",
                                "first_process_cpu_ms=%.3f",
                                "cold_full_cpu_median_ms=%.5f",
                                "cold_process_cpu_median_ms=%.5f",
                                "spaced_full_cpu_median_ms=%.5f",
                                "spaced_process_cpu_median_ms=%.5f",
                                "not_up=%d",
                                "last_reason=%s",
                                ""),
                        o.checks,
                        fullCpuMean,
                        median(fullCpu),
                        percentile(fullCpu, 99),
                        fullWallMean,
                        median(fullWall),
                        processCpuMean,
                        median(processCpu),
                        percentile(processCpu, 99),
                        processWallMean,
                        median(processWall),
                        loopProcessCpu / 1e6 / o.checks,
                        loopWall / 1e9,
                        gcs,
                        firstFullMs,
                        firstProcessMs,
                        coldFull,
                        coldProcess,
                        spacedFull,
                        spacedProcess,
                        notUp,
                        last.reason().replace('\n', ' ')));
        return notUp > 0 ? 2 : 0;
    }

    /** The events of a check that stays UP: none. A DOWN shows in the round's not-UP count instead. */
    enum Quiet implements BotEvents {
        EVENTS;

        @Override
        public void restartDone(BotState state, RestartResult result) {}

        @Override
        public void restartFailed(BotState state, RestartResult result) {}

        @Override
        public void loopGuardTripped(BotState state) {}

        @Override
        public void down(BotState state) {}

        @Override
        public void recovered(BotState state) {}
    }

    // ------------------------------------------------------------------ report

    static int report(Options o) throws IOException {
        List<Properties> ours = load(o.dir, "round-*.result");
        List<Properties> refFull = load(o.dir, "ref-full-*.result");
        List<Properties> refProcess = load(o.dir, "ref-process-*.result");
        if (ours.isEmpty() || refFull.isEmpty() || refProcess.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "INVALID RUN: %d round(s) of ours, %d and %d of the reference%n",
                    ours.size(),
                    refFull.size(),
                    refProcess.size());
            return 2;
        }
        boolean valid = ours.stream().allMatch(p -> num(p, "not_up") == 0);

        double fullCpu = medianOf(ours, "full_cpu_mean_ms");
        double fullWall = medianOf(ours, "full_wall_mean_ms");
        double processCpu = medianOf(ours, "process_cpu_mean_ms");
        double processWall = medianOf(ours, "process_wall_mean_ms");
        double refFullCpu = medianOf(refFull, "cpu_ms_per_check");
        double refFullWall = medianOf(refFull, "wall_ms_per_check");
        double refProcessCpu = medianOf(refProcess, "cpu_ms_per_check");
        double refProcessWall = medianOf(refProcess, "wall_ms_per_check");
        double httpCpu = fullCpu - processCpu;

        System.out.printf(
                Locale.ROOT,
                "medians of %d rounds; ours: the calling thread's CPU per check; reference: user + sys of bash and its"
                        + " children per check%n%n",
                ours.size());
        String header = String.format(
                Locale.ROOT,
                "%-64s | %7s | %8s | %8s | %12s | %13s",
                "check",
                "checks",
                "CPU ms",
                "wall ms",
                "CPU ours/ref",
                "wall ours/ref");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        row(
                "ours, full: Bot.check(), pid file + OSHI + GET health URL",
                num(ours.get(0), "checks"),
                fullCpu,
                fullWall,
                ratio(fullCpu, refFullCpu),
                ratio(fullWall, refFullWall));
        row(
                "reference, full: pid=$(<pidfile); kill -0; curl -w %{http_code}",
                num(refFull.get(0), "checks"), refFullCpu, refFullWall, "", "");
        row(
                "ours, process only: Bot.check(), pid file + OSHI, no URL",
                num(ours.get(0), "checks"),
                processCpu,
                processWall,
                ratio(processCpu, refProcessCpu),
                ratio(processWall, refProcessWall));
        row(
                "reference, process only: pid=$(<pidfile); kill -0 (builtins)",
                num(refProcess.get(0), "checks"),
                refProcessCpu,
                refProcessWall,
                "",
                "");
        System.out.println("-".repeat(header.length()));
        System.out.println(
                "the process-only reference asks only whether the pid exists (two bash builtins, no fork);"
                        + " ours also reads the process's start time, state, CPU, memory, threads and open files (OSHI, /proc)");
        System.out.printf(
                Locale.ROOT, "ours, the HTTP request's client side (full - process): %.3f ms CPU per check%n", httpCpu);
        System.out.printf(
                Locale.ROOT,
                "ours, per-check median (p99) within a round, medians of rounds: full %.3f (%.3f) ms, process %.3f"
                        + " (%.3f) ms%n",
                medianOf(ours, "full_cpu_median_ms"),
                medianOf(ours, "full_cpu_p99_ms"),
                medianOf(ours, "process_cpu_median_ms"),
                medianOf(ours, "process_cpu_p99_ms"));
        System.out.printf(
                Locale.ROOT,
                "ours, cold JVM: first check %.1f / %.1f ms CPU, the next checks' median %.3f / %.3f ms (full /"
                        + " process, interpreted)%n",
                medianOf(ours, "first_full_cpu_ms"),
                medianOf(ours, "first_process_cpu_ms"),
                medianOf(ours, "cold_full_cpu_median_ms"),
                medianOf(ours, "cold_process_cpu_median_ms"));
        System.out.printf(
                Locale.ROOT,
                "ours, checks spaced apart after the warm-up: median %.3f / %.3f ms CPU (full / process)%n",
                medianOf(ours, "spaced_full_cpu_median_ms"),
                medianOf(ours, "spaced_process_cpu_median_ms"));
        System.out.printf(
                Locale.ROOT,
                "ours, whole-process CPU over the measured loop (JIT and GC too): %.3f ms per full + process pair%n",
                medianOf(ours, "loop_process_cpu_ms_per_pair"));
        System.out.printf(
                Locale.ROOT,
                "per round, ours full / process CPU ms: %s%n",
                String.join(
                        ", ",
                        ours.stream()
                                .map(p -> String.format(
                                        Locale.ROOT,
                                        "%.3f / %.3f",
                                        num(p, "full_cpu_mean_ms"),
                                        num(p, "process_cpu_mean_ms")))
                                .toList()));
        System.out.printf(
                Locale.ROOT,
                "per round, reference full / process CPU ms: %s%n",
                String.join(
                        ", ",
                        zip(refFull, refProcess).stream()
                                .map(pair -> String.format(
                                        Locale.ROOT,
                                        "%.3f / %.3f",
                                        num(pair[0], "cpu_ms_per_check"),
                                        num(pair[1], "cpu_ms_per_check")))
                                .toList()));
        System.out.println();

        boolean pass = valid && processCpu <= TARGET_CPU_MS;
        System.out.printf(
                Locale.ROOT,
                "ours besides the HTTP round trip (process only): %.3f ms CPU per check   target <= %.1f ms   %s%n",
                processCpu,
                TARGET_CPU_MS,
                pass ? "PASS" : "FAIL" + (valid ? "" : " (a check was not UP)"));
        System.out.printf(
                Locale.ROOT,
                "ours with the HTTP request's client side too (full):  %.3f ms CPU per check   (%s 1 ms as well)%n",
                fullCpu,
                fullCpu <= TARGET_CPU_MS ? "within" : "above");

        Files.writeString(
                o.dir.resolve("summary.result"),
                String.format(
                        Locale.ROOT,
                        "full_cpu_ms=%.3f%nfull_wall_ms=%.3f%nprocess_cpu_ms=%.3f%nprocess_wall_ms=%.3f%n"
                                + "ref_full_cpu_ms=%.3f%nref_full_wall_ms=%.3f%nref_process_cpu_ms=%.3f%n"
                                + "ref_process_wall_ms=%.3f%nfull_ratio=%.3f%nprocess_ratio=%.3f%nrounds=%d%nresult=%s%n",
                        fullCpu,
                        fullWall,
                        processCpu,
                        processWall,
                        refFullCpu,
                        refFullWall,
                        refProcessCpu,
                        refProcessWall,
                        refFullCpu > 0 ? fullCpu / refFullCpu : Double.NaN,
                        refProcessCpu > 0 ? processCpu / refProcessCpu : Double.NaN,
                        ours.size(),
                        pass ? "PASS" : "FAIL"));
        return !valid ? 2 : pass ? 0 : 1;
    }

    static void row(String name, double checks, double cpu, double wall, String cpuRatio, String wallRatio) {
        System.out.printf(
                Locale.ROOT,
                "%-64s | %7.0f | %8.3f | %8.3f | %12s | %13s%n",
                name,
                checks,
                cpu,
                wall,
                cpuRatio,
                wallRatio);
    }

    /** "n/a" when the reference measured no CPU at all: /usr/bin/time counts in 10 ms. */
    static String ratio(double ours, double reference) {
        return reference > 0 ? String.format(Locale.ROOT, "%.3fx", ours / reference) : "n/a";
    }

    static List<Properties[]> zip(List<Properties> a, List<Properties> b) {
        List<Properties[]> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            pairs.add(new Properties[] {a.get(i), b.get(i)});
        }
        return pairs;
    }

    // ------------------------------------------------------------------ helpers

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    /**
     * CPU time of every thread of this process by name and id, nanoseconds, from {@code /proc/self/task}: it holds
     * the JIT's and the GC's threads too, which {@link ThreadMXBean} does not list. In clock ticks (10 ms), so
     * only the sum over a whole loop means anything.
     */
    static Map<String, Long> threadCpu(long ticksPerSecond) throws IOException {
        Map<String, Long> cpu = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended since the listing
                }
                // pid (comm) state ppid ...: utime and stime are the 12th and 13th fields after the comm.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                cpu.put(
                        stat.substring(open + 1, close) + "#" + task.getFileName(),
                        ticks * 1_000_000_000L / ticksPerSecond);
            }
        }
        return cpu;
    }

    /** The threads other than this one that used CPU between two readings, busiest first. */
    static String otherThreads(Map<String, Long> before, Map<String, Long> after, int pairs) {
        // Summed by name: the GC's and the JIT's threads are numbered (C2 CompilerThre, GC Thread#0, ...).
        Map<String, Long> byName = new HashMap<>();
        after.forEach((name, ns) -> {
            long delta = ns - before.getOrDefault(name, 0L);
            if (delta > 0) {
                byName.merge(name.replaceAll("#\\d+$", "").replaceAll("\\d+$", ""), delta, Long::sum);
            }
        });
        List<Map.Entry<String, Long>> used = new ArrayList<>(byName.entrySet());
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return used.isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        used.stream()
                                .limit(5)
                                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() / 1e6 / pairs))
                                .toList());
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionCount()))
                .sum();
    }

    /** The result files matching the glob, in name order (round-1, round-2, ...: the script numbers them). */
    static List<Properties> load(Path dir, String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob)) {
            found.forEach(files::add);
        }
        files.sort(null);
        List<Properties> all = new ArrayList<>();
        for (Path file : files) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            all.add(p);
        }
        return all;
    }

    static double num(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("result file lacks " + key);
        }
        return Double.parseDouble(value);
    }

    static double medianOf(List<Properties> results, String key) {
        return median(results.stream().mapToDouble(p -> num(p, key)).toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest rank. */
    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /**
     * {@code round --dir D --pid-file F --url U --result-file R [--checks N] [--warmup N] [--cold N] [--spaced N]
     * [--spaced-ms MS]}, or {@code report --dir D}
     */
    static final class Options {
        String mode;
        Path dir;
        Path pidFile;
        URI url;
        Path resultFile;
        int checks = 2_000;
        int warmup = 2_000;
        int cold = 50;
        int spaced = 10;
        int spacedMs = 200;
        long ticksPerSecond = 100;

        static Options parse(String[] args) {
            Options o = new Options();
            BenchArgs a = new BenchArgs(args, "usage: BotCheckBench round|report --dir D [options]");
            o.mode = a.mode();
            while (a.next()) {
                switch (a.name()) {
                    case "--dir" -> o.dir = a.path();
                    case "--pid-file" -> o.pidFile = a.path().toAbsolutePath();
                    case "--url" -> o.url = BotSettings.healthUrl(a.value());
                    case "--result-file" -> o.resultFile = a.path();
                    case "--checks" -> o.checks = a.positiveInt();
                    case "--warmup" -> o.warmup = a.positiveInt();
                    case "--cold" -> o.cold = a.positiveInt();
                    case "--spaced" -> o.spaced = Integer.parseInt(a.value());
                    case "--spaced-ms" -> o.spacedMs = a.positiveInt();
                    case "--clock-ticks" -> o.ticksPerSecond = a.positiveLong();
                    default -> throw a.unknown();
                }
            }
            BenchArgs.require("--dir", o.dir);
            if (o.mode.equals("round")) {
                BenchArgs.require("--pid-file", o.pidFile);
                BenchArgs.require("--url", o.url);
                BenchArgs.require("--result-file", o.resultFile);
            }
            if (o.spaced < 0) {
                throw new IllegalArgumentException("--spaced must be >= 0");
            }
            return o;
        }
    }
}
