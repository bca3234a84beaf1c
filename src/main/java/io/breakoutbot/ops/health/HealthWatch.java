package io.breakoutbot.ops.health;

import io.breakoutbot.ops.alerts.AlertSettings;
import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.backup.BackupTimers;
import io.breakoutbot.ops.bot.BotSettings;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotTimers;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.lifecycle.MaintenanceTimers;
import io.breakoutbot.ops.monitoring.MonitorSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks health once per sampling interval and alerts on components that stay down, on failed jobs and on bot
 * restarts paused by the loop guard.
 */
@Singleton
@Startup
@DependsOn("ResourceMonitor") // which waits for Alerting and MaintenanceTimers; BackupTimers starts on first use
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class HealthWatch {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWatch.class);

    @Resource
    TimerService timerService;

    @Inject
    MonitorSettings monitor;

    @Inject
    AlertSettings alertSettings;

    @Inject
    Alerting alerting;

    @Inject
    HealthService health;

    @Inject
    MaintenanceTimers maintenance;

    @Inject
    BackupTimers backup;

    @Inject
    BotTimers bot;

    @Inject
    BotSettings botSettings;

    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean checking = new AtomicBoolean();
    private String lastBotCheck = "";
    private HealthAlerts alerts;

    @PostConstruct
    void start() {
        alerts = new HealthAlerts(alertSettings.healthChecks());
        long every = monitor.interval().toMillis();
        timerService.createIntervalTimer(every, every, new TimerConfig("health-alerts", false));
    }

    /**
     * The components with something new to count. The bot's state changes once per bot check
     * ({@code ops.bot.interval}), usually less often than this runs: counting it here would alert on a bot
     * that has failed fewer checks than {@code ops.alerts.healthChecks}, before its restart could help.
     */
    private List<ComponentHealth> newsOnly(List<ComponentHealth> components) {
        BotState state = bot.bot().state();
        // Stuck checks are news in themselves: no new check will come to count them.
        boolean botNews = !state.checkedAt().equals(lastBotCheck)
                || HealthAssessment.botChecksStuck(state, botSettings.interval(), clock.instant());
        lastBotCheck = state.checkedAt();
        return components.stream()
                .filter(c -> botNews || !c.name().equals("bot"))
                .toList();
    }

    @Timeout
    void check() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = clock.instant();
            alerts.components(newsOnly(health.report().components()), now).forEach(alerting::update);
            List<RunRecord> runs = new ArrayList<>(maintenance.maintenance().lastRuns());
            runs.addAll(backup.jobs().lastRuns());
            alerts.jobs(runs, now).forEach(alerting::update);
            if (bot.bot().enabled()) {
                alerting.update(alerts.botRestarts(bot.bot().state(), now));
            }
        } catch (RuntimeException e) {
            // Caught here: the container would otherwise retry the timeout at once.
            LOG.error("Health alert check failed: {}", e.getMessage(), e);
        } finally {
            checking.set(false);
        }
    }
}
