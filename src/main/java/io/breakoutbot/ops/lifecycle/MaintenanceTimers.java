package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jmx.MBeans;
import io.breakoutbot.ops.jobs.CronSchedule;
import io.breakoutbot.ops.jobs.JobTimers;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the log lifecycle: sweeps what a crash left, puts the jobs on their schedules ({@link JobTimers}, in
 * the server's time zone, as cron does) and registers the Maintenance MXBean. Concurrency is the job runner's
 * business, not the container's, so a long job never blocks the MXBean.
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

    @Resource
    SessionContext context;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    LifecycleSettings retention;

    @Inject
    OwnLogs ownLogs;

    @Inject
    Audit audit;

    @Inject
    RotationFailures rotationFailures;

    private final Clock clock = Clock.systemDefaultZone();
    private JobTimers timers;
    private Maintenance maintenance;
    private StatsCache statsCache;
    private ObjectName registered;

    @PostConstruct
    void start() {
        LogLifecycle lifecycle = new LogLifecycle(
                        ownLogs.directory(),
                        retention.rules(),
                        ownLogs.fileNames(),
                        ownLogs::rotateNow,
                        ownLogs.compress(),
                        retention.delayCompress(),
                        retention.auditFloor(),
                        LogLifecycle.FreeSpace.FILE_STORE,
                        clock,
                        threads,
                        rotationFailures)
                .summarizing(ownLogs.summarizer());
        LogArchiver archiver =
                new LogArchiver(retention.archiveDirectory(), clock, retention.archiveKeep(), retention.archiveDays());
        maintenance = new Maintenance(
                lifecycle,
                archiver,
                retention.policy(),
                retention.otherDirectories(),
                ownLogs::reconfigure,
                audit,
                clock,
                threads);
        maintenance.onPolicyChange(policy -> ownLogs.setBackups(policy.backups()));
        sweepLeftovers(lifecycle, archiver);
        // Reads every generation without a summary (all of them after an upgrade): not while deploying.
        threads.newThread(() -> refreshSummaries(lifecycle)).start();

        timers = new JobTimers(timerService, clock.getZone(), LOG);
        timers.schedule(
                "rotation", retention.rotation(), () -> maintenance.rotateAll(Maintenance.SCHEDULER, SCHEDULED_WAIT));
        timers.schedule(
                "retention", retention.retention(), () -> maintenance.retention(Maintenance.SCHEDULER, SCHEDULED_WAIT));
        timers.schedule(
                "sizeCheck", retention.sizeCheck(), () -> maintenance.sizeCheck(Maintenance.SCHEDULER, SCHEDULED_WAIT));
        timers.schedule(
                "archive", retention.archive(), () -> maintenance.archive(Maintenance.SCHEDULER, SCHEDULED_WAIT));
        LOG.info("Maintenance schedules: {}", timers.settings());
        statsCache = new StatsCache(maintenance::stats, Duration.ofSeconds(5), clock);
        // through the bean, not this instance: the container answers about its timers only inside a bean call
        MaintenanceTimers bean = context.getBusinessObject(MaintenanceTimers.class);
        registered = MBeans.register(
                MaintenanceMXBean.OBJECT_NAME,
                new JmxMaintenance(maintenance, retention.rules(), bean::scheduleInfo, statsCache),
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

    private static void refreshSummaries(LogLifecycle lifecycle) {
        try {
            List<String> pruned = lifecycle.refreshSummaries();
            if (!pruned.isEmpty()) {
                LOG.info(
                        "Deleted {} summaries of deleted generations, or left by an interrupted write: {}",
                        pruned.size(),
                        pruned);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not refresh the log summaries in {}: {}", lifecycle.directory(), e.toString());
        }
    }

    @Timeout
    void fire(Timer timer) {
        timers.fire(timer);
    }

    /** Each job's schedule and next run, as the container's timers will fire them. */
    public List<ScheduleInfo> scheduleInfo() {
        return timers.schedules();
    }

    /** Each job's schedule, {@code off} included, by job name. */
    public Map<String, CronSchedule> schedules() {
        return timers.settings();
    }

    /** When each scheduled job is due; see {@link JobTimers#due()}. */
    public Map<String, Instant> due() {
        return timers.due();
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
