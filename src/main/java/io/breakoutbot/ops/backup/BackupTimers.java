package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.jmx.MBeans;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import io.breakoutbot.ops.jobs.CronSchedule;
import io.breakoutbot.ops.jobs.JobTimers;
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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the backup component: sweeps what an interrupted run left, puts the backup and the restore drill on
 * their schedules (non-persistent calendar timers in the server's zone) and registers the Backup MXBean.
 * Runs never overlap; that is {@link Backups}' lock, so a long backup never blocks the MXBean's attributes.
 */
@Singleton
@Startup
@DependsOn("Logging")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BackupTimers {

    private static final Logger LOG = LoggerFactory.getLogger(BackupTimers.class);

    @Resource
    TimerService timerService;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    BackupPlan configured;

    @Inject
    Audit audit;

    private final Clock clock = Clock.systemDefaultZone();
    private final Map<String, CronSchedule> schedules = new LinkedHashMap<>();
    private BackupPlan plan;
    private BackupJobs jobs;
    private ObjectName registered;

    @PostConstruct
    void start() {
        plan = configured;
        jobs = new BackupJobs(new Backups(plan.settings(), clock, threads), audit);
        try {
            jobs.backups().sweepLeftovers();
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not sweep what interrupted backups left in {}: {}", plan.settings().directory(),
                    e.getMessage(), e);
        }
        schedules.put("backup", plan.backup());
        schedules.put("drill", plan.drill());
        JobTimers.create(timerService, schedules, clock.getZone());
        LOG.info("Backup schedules: {}; archives in {}", schedules, plan.settings().directory());
        registered = MBeans.register(BackupMXBean.OBJECT_NAME, new JmxBackup(jobs, this::scheduleInfo), BackupMXBean.class);
    }

    @Timeout
    void fire(Timer timer) {
        JobTimers.fire(LOG, String.valueOf(timer.getInfo()), Map.of(
                "backup", () -> jobs.backup(BackupJobs.SCHEDULER),
                "drill", () -> jobs.drill(BackupJobs.SCHEDULER)));
    }

    /** Each job's schedule and next run. */
    public List<ScheduleInfo> scheduleInfo() {
        return ScheduleInfo.of(schedules, ZonedDateTime.now(clock));
    }

    public BackupJobs jobs() {
        return jobs;
    }

    public BackupPlan plan() {
        return plan;
    }

    @PreDestroy
    void stop() {
        MBeans.unregister(registered);
    }
}
