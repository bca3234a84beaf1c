package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.alerts.Alert;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import io.breakoutbot.ops.lifecycle.LogStats;
import io.breakoutbot.ops.logs.LogVolume;
import java.util.List;

/**
 * The body of {@code GET /api/monitoring}: real-time operational figures.
 *
 * @param uptimeSeconds       since deployment
 * @param jvm                 heap, threads, garbage collection, CPU of this process
 * @param history             samples of the last {@code minutes}, oldest first
 * @param logVolume           events written per file and level, per minute, oldest first
 * @param errorsPerMinute     ERROR events per minute over the window
 * @param logEventsDropped    TRACE to INFO events dropped since start because the log queue was nearly full
 * @param activeAlerts        alerts whose condition holds now
 * @param alertHistory        the alerts of the last notices sent (firing or resolved), most recent first, at most
 *                            {@value MonitoringResource#ALERT_HISTORY}; the Alerts MXBean's {@code History} has 200
 * @param deliveries          webhook and Alertmanager delivery counters
 * @param timers              each maintenance job: schedule and next run
 * @param lastRuns            each job's last run and result
 * @param logDirectory        the log directory's statistics per log (the Maintenance MXBean's {@code Stats}), at
 *                            most five seconds old
 */
public record Monitoring(
        long uptimeSeconds,
        Jvm jvm,
        List<SampleView> history,
        List<LogVolume.Minute> logVolume,
        double errorsPerMinute,
        long logEventsDropped,
        List<Alert> activeAlerts,
        List<Alert> alertHistory,
        Deliveries deliveries,
        List<ScheduleInfo> timers,
        List<RunRecord> lastRuns,
        LogStats logDirectory) {

    /**
     * @param heapUsedBytes     Java heap in use
     * @param heapMaxBytes      heap limit, -1 when undefined
     * @param threads           live threads
     * @param gcCount           collections since start, all collectors
     * @param gcTimeMillis      time spent collecting since start
     * @param processCpuPercent this process's CPU use, percent of all cores, NaN when unavailable
     */
    public record Jvm(
            long heapUsedBytes,
            long heapMaxBytes,
            int threads,
            long gcCount,
            long gcTimeMillis,
            double processCpuPercent) {}

    /**
     * Counts since start. A webhook delivery is one notice to one webhook; an Alertmanager delivery is one send
     * (a round of the firing and recently resolved alerts) to one Alertmanager.
     *
     * @param webhooks            configured webhooks
     * @param sent                webhook deliveries accepted
     * @param failed              webhook deliveries given up
     * @param dropped             webhook deliveries dropped from a full queue
     * @param retried             webhook retries
     * @param alertmanagers       configured Alertmanagers
     * @param alertmanagerSent    sends an Alertmanager accepted
     * @param alertmanagerFailed  sends given up (a 4xx, or retries exhausted); the alerts go again next round
     * @param alertmanagerRetried retries of sends to Alertmanagers
     */
    public record Deliveries(
            int webhooks,
            long sent,
            long failed,
            long dropped,
            long retried,
            int alertmanagers,
            long alertmanagerSent,
            long alertmanagerFailed,
            long alertmanagerRetried) {}
}
