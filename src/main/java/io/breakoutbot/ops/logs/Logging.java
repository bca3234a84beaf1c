package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.LoggerContext;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.config.Configuration;
import io.breakoutbot.ops.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
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
    Configuration configuration;

    @Inject
    Audit audit;

    private LogPipeline pipeline;

    @PostConstruct
    void start() {
        Settings settings = configuration.settings();
        pipeline = LogPipeline.start((LoggerContext) LoggerFactory.getILoggerFactory(), settings.logs(),
                Clock.systemUTC());
        LOG.info("breakout-ops starting in {} with home {}", settings.environment().label(), settings.home());
        audit.record(new AuditEntry("system", "apply-settings", settings.home().toString(),
                settings.effective(), "success"));
    }

    /**
     * Re-reads the settings (including {@code $OPS_HOME/ops.properties}) and reopens the log files with the
     * logging ones; the other settings take effect at the next start.
     *
     * @throws IllegalArgumentException naming the bad setting; the current files then stay as they are
     */
    public void reconfigure() {
        Config fresh = ConfigProviderResolver.instance().getBuilder().addDefaultSources().addDiscoveredSources()
                .forClassLoader(Logging.class.getClassLoader()).build();
        Settings settings = Settings.load(key -> fresh.getOptionalValue(key, String.class));
        pipeline = pipeline.restart(settings.logs(), Clock.systemUTC());
        LOG.info("Logging reconfigured: level {}, files rotate at {} bytes, {} kept", settings.logs().level(),
                settings.logs().maxFileSize(), settings.logs().backups());
    }

    /** Events written per file and level, per minute, for the last hour. */
    public LogVolume volume() {
        return pipeline.volume();
    }

    /** Rotated files kept per file from the next rotation on; lasts until restart or {@link #reconfigure}. */
    public void setBackups(int count) {
        pipeline.setBackups(count);
    }

    /** Rotates our four files now, whatever their size. */
    public void rotateNow() {
        pipeline.rotateNow();
    }

    @PreDestroy
    void stop() {
        LOG.info("breakout-ops stopping; {} events were dropped while the log queue was full",
                pipeline.discardedEvents());
        pipeline.stop();
    }

    /** @return events dropped because the log queue was nearly full, since start */
    public long discardedEvents() {
        return pipeline.discardedEvents();
    }
}
