package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.files.Deletion;
import io.breakoutbot.ops.files.SafeDelete;
import io.breakoutbot.ops.jobs.JobBusyException;
import io.breakoutbot.ops.jobs.JobRunner;
import io.breakoutbot.ops.jobs.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every maintenance job, whoever asks for it: a timer, or an operator over JMX or REST. Jobs never overlap;
 * one that cannot start within its wait is refused with a sentence saying what runs ({@link JobRunner}).
 * Each run is audited, recorded as the job's last run and leaves a structured line in metrics.log. The retention policy can be changed
 * while running; a change is validated and audited, and lasts until the next start.
 */
public class Maintenance {

    public static final String SCHEDULER = "scheduler";

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final LogLifecycle lifecycle;
    private final LogArchiver archiver;
    private final List<DirectoryPolicy> otherDirectories;
    private final Runnable setup;
    private final Audit audit;
    private final Clock clock;
    private final JobRunner runner;
    private final ThreadFactory threads;
    private volatile RetentionPolicy policy;
    private volatile Consumer<RetentionPolicy> policyListener = p -> {};

    /**
     * @param setup re-reads the logging configuration and reopens our files; throws
     *              {@link IllegalArgumentException} when the new configuration is invalid
     * @param threads where the threads of a large prune of another directory come from
     */
    public Maintenance(
            LogLifecycle lifecycle,
            LogArchiver archiver,
            RetentionPolicy policy,
            List<DirectoryPolicy> otherDirectories,
            Runnable setup,
            Audit audit,
            Clock clock,
            ThreadFactory threads) {
        this.lifecycle = lifecycle;
        this.archiver = archiver;
        this.policy = policy;
        this.otherDirectories = List.copyOf(otherDirectories);
        this.setup = setup;
        this.audit = audit;
        this.clock = clock;
        this.runner =
                new JobRunner(running -> "Maintenance job '" + running.job() + "'", audit, clock, this::logMetrics);
        this.threads = threads;
    }

    public RetentionPolicy policy() {
        return policy;
    }

    public LogLifecycle lifecycle() {
        return lifecycle;
    }

    /** @return the last run of each job, by job name */
    public List<RunRecord> lastRuns() {
        return runner.lastRuns();
    }

    /** Told of every policy change, e.g. so logback keeps the same number of backups as retention. */
    public void onPolicyChange(Consumer<RetentionPolicy> listener) {
        this.policyListener = listener;
    }

    /**
     * Changes the policy in force; {@code change} validates by building the new policy. Audited. Serialized,
     * so two operators changing different rules at once both get their change.
     */
    public synchronized void changePolicy(String actor, String what, UnaryOperator<RetentionPolicy> change) {
        RetentionPolicy before = policy;
        RetentionPolicy changed = change.apply(before);
        policy = changed;
        audit.record(new AuditEntry(
                actor,
                "set-" + what,
                lifecycle.directory().toString(),
                Map.of("from", describe(before), "to", describe(changed)),
                "success"));
        policyListener.accept(changed);
    }

    private static String describe(RetentionPolicy p) {
        return "backups=" + p.backups() + " days=" + p.maxAgeDays() + " maxTotalSize="
                + ByteSize.format(p.maxTotalBytes()) + " deleteFirst=" + String.join(",", p.deleteFirst());
    }

    /** Lists what {@link #cleanup} would delete, with the age rule set to {@code days}; deletes nothing. */
    public SweepResult preview(int days) {
        RetentionPolicy.requireDays(days);
        try {
            return lifecycle.sweep(policy.withMaxAgeDays(days), true);
        } catch (IOException e) {
            throw failed("preview the cleanup of", e);
        }
    }

