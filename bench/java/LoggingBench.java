import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.breakoutbot.ops.logs.LogPipeline;
import io.breakoutbot.ops.logs.LogQueue;
import io.breakoutbot.ops.logs.LogSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The Java half of {@code bench/logging}; run with the JDK's single-file source launcher against the built
 * classes and {@code support/BenchArgs} (the shared argument walk, which the script compiles). Two modes:
 *
 * <ul>
 *   <li>{@code throughput}: our segmented JSON set-up ({@link LogPipeline}) against two logback references:
 *       a single plain {@link FileAppender}, and logback's own best set-up for our job (an
 *       {@link AsyncAppender} in front of a gzipping {@link RollingFileAppender} with {@link JsonEncoder}).
 *       The three alternate, each run in a fresh directory and a fresh {@link LoggerContext}; prints the
 *       table and the ratios of medians, and exits 1 when a ratio misses its target.</li>
 *   <li>{@code lossless}: writes numbered lines across many rotations and stops. It deliberately does not
 *       check its own output: the script does that with zcat, grep, sort and gzip, so the proof does not
 *       rely on the code under test reading back what it wrote.</li>
 *   <li>{@code lossless-async}: the same lines through the logback reference, checked the same way.</li>
 * </ul>
 *
 * <p>Exit codes: 0 target met, 1 target missed, 2 the run is invalid (events missing from the files,
 * wrong arguments, an exception).
 */
public class LoggingBench {

    static final String PLAIN_PATTERN = "%d{ISO8601} %-5level [%thread] %logger - %msg%n";
    static final String MESSAGE = "order {} filled at {}";
    static final double TARGET_RATIO = 0.7;
    static final double TARGET_RATIO_ASYNC = 1.0;

    /**
     * The logback reference's queue: as many places as ours, so neither side buffers more. Discarding
     * threshold 0 and neverBlock=false keep it from dropping anything (a full queue makes the logging thread
     * wait, as ours does), and the flush time on stop is ours too, so it writes out all it holds.
     */
    static final int ASYNC_QUEUE_SIZE = 8192;

    static final int MAX_FLUSH_MILLIS = 30_000;

    /** One logger per routed component, so api.log, metrics.log and general.log all get a third of the events. */
    static final String[] LOGGER_NAMES = {
        "io.breakoutbot.ops.api.OrderResource",
        "io.breakoutbot.ops.monitoring.Sampler",
        "io.breakoutbot.ops.lifecycle.Sweep",
    };

    /** Boxed once, so both set-ups pay the same (small) cost per event for the price argument. */
    static final Double[] PRICES = new Double[1024];

