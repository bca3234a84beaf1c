package io.breakoutbot.ops.metrics;

import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.alerts.LogWatch;
import io.breakoutbot.ops.alerts.WebhookSender;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.BackupTimers;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.bot.Bot;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotTimers;
import io.breakoutbot.ops.bot.RestartGuard;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.lifecycle.LogStats;
import io.breakoutbot.ops.lifecycle.LogUsage;
import io.breakoutbot.ops.lifecycle.MaintenanceTimers;
import io.breakoutbot.ops.logs.LogSegment;
import io.breakoutbot.ops.monitoring.Metric;
import io.breakoutbot.ops.monitoring.Monitor;
import io.breakoutbot.ops.monitoring.ProcessFigures;
import io.breakoutbot.ops.monitoring.ResourceMonitor;
import io.breakoutbot.ops.monitoring.Sample;
import io.breakoutbot.ops.monitoring.State;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Our figures in MicroProfile Metrics' application scope, which Payara serves as Prometheus text at
 * {@code /metrics?scope=application}. Every metric is a gauge read from state the background jobs keep, so
 * a scrape costs no sampling. Names start with {@code ops_}; units follow Prometheus conventions (bytes,
 * seconds, percent) and MicroProfile appends them to the name.
 */
@Singleton
@Startup
@DependsOn("ResourceMonitor") // BackupTimers starts on first use; a second name here made Payara report a cycle that is
// not there
public class PrometheusMetrics {

    private static final long LISTING_REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    ResourceMonitor resources;

    @Inject
    Alerting alerting;

    @Inject
    LogWatch logWatch;

    @Inject
    MaintenanceTimers maintenance;

    @Inject
    BackupTimers backup;

    @Inject
    BotTimers botTimers;

    @PostConstruct
    void register() {
        Monitor monitor = resources.monitor();
        for (Metric metric : Metric.values()) {
            Tag tag = new Tag("metric", metric.label());
            gauge(
                    "ops_resource_state",
                    MetricUnits.NONE,
                    "Threshold state: 0 OK, 1 WARNING, 2 CRITICAL, -1 UNAVAILABLE",
                    () -> stateValue(monitor.evaluator().states().getOrDefault(metric, State.OK)),
                    tag);
            if (metric.unit() == Metric.Unit.COUNT) {
                // A count is no ratio: its value is ops_bot_threads, and its levels are named after it
                // (a name ending in _count would read as a histogram's to Prometheus).
                String name = "ops_" + metric.label().replace('.', '_');
                gauge(
                        name + "_warning",
                        MetricUnits.NONE,
                        "Warning level of " + metric.label() + ", a count",
                        () -> monitor.evaluator().settings().of(metric).warning());
                gauge(
                        name + "_critical",
                        MetricUnits.NONE,
                        "Critical level of " + metric.label() + ", a count",
                        () -> monitor.evaluator().settings().of(metric).critical());
                continue;
            }
            // Prometheus ratios run from 0 to 1; MicroProfile names a PERCENT unit "_ratio" without scaling it
            gauge(
                    "ops_resource",
                    MetricUnits.PERCENT,
                    "Resource use as a ratio 0 to 1 (cpu, memory, fullest disk, file descriptors; the bot's cpu, "
                            + "memory and file descriptors)",
                    () -> monitor.history()
                            .latest()
                            .map(s -> s.value(metric) / 100)
                            .orElse(Double.NaN),
                    tag);
            gauge(
                    "ops_threshold_warning",
                    MetricUnits.PERCENT,
                    "Warning level as a ratio 0 to 1",
                    () -> monitor.evaluator().settings().of(metric).warning() / 100,
                    tag);
            gauge(
                    "ops_threshold_critical",
                    MetricUnits.PERCENT,
                    "Critical level as a ratio 0 to 1",
                    () -> monitor.evaluator().settings().of(metric).critical() / 100,
                    tag);
        }
        registerBot(monitor);
        gauge(
                "ops_memory_used",
                MetricUnits.BYTES,
                "Physical memory in use",
                () -> monitor.history()
                        .latest()
                        .map(s -> (double) s.memoryUsedBytes())
                        .orElse(Double.NaN));
        gauge(
                "ops_threads",
                MetricUnits.NONE,
                "Live threads of this JVM",
                () -> monitor.history().latest().map(s -> (double) s.threads()).orElse(Double.NaN));
        gauge(
                "ops_open_file_descriptors",
                MetricUnits.NONE,
                "File descriptors this JVM has open",
                () -> monitor.history()
                        .latest()
                        .map(s -> (double) s.openFileDescriptors())
                        .orElse(Double.NaN));
        gauge("ops_alerts_active", MetricUnits.NONE, "Alerts whose condition holds now", () ->
                (double) (monitor.alerts().active().size() + logWatch.active().size()));
        WebhookSender sender = alerting.sender();
        gauge("ops_alert_deliveries_sent", MetricUnits.NONE, "Webhook deliveries accepted since start", () ->
                (double) sender.sent());
        gauge("ops_alert_deliveries_failed", MetricUnits.NONE, "Webhook deliveries given up since start", () ->
                (double) sender.failed());
        gauge("ops_log_directory", MetricUnits.BYTES, "Size of the log directory", () ->
                (double) maintenance.stats().totalBytes());
        for (String file :
                Arrays.stream(LogSegment.values()).map(LogSegment::fileName).toList()) {
            gauge(
                    "ops_log_file",
                    MetricUnits.BYTES,
                    "Size of one of our active log files",
                    () -> logUsage(maintenance.stats(), file),
                    new Tag("file", file));
        }
        gauge("ops_retention_freed", MetricUnits.BYTES, "Bytes the last retention sweep freed", () ->
                (double) maintenance.stats().bytesFreedLastRun());
        for (String job : maintenance.schedules().keySet()) {
            gauge(
                    "ops_job_last_run_timestamp",
                    MetricUnits.SECONDS,
                    "When a maintenance job last started, Unix time",
                    () -> lastRun(job)
                            .map(r -> (double) Instant.parse(r.startedAt()).getEpochSecond())
                            .orElse(Double.NaN),
                    new Tag("job", job));
            gauge(
                    "ops_job_last_success",
                    MetricUnits.NONE,
                    "1 when a maintenance job's last run succeeded, 0 when it failed",
                    () -> lastRun(job)
                            .map(r -> r.outcome().equals("success") ? 1.0 : 0.0)
                            .orElse(Double.NaN),
                    new Tag("job", job));
        }
        registerBackup(backup.jobs());
    }

