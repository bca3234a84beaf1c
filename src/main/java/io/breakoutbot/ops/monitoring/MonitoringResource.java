package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.ServiceInfo;
import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.alerts.AlertmanagerSender;
import io.breakoutbot.ops.alerts.LogWatch;
import io.breakoutbot.ops.alerts.WebhookSender;
import io.breakoutbot.ops.api.ErrorResponse;
import io.breakoutbot.ops.api.InvalidParameterException;
import io.breakoutbot.ops.lifecycle.MaintenanceTimers;
import io.breakoutbot.ops.logs.LogVolume;
import io.breakoutbot.ops.logs.Logging;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /api/metrics/health} and {@code GET /api/monitoring}, served from memory. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource {

    /** Longest window {@code ?minutes=} may ask for: the log volume keeps an hour. */
    static final int MAX_MINUTES = 60;

    /** Alerts of the history in a response: enough for a dashboard's "recent", small enough to poll every 5 s. */
    static final int ALERT_HISTORY = 20;

    @Inject
    ResourceMonitor resources;

    @Inject
    Alerting alerting;

    @Inject
    LogWatch logWatch;

    @Inject
    MaintenanceTimers maintenance;

    @Inject
    Logging logging;

    @Inject
    ServiceInfo service;

    @Inject
    MonitorSettings settings;

    @GET
    @Path("metrics/health")
    @Operation(summary = "The latest sample, each metric's levels and state, recent actions and the sample's age")
    public MetricsHealth metricsHealth() {
        Monitor monitor = resources.monitor();
        Instant now = Instant.now();
        var latest = monitor.history().latest();
        return new MetricsHealth(
                latest.map(s -> Duration.between(s.at(), now).toMillis() / 1000.0)
                        .orElse(-1.0),
                latest.map(SampleView::of).orElse(null),
                monitor.states(),
                monitor.actions().recent());
    }

    @GET
    @Path("monitoring")
    @Operation(
            summary = "Sample history, log volume, error rate, alerts and their recent history, deliveries, timers, "
                    + "log directory statistics and JVM figures")
    @APIResponse(
            responseCode = "200",
            description = "The figures of the window",
            content = @Content(schema = @Schema(implementation = Monitoring.class)))
    @APIResponse(
            responseCode = "400",
            description = "minutes out of range",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Monitoring monitoring(
            @Parameter(description = "Window in minutes, 1 to 60", schema = @Schema(defaultValue = "15"))
                    @QueryParam("minutes")
                    @DefaultValue("15")
                    String minutesText) {
        int minutes = minutes(minutesText);
        Monitor monitor = resources.monitor();
        Instant now = Instant.now();
        List<SampleView> history = monitor.history().since(now.minus(Duration.ofMinutes(minutes))).stream()
                .map(SampleView::of)
                .toList();
        List<LogVolume.Minute> volume = logging.volume().last(minutes, now);
        double errorsPerMinute =
                volume.stream().mapToLong(m -> m.total("ERROR")).sum() / (double) minutes;
        WebhookSender sender = alerting.sender();
        AlertmanagerSender alertmanagers = alerting.alertmanagers();
        return new Monitoring(
                service.uptimeSeconds(),
                jvm(),
                history,
                volume,
                errorsPerMinute,
                logging.discardedEvents(),
                Stream.concat(monitor.alerts().active().stream(), logWatch.active().stream())
                        .toList(),
                monitor.alerts().history().stream().limit(ALERT_HISTORY).toList(),
                new Monitoring.Deliveries(
                        sender.urls().size(),
                        sender.sent(),
                        sender.failed(),
                        sender.dropped(),
                        sender.retried(),
                        alertmanagers.alertmanagers().size(),
                        alertmanagers.sent(),
                        alertmanagers.failed(),
                        alertmanagers.retried()),
                maintenance.scheduleInfo(),
                maintenance.maintenance().lastRuns(),
                maintenance.stats());
    }

    private int minutes(String text) {
        int max = (int) Math.min(MAX_MINUTES, settings.history().toMinutes());
        try {
            int minutes = Integer.parseInt(text.trim());
            if (minutes >= 1 && minutes <= max) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw new InvalidParameterException(
                "minutes", "minutes must be a whole number from 1 to " + max + ", not '" + text + "'");
    }

    private static Monitoring.Jvm jvm() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long count = 0;
        long time = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuLoad() * 100
                : Double.NaN;
        return new Monitoring.Jvm(
                heap.getUsed(),
                heap.getMax(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                count,
                time,
                cpu < 0 ? Double.NaN : cpu);
    }
}
