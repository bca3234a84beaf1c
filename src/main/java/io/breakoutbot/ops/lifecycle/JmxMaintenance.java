package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.jmx.MBeans;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code io.breakoutbot.ops:type=Maintenance} MXBean: names the JMX user as the actor, validates
 * arguments with sentences an operator understands, and hands the work to {@link Maintenance}.
 */
class JmxMaintenance implements MaintenanceMXBean {

    /** A manual run waits this long for a scheduled one to end before it is refused. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Maintenance maintenance;
    private final Supplier<List<ScheduleInfo>> schedules;
    private final List<RotationRule> rules;
    private final StatsCache stats;

    public JmxMaintenance(
            Maintenance maintenance,
            List<RotationRule> rules,
            Supplier<List<ScheduleInfo>> schedules,
            StatsCache stats) {
        this.maintenance = maintenance;
        this.rules = List.copyOf(rules);
        this.schedules = schedules;
        this.stats = stats;
    }

    private static String actor() {
        return MBeans.caller();
    }

    @Override
    public String getLogDirectory() {
        return maintenance.lifecycle().directory().toString();
    }

    @Override
    public int getBackups() {
        return maintenance.policy().backups();
    }

    @Override
    public void setBackups(int backups) {
        maintenance.changePolicy(
                actor(),
                "backups",
                p -> new RetentionPolicy(backups, p.maxAgeDays(), p.maxTotalBytes(), p.deleteFirst()));
    }

    @Override
    public int getMaxAgeDays() {
        return maintenance.policy().maxAgeDays();
    }

    @Override
    public void setMaxAgeDays(int days) {
        maintenance.changePolicy(actor(), "maxAgeDays", p -> p.withMaxAgeDays(days));
    }

    @Override
    public String getMaxTotalSize() {
        return ByteSize.format(maintenance.policy().maxTotalBytes());
    }

    @Override
    public void setMaxTotalSize(String size) {
        long bytes;
        try {
            bytes = ByteSize.parse(size == null ? "" : size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The size cap must be a size greater than zero in B, KB, MB or GB, "
                    + "like 50MB, not '" + size + "'.");
        }
        maintenance.changePolicy(
                actor(), "maxTotalSize", p -> new RetentionPolicy(p.backups(), p.maxAgeDays(), bytes, p.deleteFirst()));
    }

    @Override
    public String[] getDeleteFirst() {
        return maintenance.policy().deleteFirst().toArray(String[]::new);
    }

    @Override
    public void setDeleteFirst(String[] order) {
        if (order != null && Arrays.stream(order).anyMatch(n -> n != null && n.contains("/"))) {
            throw new IllegalArgumentException(
                    "The deletion order names logs in the log directory, without a directory.");
        }
        List<String> names = order == null
                ? List.of()
                : Arrays.stream(order).map(String::trim).toList();
        maintenance.changePolicy(
                actor(),
                "deleteFirst",
                p -> new RetentionPolicy(p.backups(), p.maxAgeDays(), p.maxTotalBytes(), names));
    }

    @Override
    public String[] getRotationRules() {
        return rules.stream().map(RotationRule::toString).toArray(String[]::new);
    }

    /** Cached for a few seconds: JConsole polls attributes. The {@link #stats()} operation is always fresh. */
    @Override
    public LogStats getStats() {
        return stats.get();
    }

    @Override
    public List<ScheduleInfo> getSchedules() {
        return schedules.get();
    }

    @Override
    public List<RunRecord> getLastRuns() {
        return maintenance.lastRuns();
    }

    @Override
    public SweepResult cleanup(int days) {
        return maintenance.cleanup(actor(), days, WAIT);
    }

    @Override
    public SweepResult cleanupPreview(int days) {
        return maintenance.preview(days);
    }

    @Override
    public LogStats stats() {
        return maintenance.stats();
    }

    @Override
    public RotationResult rotateNow() {
        return maintenance.rotateAll(actor(), WAIT);
    }

    @Override
    public RotationResult rotate(String log) {
        return maintenance.rotate(actor(), log, WAIT);
    }

    @Override
    public ArchiveResult archiveLogs() {
        return maintenance.archive(actor(), WAIT);
    }

    @Override
    public String setup() {
        try {
            maintenance.setup(actor(), WAIT);
        } catch (IllegalArgumentException badSetting) {
            // the setting's own exception class is ours, which a JMX client such as JConsole cannot load
            throw new IllegalArgumentException(badSetting.getMessage());
        }
        return "Logging settings re-read; log files reopened in " + getLogDirectory();
    }
}
