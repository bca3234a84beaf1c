package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.breakoutbot.ops.lifecycle.RotationFailures;
import io.breakoutbot.ops.lifecycle.RotationPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Our own logging, wired into a logback {@link LoggerContext}:
 * every logger → {@link LogQueue} → {@link SegmentRouter} → one rolling JSON-lines file per {@link LogSegment}.
 */
public final class LogPipeline {

    /** How long a stopping queue may take to write what it still holds, in milliseconds. */
    private static final int FLUSH_ON_STOP_MILLIS = 30_000;

    private final LoggerContext context;
    private final LogQueue queue;

    private final SegmentRouter router;

    private final AtomicInteger backups;
    private final LogVolume volume;
    private final ThreadFactory threads;
    private final RotationFailures failures;

    private LogPipeline(
            LoggerContext context,
            LogQueue queue,
            SegmentRouter router,
            AtomicInteger backups,
            LogVolume volume,
            ThreadFactory threads,
            RotationFailures failures) {
        this.context = context;
        this.queue = queue;
        this.router = router;
        this.backups = backups;
        this.volume = volume;
        this.threads = threads;
        this.failures = failures;
    }

    /** Events written per file and level, per minute. */
    public LogVolume volume() {
        return volume;
    }

    /**
     * Replaces whatever {@code context} was doing with our files, configured by {@code settings}.
     *
     * @param threads where the queue's writing thread and each file's housekeeping thread come from
     */
    public static LogPipeline start(LoggerContext context, LogSettings settings, Clock clock, ThreadFactory threads) {
        return start(context, settings, clock, threads, new LogVolume());
    }

    /** @param volume counts what is written; kept across {@link #restart} so the figures do not reset */
    public static LogPipeline start(
            LoggerContext context, LogSettings settings, Clock clock, ThreadFactory threads, LogVolume volume) {
        return start(context, settings, clock, threads, volume, new RotationFailures());
    }

    /** @param failures told of every file that cannot be rotated; kept across {@link #restart} */
    public static LogPipeline start(
            LoggerContext context,
            LogSettings settings,
            Clock clock,
            ThreadFactory threads,
            LogVolume volume,
            RotationFailures failures) {
        context.reset();
        ProblemsToStderr problems = new ProblemsToStderr();
        problems.setContext(context);
        context.getStatusManager().add(problems);
        LogPipeline pipeline = build(context, settings, clock, threads, volume, failures);
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(pipeline.queue);
        return pipeline;
    }

    /**
     * Closes this pipeline's files and opens new ones configured by {@code settings}, as
     * {@code --setup} does. Events logged meanwhile are held in memory and written to the new files, so
     * none is lost; the old files are closed before the new ones open, so no file has two writers.
     */
    public LogPipeline restart(LogSettings settings, Clock clock) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        HeldEvents held = new HeldEvents();
        held.setContext(context);
        held.start();
        root.addAppender(held);
        root.detachAppender(queue);
        queue.stop();
        LogPipeline next = build(context, settings, clock, threads, volume, failures);
        root.addAppender(next.queue);
        root.detachAppender(held);
        held.stop();
        held.replayInto(next.queue);
        return next;
    }

    private static LogPipeline build(
            LoggerContext context,
            LogSettings settings,
            Clock clock,
            ThreadFactory threads,
            LogVolume volume,
            RotationFailures failures) {

        AtomicInteger backups = new AtomicInteger(settings.backups());
        Map<LogSegment, SegmentFile> files = new EnumMap<>(LogSegment.class);
        for (LogSegment segment : LogSegment.values()) {
            files.put(
                    segment,
                    file(context, settings, segment, backups, clock, threads, failures, WholeLineStream.FILES));
        }
        LogQueue queue = new LogQueue(threads);
        SegmentRouter router = new SegmentRouter(files, volume);
        router.setContext(context);
        router.start();

        queue.setName("queue");
        queue.setContext(context);
        queue.setQueueSize(settings.queueSize());
        queue.setDiscardingThreshold(settings.discardWhenBusy() ? settings.queueSize() / 5 : 0);
        queue.setMaxFlushTime(FLUSH_ON_STOP_MILLIS);
        queue.addAppender(router);
        queue.setWhenDrained(router::flush);
        queue.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(settings.level());
        return new LogPipeline(context, queue, router, backups, volume, threads, failures);
    }

    /** One started file; {@code opener} lets tests make its writes fail as on a full disk. */
    static SegmentFile file(
            LoggerContext context,
            LogSettings settings,
            LogSegment segment,
            AtomicInteger backups,
            Clock clock,
            ThreadFactory threads,
            RotationFailures failures,
            WholeLineStream.Opener opener) {
        SegmentFile appender = new SegmentFile(settings.directory().resolve(segment.fileName()), clock, opener);
        appender.setName(segment.fileName());
        appender.setContext(context);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        // The audit trail outlives the count rule: ops.audit.days promises its generations that long.
        Duration keepFor = segment == LogSegment.AUDIT ? Duration.ofDays(settings.auditDays()) : Duration.ZERO;
        RotationPolicy<ILoggingEvent> rotation = new RotationPolicy<>(
                settings.maxFileSize(), backups::get, keepFor, settings.compress(), clock, threads);
        rotation.setContext(context);
        rotation.setParent(appender);
        rotation.setFailures(failures);
        rotation.setSummarizer(new LogSummaries(ZoneId.systemDefault()));
        rotation.start();
        appender.setRollingPolicy(rotation); // also its triggering policy: the class is both
        appender.start();
        return appender;
    }

    /** @return events dropped because the queue was nearly full, since start */
    public long discardedEvents() {
        return queue.discarded();
    }

    /** Rotated files kept per file from the next rotation on, 1 or more. */
    public void setBackups(int count) {
        backups.set(Math.max(1, count));
    }

    /**
     * Rotates the files of {@code segments} now, whatever their size; safe while other threads log.
     *
     * @return one sentence per file that could not be rotated; such a file is written on as it is
     */
    public List<String> rotate(Set<LogSegment> segments) {
        return router.rotate(segments);
    }

    /**
     * Our files that cannot be written now, e.g. on a full disk; empty while all can. Each failing file is
     * tried again first (unless its writer is busy with it just then), so one that can be written again
     * leaves the list without waiting for a line to be logged to it.
     */
    public List<WriteFailure> writeFailures() {
        return router.writeFailures();
    }

    /** Writes out what is queued, waits for compressions in flight and closes every file. */
    public void stop() {
        context.stop();
    }
}
