package io.breakoutbot.ops.startup;

import io.breakoutbot.ops.alerts.AlertSettings;
import io.breakoutbot.ops.backup.BackupPlan;
import io.breakoutbot.ops.bot.Bot;
import io.breakoutbot.ops.bot.BotSettings;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotTimers;
import io.breakoutbot.ops.config.InvalidSettingException;
import io.breakoutbot.ops.config.OpsPropertiesSource;
import io.breakoutbot.ops.config.Reloadable;
import io.breakoutbot.ops.config.Setting;
import io.breakoutbot.ops.fleet.FleetSettings;
import io.breakoutbot.ops.lifecycle.GenerationSummary;
import io.breakoutbot.ops.lifecycle.LifecycleSettings;
import io.breakoutbot.ops.lifecycle.OwnLogs;
import io.breakoutbot.ops.logs.LogSegment;
import io.breakoutbot.ops.logs.LogSettings;
import io.breakoutbot.ops.logs.LogSummaries;
import io.breakoutbot.ops.logs.Logging;
import io.breakoutbot.ops.monitoring.MonitorSettings;
import io.breakoutbot.ops.monitoring.ProcessFigures;
import io.breakoutbot.ops.monitoring.WatchedProcess;
import io.breakoutbot.ops.remote.RemoteCopies;
import io.breakoutbot.ops.remote.RemotePlan;
import io.breakoutbot.ops.security.SecuritySettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates every setting when the application starts. A bad value throws, which makes
 * Payara refuse the deployment; the one-line reason is logged first, so it is the line to look for.
 * Every other start-up bean depends on this one.
 */
@Singleton
@Startup
// Read-only once loaded: no container lock, so a producer never waits on another bean's start-up.
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Configuration {

    /** sysexits.h EX_CONFIG, so systemd can tell "fix the settings" from a crash worth a restart. */
    public static final int EXIT_CONFIG = 78;

    private static final Logger LOG = LoggerFactory.getLogger(Configuration.class);

    @Inject
    Config config;

    private volatile Settings settings;

    @PostConstruct
    void load() {
        try {
            settings = Settings.load(key -> config.getOptionalValue(key, String.class));
        } catch (InvalidSettingException e) {
            LOG.error("breakout-ops refuses to start. {}", e.getMessage());
            if (exitOnError()) {
                // Payara Micro would otherwise keep running without its only application. halt, not exit:
                // exit would run Payara's shutdown hooks against a deployment still in progress.
                Runtime.getRuntime().halt(EXIT_CONFIG);
            }
            throw e;
        }
    }

    /** Read on its own: the settings that failed may not have reached it. */
    private boolean exitOnError() {
        return config.getOptionalValue(Setting.EXIT_ON_ERROR.key(), String.class)
                .map(v -> v.trim().equalsIgnoreCase("true"))
                .orElse(false);
    }

    public Settings settings() {
        return settings;
    }

    // Each feature is handed its own settings record, so no feature imports this package.

    @Produces
    public LogSettings logSettings() {
        return settings.logs();
    }

    @Produces
    public LifecycleSettings lifecycleSettings() {
        return settings.retention();
    }

    @Produces
    public MonitorSettings monitorSettings() {
        return settings.monitor();
    }

    @Produces
    public AlertSettings alertSettings() {
        return settings.alerts();
    }

    @Produces
    public SecuritySettings securitySettings() {
        return settings.security();
    }

    @Produces
    public BackupPlan backupPlan() {
        return settings.backup();
    }

    @Produces
    public BotSettings botSettings() {
        return settings.bot();
    }

    @Produces
    public RemotePlan remotePlan() {
        return new RemotePlan(
                settings.remote(),
                new RemoteCopies.LogArchives(
                        settings.retention().archiveDirectory(),
                        settings.retention().archiveKeep(),
                        settings.retention().archiveDays()));
    }

    @Produces
    public FleetSettings fleetSettings() {
        return settings.fleet();
    }

    /** The logging settings as every source says now, {@code $OPS_HOME/ops.properties} included. */
    @Produces
    public Reloadable<LogSettings> logSettingsReload() {
        return () -> reread().logs();
    }

    /** Our four files as the log lifecycle sees them: it rotates, prunes and reopens them through logging. */
    @Produces
    public OwnLogs ownLogs(Logging logging) {
        Set<String> names =
                Arrays.stream(LogSegment.values()).map(LogSegment::fileName).collect(Collectors.toSet());
        LogSettings logs = settings.logs();
        return new OwnLogs() {
            @Override
            public Path directory() {
                return logs.directory();
            }

            @Override
            public Set<String> fileNames() {
                return names;
            }

            @Override
            public boolean compress() {
                return logs.compress();
            }

            @Override
            public List<String> rotateNow(Set<String> fileNames) {
                return logging.rotate(fileNames.stream()
                        .map(LogSegment::ofFileName)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(LogSegment.class))));
            }

            @Override
            public void reconfigure() {
                logging.reconfigure();
            }

            @Override
            public void setBackups(int count) {
                logging.setBackups(count);
            }

            @Override
            public GenerationSummary.Summarizer summarizer() {
                return new LogSummaries(ZoneId.systemDefault());
            }
        };
    }

    /**
     * The bot's process as its last check saw it, for the resource monitor: the check already reads it with
     * OSHI every {@code ops.bot.interval}, so the monitor does not read it a second time. Nothing while the
     * bot is not running or no check is configured, which leaves the bot metrics UNAVAILABLE.
     */
    @Produces
    public WatchedProcess watchedProcess(BotTimers timers) {
        return () -> {
            Bot bot = timers.bot();
            if (bot == null || !bot.enabled()) {
                return Optional.empty();
            }
            BotState state = bot.state();
            if (!state.alive() || state.pid() <= 0 || state.checkedAt().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ProcessFigures(
                    Instant.parse(state.checkedAt()),
                    state.pid(),
                    state.cpuPercent(),
                    state.residentBytes(),
                    state.threads(),
                    state.openFiles(),
                    state.maxOpenFiles()));
        };
    }

    /**
     * Reads every source again, for the settings that may change without a restart.
     *
     * @throws InvalidSettingException naming the bad setting
     */
    private static Settings reread() {
        // The file source is made anew, so the file is read now; a discovered one may be the server's cached copy.
        Config fresh = ConfigProviderResolver.instance()
                .getBuilder()
                .addDefaultSources()
                .withSources(new OpsPropertiesSource())
                .forClassLoader(Configuration.class.getClassLoader())
                .build();
        return Settings.load(key -> fresh.getOptionalValue(key, String.class));
    }
}
