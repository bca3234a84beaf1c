package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jobs.JobBusyException;
import io.breakoutbot.ops.jobs.JobRunner;
import io.breakoutbot.ops.jobs.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup operations as the scheduler, the MXBean and the command line run them, through one
 * {@link JobRunner}: they never overlap, and one asked for while another runs waits up to {@link #BUSY_WAIT}
 * for it, then is refused; each is audited with who asked, and a failed backup or drill is remembered until the
 * next one succeeds, for {@code /api/health}.
 */
public final class BackupJobs {

    /** The actor of scheduled runs in the audit trail. */
    public static final String SCHEDULER = "scheduler";

    /**
     * How long a job waits for the one running before it is refused: long enough for a trim or a retention
     * pass the service started on its own, so that one does not cost an operator's or the schedule's backup;
     * short enough that a running backup, restore or drill is reported instead of blocking the caller.
     */
    static final Duration BUSY_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(BackupJobs.class);
    /** For the jobs whose failures health does not report: verify, restore, retention. */
    private static final Consumer<String> NOT_REMEMBERED = why -> {};

    private final Backups backups;
    private final Clock clock;
    private final JobRunner runner;
    private final Duration busyWait;
    private volatile String backupFailure;
    private volatile String drillFailure;
    private volatile OffHost offHost = OffHost.NONE;

    public BackupJobs(Backups backups, Audit audit, Clock clock) {
        this(backups, audit, clock, BUSY_WAIT);
    }

    BackupJobs(Backups backups, Audit audit, Clock clock, Duration busyWait) {
        this.backups = backups;
        this.clock = clock;
        this.busyWait = busyWait;
        this.runner = new JobRunner(running -> "Backup job '" + describe(running) + "'", audit, clock, run -> {});
    }

    public Backups backups() {
        return backups;
    }

    /**
     * Writes a backup, verifies it, then applies the retention rules (only after a verified backup, so a
     * failing backup never costs an older one).
     */
    public BackupRecord backup(String actor) {
        BackupRecord record = run(
                busyWait,
                actor,
                "backup",
                backups.settings().directory().toString(),
                Map.of(),
                () -> {
                    try {
                        return backups.backupNow();
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "the backup could not be written ("
                                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                                e);
                    }
                },
                r -> r.verified()
                        ? null
                        : "the backup " + r.name() + " was written but failed verification; see lastVerification",
                why -> backupFailure = why == null ? null : "the last backup failed: " + why);
        if (record.verified()) {
            try {
                retention(actor);
            } catch (RuntimeException e) {
                // Busy (another run took the lock between the two) or failed (audited and logged): either way the
                // backup stands and its caller hears so; retention runs again after the next one.
                LOG.warn("Backup retention after {} did not run: {}", record.name(), e.getMessage());
            }
        }
        return record;
    }

    public VerifyResult verify(String actor, String name) {
        return run(
                busyWait,
                actor,
                "verify",
                name,
                Map.of(),
                () -> backups.verify(name),
                r -> r.ok() ? null : r.message(),
                NOT_REMEMBERED);
    }

    public RestoreResult restore(String actor, String name, Path target, boolean dryRun) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("target", String.valueOf(target));
        parameters.put("dryRun", dryRun);
        return run(
                busyWait,
                actor,
                dryRun ? "restore-dry-run" : "restore",
                name,
                parameters,
                () -> backups.restore(name, target, dryRun),
                r -> r.ok() ? null : r.message(),
                NOT_REMEMBERED);
    }

    public DrillResult drill(String actor) {
        return run(
                busyWait,
                actor,
                "drill",
                backups.settings().directory().toString(),
                Map.of(),
                backups::drill,
                r -> r.ok() ? null : r.message(),
                why -> drillFailure = why == null ? null : "the last restore drill failed: " + why);
    }

    /** Where remote copies are listed from and fetched; {@link OffHost#NONE} until the remote component starts. */
    public void offHost(OffHost copies) {
        this.offHost = copies == null ? OffHost.NONE : copies;
    }

    public OffHost offHost() {
        return offHost;
    }

    /** This host's remote copies, newest first; a failure to list is one clear sentence. */
    public BackupListing listRemote() {
        try {
            return offHost.list();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Restores the remote copy {@code name}: downloaded into {@code .bot_fetch_*.tmp/} in the backup directory,
     * hashed as it arrives and refused unless it matches its {@code .sha256}, then restored with every local check,
     * then deleted.
     */
    public RestoreResult restoreFromRemote(String actor, String name, Path target, boolean dryRun) {
        BackupNames.require(name);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("target", String.valueOf(target));
        parameters.put("dryRun", dryRun);
        parameters.put("from", offHost.location());
        return run(
                busyWait,
                actor,
                dryRun ? "remote-restore-dry-run" : "remote-restore",
                name,
                parameters,
                () -> fetched(name, archive -> backups.restoreFetched(archive, target, dryRun)),
                r -> r.ok() ? null : r.message(),
                NOT_REMEMBERED);
    }

    /** A restore drill of the newest complete remote copy; see {@link #restoreFromRemote}. */
    public DrillResult drillRemote(String actor) {
        return run(
                busyWait,
                actor,
                "remote-drill",
                offHost.location(),
                Map.of(),
                () -> {
                    BackupListing remote = listRemote();
                    BackupInfo newest = remote.backups().stream()
                            .filter(BackupInfo::checksum)
                            .findFirst()
                            .orElse(null);
                    if (newest == null) {
                        DrillResult none = new DrillResult(
                                offHost.location(),
                                clock.instant().toString(),
                                false,
                                0,
                                0,
                                0,
                                "no complete remote copy to drill in " + offHost.location());
                        return none;
                    }
                    return fetched(
                            newest.name(),
                            archive -> backups.drillFetched(archive, offHost.location() + "backups/" + newest.name()));
                },
                r -> r.ok() ? null : r.message(),
                why -> drillFailure = why == null ? null : "the last restore drill failed: " + why);
    }

    /**
     * The scheduled drill: the local newest backup, or the remote copy when the remote's drill setting asks for it
     * (always, or in turn with the local one).
     */
    public DrillResult scheduledDrill() {
        DrillResult last = backups.lastDrill();
        boolean lastWasRemote = last != null && last.name().startsWith("s3://");
        return offHost.configured() && offHost.drillRemote(lastWasRemote) ? drillRemote(SCHEDULER) : drill(SCHEDULER);
    }

    private <T> T fetched(String name, java.util.function.Function<Path, T> use) {
        Path dir = backups.settings().directory();
        Path into = dir.resolve(".bot_fetch_" + BackupNames.stamp(clock.instant()) + "_"
                + Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong())
                + BackupNames.TEMP_SUFFIX);
        try {
            java.nio.file.Files.createDirectories(dir);
            OwnerOnly.directory(dir);
            // owner-only from its creation: created with the umask's mode, it would be open to others until the
            // check below, which would then warn of a mode that nobody but this method set
            java.nio.file.Files.createDirectory(into, OwnerOnly.DIRECTORY);
            OwnerOnly.directory(into);
            return use.apply(offHost.fetch(name, into));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            try {
                Trees.delete(into);
            } catch (IOException e) {
                LOG.warn("Could not delete the fetched copy {}; the next start sweeps it", into, e);
            }
        }
    }

    public RetentionResult retention(String actor) {
        return run(
                busyWait,
                actor,
                "backup-retention",
                backups.settings().directory().toString(),
                Map.of(),
                () -> {
                    try {
                        return backups.applyRetention();
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "backup retention failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                        + ")",
                                e);
                    }
                },
                r -> r.skipped().isEmpty() ? null : "left " + r.skipped(),
                NOT_REMEMBERED);
    }

    /**
     * Deletes local backups beyond the newest {@code keep} whose off-host copies are verified (see
     * {@link Backups#trimLocal}), as the job {@code backup-trim}: audited, and never while another backup job
     * runs. It does not wait for one: the next pass trims as well.
     *
     * @throws JobBusyException when another backup job runs
     */
    public List<String> trimLocal(String actor, int keep, java.util.Set<String> copiedElsewhere) {
        return run(
                Duration.ZERO,
                actor,
                "backup-trim",
                backups.settings().directory().toString(),
                Map.of("keepLocal", keep),
                () -> {
                    try {
                        return backups.trimLocal(keep, copiedElsewhere);
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not trim the local backups (" + e.getMessage() + ")", e);
                    }
                },
                removed -> null,
                NOT_REMEMBERED);
    }

    /** The backup directory's archives, for the MXBean and REST: an unreadable directory is one clear sentence. */
    public BackupListing list() {
        try {
            return backups.list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + backups.settings().directory() + ": " + e.getMessage(), e);
        }
    }

    /** What runs now and since when ({@code restore since 2026-11-29T04:00:00Z}), or empty. */
    public String running() {
        return runner.running().map(BackupJobs::describe).orElse("");
    }

    private static String describe(JobRunner.Running running) {
        return running.job() + " since " + running.since().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The last run of each job, by job name. */
    public List<RunRecord> lastRuns() {
        return runner.lastRuns();
    }

    /** Why the last backup or drill failed, null when both last succeeded (or never ran). */
    public String lastFailure() {
        String b = backupFailure;
        String d = drillFailure;
        return b == null ? d : d == null ? b : b + "; " + d;
    }

    /** When the newest backup that verified was taken, or null. */
    public Instant newestVerifiedAt() {
        String name = backups.newestVerified();
        return name == null ? null : BackupNames.time(name);
    }

    /** When the last drill that succeeded ran, or null (also when the last one failed). */
    public Instant lastGoodDrillAt() {
        DrillResult drill = backups.lastDrill();
        return drill == null || !drill.ok() ? null : Instant.parse(drill.date());
    }

    private interface Check<T> {
        /** @return null when the result is a success, else why not */
        String problem(T result);
    }

    /**
     * @param remember told the outcome of a run: null for a success, else why it failed (the check's problem or
     *                 the exception's message); not told of a refusal before anything ran
     */
    private <T> T run(
            Duration wait,
            String actor,
            String job,
            String target,
            Map<String, ?> parameters,
            JobRunner.Work<T, RuntimeException> work,
            Check<T> check,
            Consumer<String> remember) {
        T result;
        try {
            result = runner.run(
                    new JobRunner.Request(job, actor, target, parameters),
                    wait,
                    work,
                    r -> new JobRunner.Outcome(check.problem(r), ""));
        } catch (JobBusyException | IllegalArgumentException refused) {
            throw refused; // another run, a bad name: nothing ran that could fail
        } catch (RuntimeException e) {
            remember.accept(e.getMessage());
            LOG.error("{} {} failed: {}", job, target, e.getMessage(), e);
            throw e;
        }
        remember.accept(check.problem(result));
        return result;
    }
}