    /** {@code opsctl --cleanup --days N}: all three rules, the age rule set to {@code days}. */
    public SweepResult cleanup(String actor, int days, Duration wait) {
        RetentionPolicy.requireDays(days);
        return run(
                "cleanup",
                actor,
                Map.of("days", days),
                wait,
                () -> lifecycle.sweep(policy.withMaxAgeDays(days), false),
                r -> r.removed().size() + " files deleted, " + r.bytesFreed() + " bytes freed, " + r.bytesRemaining()
                        + " bytes remain");
    }

    /** The daily retention job: the rules on logs/, then reports and backtest results. */
    public SweepResult retention(String actor, Duration wait) {
        List<String> pruned = new ArrayList<>();
        return run(
                "retention",
                actor,
                Map.of(),
                wait,
                () -> {
                    SweepResult logs = lifecycle.sweep(policy, false);
                    for (DirectoryPolicy other : otherDirectories) {
                        SafeDelete.Outcome outcome = prune(other);
                        if (!outcome.deleted().isEmpty()) {
                            pruned.add(outcome.deleted().size() + " from "
                                    + other.directory().getFileName());
                        }
                    }
                    return logs;
                },
                r -> r.removed().size() + " log files deleted, " + r.bytesFreed() + " bytes freed, "
                        + r.bytesRemaining() + " bytes remain"
                        + (pruned.isEmpty() ? "" : "; pruned " + String.join(", ", pruned)));
    }

    /**
     * The monitor's answer to a full disk: the retention rules with the size cap lowered to
     * {@code targetBytes}, so rotated logs go in the usual order until the directory is that small. The
     * audit trail's young files stay unless the disk is still full afterwards (see
     * {@link LogLifecycle#emergencySweep}); the result's warning then says what was lost.
     */
    public SweepResult emergencyCleanup(String actor, long targetBytes, Duration wait) {
        return run(
                "emergency-cleanup",
                actor,
                Map.of("targetBytes", targetBytes),
                wait,
                () -> lifecycle.emergencySweep(new RetentionPolicy(
                        policy.backups(),
                        policy.maxAgeDays(),
                        Math.min(targetBytes, policy.maxTotalBytes()),
                        policy.deleteFirst())),
                r -> r.removed().size() + " files deleted, " + r.bytesFreed() + " bytes freed, " + r.bytesRemaining()
                        + " bytes remain" + (r.warning().isEmpty() ? "" : ". " + r.warning()));
    }

    /** Every five minutes: rotate what reached its size, then enforce the cap only when it is exceeded. */
    public RotationResult sizeCheck(String actor, Duration wait) {
        return run(
                "sizeCheck",
                actor,
                Map.of(),
                wait,
                () -> {
                    RotationResult rotation = lifecycle.rotate(false);
                    if (lifecycle.stats().totalBytes() > policy.maxTotalBytes()) {
                        SweepResult sweep = lifecycle.sweep(policy, false);
                        LOG.info(
                                "Size cap of {} exceeded: deleted {} files, freed {} bytes",
                                ByteSize.format(policy.maxTotalBytes()),
                                sweep.removed().size(),
                                sweep.bytesFreed());
                    }
                    return rotation;
                },
                r -> r.rotated().size() + " rotated, " + r.compressed().size() + " compressed, "
                        + r.failures().size() + " failures");
    }

    /** Rotates every non-empty log now, whatever its size. */
    public RotationResult rotateAll(String actor, Duration wait) {
        return run(
                "rotation",
                actor,
                Map.of(),
                wait,
                () -> lifecycle.rotate(true),
                r -> r.rotated().size() + " rotated, " + r.compressed().size() + " compressed, "
                        + r.failures().size() + " failures");
    }

