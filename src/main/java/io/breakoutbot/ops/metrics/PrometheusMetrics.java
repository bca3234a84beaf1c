package io.breakoutbot.ops.metrics;

import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.alerts.AlertmanagerSender;
import io.breakoutbot.ops.alerts.LogWatch;
import io.breakoutbot.ops.alerts.WebhookSender;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.BackupTimers;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.bot.Bot;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotStatus;
import io.breakoutbot.ops.bot.BotTimers;
import io.breakoutbot.ops.bot.RestartGuard;
import io.breakoutbot.ops.health.HealthService;
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
import io.breakoutbot.ops.remote.RemoteCopies;
import io.breakoutbot.ops.remote.RemoteTimers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our figures in MicroProfile Metrics' application scope, which Payara serves as Prometheus text at
 * {@code /metrics?scope=application}. Gauges are read from state the background jobs keep, so a scrape costs no
 * sampling; counters (Payara appends {@code _total}) follow running totals the sources keep, brought up to date
 * every second (see {@link Tally}). Names start with {@code ops_}; units follow Prometheus conventions (bytes,
 * seconds, ratio) and MicroProfile appends them to the name.
 *
 * <p>No label is named {@code job} or {@code instance}: Prometheus sets those from the scrape, and would rename
 * ours to {@code exported_job}. A figure that does not exist (a job that never ran, no backup yet, no bot
 * configured, no sample yet) is left out, never NaN, so rules such as {@code ops_job_last_success == 0} simply
 * have no series to match. Payara's exporter leaves out a gauge that throws {@link IllegalStateException} (a null
 * value would fail the whole scrape with a 500), so that is how a supplier here says "none".
 */