    /** The bot's process figures from the latest sample; NaN before the first sample and without a bot. */
    private void registerBot(Monitor monitor) {
        gauge(
                "ops_bot_cpu_percent",
                MetricUnits.NONE,
                "CPU use of the bot's process, percent of all cores 0 to 100",
                () -> bot(monitor, f -> f.cpuPercent()));
        gauge(
                "ops_bot_resident_memory",
                MetricUnits.BYTES,
                "Resident memory of the bot's process",
                () -> bot(monitor, f -> known(f.residentBytes())));
        gauge(
                "ops_bot_threads",
                MetricUnits.NONE,
                "Threads of the bot's process",
                () -> bot(monitor, f -> known(f.threads())));
        gauge(
                "ops_bot_open_file_descriptors",
                MetricUnits.NONE,
                "File descriptors the bot's process has open",
                () -> bot(monitor, f -> known(f.openFileDescriptors())));
        // The check's own state: NaN while no bot check is configured, so no rule mistakes "off" for "down".
        gauge(
                "ops_bot_up",
                MetricUnits.NONE,
                "1 when the bot's last check was UP or DEGRADED (it answers), 0 when DOWN",
                () -> botState(s -> switch (s.status()) {
                    case UP, DEGRADED -> 1.0;
                    case DOWN -> 0.0;
                    case UNKNOWN -> Double.NaN;
                }));
        gauge(
                "ops_bot_status",
                MetricUnits.NONE,
                "The bot's last check: 0 UP, 1 DEGRADED, 2 DOWN",
                () -> botState(s -> switch (s.status()) {
                    case UP -> 0.0;
                    case DEGRADED -> 1.0;
                    case DOWN -> 2.0;
                    case UNKNOWN -> Double.NaN;
                }));
        gauge(
                "ops_bot_health_latency",
                MetricUnits.SECONDS,
                "Answer time of the bot's health URL at the last check",
                () -> botState(s -> s.latencyMs() < 0 ? Double.NaN : s.latencyMs() / 1000.0));
        gauge(
                "ops_bot_restarts",
                MetricUnits.NONE,
                "Restarts of the bot since this service started, automatic and by operators",
                () -> botState(s -> (double) s.restartsTotal()));
        gauge(
                "ops_bot_restarts_paused",
                MetricUnits.NONE,
                "1 while the loop guard pauses the bot's restarts, until an operator resumes them; else 0",
                () -> botState(s -> s.restartGuard() == RestartGuard.PAUSED_BY_LOOP_GUARD ? 1.0 : 0.0));
    }

