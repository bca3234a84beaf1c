package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.LoggerContext;
import io.breakoutbot.ops.config.Reloadable;
import io.breakoutbot.ops.lifecycle.RotationFailures;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts our log files once the settings are known and stops them last. logback's servlet initializer is
 * switched off in web.xml because it would stop logging before the other beans' {@code @PreDestroy}
 * lines are written; every start-up bean that logs depends on this one, so it is destroyed after them.
 */
@Singleton
@Startup
@DependsOn("Configuration")
public class Logging {

    private static final Logger LOG = LoggerFactory.getLogger(Logging.class);

    @Inject
    LogSettings settings;

    @Inject
    Reloadable<LogSettings> reload;

    /** The log queue's writer and each file's housekeeping run on the container's threads. */
    @Resource
    ManagedThreadFactory threads;

    @Inject
    RotationFailures rotationFailures;

    private LogPipeline pipeline;

    @PostConstruct
    void start() {
        pipeline = LogPipeline.start(
                (LoggerContext) LoggerFactory.getILoggerFactory(),
                settings,
                Clock.systemUTC(),
                threads,
                new LogVolume(),
                rotationFailures);
    }

    /**
     * Re-reads the settings (including {@code $OPS_HOME/ops.properties}) and reopens the log files with the
     * logging ones; the other settings take effect at the next start.
     *
     * @throws IllegalArgumentException naming the bad setting; the current files then stay as they are
     */
    public void reconfigure() {
        LogSettings fresh = reload.reload();
        pipeline = pipeline.restart(fresh, Clock.systemUTC());
        LOG.info(
                "Logging reconfigured: level {}, files rotate at {} bytes, {} kept",
                fresh.level(),
                fresh.maxFileSize(),
                fresh.backups());
    }

    /** Events written per file and level, per minute, for the last hour. */
    public LogVolume volume() {
        return pipeline.volume();
    }

    /** Rotated files kept per file from the next rotation on; lasts until restart or {@link #reconfigure}. */
    public void setBackups(int count) {
        pipeline.setBackups(count);
    }

    /**
     * Rotates the files of {@code segments} now, whatever their size.
     *
     * @return one sentence per file that could not be rotated
     */
    public List<String> rotate(Set<LogSegment> segments) {
        return pipeline.rotate(segments);
    }

    /** Our files that cannot be written now (e.g. a full disk), each tried again first; empty while all can. */
    public List<WriteFailure> writeFailures() {
        return pipeline.writeFailures();
    }

    @PreDestroy
    void stop() {
        LOG.info(
                "breakout-ops stopping; {} events were dropped while the log queue was full",
                pipeline.discardedEvents());
        pipeline.stop();
    }

    /** @return events dropped because the log queue was nearly full, since start */
    public long discardedEvents() {
        return pipeline.discardedEvents();
    }
}
