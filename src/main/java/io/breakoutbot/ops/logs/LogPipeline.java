package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Our own logging, wired into a logback {@link LoggerContext}:
 * every logger → {@link LogQueue} → {@link SegmentRouter} → one rolling JSON-lines file per {@link LogSegment}.
 */
public final class LogPipeline {

    /** How long a stopping queue may take to write what it still holds, in milliseconds. */
    private static final int FLUSH_ON_STOP_MILLIS = 30_000;

    private final LoggerContext context;
    private final LogQueue queue;

    private LogPipeline(LoggerContext context, LogQueue queue) {
        this.context = context;
        this.queue = queue;
    }

    /** Replaces whatever {@code context} was doing with our files, configured by {@code settings}. */
    public static LogPipeline start(LoggerContext context, LogSettings settings, Clock clock) {
        context.reset();
        ProblemsToStderr problems = new ProblemsToStderr();
        problems.setContext(context);
        context.getStatusManager().add(problems);

        Map<LogSegment, RollingFileAppender<ILoggingEvent>> files = new EnumMap<>(LogSegment.class);
        for (LogSegment segment : LogSegment.values()) {
            files.put(segment, file(context, settings, segment, clock));
        }
        SegmentRouter router = new SegmentRouter(files);
        router.setContext(context);
        router.start();

        LogQueue queue = new LogQueue();
        queue.setName("queue");
        queue.setContext(context);
        queue.setQueueSize(settings.queueSize());
        queue.setDiscardingThreshold(settings.discardWhenBusy() ? settings.queueSize() / 5 : 0);
        queue.setNeverBlock(false);
        queue.setMaxFlushTime(FLUSH_ON_STOP_MILLIS);
        queue.addAppender(router);
        queue.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(settings.level());
        root.addAppender(queue);
        return new LogPipeline(context, queue);
    }

    private static RollingFileAppender<ILoggingEvent> file(LoggerContext context, LogSettings settings,
                                                           LogSegment segment, Clock clock) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setName(segment.fileName());
        appender.setContext(context);
        appender.setFile(settings.directory().resolve(segment.fileName()).toString());
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        RotationPolicy<ILoggingEvent> rotation =
                new RotationPolicy<>(settings.maxFileSize(), settings.backups(), settings.compress(), clock);
        rotation.setContext(context);
        rotation.setParent(appender);
        rotation.start();
        appender.setRollingPolicy(rotation); // also its triggering policy: the class is both
        appender.start();
        return appender;
    }

    /** @return events dropped because the queue was nearly full, since start */
    public long discardedEvents() {
        return queue.discarded();
    }

    /** Writes out what is queued, waits for compressions in flight and closes every file. */
    public void stop() {
        context.stop();
    }
}