    /** Rotates that log only, now; {@code log} is checked before anything is touched. */
    public RotationResult rotate(String actor, String log, Duration wait) {
        try {
            lifecycle.requireLog(log);
        } catch (IOException e) {
            throw failed("list the logs of", e);
        } catch (IllegalArgumentException refused) {
            // Refused before anything was touched: audited, but not a run of the job.
            audit.record(new AuditEntry(
                    actor,
                    "rotate",
                    lifecycle.directory().toString(),
                    Map.of("log", String.valueOf(log)),
                    "failure: " + refused.getMessage()));
            throw refused;
        }
        return run(
                "rotate",
                actor,
                Map.of("log", String.valueOf(log)),
                wait,
                () -> lifecycle.rotate(log),
                r -> r.rotated().size() + " rotated, " + r.compressed().size() + " compressed, "
                        + r.failures().size() + " failures");
    }

    public ArchiveResult archive(String actor, Duration wait) {
        return run(
                "archive",
                actor,
                Map.of(),
                wait,
                () -> archiver.archive(lifecycle.directory()),
                r -> r.archive() + ": " + r.files() + " files, " + r.archiveBytes() + " bytes, "
                        + r.pruned().size() + " old archives deleted");
    }

    /** {@code opsctl --setup}: re-reads the logging settings and reopens our files. */
    public void setup(String actor, Duration wait) {
        run(
                "setup",
                actor,
                Map.of(),
                wait,
                () -> {
                    setup.run();
                    return "logging reconfigured";
                },
                r -> r);
    }

    public LogStats stats() {
        try {
            return lifecycle.stats();
        } catch (IOException e) {
            throw failed("read", e);
        }
    }

    private SafeDelete.Outcome prune(DirectoryPolicy other) throws IOException {
        if (!Files.isDirectory(other.directory())) {
            return new SafeDelete.Outcome(List.of(), List.of());
        }
        List<LogFile> files = new LogScanner(List.of()).scan(other.directory());
        List<Deletion> plan = SweepPlan.planDirectory(files, other, clock.instant());
        SafeDelete.Outcome outcome = SafeDelete.delete(other.directory(), plan, threads);
        if (!outcome.deleted().isEmpty()) {
            LOG.info(
                    "Pruned {} files ({} bytes) from {}",
                    outcome.deleted().size(),
                    outcome.bytesFreed(),
                    other.directory());
        }
        return outcome;
    }

    private <T> T run(
            String job,
            String actor,
            Map<String, ?> parameters,
            Duration wait,
            JobRunner.Work<T, IOException> work,
            Function<T, String> summary) {
        try {
            return runner.run(
                    new JobRunner.Request(job, actor, lifecycle.directory().toString(), parameters),
                    wait,
                    work,
                    result -> JobRunner.Outcome.success(summary.apply(result)));
        } catch (JobBusyException | IllegalArgumentException refusedOrInvalid) {
            throw refusedOrInvalid; // e.g. setup meeting a bad setting: the operator needs that sentence as it is
        } catch (IOException | RuntimeException e) {
            throw failed(job, e);
        }
    }

    /** metrics.log gets the numbers, for trends: one structured line per run. */
    private void logMetrics(RunRecord run) {
        LogStats stats;
        try {
            stats = lifecycle.stats();
        } catch (IOException e) {
            LOG.warn(
                    "No metrics line for maintenance {}: cannot read {}: {}",
                    run.job(),
                    lifecycle.directory(),
                    e.getMessage());
            return;
        }
        try (MDC.MDCCloseable metrics = MDC.putCloseable("component", "metrics")) {
            LOG.atInfo()
                    .addKeyValue("job", run.job())
                    .addKeyValue("durationMs", run.durationMs())
                    .addKeyValue("outcome", run.outcome())
                    .addKeyValue("logFiles", stats.files())
                    .addKeyValue("logBytes", stats.totalBytes())
                    .addKeyValue("bytesFreed", stats.bytesFreedLastRun())
                    .log(
                            "maintenance {} took {} ms: {}",
                            run.job(),
                            run.durationMs(),
                            run.summary().isEmpty() ? run.outcome() : run.summary());
        }
    }

    private IllegalStateException failed(String what, Exception e) {
        return new IllegalStateException("Could not " + what + " " + lifecycle.directory() + ": " + e.getMessage(), e);
    }
}
