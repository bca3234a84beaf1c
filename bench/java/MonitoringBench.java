import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.monitoring.DiskUsage;
import io.breakoutbot.ops.monitoring.Sample;
import io.breakoutbot.ops.monitoring.SampleHistory;
import io.breakoutbot.ops.monitoring.Sampler;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.software.os.FileSystem;

/**
 * The Java half of {@code bench/monitoring}; run with the JDK's single-file source launcher against the built
 * classes and {@code support/BenchArgs} (the shared argument walk, which the script compiles). Modes:
 *
 * <ul>
 *   <li>{@code cost}: wall time of one full {@link Sampler#sample()} after warm-up, interleaved with OSHI's own
 *       walk over every file store ({@code getFileStores()}) as the reference, plus samples spaced beyond
 *       OSHI's 300 ms memo, which is what a 5 s timer pays (shown, not judged). Target: median back-to-back
 *       sample &lt;= 1 ms.</li>
 *   <li>{@code overhead}: a {@link Sampler} on a single-thread scheduler every 5 s for N minutes, as the
 *       timer will run it (each sample also goes into a {@link SampleHistory}); measures the scheduler
 *       thread's CPU time and the process's CPU time over the window.</li>
 *   <li>{@code idle}: the same JVM set-up (classes loaded, sampler built, one sample), then nothing for the
 *       same N minutes: the baseline, run by the script at the same time as {@code overhead}.</li>
 *   <li>{@code report}: reads the two result files and prints the overhead table. Target: sampler thread
 *       CPU / wall time &lt;= 0.1 % of one core.</li>
 * </ul>
 *
 * <p>Exit codes: 0 target met, 1 target missed, 2 the run is invalid (wrong arguments, an exception,
 * missing samples).
 */
public class MonitoringBench {