    private double botState(java.util.function.ToDoubleFunction<BotState> value) {
        Bot b = botTimers.bot();
        return b == null || !b.enabled() ? Double.NaN : value.applyAsDouble(b.state());
    }

    private static double bot(Monitor monitor, java.util.function.ToDoubleFunction<ProcessFigures> value) {
        return monitor.history()
                .latest()
                .map(Sample::bot)
                .map(value::applyAsDouble)
                .orElse(Double.NaN);
    }

    /** -1, our "could not be read", is NaN to Prometheus. */
    private static double known(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private void registerBackup(BackupJobs jobs) {
        gauge(
                "ops_backup_newest_verified_timestamp",
                MetricUnits.SECONDS,
                "When the newest backup that passed verification was taken, Unix time",
                () -> unixSeconds(jobs.newestVerifiedAt()));
        gauge(
                "ops_backup_last_size",
                MetricUnits.BYTES,
                "Size of the last backup archive written",
                () -> lastBackup(jobs, r -> (double) r.archiveBytes()));
        gauge(
                "ops_backup_last_duration",
                MetricUnits.SECONDS,
                "Time the last backup took to write",
                () -> lastBackup(jobs, r -> r.durationMs() / 1000.0));
        gauge(
                "ops_backup_last_verified",
                MetricUnits.NONE,
                "1 when the last backup passed verification, 0 when not",
                () -> lastBackup(jobs, r -> r.verified() ? 1.0 : 0.0));
        gauge(
                "ops_backup_drill_last_success_timestamp",
                MetricUnits.SECONDS,
                "When the last successful restore drill ran, Unix time",
                () -> unixSeconds(jobs.lastGoodDrillAt()));
        gauge(
                "ops_backup_drill_last_ok",
                MetricUnits.NONE,
                "1 when the last restore drill succeeded, 0 when it failed",
                () -> {
                    DrillResult d = jobs.backups().lastDrill();
                    return d == null ? Double.NaN : d.ok() ? 1.0 : 0.0;
                });
        gauge(
                "ops_backups",
                MetricUnits.NONE,
                "Backup archives in the backup directory",
                () -> listing(jobs, l -> (double) l.backups().size()));
        gauge(
                "ops_backup_directory",
                MetricUnits.BYTES,
                "Bytes the backup archives and their checksums take",
                () -> listing(jobs, l -> (double) l.totalBytes()));
    }

    private static double unixSeconds(Instant instant) {
        return instant == null ? Double.NaN : instant.getEpochSecond();
    }

    private static double lastBackup(BackupJobs jobs, java.util.function.ToDoubleFunction<BackupRecord> value) {
        BackupRecord r = jobs.backups().lastBackup();
        return r == null ? Double.NaN : value.applyAsDouble(r);
    }

    /** A listing of the backup directory and when it was made ({@link System#nanoTime()}). */
    private record Listed(BackupListing listing, long atNanos) {}

    /** One listing serves both backup-directory gauges of a scrape, which are read microseconds apart. */
    private volatile Listed listed;

    private double listing(BackupJobs jobs, java.util.function.ToDoubleFunction<BackupListing> value) {
        long now = System.nanoTime();
        Listed l = listed;
        if (l == null || now - l.atNanos() > LISTING_REUSE_NANOS) {
            try {
                l = new Listed(jobs.backups().list(), now);
            } catch (java.io.IOException | RuntimeException e) {
                return Double.NaN; // a scrape must not fail; health and the MXBean report the directory's trouble
            }
            listed = l;
        }
        return value.applyAsDouble(l.listing());
    }

    private java.util.Optional<RunRecord> lastRun(String job) {
        return maintenance.maintenance().lastRuns().stream()
                .filter(r -> r.job().equals(job))
                .findFirst();
    }

    private static double logUsage(LogStats stats, String file) {
        return stats.logs().stream()
                .filter(u -> u.log().equals(file))
                .mapToLong(LogUsage::activeBytes)
                .findFirst()
                .orElse(0);
    }

    private static double stateValue(State state) {
        return switch (state) {
            case OK -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
            case UNAVAILABLE -> -1;
        };
    }

    private void gauge(String name, String unit, String help, Supplier<Double> value, Tag... tags) {
        Metadata metadata = Metadata.builder()
                .withName(name)
                .withUnit(unit)
                .withDescription(help)
                .build();
        registry.gauge(metadata, value, tags);
    }
}
