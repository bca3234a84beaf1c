package io.breakoutbot.ops.lifecycle;

import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.LengthCounter;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.TriggeringPolicy;
import ch.qos.logback.core.rolling.helper.CompressionMode;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.breakoutbot.ops.jobs.NamedThreads;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Rotates a logback file by size, keeps a fixed number of rotated generations (and, for the audit trail,
 * every generation younger than a given age) and gzips them.
 *
 * <p>Why not logback's own policies: {@code FixedWindowRollingPolicy} renames every backup on every
 * rotation, caps the window at 20 files and compresses while the writer waits; the time-based policies
 * cannot keep "exactly N files". Here a rotation is one rename under the appender's lock, so no line is
 * lost or written twice; the new name carries the time and a sequence number (see {@link RotatedFiles}).
 * Compression and pruning then run on a background thread, {@code log-housekeeping-<file>}, taken from the
 * factory handed in; it also finishes, at start-up, whatever a crash interrupted: it deletes {@code .gz.tmp}
 * leftovers and compresses generations left plain.
 *
 * <p>A rotation that fails leaves the file as it was and the appender writing on to it, so no line is lost;
 * the failure goes to {@link RotationFailures} (health, alerts, the result of a forced rotation) and logback's
 * status, and the size trigger then waits {@link #RETRY} before it tries again, rather than closing and
 * reopening the file for every line written meanwhile.
 */
public class RotationPolicy<E> extends ContextAwareBase implements RollingPolicy, TriggeringPolicy<E> {

    private static final long STOP_WAIT_SECONDS = 60;
    /** How long the size trigger waits after a failed rotation before it tries again. */
    static final Duration RETRY = Duration.ofMinutes(1);

    private final long maxFileSize;
    private final IntSupplier backups;
    private final Duration keepFor;
    private final boolean compress;
    private final Clock clock;
    private final ThreadFactory threads;
    private final Written written = new Written();

    private FileAppender<?> parent;
    private RotatedFiles rotated;
    private ExecutorService housekeeping;
    private volatile boolean started;
    private RotationFailures failures = new RotationFailures();
    private GenerationSummary.Summarizer summarizer = GenerationSummary.Summarizer.NONE;
    /** Set after a failed rotation: the size trigger waits until then. */
    private volatile Instant retryAt;

    /**
     * @param maxFileSize bytes at which the active file is rotated, greater than zero
     * @param backups     rotated generations kept, at least one; asked at every rotation, so an operator's
     *                    change through the Maintenance MXBean applies from the next one
     * @param compress    whether rotated generations are gzipped
     * @param clock       names the rotated files
     * @param threads     where the housekeeping thread comes from
     */
    public RotationPolicy(long maxFileSize, IntSupplier backups, boolean compress, Clock clock, ThreadFactory threads) {
        this(maxFileSize, backups, Duration.ZERO, compress, clock, threads);
    }

    /**
     * @param keepFor generations last modified within this time of now are kept beyond {@code backups}
     *                (the audit trail's promise); zero for none
     */
    public RotationPolicy(
            long maxFileSize,
            IntSupplier backups,
            Duration keepFor,
            boolean compress,
            Clock clock,
            ThreadFactory threads) {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("maxFileSize must be > 0");
        }
        if (keepFor.isNegative()) {
            throw new IllegalArgumentException("keepFor must not be negative");
        }
        this.maxFileSize = maxFileSize;
        this.backups = backups;
        this.keepFor = keepFor;
        this.compress = compress;
        this.clock = clock;
        this.threads = threads;
    }

    /** Where failed rotations are told, and cleared once the file rotates; set before {@link #start()}. */
    public void setFailures(RotationFailures failures) {
        this.failures = failures;
    }

    /**
     * What writes each generation's {@link GenerationSummary}, before it is compressed (reading the plain file
     * is cheaper); set before {@link #start()}. The start's housekeeping writes those a crash or an older
     * version left missing, and deletes those whose generation is gone.
     */
    public void setSummarizer(GenerationSummary.Summarizer summarizer) {
        this.summarizer = summarizer;
    }

    @Override
    public void setParent(FileAppender<?> appender) {
        this.parent = appender;
    }

    @Override
    public String getActiveFileName() {
        return parent.rawFileProperty();
    }

    /** We compress on our own thread; logback must not try to. */
    @Override
    public CompressionMode getCompressionMode() {
        return CompressionMode.NONE;
    }

    @Override
    public LengthCounter getLengthCounter() {
        return written;
    }

    @Override
    public boolean isTriggeringEvent(File activeFile, E event) {
        if (written.getLength() < maxFileSize) {
            return false;
        }
        Instant retry = retryAt;
        return retry == null || !clock.instant().isBefore(retry);
    }

    /**
     * Called by the appender with its stream closed and its write lock held: by the size trigger, or forced
     * (the daily rotation, {@code rotateNow}), which tries even while the trigger waits.
     */
    @Override
    public void rollover() throws RolloverFailure {
        Path active = Path.of(getActiveFileName());
        String log = active.getFileName().toString();
        Instant now = clock.instant();
        try {
            if (Files.size(active) > 0) {
                Files.move(active, rotated.next(now), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            // The appender reopens the same file and keeps writing: a failed rotation loses no line.
            retryAt = now.plus(RETRY);
            failures.failed(log, now, e.getClass().getSimpleName() + ": " + e.getMessage());
            addError("Cannot rotate " + active + "; writing on to it, the next attempt after " + retryAt, e);
            throw new RolloverFailure("Cannot rotate " + active + ": " + e);
        }
        retryAt = null;
        failures.rotated(log);
        written.reset();
        housekeeping.execute(this::tidy);
    }

    @Override
    public void start() {
        if (parent == null) {
            addError("RotationPolicy needs its appender before it starts");
            return;
        }
        rotated = new RotatedFiles(Path.of(getActiveFileName()));
        String name = "log-housekeeping-" + Path.of(getActiveFileName()).getFileName();
        housekeeping = Executors.newSingleThreadExecutor(new NamedThreads(threads, name));
        housekeeping.execute(this::tidy);
        started = true;
    }

    /** Waits for compressions in flight, so a clean shutdown leaves no plain generation behind. */
    @Override
    public void stop() {
        if (!started) {
            return;
        }
        started = false;
        housekeeping.shutdown();
        // The log queue stops the files from its own thread after interrupting it, so an
        // interruptible wait would return at once and leave compressions half done.
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        while (!housekeeping.isTerminated() && System.nanoTime() < deadline) {
            try {
                housekeeping.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!housekeeping.isTerminated()) {
            addWarn("Log housekeeping for " + getActiveFileName() + " still running after " + STOP_WAIT_SECONDS
                    + " s; the next start finishes it");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    /**
     * Sweeps crash leftovers, deletes the oldest generations beyond the limit (and their summaries), then
     * summarises and compresses the rest.
     */
    private void tidy() {
        try {
            for (Path temp : rotated.leftovers()) {
                Files.deleteIfExists(temp);
                addInfo("Deleted interrupted compression " + temp);
            }
            List<RotatedFiles.Generation> generations = rotated.oldestFirst(clock.instant());
            int expired = Math.max(0, generations.size() - Math.max(1, backups.getAsInt()));
            Instant keepSince = clock.instant().minus(keepFor);
            for (RotatedFiles.Generation g : generations.subList(0, expired)) {
                if (!keepFor.isZero() && modified(g).isAfter(keepSince)) {
                    continue;
                }
                delete(g.plain());
                delete(g.compressed());
                deleteSummary(g.plain() != null ? g.plain() : g.compressed());
            }
            for (RotatedFiles.Generation g : generations.subList(expired, generations.size())) {
                if (g.plain() != null && !g.needsCompression()) {
                    delete(g.plain());
                }
                summarize(g.plain() != null && g.needsCompression() ? g.plain() : g.compressed());
                if (compress && g.needsCompression()) {
                    compress(g.plain());
                }
            }
            String log = Path.of(getActiveFileName()).getFileName().toString();
            Path directory = Path.of(getActiveFileName()).toAbsolutePath().getParent();
            try {
                GenerationSummary.prune(directory, log::equals, clock.instant());
            } catch (IOException e) {
                addWarn("Cannot delete the summaries of deleted generations in " + directory, e);
            }
        } catch (IOException | RuntimeException e) {
            addError("Log housekeeping for " + getActiveFileName() + " failed; it is retried at the next rotation", e);
        }
    }

    /** A summary that cannot be deleted only costs disk: reported, and the generations are tidied on. */
    private void deleteSummary(Path generation) {
        try {
            GenerationSummary.delete(generation);
        } catch (IOException e) {
            addWarn("Cannot delete the summary of " + generation, e);
        }
    }

    /** A summary that cannot be written costs searches speed, never lines: reported, not retried until the next tidy. */
    private void summarize(Path generation) {
        try {
            GenerationSummary.ensure(
                    generation, Path.of(getActiveFileName()).getFileName().toString(), summarizer);
        } catch (IOException | RuntimeException e) {
            addWarn("Cannot summarise " + generation + "; searches read it whole until it is", e);
        }
    }

    private void compress(Path plain) {
        try {
            Gzip.compress(plain);
        } catch (IOException e) {
            addError("Cannot gzip " + plain + "; the file is kept uncompressed", e);
        }
    }

    /** The newer of the generation's files' modification times: gzip keeps the original's. */
    private static Instant modified(RotatedFiles.Generation g) throws IOException {
        Instant newest = Instant.MIN;
        for (Path file : new Path[] {g.plain(), g.compressed()}) {
            if (file == null) {
                continue;
            }
            try {
                Instant t = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                        .toInstant();
                newest = t.isAfter(newest) ? t : newest;
            } catch (NoSuchFileException gone) {
                // deleted since the listing: the other file of the pair, if any, tells the age
            }
        }
        return newest;
    }

    private static void delete(Path file) throws IOException {
        if (file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(file);
        }
    }

    /** Bytes in the active file, kept by the appender as it writes, so no event pays for a stat call. */
    private static final class Written implements LengthCounter {

        private final AtomicLong bytes = new AtomicLong();

        @Override
        public void add(long count) {
            bytes.addAndGet(count);
        }

        @Override
        public long getLength() {
            return bytes.get();
        }

        @Override
        public void reset() {
            bytes.set(0);
        }
    }
}