    static final double TARGET_MEDIAN_MS = 1.0;
    static final double TARGET_OVERHEAD_PERCENT = 0.1;
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int code;
        try {
            // No configuration file on the bench classpath: logback would print OSHI's and the sampler's DEBUG lines.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(Level.INFO);
            Options options = Options.parse(args);
            code = switch (options.mode) {
                case "cost" -> cost(options);
                case "overhead" -> overhead(options, true);
                case "idle" -> overhead(options, false);
                case "report" -> report(options);
                default ->
                    throw new IllegalArgumentException("mode must be cost, overhead, idle or report: " + options.mode);
            };
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    // ------------------------------------------------------------------ cost

    static int cost(Options o) throws Exception {
        List<Path> watched = watched(o.dir);
        long t0 = System.nanoTime();
        Sampler sampler = new Sampler(watched, Clock.systemUTC());
        long built = System.nanoTime();
        Sample first = sampler.sample();
        long firstDone = System.nanoTime();
        FileSystem oshiFs = new SystemInfo().getOperatingSystem().getFileSystem();
        int stores = oshiFs.getFileStores().size();

        System.out.printf(
                Locale.ROOT,
                "Cost of one Sampler.sample(): %,d warm-up + %,d measured, interleaved with OSHI's file-store walk%n",
                o.warmup,
                o.samples);
        System.out.println("  watched: " + watched + " -> " + first.disks().size() + " disk(s): "
                + first.disks().stream().map(DiskUsage::path).toList());
        System.out.printf(
                Locale.ROOT,
                "  reference: SystemInfo.getOperatingSystem().getFileSystem().getFileStores(), %d file stores here%n",
                stores);
        System.out.printf(
                Locale.ROOT,
                "  one-time: new Sampler(...) %.1f ms (OSHI discovery), first sample() %.2f ms%n",
                (built - t0) / 1e6,
                (firstDone - built) / 1e6);

        for (int i = 0; i < o.warmup; i++) {
            sampler.sample();
            oshiFs.getFileStores();
        }
        double[] ours = new double[o.samples];
        double[] oshi = new double[o.samples];
        for (int i = 0; i < o.samples; i++) {
            long a = System.nanoTime();
            sampler.sample();
            long b = System.nanoTime();
            oshiFs.getFileStores();
            long c = System.nanoTime();
            ours[i] = (b - a) / 1e6;
            oshi[i] = (c - b) / 1e6;
        }
        // Back to back, most samples find OSHI's CPU ticks and memory memoized (300 ms). A 5 s timer never
        // does, so time samples spaced beyond the memo too: the figure the timer pays.
        double[] spaced = new double[o.spaced];
        for (int i = 0; i < o.spaced; i++) {
            Thread.sleep(350);
            long a = System.nanoTime();
            sampler.sample();
            spaced[i] = (System.nanoTime() - a) / 1e6;
        }

        double oursMedian = median(ours);
        double spacedMedian = median(spaced);
        // The target is on the warmed-up, back-to-back figure; what the 5 s timer really costs is judged by
        // the overhead target, so the spaced median is shown, not judged.
        boolean pass = oursMedian <= TARGET_MEDIAN_MS;
        System.out.println();
        String header = String.format(
                Locale.ROOT,
                "%-58s | %6s | %9s | %9s | %9s | %14s",
                "call",
                "n",
                "median ms",
                "p99 ms",
                "max ms",
                "OSHI walk / it");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        row("Sampler.sample(), back to back (OSHI memo mostly warm)", ours, median(oshi) / oursMedian);
        row("Sampler.sample(), 350 ms apart (memo expired, as at 5 s)", spaced, median(oshi) / spacedMedian);
        row("OSHI getFileStores() (reference)", oshi, 1.0);
        System.out.println("-".repeat(header.length()));
        System.out.printf(
                Locale.ROOT,
                "median Sampler.sample() back to back: %.3f ms   target <= %.1f ms   %s%n",
                oursMedian,
                TARGET_MEDIAN_MS,
                pass ? "PASS" : "FAIL");
        System.out.printf(
                Locale.ROOT,
                "(spaced median %.3f ms: not judged here; the overhead part measures the 5 s timer's real cost)%n",
                spacedMedian);

        if (o.resultFile != null) {
            Files.writeString(
                    o.resultFile,
                    String.format(
                            Locale.ROOT,
                            "median_ms=%.4f%np99_ms=%.4f%nspaced_median_ms=%.4f%nspaced_p99_ms=%.4f%noshi_median_ms=%.4f%noshi_p99_ms=%.4f%nratio=%.1f%nresult=%s%n",
                            oursMedian,
                            percentile(ours, 99),
                            spacedMedian,
                            percentile(spaced, 99),
                            median(oshi),
                            percentile(oshi, 99),
                            median(oshi) / oursMedian,
                            pass ? "PASS" : "FAIL"));
        }
        return pass ? 0 : 1;
    }

    static void row(String name, double[] ms, double ratio) {
        System.out.printf(
                Locale.ROOT,
                "%-58s | %6d | %9.3f | %9.3f | %9.3f | %13.1fx%n",
                name,
                ms.length,
                median(ms),
                percentile(ms, 99),
                Arrays.stream(ms).max().orElse(Double.NaN),
                ratio);
    }

    // ------------------------------------------------------------------ overhead and idle

    /**
     * Both JVMs do the same set-up, so the baseline has the same classes, heap and threads; only one of them
     * then samples every 5 s. The window starts after the set-up: building the sampler is a one-time cost,
     * reported on its own.
     */
    static int overhead(Options o, boolean sampling) throws Exception {
        long setupCpu0 = THREADS.getCurrentThreadCpuTime();
        Sampler sampler = new Sampler(watched(o.dir), Clock.systemUTC());
        sampler.sample();
        long setupCpu = THREADS.getCurrentThreadCpuTime() - setupCpu0;
        SampleHistory history = SampleHistory.covering(Duration.ofHours(1), INTERVAL);

        Duration window = Duration.ofSeconds(o.seconds);
        List<Long> perSample = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampler");
            t.setDaemon(true);
            return t;
        });
        // The timer thread's whole CPU time (samples, scheduling, its start) up to the end of its last sample,
        // read on that thread: a dead thread has no CPU time to ask for.
        AtomicLong samplerThreadCpu = new AtomicLong();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        if (sampling) {
            timer.scheduleAtFixedRate(
                    () -> {
                        long a = THREADS.getCurrentThreadCpuTime();
                        history.add(sampler.sample());
                        long b = THREADS.getCurrentThreadCpuTime();
                        perSample.add(b - a);
                        samplerThreadCpu.set(b);
                    },
                    0,
                    INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        long end = t0 + window.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
        long wall = System.nanoTime() - t0;
        long processCpu = processCpuNanos() - cpu0;
        timer.shutdown(); // cancels the periodic task; a sample already running finishes
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the sampler did not stop within 10 s");
        }

        long[] costs = perSample.stream().mapToLong(Long::longValue).toArray();
        int samples = costs.length;
        System.out.printf(
                Locale.ROOT,
                "  %-8s %.0f s window, %d samples, sampler thread CPU %.1f ms, process CPU %.1f ms (set-up %.0f ms CPU, not counted)%n",
                sampling ? "sampling" : "idle",
                wall / 1e9,
                samples,
                samplerThreadCpu.get() / 1e6,
                processCpu / 1e6,
                setupCpu / 1e6);
        Files.writeString(
                o.resultFile,
                String.format(
                        Locale.ROOT,
                        "wall_ns=%d%nsamples=%d%nsampler_thread_cpu_ns=%d%nprocess_cpu_ns=%d%nsetup_cpu_ns=%d%nper_sample_median_ns=%.0f%nper_sample_max_ns=%d%nhistory_size=%d%n",
                        wall,
                        samples,
                        samplerThreadCpu.get(),
                        processCpu,
                        setupCpu,
                        samples == 0
                                ? 0
                                : median(Arrays.stream(costs).asDoubleStream().toArray()),
                        Arrays.stream(costs).max().orElse(0),
                        history.size()));
        long expected = window.toNanos() / INTERVAL.toNanos();
        return sampling && samples < expected ? 2 : 0;
    }

