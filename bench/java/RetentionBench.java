import io.breakoutbot.ops.files.Deletion;
import io.breakoutbot.ops.files.SafeDelete;
import io.breakoutbot.ops.lifecycle.FileRotation;
import io.breakoutbot.ops.lifecycle.LogFile;
import io.breakoutbot.ops.lifecycle.LogLifecycle;
import io.breakoutbot.ops.lifecycle.LogScanner;
import io.breakoutbot.ops.lifecycle.RetentionPolicy;
import io.breakoutbot.ops.lifecycle.RotationMethod;
import io.breakoutbot.ops.lifecycle.RotationRule;
import io.breakoutbot.ops.lifecycle.SweepPlan;
import io.breakoutbot.ops.lifecycle.SweepResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java half of {@code bench/retention}; run with the JDK's single-file source launcher against the built
 * classes and {@code support/BenchArgs} (the shared argument walk, which the script compiles). The script does
 * the timing of {@code find}, the comparison of the two directories and the counting of lines; this file only
 * does what needs the code under test.
 * Modes:
 *
 * <ul>
 *   <li>{@code generate}: writes two identical log directories ({@code find/} and {@code ours/}: same names,
 *       sizes and mtimes), half of the files older than the age limit. Not timed.</li>
 *   <li>{@code sweep}: one {@link LogLifecycle#sweep} of a generated directory in this fresh JVM, timed around
 *       the call only; the JVM start-up (and the launcher compiling this file) is reported apart.</li>
 *   <li>{@code sweep-report}: the table of the age sweep from the per-run figures the script collected; exits 1
 *       when the ratio of medians misses the target.</li>
 *   <li>{@code profile}: where the sweep's time goes: the same work split into scan, plan and delete, next to a
 *       bare listing with one {@code lstat} per file. Diagnostics only.</li>
 *   <li>{@code rotation}: writers append numbered lines to one external log while it is rotated every second.
 *       It deliberately does not check its own output: the script counts the lines with cat, grep, sort, uniq
 *       and comm, so the proof does not rely on the code under test.</li>
 * </ul>
 *
 * <p>Exit codes: 0 target met (or nothing to judge), 1 target missed, 2 the run is invalid (wrong arguments,
 * an exception, a sweep that did not delete what it should).
 */
public class RetentionBench {

    static final double TARGET_RATIO = 1.5;
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Every file gets the same small body, so sizes play no part in either tool's time. */
    static final byte[] BODY = ("2026-01-01T00:00:00Z INFO bench filler line for a rotated generation\n".repeat(4))
            .getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) {
        long mainNanos = System.nanoTime();
        long mainMillis = System.currentTimeMillis();
        int code;
        try {
            Options o = Options.parse(args);
            code = switch (o.mode) {
                case "generate" -> generate(o);
                case "sweep" -> sweep(o, mainNanos, mainMillis);
                case "sweep-report" -> sweepReport(o);
                case "profile" -> profile(o);
                case "rotation" -> rotation(o);
                default ->
                    throw new IllegalArgumentException(
                            "mode must be generate, sweep, sweep-report, profile or rotation: " + o.mode);
            };
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    // ------------------------------------------------------------------ age sweep

    /**
     * {@code logs} active files {@code bot-NNN.log}, each with {@code logs × generations} rotated generations
     * in our naming, {@code bot-NNN.log.<yyyyMMdd-HHmmss>.000}, the stamp being the file's mtime. Of each
     * log's generations the oldest {@code expired} are 20 to 40 days old, the rest 1.2 to 5 days: far from
     * the 7-day limit on both sides, where {@code find -mtime +7} (whole days, rounded down, &gt; 7) and our
     * rule (&gt; 7 × 24 h) agree. Active files are new; every name matches {@code find -name '*.log*'}.
     * Both copies are written file by file in step, so their inodes are laid out alike.
     */
    static int generate(Options o) throws IOException {
        Path find = o.dir.resolve("find");
        Path ours = o.dir.resolve("ours");
        Files.createDirectories(find);
        Files.createDirectories(ours);
        Instant now = Instant.now();
        long day = Duration.ofDays(1).toSeconds();
        long files = 0;
        long expired = 0;
        for (int log = 0; log < o.logs; log++) {
            String active = String.format(Locale.ROOT, "bot-%03d.log", log);
            for (int g = 0; g < o.generations; g++) {
                Instant mtime;
                if (g < o.expired) {
                    mtime = now.minusSeconds(40 * day - g * (20 * day / o.expired) - log);
                    expired++;
                } else {
                    int k = g - o.expired;
                    mtime = now.minusSeconds(
                            5 * day - k * (38 * day / 10 / Math.max(1, o.generations - o.expired)) - log);
                }
                String name = active + "." + STAMP.format(mtime) + ".000";
                write(find.resolve(name), mtime);
                write(ours.resolve(name), mtime);
                files++;
            }
            Instant activeMtime = now.minusSeconds(log % 600);
            write(find.resolve(active), activeMtime);
            write(ours.resolve(active), activeMtime);
            files++;
        }
        System.out.printf(
                Locale.ROOT,
                "  generated 2 x %,d files (%,d active logs, %,d rotated generations each), %,d expired (%.0f%%)%n",
                files,
                o.logs,
                o.generations,
                expired,
                100.0 * expired / files);
        return 0;
    }

    static void write(Path file, Instant mtime) throws IOException {
        Files.write(file, BODY, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    static LogLifecycle lifecycle(Path dir) {
        // Offline set-up: no logs of our own, every *.log is another process's, compression off.
        return new LogLifecycle(
                dir,
                RotationRule.parseAll("*.log 10MB"),
                Set.of(),
                names -> List.of(),
                false,
                false,
                Clock.systemUTC(),
                Executors.defaultThreadFactory());
    }

    /** Only the age rule may act: 1000 backups (more than the 99 generations a log has), no size cap. */
    static RetentionPolicy policy(int maxAgeDays) {
        return new RetentionPolicy(RetentionPolicy.MAX_BACKUPS, maxAgeDays, Long.MAX_VALUE, List.of("*"));
    }

    static int sweep(Options o, long mainNanos, long mainMillis) throws IOException {
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        LogLifecycle lifecycle = lifecycle(o.dir);
        RetentionPolicy policy = policy(o.maxAgeDays);

        var threads = ManagementFactory.getThreadMXBean();
        long waits0 = voluntarySwitches();
        long processCpu0 = processCpuNanos();
        long threadCpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        SweepResult result = lifecycle.sweep(policy, false);
        long t1 = System.nanoTime();
        double threadCpu = (threads.getCurrentThreadCpuTime() - threadCpu0) / 1e9;
        double processCpu = (processCpuNanos() - processCpu0) / 1e9;
        long waits = voluntarySwitches() - waits0;

        double sweepSeconds = (t1 - t0) / 1e9;
        double startupSeconds = (mainMillis - jvmStartMillis) / 1e3 + (t0 - mainNanos) / 1e9;
        boolean valid = result.skipped().isEmpty()
                && (o.expectRemoved < 0 || result.removed().size() == o.expectRemoved);
        System.out.printf(
                Locale.ROOT,
                "ours: sweep %.3f s (CPU: sweep thread %.3f s, process %.3f s; %,d blocking waits), JVM start to sweep call %.3f s, "
                        + "removed %,d, skipped %,d%s%n",
                sweepSeconds,
                threadCpu,
                processCpu,
                waits,
                startupSeconds,
                result.removed().size(),
                result.skipped().size(),
                valid ? "" : "  INVALID");
        if (!result.skipped().isEmpty()) {
            result.skipped().stream().limit(5).forEach(s -> System.out.println("  skipped: " + s));
        }
        if (o.resultFile != null) {
            Files.writeString(
                    o.resultFile,
                    String.format(
                            Locale.ROOT,
                            "ours_s=%.6f%nours_startup_s=%.6f%nours_removed=%d%nours_skipped=%d%nours_thread_cpu_s=%.3f%nours_process_cpu_s=%.3f%nours_waits=%d%n",
                            sweepSeconds,
                            startupSeconds,
                            result.removed().size(),
                            result.skipped().size(),
                            threadCpu,
                            processCpu,
                            waits));
        }
        return valid ? 0 : 2;
    }

    /**
     * Reads the per-run lines the script wrote, {@code run find_s ours_s ours_startup_s ours_process_s same
     * find_cpu_s ours_thread_cpu_s ours_process_cpu_s find_waits ours_waits}, and prints the table. The ratio
     * judged is of wall-time medians: median ours / median find; the CPU ratio is shown beside it.
     */
    static int sweepReport(Options o) throws IOException {
        List<double[]> rows = new ArrayList<>();
        boolean allSame = true;
        for (String line : Files.readAllLines(o.resultFile)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            allSame &= f[5].equals("same");
            double[] row = new double[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                row[i - 1] = i == 5 ? 0 : Double.parseDouble(f[i]);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            System.out.println("no runs");
            return 2;
        }
        double[] find = column(rows, 0);
        double[] ours = column(rows, 1);
        double ratio = median(ours) / median(find);
        double cpuRatio = median(column(rows, 6)) / median(column(rows, 5));
        boolean pass = allSame && ratio <= TARGET_RATIO;

        String header = String.format(
                Locale.ROOT,
                "%-50s | %8s | %8s | %8s",
                String.format(
                        Locale.ROOT,
                        "age sweep, %,d files, %d%% expired",
                        o.logs * (o.generations + 1L),
                        Math.round(100.0 * o.logs * o.expired / (o.logs * (o.generations + 1.0)))),
                "median",
                "min",
                "max");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        row("find -name '*.log*' -mtime +7 -delete   wall s", find);
        row("ours: LogLifecycle.sweep(maxAgeDays=7)  wall s", ours);
        System.out.println("-".repeat(header.length()));
        row("  find CPU s (user+sys)", column(rows, 5));
        row("  ours CPU s, sweep thread (user+sys)", column(rows, 6));
        row("  ours CPU s, whole JVM during sweep (JIT, GC)", column(rows, 7));
        row("  find blocking waits (voluntary switches)", column(rows, 8));
        row("  ours blocking waits, sweep thread", column(rows, 9));
        row("  ours JVM start + launcher to sweep, s", column(rows, 2));
        row("  ours whole java process wall s", column(rows, 3));
        System.out.println("-".repeat(header.length()));
        System.out.printf(
                Locale.ROOT,
                "ratio ours/find, wall (medians of %d runs): %.2f   target <= %.1f   %s%n",
                rows.size(),
                ratio,
                TARGET_RATIO,
                pass ? "PASS" : "FAIL" + (allSame ? "" : " (directories differ after the sweep, see above)"));
        System.out.printf(
                Locale.ROOT, "ratio ours/find, CPU (sweep thread vs find, medians; not judged): %.2f%n", cpuRatio);
        System.out.printf(Locale.ROOT, "remaining files identical in every run: %s%n", allSame ? "yes" : "NO");
        if (o.summaryFile != null) {
            Files.writeString(
                    o.summaryFile,
                    String.format(
                            Locale.ROOT,
                            "find_median_s=%.3f%nours_median_s=%.3f%nratio=%.2f%ncpu_ratio=%.2f%nsame=%b%nresult=%s%n",
                            median(find),
                            median(ours),
                            ratio,
                            cpuRatio,
                            allSame,
                            pass ? "PASS" : "FAIL"));
        }
        return pass ? 0 : 1;
    }

    static double[] column(List<double[]> rows, int i) {
        return rows.stream().mapToDouble(r -> r[i]).toArray();
    }

    static void row(String name, double[] values) {
        String format =
                name.contains("waits") ? "%-50s | %,8.0f | %,8.0f | %,8.0f%n" : "%-50s | %8.3f | %8.3f | %8.3f%n";
        System.out.printf(
                Locale.ROOT,
                format,
                name,
                median(values),
                Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow());
    }

    /**
     * The sweep's three steps timed one by one, in a fresh JVM as the benchmark's sweep is, after a bare
     * listing with one lstat per file (the floor any Java scan pays). Runs on {@code ours/}; then deletes the
     * same expired files of {@code find/} with plain {@code Files.delete} after a bare scan, the floor of a
     * Java sweep without the same-file check.
     */
    static int profile(Options o) throws IOException {
        Path ours = o.dir.resolve("ours");
        Path bare = o.dir.resolve("find");
        Instant now = Instant.now();
        RetentionPolicy policy = policy(o.maxAgeDays);
        LogScanner scanner = new LogScanner(List.of("*.log"));

        long[] t = new long[8];
        long[] w = new long[8];
        long[] c = new long[8];
        mark(t, w, c, 0);
        int listed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(ours)) {
            for (Path entry : entries) {
                Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                listed++;
            }
        }
        mark(t, w, c, 1);
        List<LogFile> files = scanner.scan(ours);
        mark(t, w, c, 2);
        List<Deletion> plan = SweepPlan.plan(files, policy, now);
        mark(t, w, c, 3);
        SafeDelete.Outcome outcome = SafeDelete.delete(ours, plan, Executors.defaultThreadFactory());
        mark(t, w, c, 4);
        // What sweep() does on top: RemovedFile per deletion (two Instant.toString each, via the reason and the
        // record).
        List<String> removed = outcome.deleted().stream()
                .map(d -> d.file().name() + d.file().modified() + d.reason())
                .toList();
        mark(t, w, c, 5);

        // The floor: a bare scan and delete of the other copy, same cold JVM (the JIT has warmed a little by now).
        Instant limit = now.minus(Duration.ofDays(o.maxAgeDays));
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(bare)) {
            for (Path entry : entries) {
                BasicFileAttributes a =
                        Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!entry.getFileName().toString().endsWith(".log")
                        && a.lastModifiedTime().toInstant().isBefore(limit)) {
                    old.add(entry);
                }
            }
        }
        mark(t, w, c, 6);
        for (Path p : old) {
            Files.delete(p);
        }
        mark(t, w, c, 7);

        String[] steps = {
            String.format(Locale.ROOT, "bare listing + lstat of %,d files (floor of any scan)", listed),
            "LogScanner.scan (listing + lstat + name parsing, cache now warm)",
            String.format(Locale.ROOT, "SweepPlan.plan (%,d deletions, with reasons)", plan.size()),
            "SafeDelete.delete (fstatat + unlinkat per file)",
            "result records (RemovedFile strings)",
            "floor: bare scan + age filter of the other copy",
            String.format(Locale.ROOT, "floor: Files.delete of its %,d expired files", old.size()),
        };
        System.out.printf(
                Locale.ROOT,
                "  %-64s %8s %8s %14s%n",
                "step (one cold JVM, like the benchmark's sweep)",
                "wall s",
                "CPU s",
                "blocking waits");
        for (int i = 0; i < steps.length; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-64s %8.3f %8.3f %,14d%n",
                    steps[i],
                    (t[i + 1] - t[i]) / 1e9,
                    (c[i + 1] - c[i]) / 1e9,
                    w[i + 1] - w[i]);
        }
        System.out.println(
                "  (CPU: the main thread's user+sys; blocking waits: its voluntary context switches, from /proc/thread-self/status)");
        if (removed.size() != old.size() || !outcome.skipped().isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "  NOTE: sweep deleted %,d (skipped %,d), bare deleted %,d%n",
                    removed.size(),
                    outcome.skipped().size(),
                    old.size());
        }
        return 0;
    }

    static void mark(long[] t, long[] w, long[] c, int i) {
        c[i] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        w[i] = voluntarySwitches();
        t[i] = System.nanoTime();
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    /** How often this thread gave up the CPU to wait (I/O, locks); -1 off Linux. */
    static long voluntarySwitches() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    // ------------------------------------------------------------------ rotation under load

    /**
     * {@code writers} threads append numbered lines {@code w<t> <i>\n} to one file, each line one write(2) on a
     * channel opened with O_APPEND, paced to {@code rate} lines/s each; a rotator thread calls
     * {@link FileRotation#rotate} every second. With {@code RENAME} the writers reopen like Python's
     * WatchedFileHandler (before every write, the path's inode is compared with the open file's); with
     * {@code COPYTRUNCATE} they never reopen, as most loggers do. Writes {@code <t> <lines written>} per writer
     * to the result file for the script, which does the counting.
     */
    static int rotation(Options o) throws Exception {
        Files.createDirectories(o.dir);
        Path log = o.dir.resolve("bot.log");
        boolean reopen = o.method == RotationMethod.RENAME;
        Clock clock = Clock.systemUTC();

        CountDownLatch gate = new CountDownLatch(1);
        List<Writer> writers = new ArrayList<>();
        for (int t = 0; t < o.writers; t++) {
            Writer w = new Writer(t, log, reopen, o.rate, gate);
            w.start();
            writers.add(w);
        }
        Rotator rotator = new Rotator(log, o.method, clock, gate);
        rotator.start();

        long t0 = System.nanoTime();
        gate.countDown();
        Thread.sleep(o.seconds * 1000L);
        // Rotator first, so no rotation races the end of the run; the writers go on until it has stopped.
        rotator.halt();
        for (Writer w : writers) {
            w.running = false;
        }
        for (Writer w : writers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        long lines = writers.stream().mapToLong(w -> w.written).sum();
        long reopens = writers.stream().mapToLong(w -> w.reopens).sum();
        long errors = writers.stream().mapToLong(w -> w.errors).sum();
        double[] rotateMs = rotator.durations.stream().mapToDouble(d -> d / 1e6).toArray();
        System.out.printf(
                Locale.ROOT,
                "  %s: %d writers x %,d lines/s target for %.1f s: %,d lines written (%,.0f lines/s in all), "
                        + "%d reopens, %d write errors%n",
                o.method,
                o.writers,
                o.rate,
                seconds,
                lines,
                lines / seconds,
                reopens,
                errors);
        System.out.printf(
                Locale.ROOT,
                "  rotator: %d rotations, %d failed; rotate() took median %.2f ms, max %.2f ms%n",
                rotator.rotations,
                rotator.failures,
                rotateMs.length == 0 ? 0 : median(rotateMs),
                Arrays.stream(rotateMs).max().orElse(0));
        for (String f : rotator.failureMessages.stream().limit(3).toList()) {
            System.out.println("    rotation failure: " + f);
        }
        StringBuilder out = new StringBuilder();
        for (Writer w : writers) {
            out.append(w.id).append(' ').append(w.written).append('\n');
        }
        Files.writeString(o.resultFile, out);
        Files.writeString(
                o.resultFile.resolveSibling(o.resultFile.getFileName() + ".vars"),
                String.format(
                        Locale.ROOT,
                        "run_rotations=%d%nrun_rotation_failures=%d%nrun_reopens=%d%nrun_write_errors=%d%nrun_seconds=%.1f%nrun_rotate_median_ms=%.2f%nrun_rotate_max_ms=%.2f%n",
                        rotator.rotations,
                        rotator.failures,
                        reopens,
                        errors,
                        seconds,
                        rotateMs.length == 0 ? 0 : median(rotateMs),
                        Arrays.stream(rotateMs).max().orElse(0)));
        return errors == 0 && rotator.failures == 0 ? 0 : 2;
    }

    /** One writer. A failed write (none expected) is counted and its number not reused: it shows as lost. */
    static final class Writer extends Thread {
        final int id;
        final Path file;
        final boolean reopen;
        final int rate;
        final CountDownLatch gate;
        volatile boolean running = true;
        FileChannel channel;
        Object key;
        long written;
        long reopens;
        long errors;

        Writer(int id, Path file, boolean reopen, int rate, CountDownLatch gate) {
            super("writer-" + id);
            this.id = id;
            this.file = file;
            this.reopen = reopen;
            this.rate = rate;
            this.gate = gate;
        }

        @Override
        public void run() {
            try {
                open();
                gate.await();
                long t0 = System.nanoTime();
                byte[] prefix = ("w" + id + " ").getBytes(StandardCharsets.US_ASCII);
                ByteBuffer buffer = ByteBuffer.allocateDirect(64);
                while (running) {
                    long due = (System.nanoTime() - t0) * rate / 1_000_000_000L;
                    while (written < due && running) {
                        if (reopen) {
                            reopenIfMoved();
                        }
                        buffer.clear();
                        buffer.put(prefix)
                                .put(Long.toString(written).getBytes(StandardCharsets.US_ASCII))
                                .put((byte) '\n');
                        buffer.flip();
                        int length = buffer.remaining();
                        try {
                            if (channel.write(buffer) != length) {
                                errors++; // a short write: the line is cut, which the script sees as malformed
                            }
                        } catch (IOException e) {
                            errors++;
                        }
                        written++;
                    }
                    LockSupport.parkNanos(200_000);
                }
                channel.close();
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
                errors++;
            }
        }

        /**
         * Opens the path in append mode, creating it if needed, and records which file it opened: the inode
         * at the path before and after the open must agree (Java has no fstat of a channel; a rotation between
         * the two looks as a mismatch and the open is retried).
         */
        void open() throws IOException {
            while (true) {
                Object before = keyAtPath();
                FileChannel c = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                Object after = keyAtPath();
                if (before != null && before.equals(after)) {
                    channel = c;
                    key = after;
                    return;
                }
                c.close();
            }
        }

        /** WatchedFileHandler.reopenIfNeeded: a stat of the path per line; reopen when it is gone or another file. */
        void reopenIfMoved() throws IOException {
            if (!key.equals(keyAtPath())) {
                channel.close();
                open();
                reopens++;
            }
        }

        Object keyAtPath() throws IOException {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException renamedNotYetCreated) {
                return null;
            }
        }
    }

    /** Calls FileRotation.rotate once a second, on the second after the start, like a scheduler would. */
    static final class Rotator extends Thread {
        final Path file;
        final RotationMethod method;
        final Clock clock;
        final CountDownLatch gate;
        final List<Long> durations = new ArrayList<>();
        final List<String> failureMessages = new ArrayList<>();
        volatile boolean running = true;
        int rotations;
        int failures;

        Rotator(Path file, RotationMethod method, Clock clock, CountDownLatch gate) {
            super("rotator");
            this.file = file;
            this.method = method;
            this.clock = clock;
            this.gate = gate;
        }

        @Override
        public void run() {
            try {
                gate.await();
            } catch (InterruptedException e) {
                return;
            }
            long next = System.nanoTime() + 1_000_000_000L;
            while (true) {
                long wait;
                while (running && (wait = next - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!running) {
                    return;
                }
                long t0 = System.nanoTime();
                try {
                    Optional<Path> generation = FileRotation.rotate(file, method, clock.instant());
                    if (generation.isPresent()) {
                        rotations++;
                    }
                } catch (IOException | RuntimeException e) {
                    failures++;
                    failureMessages.add(e.toString());
                }
                durations.add(System.nanoTime() - t0);
                next += 1_000_000_000L;
            }
        }

        void halt() throws InterruptedException {
            running = false;
            LockSupport.unpark(this);
            join();
        }
    }

    // ------------------------------------------------------------------ helpers

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * {@code <mode> --dir D [--logs L] [--generations G] [--expired E] [--max-age-days N] [--expect-removed R]
     * [--writers W] [--rate R] [--seconds S] [--method rename|copytruncate] [--result-file F] [--summary-file F]}
     */
    static final class Options {
        String mode;
        Path dir;
        int logs = 1000;
        int generations = 99;
        int expired = 50;
        int maxAgeDays = 7;
        long expectRemoved = -1;
        int writers = 8;
        int rate = 5000;
        int seconds = 60;
        RotationMethod method = RotationMethod.RENAME;
        Path resultFile;
        Path summaryFile;

        static Options parse(String[] args) {
            Options o = new Options();
            BenchArgs a =
                    new BenchArgs(args, "usage: RetentionBench generate|sweep|sweep-report|profile|rotation [options]");
            o.mode = a.mode();
            while (a.next()) {
                switch (a.name()) {
                    case "--dir" -> o.dir = a.path();
                    case "--logs" -> o.logs = a.positiveInt();
                    case "--generations" -> o.generations = a.positiveInt();
                    case "--expired" -> o.expired = Integer.parseInt(a.value());
                    case "--max-age-days" -> o.maxAgeDays = a.positiveInt();
                    case "--expect-removed" -> o.expectRemoved = Long.parseLong(a.value());
                    case "--writers" -> o.writers = a.positiveInt();
                    case "--rate" -> o.rate = a.positiveInt();
                    case "--seconds" -> o.seconds = a.positiveInt();
                    case "--method" ->
                        o.method = RotationMethod.valueOf(a.value().toUpperCase(Locale.ROOT));
                    case "--result-file" -> o.resultFile = a.path();
                    case "--summary-file" -> o.summaryFile = a.path();
                    default -> throw a.unknown();
                }
            }
            if (!o.mode.equals("sweep-report")) {
                BenchArgs.require("--dir", o.dir);
            }
            if (o.mode.equals("sweep-report") || o.mode.equals("rotation")) {
                BenchArgs.require("--result-file", o.resultFile);
            }
            if (o.expired < 0 || o.expired > o.generations) {
                throw new IllegalArgumentException("--expired must be from 0 to --generations");
            }
            return o;
        }
    }
}
