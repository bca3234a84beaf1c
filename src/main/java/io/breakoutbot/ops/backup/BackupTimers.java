package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jmx.MBeans;
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
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the backup component: sweeps what an interrupted run left, puts the backup and the restore drill on
 * their schedules ({@link JobTimers}, in the server's zone) and registers the Backup MXBean. Runs never overlap;
 * that is {@link BackupJobs}' runner, not the container's lock, so a long backup never blocks the MXBean.
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
    SessionContext context;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    BackupPlan configured;

    @Inject
    Audit audit;

    private final Clock clock = Clock.systemDefaultZone();
    private JobTimers timers;
    private BackupPlan plan;
    private BackupJobs jobs;
    private ObjectName registered;

    @PostConstruct
    void start() {
        plan = configured;
        jobs = new BackupJobs(new Backups(plan.settings(), clock, threads), audit, clock);
        try {
            jobs.backups().sweepLeftovers();
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "Could not sweep what interrupted backups left in {}: {}",
                    plan.settings().directory(),
                    e.getMessage(),
                    e);
        }
        timers = new JobTimers(timerService, clock.getZone(), LOG);
        timers.schedule("backup", plan.backup(), () -> jobs.backup(BackupJobs.SCHEDULER));
        timers.schedule("drill", plan.drill(), jobs::scheduledDrill);
        LOG.info(
                "Backup schedules: {}; archives in {}",
                timers.settings(),
                plan.settings().directory());
        // through the bean, not this instance: the container answers about its timers only inside a bean call
        BackupTimers bean = context.getBusinessObject(BackupTimers.class);
        registered =
                MBeans.register(BackupMXBean.OBJECT_NAME, new JmxBackup(jobs, bean::scheduleInfo), BackupMXBean.class);
    }

    @Timeout
    void fire(Timer timer) {
        timers.fire(timer);
    }

    /** Each job's schedule and next run, as the container's timers will fire them. */
    public List<ScheduleInfo> scheduleInfo() {
        return timers.schedules();
    }

    /** When each scheduled job is due; see {@link JobTimers#due()}. */
    public Map<String, Instant> due() {
        return timers.due();
    }

    /** Hands over the off-host copies, for remote listings, restores and drills; see {@link OffHost}. */
    public void offHost(OffHost copies) {
        jobs.offHost(copies);
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