    static int report(Options o) throws IOException {
        Properties run = load(o.resultFile);
        Properties idle = load(o.baselineFile);
        double wall = num(run, "wall_ns");
        double idleWall = num(idle, "wall_ns");
        double samples = num(run, "samples");
        double thread = num(run, "sampler_thread_cpu_ns");
        double process = num(run, "process_cpu_ns");
        double idleProcess = num(idle, "process_cpu_ns");
        double perSample = num(run, "per_sample_median_ns");

        double overhead = 100 * thread / wall;
        // Normalised to the same wall time, in case the two windows differ by a few milliseconds.
        double processDelta = 100 * (process / wall - idleProcess / idleWall);
        double estimate = 100 * perSample / INTERVAL.toNanos();
        boolean valid = samples >= Math.floor(wall / INTERVAL.toNanos());
        boolean pass = valid && overhead <= TARGET_OVERHEAD_PERCENT;

        System.out.println();
        String header = String.format(
                Locale.ROOT,
                "%-40s | %8s | %7s | %16s | %14s",
                "JVM",
                "wall s",
                "samples",
                "sampler thread ms",
                "process CPU ms");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        System.out.printf(
                Locale.ROOT,
                "%-40s | %8.1f | %7.0f | %16.1f | %14.1f%n",
                "sampling every 5 s",
                wall / 1e9,
                samples,
                thread / 1e6,
                process / 1e6);
        System.out.printf(
                Locale.ROOT,
                "%-40s | %8.1f | %7s | %16s | %14.1f%n",
                "idle baseline (same set-up, no timer)",
                idleWall / 1e9,
                "-",
                "-",
                idleProcess / 1e6);
        System.out.println("-".repeat(header.length()));
        System.out.printf(
                Locale.ROOT,
                "overhead = sampler thread CPU / wall:           %.4f %% of one core   target <= %.1f %%   %s%n",
                overhead,
                TARGET_OVERHEAD_PERCENT,
                pass ? "PASS" : "FAIL" + (valid ? "" : " (samples missing)"));
        System.out.printf(
                Locale.ROOT,
                "cross-check (process CPU - idle) / wall:         %.4f %% of one core (includes JIT and GC noise of two JVMs)%n",
                processDelta);
        System.out.printf(
                Locale.ROOT,
                "estimate: median CPU per sample %.3f ms x 0.2/s: %.4f %% of one core (max per sample %.3f ms)%n",
                perSample / 1e6,
                estimate,
                num(run, "per_sample_max_ns") / 1e6);
        System.out.printf(
                Locale.ROOT,
                "one-time set-up (new Sampler + first sample): %.0f ms CPU, outside the window%n",
                num(run, "setup_cpu_ns") / 1e6);

        Files.writeString(
                o.dir.resolve("overhead.result"),
                String.format(
                        Locale.ROOT,
                        "overhead_percent=%.4f%nprocess_delta_percent=%.4f%nestimate_percent=%.4f%nsamples=%.0f%nwall_s=%.1f%nresult=%s%n",
                        overhead,
                        processDelta,
                        estimate,
                        samples,
                        wall / 1e9,
                        pass ? "PASS" : "FAIL"));
        return !valid ? 2 : pass ? 0 : 1;
    }

    // ------------------------------------------------------------------ helpers

    /** What the service will watch: $OPS_HOME, its logs and backups, and the temporary directory. */
    static List<Path> watched(Path dir) throws IOException {
        Path home = dir.resolve("home").toAbsolutePath();
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("backups"));
        return List.of(
                home, home.resolve("logs"), home.resolve("backups"), Path.of(System.getProperty("java.io.tmpdir")));
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    static double num(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("result file lacks " + key);
        }
        return Double.parseDouble(value);
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

    /** {@code <mode> --dir D [--warmup N] [--samples N] [--spaced N] [--seconds S] [--result-file F] [--baseline-file F]} */
    static final class Options {
        String mode;
        Path dir;
        int warmup = 200;
        int samples = 5_000;
        int spaced = 40;
        long seconds = 600;
        Path resultFile;
        Path baselineFile;

        static Options parse(String[] args) {
            Options o = new Options();
            BenchArgs a = new BenchArgs(args, "usage: MonitoringBench cost|overhead|idle|report --dir D [options]");
            o.mode = a.mode();
            while (a.next()) {
                switch (a.name()) {
                    case "--dir" -> o.dir = a.path();
                    case "--warmup" -> o.warmup = a.positiveInt();
                    case "--samples" -> o.samples = a.positiveInt();
                    case "--spaced" -> o.spaced = a.positiveInt();
                    case "--seconds" -> o.seconds = a.positiveLong();
                    case "--result-file" -> o.resultFile = a.path();
                    case "--baseline-file" -> o.baselineFile = a.path();
                    default -> throw a.unknown();
                }
            }
            BenchArgs.require("--dir", o.dir);
            if (!o.mode.equals("cost") && o.resultFile == null) {
                throw new IllegalArgumentException("--result-file is required for " + o.mode);
            }
            if (o.mode.equals("report") && o.baselineFile == null) {
                throw new IllegalArgumentException("--baseline-file is required for report");
            }
            return o;
        }
    }
}