    static {
        for (int i = 0; i < PRICES.length; i++) {
            PRICES[i] = 100.0 + i * 0.25;
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            Options options = Options.parse(args);
            code = switch (options.mode) {
                case "throughput" -> throughput(options);
                case "lossless" -> lossless(options, false);
                case "lossless-async" -> lossless(options, true);
                default ->
                    throw new IllegalArgumentException(
                            "mode must be throughput, lossless or lossless-async: " + options.mode);
            };
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        // Logback's housekeeping threads are daemons, but exit explicitly so the script gets our code.
        System.exit(code);
    }

    // ------------------------------------------------------------------ throughput

    static int throughput(Options o) throws Exception {
        long events = (long) o.threads * o.perThread;
        System.out.printf(
                Locale.ROOT,
                "Throughput: %d threads x %,d events = %,d events per run, %d run(s) per set-up, alternating%n",
                o.threads,
                o.perThread,
                events,
                o.runs);
        System.out.printf(
                Locale.ROOT,
                "  workload: log.<level>(\"%s\", orderId, price); loggers rotate over api / monitoring / retention;%n",
                MESSAGE);
        System.out.println(
                "            every 100th event is ERROR (errors.log), every 100th+50 WARN, the rest INFO; level INFO");
        System.out.println("  reference: one logback FileAppender, PatternLayoutEncoder \""
                + PLAIN_PATTERN.replace("%n", "\\n") + "\", immediateFlush=true, synchronous, no rotation");
        System.out.printf(
                Locale.ROOT,
                "  async reference: logback AsyncAppender queueSize=%d discardingThreshold=0 neverBlock=false"
                        + " maxFlushTime=%d%n",
                ASYNC_QUEUE_SIZE,
                MAX_FLUSH_MILLIS);
        System.out.printf(
                Locale.ROOT,
                "             -> RollingFileAppender json.log immediateFlush=false, SizeAndTimeBasedRollingPolicy"
                        + " maxFileSize=%s json.log.%%d.%%i.gz (gzip in the background), maxHistory=0 (keep all)%n",
                bytes(o.maxFileSize));
        System.out.println(
                "             -> JsonEncoder withFormattedMessage=true, withMessage/withArguments/withSequenceNumber/"
                        + "withNanoseconds/withContext=false (our fields: timestamp, level, thread, logger, mdc, message)");
        System.out.printf(
                Locale.ROOT,
                "  segmented: LogPipeline maxFileSize=%s backups=1000 compress=true queueSize=8192 discardWhenBusy=false%n",
                bytes(o.maxFileSize));
        System.out.println(
                "             (discarding off: no event may be dropped, a full queue makes the logging thread wait)");
        System.out.println(
                "  timed: from building the set-up until stop() returns (queue drained, gzips finished, files closed);");
        System.out.println("         every run then counts the lines on disk (gz included) and must find every event");

        // The first runs pay for class loading and JIT compilation; a short unmeasured round keeps that
        // out of the first measured pair, which would otherwise be an outlier for whichever set-up went first.
        int warmPerThread = Math.max(1_000, o.perThread / 10);
        System.out.printf(
                Locale.ROOT,
                "  warm-up: one run of each set-up with %,d events per thread, not counted%n%n",
                warmPerThread);
        long warmEvents = (long) o.threads * warmPerThread;
        boolean valid = runPlain(o.dir.resolve("warmup-plain"), o.threads, warmPerThread)
                        .check(warmEvents)
                & runAsync(o.dir.resolve("warmup-async"), o.threads, warmPerThread, o.maxFileSize)
                        .check(warmEvents)
                & runSegmented(o.dir.resolve("warmup-segmented"), o.threads, warmPerThread, o.maxFileSize)
                        .check(warmEvents);

        List<Run> plain = new ArrayList<>();
        List<Run> async = new ArrayList<>();
        List<Run> segmented = new ArrayList<>();
        for (int r = 1; r <= o.runs; r++) {
            Run p = runPlain(o.dir.resolve("run" + r + "-plain"), o.threads, o.perThread);
            Run a = runAsync(o.dir.resolve("run" + r + "-async"), o.threads, o.perThread, o.maxFileSize);
            Run s = runSegmented(o.dir.resolve("run" + r + "-segmented"), o.threads, o.perThread, o.maxFileSize);
            plain.add(p);
            async.add(a);
            segmented.add(s);
            System.out.printf(
                    Locale.ROOT,
                    "  run %d/%d  plain %s | async %s | segmented %s%n",
                    r,
                    o.runs,
                    p.summary(),
                    a.summary(),
                    s.summary());
            valid &= p.check(events) & a.check(events) & s.check(events);
        }

        double plainMedian =
                median(plain.stream().mapToDouble(Run::eventsPerSecond).toArray());
        double asyncMedian =
                median(async.stream().mapToDouble(Run::eventsPerSecond).toArray());
        double segMedian =
                median(segmented.stream().mapToDouble(Run::eventsPerSecond).toArray());
        double ratio = segMedian / plainMedian;
        double ratioAsync = segMedian / asyncMedian;
        boolean pass = valid && ratio >= TARGET_RATIO;
        boolean passAsync = valid && ratioAsync >= TARGET_RATIO_ASYNC;

        System.out.println();
        String header = String.format(
                Locale.ROOT,
                "%-34s | %15s | %13s | %13s | %11s | %9s | %10s",
                "set-up",
                "median events/s",
                "min events/s",
                "max events/s",
                "median MB/s",
                "rotations",
                "lost (sum)");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        row("plain FileAppender (reference)", plain, events);
        row("async rolling JSON (logback ref.)", async, events);
        row("segmented JSON (LogPipeline)", segmented, events);
        System.out.println("-".repeat(header.length()));
        System.out.printf(
                Locale.ROOT,
                "ratio segmented/plain (medians of events/s): %.3f   target >= %.2f   %s%n",
                ratio,
                TARGET_RATIO,
                pass ? "PASS" : "FAIL" + (valid ? "" : " (events missing on disk, see above)"));
        System.out.printf(
                Locale.ROOT,
                "ratio segmented/async (medians of events/s): %.3f   target >= %.2f   %s%n",
                ratioAsync,
                TARGET_RATIO_ASYNC,
                passAsync ? "PASS" : "FAIL" + (valid ? "" : " (events missing on disk, see above)"));
        System.out.println(
                "(MB/s = 10^6 bytes of log text per second, uncompressed; a JSON line is longer than a pattern line;"
                        + " lost = events logged minus lines found on disk, gz included, over all measured runs)");

        System.out.println();
        System.out.println("Where the time goes (medians over the measured runs):");
        System.out.printf(
                Locale.ROOT,
                "  wall after the last log call returned (drain + gzip tail + close): segmented %.2f s, async %.2f s%n",
                median(segmented, r -> r.tailNanos / 1e9),
                median(async, r -> r.tailNanos / 1e9));
        System.out.printf(
                Locale.ROOT,
                "  writer thread CPU: segmented %.2f s = %.0f%% of wall, async %.2f s = %.0f%% of wall%n",
                median(segmented, r -> r.writerCpuNanos / 1e9),
                100 * median(segmented, r -> r.writerCpuNanos / (double) r.nanos),
                median(async, r -> r.writerCpuNanos / 1e9),
                100 * median(async, r -> r.writerCpuNanos / (double) r.nanos));
        System.out.printf(
                Locale.ROOT,
                "  gzip threads CPU: segmented %.2f s, async %.2f s; mean queue fill: segmented %.0f%%, async %.0f%%%n",
                median(segmented, r -> r.gzipCpuNanos / 1e9),
                median(async, r -> r.gzipCpuNanos / 1e9),
                100 * median(segmented, r -> r.meanQueueFill),
                100 * median(async, r -> r.meanQueueFill));
        System.out.printf(
                Locale.ROOT,
                "  process CPU per run: segmented %.2f s, async %.2f s, plain %.2f s (machine has %d CPUs)%n",
                median(segmented, r -> r.processCpuNanos / 1e9),
                median(async, r -> r.processCpuNanos / 1e9),
                median(plain, r -> r.processCpuNanos / 1e9),
                Runtime.getRuntime().availableProcessors());
        Run last = segmented.get(segmented.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "  last run: %d rotations, %s written (%s on disk after gzip), lines per file %s%n",
                last.rotations,
                bytes(last.textBytes),
                bytes(last.diskBytes),
                last.linesPerFile);
        Run lastAsync = async.get(async.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "  last async run: %d rotations, %s written (%s on disk after gzip)%n",
                lastAsync.rotations,
                bytes(lastAsync.textBytes),
                bytes(lastAsync.diskBytes));

        if (o.resultFile != null) {
            Files.writeString(
                    o.resultFile,
                    String.format(
                            Locale.ROOT,
                            "plain_median_events_per_s=%.0f%nasync_median_events_per_s=%.0f%n"
                                    + "segmented_median_events_per_s=%.0f%nratio=%.3f%nratio_async=%.3f%n"
                                    + "lost_async=%d%nlost_segmented=%d%nvalid=%b%nresult=%s%nresult_async=%s%n",
                            plainMedian,
                            asyncMedian,
                            segMedian,
                            ratio,
                            ratioAsync,
                            lost(async, events),
                            lost(segmented, events),
                            valid,
                            pass ? "PASS" : "FAIL",
                            passAsync ? "PASS" : "FAIL"));
        }
        return !valid ? 2 : pass && passAsync ? 0 : 1;
    }

    static void row(String name, List<Run> runs, long events) {
        double[] eps = runs.stream().mapToDouble(Run::eventsPerSecond).toArray();
        System.out.printf(
                Locale.ROOT,
                "%-34s | %,15.0f | %,13.0f | %,13.0f | %11.1f | %9.0f | %,10d%n",
                name,
                median(eps),
                Arrays.stream(eps).min().orElseThrow(),
                Arrays.stream(eps).max().orElseThrow(),
                median(runs, r -> r.textBytes / 1e6 / r.seconds()),
                median(runs, r -> r.rotations),
                lost(runs, events));
    }

    /** Events logged minus lines found on disk, over all runs; a run with extra lines does not hide a loss. */
    static long lost(List<Run> runs, long events) {
        return runs.stream().mapToLong(r -> Math.max(0, events - r.lines)).sum();
    }

    static Run runPlain(Path dir, int threads, int perThread) throws Exception {
        Files.createDirectories(dir);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();

        LoggerContext context = freshContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PLAIN_PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("plain");
        file.setFile(dir.resolve("plain.log").toString());
        file.setEncoder(encoder);
        file.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);

        drive(context, threads, perThread, "plain");
        long joined = System.nanoTime();
        context.stop();
        long t1 = System.nanoTime();

        Run run = new Run(t1 - t0, t1 - joined, processCpuNanos() - cpu0);
        run.count(dir);
        deleteTree(dir);
        return run;
    }

