package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.lifecycle.RotationFailures;
import io.breakoutbot.ops.lifecycle.RotationPolicy;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
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
    private final RotationFailures failures;

    private LogPipeline(LoggerContext context, LogQueue queue, SegmentRouter router, AtomicInteger backups,
                        LogVolume volume, RotationFailures failures) {
        this.context = context;
        this.queue = queue;
        this.router = router;
        this.backups = backups;
        this.volume = volume;
        this.failures = failures;
    }

    /** Events written per file and level, per minute. */
    public LogVolume volume() {
        return volume;
    }

    /** Replaces whatever {@code context} was doing with our files, configured by {@code settings}. */
    public static LogPipeline start(LoggerContext context, LogSettings settings, Clock clock) {
        return start(context, settings, clock, new LogVolume());
    }

    /** @param volume counts what is written; kept across {@link #restart} so the figures do not reset */
    public static LogPipeline start(LoggerContext context, LogSettings settings, Clock clock, LogVolume volume) {
        return start(context, settings, clock, volume, new RotationFailures());
    }

    /** @param failures told of every file that cannot be rotated; kept across {@link #restart} */
    public static LogPipeline start(LoggerContext context, LogSettings settings, Clock clock, LogVolume volume,
                                    RotationFailures failures) {
        context.reset();
        ProblemsToStderr problems = new ProblemsToStderr();
        problems.setContext(context);
        context.getStatusManager().add(problems);
        LogPipeline pipeline = build(context, settings, clock, volume, failures);
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
        LogPipeline next = build(context, settings, clock, volume, failures);
        root.addAppender(next.queue);
        root.detachAppender(held);
        held.stop();
        held.replayInto(next.queue);
        return next;
    }

    private static LogPipeline build(LoggerContext context, LogSettings settings, Clock clock, LogVolume volume,
                                     RotationFailures failures) {

        AtomicInteger backups = new AtomicInteger(settings.backups());
        Map<LogSegment, SegmentFile> files = new EnumMap<>(LogSegment.class);
        for (LogSegment segment : LogSegment.values()) {
            files.put(segment, file(context, settings, segment, backups, clock, failures));
        }
        LogQueue queue = new LogQueue();
        SegmentRouter router = new SegmentRouter(files, () -> queue.getNumberOfElementsInQueue() == 0, volume);
        router.setContext(context);
        router.start();

        queue.setName("queue");
        queue.setContext(context);
        queue.setQueueSize(settings.queueSize());
        queue.setDiscardingThreshold(settings.discardWhenBusy() ? settings.queueSize() / 5 : 0);
        queue.setNeverBlock(false);
        queue.setMaxFlushTime(FLUSH_ON_STOP_MILLIS);
        queue.addAppender(router);
        queue.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(settings.level());
        return new LogPipeline(context, queue, router, backups, volume, failures);
    }

    private static SegmentFile file(LoggerContext context, LogSettings settings, LogSegment segment,
                                    AtomicInteger backups, Clock clock, RotationFailures failures) {
        SegmentFile appender = new SegmentFile();
        appender.setName(segment.fileName());
        appender.setContext(context);
        appender.setFile(settings.directory().resolve(segment.fileName()).toString());
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        RotationPolicy<ILoggingEvent> rotation =
                new RotationPolicy<>(settings.maxFileSize(), backups::get, settings.compress(), clock);
        rotation.setContext(context);
        rotation.setParent(appender);
        rotation.setFailures(failures);
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

    /** Rotates all four files now, whatever their size; safe while other threads log. */
    public void rotateNow() {
        router.rollover();
    }

    /** Writes out what is queued, waits for compressions in flight and closes every file. */
    public void stop() {
        context.stop();
    }
}
