package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.jmx.MBeans;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code io.breakoutbot.ops:type=Backup} MXBean: names the JMX user as the actor and hands the work to
 * {@link BackupJobs}, which audits it.
 */
class JmxBackup implements BackupMXBean {

    private final BackupJobs jobs;
    private final Supplier<List<ScheduleInfo>> schedules;

    public JmxBackup(BackupJobs jobs, Supplier<List<ScheduleInfo>> schedules) {
        this.jobs = jobs;
        this.schedules = schedules;
    }

    private BackupSettings settings() {
        return jobs.backups().settings();
    }

    @Override
    public String getBackupDirectory() {
        return settings().directory().toString();
    }

    @Override
    public String[] getSources() {
        return settings().sources().stream().map(Path::toString).toArray(String[]::new);
    }

    @Override
    public boolean isEncrypted() {
        return settings().keyFile() != null;
    }

    @Override
    public String getRetentionPolicy() {
        return settings().retention().describe();
    }

    @Override
    public String getRestoreLimits() {
        RestoreLimits l = settings().limits();
        return "at most " + l.maxEntries() + " entries, " + ByteSize.format(l.maxTotalBytes()) + " declared, "
                + l.maxRatio() + ":1 compression ratio";
    }

    @Override
    public BackupRecord getLastBackup() {
        return jobs.backups().lastBackup();
    }

    @Override
    public VerifyResult getLastVerification() {
        return jobs.backups().lastVerify();
    }

    @Override
    public DrillResult getLastDrill() {
        return jobs.backups().lastDrill();
    }

    @Override
    public String getLastFailure() {
        String failure = jobs.lastFailure();
        return failure == null ? "" : failure;
    }

    @Override
    public String getRunning() {
        return jobs.running();
    }

    @Override
    public List<ScheduleInfo> getSchedules() {
        return schedules.get();
    }

    @Override
    public BackupListing list() {
        return jobs.list();
    }

    @Override
    public BackupRecord backupNow() {
        return jobs.backup(MBeans.caller());
    }

    @Override
    public VerifyResult verify(String name) {
        return jobs.verify(MBeans.caller(), name);
    }

    @Override
    public OffHostStatus getOffHost() {
        return jobs.offHost().status();
    }

    @Override
    public BackupListing listRemote() {
        return jobs.listRemote();
    }

    @Override
    public RestoreResult restoreFromRemote(String name, String target, boolean dryRun) {
        return jobs.restoreFromRemote(MBeans.caller(), name, target(target), dryRun);
    }

    @Override
    public DrillResult drillRemote() {
        return jobs.drillRemote(MBeans.caller());
    }

    @Override
    public RestoreResult restore(String name, String target, boolean dryRun) {
        return jobs.restore(MBeans.caller(), name, target(target), dryRun);
    }

    private static Path target(String target) {
        Path path;
        try {
            path = target == null || target.isBlank() ? null : Path.of(target);
        } catch (InvalidPathException e) {
            path = null;
        }
        if (path == null || !path.isAbsolute()) {
            throw new IllegalArgumentException(
                    "The restore target must be an absolute directory, like /var/lib/breakout-ops, not '" + target
                            + "'.");
        }
        return path.normalize();
    }

    @Override
    public DrillResult drillNow() {
        return jobs.drill(MBeans.caller());
    }

    @Override
    public RetentionResult applyRetention() {
        return jobs.retention(MBeans.caller());
    }
}