    /**
     * logback's own best set-up for our job, as its manual recommends it for throughput: the logging threads
     * only enqueue, one worker encodes JSON and writes through an 8 KiB buffer (immediateFlush=false), and the
     * size-and-time policy renames at maxFileSize and gzips on logback's executor while writing goes on.
     */
    static Run runAsync(Path dir, int threads, int perThread, long maxFileSize) throws Exception {
        Files.createDirectories(dir);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();

        LoggerContext context = freshContext();
        startAsync(context, dir, maxFileSize);
        Sampler sampler = Sampler.of(context);
        sampler.start();

        drive(context, threads, perThread, "async");
        long joined = System.nanoTime();
        stopAsync(context);
        long t1 = System.nanoTime();
        sampler.finish();

        Run run = new Run(t1 - t0, t1 - joined, processCpuNanos() - cpu0);
        run.sampled(sampler);
        run.count(dir);
        deleteTree(dir);
        return run;
    }

    /**
     * Stops the reference as ours is stopped: queue written out, file closed and every gzip finished.
     * {@code context.stop()} alone waits for the last compression only, then interrupts logback's executor
     * (gzips of a run that rotates faster than it compresses queue up there): earlier ones would finish
     * after the clock stopped, or never start and leave their generation plain. So the appenders are
     * stopped first, then the executor is drained, then the context stops.
     */
    static void stopAsync(LoggerContext context) throws InterruptedException {
        ExecutorService compressions = context.getExecutorService();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders();
        compressions.shutdown();
        if (!compressions.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("logback's compressions did not finish within 60 s");
        }
        context.stop();
    }

