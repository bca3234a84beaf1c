package io.breakoutbot.ops.health;

import io.breakoutbot.ops.ServiceInfo;
import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.api.JsonConfig;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupPlan;
import io.breakoutbot.ops.backup.BackupTimers;
import io.breakoutbot.ops.bot.BotSettings;
import io.breakoutbot.ops.bot.BotTimers;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.lifecycle.MaintenanceTimers;
import io.breakoutbot.ops.lifecycle.RotationFailures;
import io.breakoutbot.ops.logs.LogSettings;
import io.breakoutbot.ops.logs.Logging;
import io.breakoutbot.ops.monitoring.Metric;
import io.breakoutbot.ops.monitoring.Monitor;
import io.breakoutbot.ops.monitoring.MonitorSettings;
import io.breakoutbot.ops.monitoring.ResourceMonitor;
import io.breakoutbot.ops.monitoring.Sample;
import io.breakoutbot.ops.monitoring.ThresholdSettings;
import io.breakoutbot.ops.remote.RemoteCopies;
import io.breakoutbot.ops.remote.RemoteTimers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Gathers what the background jobs know and hands it to {@link HealthAssessment}. */
@ApplicationScoped
public class HealthService {

    @Inject
    ServiceInfo service;

    @Inject
    MonitorSettings monitorSettings;

    @Inject
    LogSettings logSettings;

    @Inject
    Logging logging;

    @Inject
    ResourceMonitor resources;

    @Inject
    MaintenanceTimers maintenance;

    @Inject
    BackupTimers backup;

    @Inject
    RotationFailures rotationFailures;

    @Inject
    BotTimers bot;

    @Inject
    BotSettings botSettings;

    @Inject
    Alerting alerting;

    @Inject
    RemoteTimers remote;

    private final Clock clock = Clock.systemDefaultZone();
    private final AtomicBoolean composing = new AtomicBoolean();
    private volatile Answer cached;

    /**
     * A report with its JSON, full and status-only.
     *
     * @param at when it was composed
     */
    public record Answer(HealthReport report, String json, String statusOnlyJson, Instant at) {}

    /**
     * The report and its JSON, composed and serialized at most once a second: monitoring tools poll this
     * endpoint hard, and the state behind it changes once per sample anyway.
     */
    public Answer answer() {
        Instant now = clock.instant();
        Answer a = cached;
        if (a != null && now.isBefore(a.at().plusSeconds(1))) {
            return a;
        }
        // One caller composes (seven EJB calls); the others meanwhile get the previous answer, a second old,
        // instead of every request in flight composing too: under wrk -c16 that was 16 at once each second.
        boolean mine = composing.compareAndSet(false, true);
        if (mine || a == null) { // before the first answer there is nothing older to give
            try {
                HealthReport report = compose(now);
                a = new Answer(
                        report, JsonConfig.JSONB.toJson(report), JsonConfig.JSONB.toJson(report.statusOnly()), now);
                cached = a;
            } finally {
                if (mine) {
                    composing.set(false);
                }
            }
        }
        return a;
    }

    public HealthReport report() {
        return answer().report();
    }

    private HealthReport compose(Instant now) {
        Monitor monitor = resources.monitor();
        ThresholdSettings settings = monitor.evaluator().settings();
        Optional<Sample> latest = monitor.history().latest();
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        latest.ifPresent(s -> {
            for (Metric m : Metric.values()) {
                values.put(m, s.value(m));
            }
        });
        HealthAssessment.Resources state = new HealthAssessment.Resources(
                monitor.evaluator().states(),
                values,
                settings.levels(),
                latest.map(s -> Duration.between(s.at(), now)).orElse(null),
                monitorSettings.interval());

        Path logs = logSettings.directory();
        BackupJobs backups = backup.jobs();
        BackupPlan plan = backup.plan();
        List<HealthAssessment.Job> jobs = new ArrayList<>(
                jobs(maintenance.due(), maintenance.maintenance().lastRuns()));
        jobs.addAll(jobs(backup.due(), backups.lastRuns()));
        HealthAssessment.Backups backupState = new HealthAssessment.Backups(
                backups.newestVerifiedAt(),
                backups.lastGoodDrillAt(),
                backups.lastFailure(),
                plan.staleAfter(),
                plan.drillStaleAfter());
        List<ComponentHealth> components = HealthAssessment.assess(
                state,
                Files.isWritable(logs),
                logging.writeFailures(),
                maintenance.stats().totalBytes(),
                maintenance.maintenance().policy().maxTotalBytes(),
                rotationFailures.sentences(),
                jobs,
                backupState,
                service.startedAt(),
                now,
                clock.getZone());
        components = new ArrayList<>(components);
        RemoteCopies copies = remote.copies();
        if (copies != null) {
            components.add(HealthAssessment.remote(
                    new HealthAssessment.Remote(
                            copies.location(),
                            copies.newestVerifiedAt(),
                            copies.lastFailure(),
                            copies.settings().staleAfter(),
                            copies.pending()),
                    service.startedAt(),
                    now));
        }
        components.add(HealthAssessment.alerts(alerting.receivers(), now));
        if (bot.bot().enabled()) {
            components.add(0, HealthAssessment.bot(bot.bot().state(), botSettings.interval(), now));
        }
        return new HealthReport(
                HealthAssessment.overall(components),
                service.version(),
                service.startedAt(),
                service.uptimeSeconds(),
                components);
    }

    /** Each scheduled job with when its timer was due and when it last started. */
    private static List<HealthAssessment.Job> jobs(Map<String, Instant> due, List<RunRecord> lastRuns) {
        Map<String, Instant> started = new HashMap<>();
        lastRuns.forEach(r -> started.put(r.job(), Instant.parse(r.startedAt())));
        return due.entrySet().stream()
                .map(e -> new HealthAssessment.Job(e.getKey(), e.getValue(), started.get(e.getKey())))
                .toList();
    }

    /** Whether the sampler has produced a sample within {@code intervals} sampling intervals. */
    public boolean sampledWithin(int intervals) {
        return resources
                .monitor()
                .history()
                .latest()
                .map(s -> Duration.between(s.at(), clock.instant()).compareTo(window(intervals)) <= 0)
                .orElse(false);
    }

    /** No sample for {@code intervals} sampling intervals, counting from deployment before the first. */
    public boolean samplerStalled(int intervals) {
        Instant last = resources.monitor().history().latest().map(Sample::at).orElse(service.startedAt());
        return Duration.between(last, clock.instant()).compareTo(window(intervals)) > 0;
    }

    private Duration window(int intervals) {
        return monitorSettings.interval().multipliedBy(intervals);
    }
}
