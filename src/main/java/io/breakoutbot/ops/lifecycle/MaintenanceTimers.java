package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.jmx.MBeans;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jobs.CronSchedule;
import io.breakoutbot.ops.jobs.JobTimers;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the log lifecycle: sweeps what a crash left, puts the jobs on their schedules (non-persistent
 * calendar timers, in the server's time zone, as cron does) and registers the Maintenance MXBean.
 * Concurrency is the job lock's business, not the container's, so a long job never blocks the MXBean.
 */
@Singleton
@Startup
@DependsOn("Logging")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MaintenanceTimers {

    /** A scheduled run waits this long for a running job before it is skipped until its next time. */
    static final Duration SCHEDULED_WAIT = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceTimers.class);

    @Resource
    TimerService timerService;

    @Inject
    LifecycleSettings retention;

    @Inject
    OwnLogs ownLogs;

    @Inject
    Audit audit;

    @Inject
    RotationFailures rotationFailures;

    private final Clock clock = Clock.systemDefaultZone();
    private final Map<String, CronSchedule> schedules = new LinkedHashMap<>();
    private Maintenance maintenance;
    private StatsCache statsCache;
    private ObjectName registered;

    @PostConstruct
    void start() {
        LogLifecycle lifecycle = new LogLifecycle(ownLogs.directory(), retention.rules(), ownLogs.fileNames(),
                ownLogs::rotateNow, ownLogs.compress(), retention.delayCompress(), clock, rotationFailures);
        LogArchiver archiver = new LogArchiver(retention.archiveDirectory(), clock, retention.archiveKeep(),
                retention.archiveDays());
        maintenance = new Maintenance(lifecycle, archiver, retention.policy(), retention.otherDirectories(),
                ownLogs::reconfigure, audit, clock);
        maintenance.onPolicyChange(policy -> ownLogs.setBackups(policy.backups()));
        sweepLeftovers(lifecycle, archiver);

        schedules.put("rotation", retention.rotation());
        schedules.put("retention", retention.retention());
        schedules.put("sizeCheck", retention.sizeCheck());
        schedules.put("archive", retention.archive());
        JobTimers.create(timerService, schedules, clock.getZone());
        LOG.info("Maintenance schedules: {}", schedules);
        statsCache = new StatsCache(maintenance::stats, Duration.ofSeconds(5), clock);
        registered = MBeans.register(MaintenanceMXBean.OBJECT_NAME,
                new JmxMaintenance(maintenance, retention.rules(), this::scheduleInfo, statsCache),
                MaintenanceMXBean.class);
    }

    private void sweepLeftovers(LogLifecycle lifecycle, LogArchiver archiver) {
        try {
            List<String> swept = new ArrayList<>(lifecycle.sweepLeftovers());
            archiver.sweepLeftovers().stream().map(Path::toString).forEach(swept::add);
            if (!swept.isEmpty()) {
                LOG.warn("Deleted {} temp files left by an interrupted run: {}", swept.size(), swept);
            }
        } catch (IOException e) {
            LOG.error("Could not sweep temp files left in {}: {}", lifecycle.directory(), e.getMessage(), e);
        }
    }

    @Timeout
    void fire(Timer timer) {
        JobTimers.fire(LOG, String.valueOf(timer.getInfo()), Map.of(
                "rotation", () -> maintenance.rotateAll(Maintenance.SCHEDULER, SCHEDULED_WAIT),
                "retention", () -> maintenance.retention(Maintenance.SCHEDULER, SCHEDULED_WAIT),
                "sizeCheck", () -> maintenance.sizeCheck(Maintenance.SCHEDULER, SCHEDULED_WAIT),
                "archive", () -> maintenance.archive(Maintenance.SCHEDULER, SCHEDULED_WAIT)));
    }

    /** Each job's schedule and next run. */
    public List<ScheduleInfo> scheduleInfo() {
        return ScheduleInfo.of(schedules, ZonedDateTime.now(clock));
    }

    /** Each job's schedule, {@code off} included, by job name. */
    public Map<String, CronSchedule> schedules() {
        return Map.copyOf(schedules);
    }

    /** The log directory's statistics, at most five seconds old. */
    public LogStats stats() {
        return statsCache.get();
    }

    /** The Maintenance control, for monitoring's emergency cleanup when the disk is critical. */
    public Maintenance maintenance() {
        return maintenance;
    }

    public void clearCaches(@Observes CacheClearRequest request) {
        int entries = statsCache.clear();
        request.cleared("log statistics (" + entries + (entries == 1 ? " entry)" : " entries)"));
    }

    @PreDestroy
    void stop() {
        MBeans.unregister(registered);
    }
}