    /** The logback reference, on the root logger of {@code context}: dir/json.log, rotated to json.log.*.gz. */
    static void startAsync(LoggerContext context, Path dir, long maxFileSize) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        configure(encoder);
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("json");
        file.setFile(dir.resolve("json.log").toString());
        file.setImmediateFlush(false);
        file.setEncoder(encoder);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(dir.resolve("json.log.%d{yyyy-MM-dd}.%i.gz").toString());
        policy.setMaxFileSize(new FileSize(maxFileSize));
        policy.setMaxHistory(0);
        policy.start();
        file.setRollingPolicy(policy);
        file.setTriggeringPolicy(policy);
        file.start();
        AsyncAppender queue = new AsyncAppender();
        queue.setContext(context);
        queue.setName("async");
        queue.setQueueSize(ASYNC_QUEUE_SIZE);
        queue.setDiscardingThreshold(0);
        queue.setNeverBlock(false);
        queue.setMaxFlushTime(MAX_FLUSH_MILLIS);
        queue.addAppender(file);
        queue.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(queue);
    }

    /**
     * Our fields and no more. By default the encoder writes the raw template and its arguments but not the
     * formatted message, which is what we write; a sequence number, nanoseconds and the context would only
     * lengthen its lines. Its lines are then as long as ours (its timestamp is epoch milliseconds, unformatted).
     */
    static void configure(JsonEncoder encoder) {
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
    }

    static Run runSegmented(Path dir, int threads, int perThread, long maxFileSize) throws Exception {
        Files.createDirectories(dir);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();

        LoggerContext context = freshContext();
        LogPipeline pipeline = LogPipeline.start(
                context,
                new LogSettings(dir, Level.INFO, maxFileSize, 1000, true, 8192, false, 7),
                Clock.systemUTC(),
                Executors.defaultThreadFactory());
        Sampler sampler = Sampler.of(context);
        sampler.start();

        drive(context, threads, perThread, "segmented");
        long joined = System.nanoTime();
        pipeline.stop();
        long t1 = System.nanoTime();
        sampler.finish();

        Run run = new Run(t1 - t0, t1 - joined, processCpuNanos() - cpu0);
        run.discarded = pipeline.discardedEvents();
        run.sampled(sampler);
        run.count(dir);
        deleteTree(dir);
        return run;
    }

    /** Starts all threads together behind a gate, so thread creation does not stagger the load. */
    static void drive(LoggerContext context, int threads, int perThread, String prefix) throws InterruptedException {
        Logger[] loggers = Arrays.stream(LOGGER_NAMES).map(context::getLogger).toArray(Logger[]::new);
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(
                    () -> {
                        await(gate);
                        logEvents(loggers, thread, perThread);
                    },
                    prefix + "-" + t);
            worker.start();
            workers.add(worker);
        }
        gate.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    static void logEvents(Logger[] loggers, int thread, int perThread) {
        long firstOrder = (long) thread * perThread;
        for (int i = 0; i < perThread; i++) {
            Logger log = loggers[i % loggers.length];
            long order = firstOrder + i;
            Double price = PRICES[i & (PRICES.length - 1)];
            switch (i % 100) {
                case 0 -> log.error(MESSAGE, order, price);
                case 50 -> log.warn(MESSAGE, order, price);
                default -> log.info(MESSAGE, order, price);
            }
        }
    }

    /** What one run took and what it left on disk. */
    static final class Run {
        final long nanos;
        final long tailNanos;
        final long processCpuNanos;
        long lines;
        long textBytes;
        long diskBytes;
        int rotations;
        int leftovers;
        long discarded;
        long writerCpuNanos;
        long gzipCpuNanos;
        double meanQueueFill;
        final Map<String, Long> linesPerFile = new TreeMap<>();

        Run(long nanos, long tailNanos, long processCpuNanos) {
            this.nanos = nanos;
            this.tailNanos = tailNanos;
            this.processCpuNanos = processCpuNanos;
        }

        double seconds() {
            return nanos / 1e9;
        }

        void sampled(Sampler sampler) {
            writerCpuNanos = sampler.writerCpu;
            gzipCpuNanos = sampler.gzipCpu;
            meanQueueFill = sampler.meanFill();
        }

        double eventsPerSecond() {
            return lines / seconds();
        }

        /**
         * Counts newlines in every file, decompressing rotated .gz generations. Counting here, not trusting
         * the number of calls made, is what keeps a run that lost events from looking fast.
         */
        void count(Path dir) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        leftovers++;
                        continue;
                    }
                    boolean gz = name.endsWith(".gz");
                    diskBytes += Files.size(file);
                    long[] counted;
                    try (InputStream in = gz
                            ? new GZIPInputStream(Files.newInputStream(file), 1 << 16)
                            : Files.newInputStream(file)) {
                        counted = newlinesAndBytes(in);
                    }
                    lines += counted[0];
                    textBytes += counted[1];
                    String base = name.substring(0, name.indexOf(".log") + 4);
                    linesPerFile.merge(base, counted[0], Long::sum);
                    if (!name.equals(base)) {
                        rotations++;
                    }
                }
            }
        }

        boolean check(long expected) {
            boolean ok = lines == expected && discarded == 0 && leftovers == 0;
            if (!ok) {
                System.out.printf(
                        Locale.ROOT,
                        "  INVALID RUN: %,d lines on disk, %,d expected, %,d discarded, %d .tmp leftovers%n",
                        lines,
                        expected,
                        discarded,
                        leftovers);
            }
            return ok;
        }

        String summary() {
            return String.format(Locale.ROOT, "%,10.0f ev/s %6.2f s", eventsPerSecond(), seconds());
        }
    }

    /**
     * Samples, every 20 ms, the queue fill and the CPU time of the queue's writer thread and of the gzip
     * threads, ours ({@code log-queue}, {@code log-housekeeping-*}) or logback's ({@code AsyncAppender-Worker-*},
     * its executor's {@code logback-*}). Only diagnostics: they say whether the single writer or compression
     * is the limit. Threads are looked for again at every sample, since logback starts its gzip threads on
     * the first rotation.
     */
    static final class Sampler extends Thread {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private final IntSupplier queued;
        private final int queueSize;
        private final Map<Long, Long> cpuByThread = new HashMap<>();
        private final Set<Long> writers = new HashSet<>();
        private final Set<Long> gzippers = new HashSet<>();
        private volatile boolean running = true;
        private double fillSum;
        private long samples;
        long writerCpu;
        long gzipCpu;

        Sampler(IntSupplier queued, int queueSize) {
            super("bench-sampler");
            setDaemon(true);
            this.queued = queued;
            this.queueSize = queueSize;
        }

        static Sampler of(LoggerContext context) {
            Appender<ILoggingEvent> appender =
                    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("queue");
            if (appender instanceof LogQueue queue) {
                return new Sampler(queue::getNumberOfElementsInQueue, queue.getQueueSize());
            }
            AsyncAppender async = (AsyncAppender)
                    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("async");
            return new Sampler(async::getNumberOfElementsInQueue, async.getQueueSize());
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sample() {
            if (queueSize > 0) {
                fillSum += queued.getAsInt() / (double) queueSize;
                samples++;
            }
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            Thread[] all = new Thread[root.activeCount() + 16];
            int n = root.enumerate(all);
            for (int i = 0; i < n; i++) {
                Thread t = all[i];
                String name = t.getName();
                if (name.equals("log-queue") || name.startsWith("AsyncAppender-Worker-")) {
                    writers.add(t.getId());
                } else if (name.startsWith("log-housekeeping-") || name.startsWith("logback-")) {
                    gzippers.add(t.getId());
                } else {
                    continue;
                }
                // A dead thread reports -1, so the last value seen alive is kept.
                long cpu = THREADS.getThreadCpuTime(t.getId());
                if (cpu > 0) {
                    cpuByThread.put(t.getId(), cpu);
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            interrupt();
            join();
            writerCpu = writers.stream()
                    .mapToLong(id -> cpuByThread.getOrDefault(id, 0L))
                    .sum();
            gzipCpu = gzippers.stream()
                    .mapToLong(id -> cpuByThread.getOrDefault(id, 0L))
                    .sum();
        }

        synchronized double meanFill() {
            return samples == 0 ? 0 : fillSum / samples;
        }
    }

    // ------------------------------------------------------------------ lossless

    /** Ours, or with {@code lossless-async} the logback reference, which writes json.log. */
    static int lossless(Options o, boolean async) throws Exception {
        Files.createDirectories(o.dir);
        LoggerContext context = freshContext();
        LogPipeline pipeline = null;
        if (async) {
            startAsync(context, o.dir, o.maxFileSize);
        } else {
            pipeline = LogPipeline.start(
                    context,
                    new LogSettings(o.dir, Level.INFO, o.maxFileSize, 1000, true, 8192, false, 7),
                    Clock.systemUTC(),
                    Executors.defaultThreadFactory());
        }
        // The retention component routes to general.log, so every line lands in one rotating file.
        Logger log = context.getLogger("io.breakoutbot.ops.lifecycle.Bench");

        long t0 = System.nanoTime();
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < o.threads; t++) {
            int thread = t;
            Thread writer = new Thread(
                    () -> {
                        await(gate);
                        for (int i = 0; i < o.perThread; i++) {
                            log.info("seq {}-{}", thread, i);
                        }
                    },
                    "lossless-" + t);
            writer.start();
            writers.add(writer);
        }
        gate.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        if (pipeline != null) {
            pipeline.stop();
        } else {
            stopAsync(context);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long discarded = pipeline == null ? 0 : pipeline.discardedEvents();
        System.out.printf(
                Locale.ROOT,
                "  wrote %d threads x %,d lines in %.1f s; maxFileSize %s; queue discarded %,d%n",
                o.threads,
                o.perThread,
                seconds,
                bytes(o.maxFileSize),
                discarded);
        return discarded == 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------ helpers

    /** A context of our own, so runs never share loggers, appenders or status listeners. */
    static LoggerContext freshContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        return context;
    }

    static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long[] newlinesAndBytes(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long lines = 0;
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return new long[] {lines, total};
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        return median(runs.stream().mapToDouble(metric).toArray());
    }

    static String bytes(long n) {
        if (n >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%d KiB", n >> 10);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <mode> --dir D [--runs N] [--threads T] [--per-thread E] [--max-file-size B] [--result-file F]} */
    static final class Options {
        String mode;
        Path dir;
        int runs = 5;
        int threads = 8;
        int perThread = 250_000;
        long maxFileSize = 10L << 20;
        Path resultFile;

        static Options parse(String[] args) {
            Options o = new Options();
            BenchArgs a =
                    new BenchArgs(args, "usage: LoggingBench throughput|lossless|lossless-async --dir D [options]");
            o.mode = a.mode();
            while (a.next()) {
                switch (a.name()) {
                    case "--dir" -> o.dir = a.path();
                    case "--runs" -> o.runs = a.positiveInt();
                    case "--threads" -> o.threads = a.positiveInt();
                    case "--per-thread" -> o.perThread = a.positiveInt();
                    case "--max-file-size" -> o.maxFileSize = a.positiveLong();
                    case "--result-file" -> o.resultFile = a.path();
                    default -> throw a.unknown();
                }
            }
            BenchArgs.require("--dir", o.dir);
            return o;
        }
    }
}