@Singleton
@Startup
@DependsOn("ResourceMonitor") // BackupTimers starts on first use; a second name here made Payara report a cycle that is
// not there
public class PrometheusMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);
    private static final long LISTING_REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CATCH_UP_MILLIS = 1000;

    /** The value of {@code receiver_kind} on the delivery counters for webhooks. */
    static final String WEBHOOK = "webhook";

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Resource
    TimerService timerService;

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
    RemoteTimers remote;

    @Inject
    BotTimers botTimers;

    @Inject
    HealthService health;

    private final List<Tally<?>> tallies = new CopyOnWriteArrayList<>();

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
                            + "memory and file descriptors); left out before the first sample and without a bot",
                    () -> latest(monitor, s -> s.value(metric) / 100),
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
        registerBot();
        gauge(
                "ops_start_time",
                MetricUnits.SECONDS,
                "When this service's JVM started, Unix time",
                () -> ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        gauge(
                "ops_memory_used",
                MetricUnits.BYTES,
                "Physical memory in use",
                () -> latest(monitor, s -> (double) s.memoryUsedBytes()));
        gauge(
                "ops_threads",
                MetricUnits.NONE,
                "Live threads of this JVM",
                () -> latest(monitor, s -> (double) s.threads()));
        gauge(
                "ops_open_file_descriptors",
                MetricUnits.NONE,
                "File descriptors this JVM has open",
                () -> latest(monitor, s -> (double) s.openFileDescriptors()));
        gauge(
                "ops_health_status",
                MetricUnits.NONE,
                "The overall health /api/health reports: 0 UP, 1 DEGRADED, 2 DOWN",
                this::healthStatus);
        gauge("ops_alerts_active", MetricUnits.NONE, "Alerts whose condition holds now", () ->
                (double) (monitor.alerts().active().size() + logWatch.active().size()));
        deliveries(
                WEBHOOK,
                alerting::sender,
                WebhookSender::sent,
                WebhookSender::failed,
                WebhookSender::dropped,
                WebhookSender::retried);
        // The push has no queue that drops: an alert Alertmanager did not take goes again in the next round.
        deliveries(
                "alertmanager",
                alerting::alertmanagers,
                AlertmanagerSender::sent,
                AlertmanagerSender::failed,
                s -> 0,
                AlertmanagerSender::retried);
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
        gauge(
                "ops_retention_freed",
                MetricUnits.BYTES,
                "Bytes the last retention sweep freed (0 before the first)",
                () -> (double) maintenance.stats().bytesFreedLastRun());
        for (String task : maintenance.schedules().keySet()) {
            gauge(
                    "ops_job_last_run_timestamp",
                    MetricUnits.SECONDS,
                    "When a maintenance task last started, Unix time; left out before its first run",
                    () -> lastRun(maintenance.maintenance().lastRuns(), task)
                            .map(r -> (double) Instant.parse(r.startedAt()).getEpochSecond())
                            .orElse(null),
                    new Tag("task", task));
            gauge(
                    "ops_job_last_success",
                    MetricUnits.NONE,
                    "1 when a maintenance task's last run succeeded, 0 when it failed; left out before its first run",
                    () -> lastRun(maintenance.maintenance().lastRuns(), task)
                            .map(PrometheusMetrics::success)
                            .orElse(null),
                    new Tag("task", task));
        }
        registerBackup(backup.jobs());
        if (remote.copies() != null) {
            registerRemote(remote.copies());
        }
        timerService.createIntervalTimer(0, CATCH_UP_MILLIS, new TimerConfig("metrics-counters", false));
    }

    @Timeout
    void catchUp() {
        for (Tally<?> tally : tallies) {
            try {
                tally.catchUp();
            } catch (RuntimeException e) {
                LOG.warn("Could not bring a Prometheus counter up to date", e);
            }
        }
    }

    /**
     * Delivery counters of one kind of receiver. One label, {@code receiver_kind}, so that webhooks and
     * Alertmanager share the series names and one rule covers both.
     */
    private <S> void deliveries(
            String kind,
            Supplier<S> source,
            ToLongFunction<S> sent,
            ToLongFunction<S> failed,
            ToLongFunction<S> dropped,
            ToLongFunction<S> retried) {
        Tag tag = new Tag("receiver_kind", kind);
        counter("ops_alert_deliveries_sent", "Alert deliveries the receiver accepted", source, sent, tag);
        counter(
                "ops_alert_deliveries_failed",
                "Alert deliveries given up: a final refusal, retries exhausted, or the target no longer allowed",
                source,
                failed,
                tag);
        counter(
                "ops_alert_deliveries_dropped",
                "Alert deliveries dropped unsent: the queue was full",
                source,
                dropped,
                tag);
        counter(
                "ops_alert_delivery_retries",
                "Alert deliveries queued again after a retryable failure",
                source,
                retried,
                tag);
    }

    /** The bot's figures; all left out while no bot check is configured, so no rule mistakes "off" for "down". */
    private void registerBot() {
        Monitor monitor = resources.monitor();
        gauge(
                "ops_bot_cpu_percent",
                MetricUnits.NONE,
                "CPU use of the bot's process, percent of all cores 0 to 100",
                () -> bot(monitor, f -> f.cpuPercent()));
        gauge(
                "ops_bot_resident_memory",
                MetricUnits.BYTES,
                "Resident memory of the bot's process",
                () -> bot(monitor, f -> f.residentBytes()));
        gauge(
                "ops_bot_threads",
                MetricUnits.NONE,
                "Threads of the bot's process",
                () -> bot(monitor, f -> f.threads()));
        gauge(
                "ops_bot_open_file_descriptors",
                MetricUnits.NONE,
                "File descriptors the bot's process has open",
                () -> bot(monitor, f -> f.openFileDescriptors()));
        gauge(
                "ops_bot_up",
                MetricUnits.NONE,
                "1 when the bot's last check was UP or DEGRADED (it answers), 0 when DOWN",
                () -> botState(s -> switch (s.status()) {
                    case UP, DEGRADED -> 1.0;
                    case DOWN -> 0.0;
                    case UNKNOWN -> -1.0;
                }));
        gauge(
                "ops_bot_status",
                MetricUnits.NONE,
                "The bot's last check: 0 UP, 1 DEGRADED, 2 DOWN",
                () -> botState(s -> switch (s.status()) {
                    case UP -> 0.0;
                    case DEGRADED -> 1.0;
                    case DOWN -> 2.0;
                    case UNKNOWN -> -1.0;
                }));
        gauge(
                "ops_bot_health_latency",
                MetricUnits.SECONDS,
                "Answer time of the bot's health URL at the last check; left out without an answer",
                () -> botState(s -> s.latencyMs() < 0 ? -1.0 : s.latencyMs() / 1000.0));
        counter(
                "ops_bot_restarts",
                "Restarts of the bot, automatic and by operators",
                botTimers::bot,
                b -> b.state().restartsTotal());
        gauge(
                "ops_bot_restarts_paused",
                MetricUnits.NONE,
                "1 while the loop guard pauses the bot's restarts, until an operator resumes them; else 0",
                () -> botState(s -> s.restartGuard() == RestartGuard.PAUSED_BY_LOOP_GUARD ? 1.0 : 0.0));
    }

    /** A figure of the bot's check; null (left out) without a bot, before the first check, or when negative. */
    private Double botState(ToDoubleFunction<BotState> value) {
        Bot b = botTimers.bot();
        if (b == null || !b.enabled()) {
            return null;
        }
        BotState state = b.state();
        return state.status() == BotStatus.UNKNOWN ? null : present(value.applyAsDouble(state));
    }

    /** A figure of the bot's process in the latest sample; null without one, or when it could not be read (-1). */
    private static Double bot(Monitor monitor, ToDoubleFunction<ProcessFigures> value) {
        return monitor.history()
                .latest()
                .map(Sample::bot)
                .map(f -> present(value.applyAsDouble(f)))
                .orElse(null);
    }

    /** A figure of the latest sample; null before the first sample, or when it is not a number. */
    private static Double latest(Monitor monitor, ToDoubleFunction<Sample> value) {
        return monitor.history()
                .latest()
                .map(s -> finite(value.applyAsDouble(s)))
                .orElse(null);
    }

    /** The overall status as its ordinal (UP 0, DEGRADED 1, DOWN 2); left out when health cannot be composed. */
    private Double healthStatus() {
        try {
            return (double) health.report().status().ordinal();
        } catch (RuntimeException e) {
            LOG.debug("ops_health_status left out of this scrape", e);
            return null; // a scrape must not fail; /api/health answers with the reason
        }
    }

    /** Our "could not be read" is -1; such a figure is left out. */
    private static Double present(double value) {
        return value < 0 ? null : finite(value);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private void registerBackup(BackupJobs jobs) {
        gauge(
                "ops_backup_newest_verified_timestamp",
                MetricUnits.SECONDS,
                "When the newest backup that passed verification was taken, Unix time; left out while there is none",
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
                "1 when the last backup archive written passed verification, 0 when not",
                () -> lastBackup(jobs, r -> r.verified() ? 1.0 : 0.0));
        gauge(
                "ops_backup_last_success",
                MetricUnits.NONE,
                BACKUP_SUCCESS_HELP,
                () -> lastRun(jobs.lastRuns(), BACKUP_TASK)
                        .map(PrometheusMetrics::success)
                        .orElseGet(() -> jobs.backups().lastBackup() == null ? null : 1.0),
                new Tag("task", BACKUP_TASK));
        gauge(
                "ops_backup_last_success",
                MetricUnits.NONE,
                BACKUP_SUCCESS_HELP,
                () -> {
                    DrillResult d = jobs.backups().lastDrill();
                    return d == null ? null : d.ok() ? 1.0 : 0.0;
                },
                new Tag("task", DRILL_TASK));
        gauge(
                "ops_backup_drill_last_success_timestamp",
                MetricUnits.SECONDS,
                "When the last successful restore drill ran, Unix time; left out while there is none",
                () -> unixSeconds(jobs.lastGoodDrillAt()));
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

    /** Registered only with {@code ops.remote.url}: without a remote there is nothing to alert on. */
    private void registerRemote(RemoteCopies copies) {
        gauge(
                "ops_remote_newest_verified_timestamp",
                MetricUnits.SECONDS,
                "When the newest backup whose remote copy was checked end to end was taken, Unix time; left out while "
                        + "there is none",
                () -> unixSeconds(copies.newestVerifiedAt()));
        gauge(
                "ops_remote_last_upload_timestamp",
                MetricUnits.SECONDS,
                "When the last upload to the remote finished, Unix time; left out before the first",
                () -> unixSeconds(copies.lastUploadAt()));
        gauge(
                "ops_remote_last_success",
                MetricUnits.NONE,
                "1 when the last pass (upload, remote retention) succeeded, 0 when it failed; left out before the first",
                () -> copies.passes() == 0 ? null : copies.lastFailure() == null ? 1.0 : 0.0);
        gauge(
                "ops_remote_pending",
                MetricUnits.NONE,
                "Local backups and log archives without a remote copy, as the last pass counted them",
                () -> (double) copies.pending());
        counter(
                "ops_remote_uploads",
                "Objects uploaded to the remote since start",
                () -> copies,
                RemoteCopies::uploads);
        counter(
                "ops_remote_uploaded_bytes",
                "Bytes uploaded to the remote since start",
                () -> copies,
                RemoteCopies::uploadedBytes);
        counter(
                "ops_remote_failures",
                "Passes that failed since start (unreachable store, refused credentials, full bucket)",
                () -> copies,
                RemoteCopies::failedPasses);
    }

    private static final String BACKUP_TASK = "backup";
    private static final String DRILL_TASK = "drill";
    private static final String BACKUP_SUCCESS_HELP = "1 when the last backup (written and verified) or restore drill "
            + "succeeded, 0 when it failed; left out before the first";

    private static Double unixSeconds(Instant instant) {
        return instant == null ? null : (double) instant.getEpochSecond();
    }

    private static Double lastBackup(BackupJobs jobs, ToDoubleFunction<BackupRecord> value) {
        BackupRecord r = jobs.backups().lastBackup();
        return r == null ? null : value.applyAsDouble(r);
    }

    /** A listing of the backup directory and when it was made ({@link System#nanoTime()}). */
    private record Listed(BackupListing listing, long atNanos) {}

    /** One listing serves both backup-directory gauges of a scrape, which are read one right after the other. */
    private volatile Listed listed;

    private Double listing(BackupJobs jobs, ToDoubleFunction<BackupListing> value) {
        long now = System.nanoTime();
        Listed l = listed;
        if (l == null || now - l.atNanos() > LISTING_REUSE_NANOS) {
            try {
                l = new Listed(jobs.backups().list(), now);
            } catch (java.io.IOException | RuntimeException e) {
                return null; // a scrape must not fail; health and the MXBean report the directory's trouble
            }
            listed = l;
        }
        return value.applyAsDouble(l.listing());
    }

    private static Optional<RunRecord> lastRun(List<RunRecord> runs, String task) {
        return runs.stream().filter(r -> r.job().equals(task)).findFirst();
    }

    private static double success(RunRecord run) {
        return run.outcome().equals("success") ? 1.0 : 0.0;
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

    /** @param value null leaves the series out of this scrape */
    private void gauge(String name, String unit, String help, Supplier<Double> value, Tag... tags) {
        registry.gauge(metadata(name, unit, help), () -> orAbsent(value), tags);
    }

    private static Double orAbsent(Supplier<Double> value) {
        Double v = value.get();
        if (v == null) {
            throw ABSENT;
        }
        return v;
    }

    /** What Payara's exporter catches to leave a gauge out of the scrape; thrown often, so made once. */
    private static final class Absent extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Absent() {
            super("the figure does not exist yet");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final Absent ABSENT = new Absent();

    /**
     * A counter named {@code name + "_total"} as Payara writes it, following {@code total} of the object
     * {@code source} gives (null while there is none); a replaced object is counted from 0.
     */
    private <S> void counter(String name, String help, Supplier<S> source, ToLongFunction<S> total, Tag... tags) {
        Counter counter = registry.counter(metadata(name, MetricUnits.NONE, help), tags);
        tallies.add(new Tally<>(counter, source, total));
    }

    private static Metadata metadata(String name, String unit, String help) {
        return Metadata.builder()
                .withName(name)
                .withUnit(unit)
                .withDescription(help)
                .build();
    }
}
