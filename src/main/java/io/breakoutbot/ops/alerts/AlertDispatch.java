package io.breakoutbot.ops.alerts;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Where a notice goes: a structured line in metrics.log, an ERROR in errors.log when a critical alert
 * fires, and every webhook, in Alertmanager's format, through the sender's queue (never waiting on it).
 */
public final class AlertDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatch.class);

    private final AlertmanagerPayload payload;
    private final WebhookSender sender;
    private final Clock clock;

    public AlertDispatch(AlertmanagerPayload payload, WebhookSender sender, Clock clock) {
        this.payload = payload;
        this.sender = sender;
        this.clock = clock;
    }

    public WebhookSender sender() {
        return sender;
    }

    /**
     * Sends each notice in turn, e.g. what {@link LogRuleEngine#accept} and {@link LogRuleEngine#tick()} return
     * (their alerts carry the rule as {@code alertname} and the line in their annotations).
     */
    public void send(List<Notice> notices) {
        notices.forEach(this::send);
    }

    public void send(Notice notice) {
        Alert alert = notice.alert();
        try (MDC.MDCCloseable metrics = MDC.putCloseable("component", "metrics")) {
            var line = LOG.atLevel(Level.INFO);
            if (!AlertmanagerPayload.ALERT_NAME.equals(alert.alertname())) {
                line = line.addKeyValue("alertname", alert.alertname());
            }
            line.addKeyValue("alert", alert.key())
                    .addKeyValue("status", notice.status().label())
                    .addKeyValue("value", alert.value())
                    .addKeyValue("threshold", alert.threshold())
                    .addKeyValue("startsAt", alert.startsAt())
                    .addKeyValue("fingerprint", alert.fingerprint())
                    .log("alert {} {}: {}", alert.key(), notice.status().label(), alert.summary());
        }
        if (notice.status() == Notice.Status.FIRING && "critical".equals(alert.level())) {
            LOG.error("Critical alert {}: {}", alert.key(), alert.summary());
        }
        sender.submit(payload.json(notice), notice.id());
    }

    /** A made-up warning, to check that the receivers get alerts; resolves nothing. */
    public Notice sendTest() {
        return sendEvent(
                "test", Severity.WARNING, 0, 0, "Test alert from breakout-ops, sent on request; nothing needs doing");
    }

    /**
     * A one-off alert about something that happened rather than a sampled value staying over a line, e.g. the
     * audit trail cut short on a full disk. Sent like every other notice; nothing resolves it.
     *
     * @param subject   the {@code metric} label, e.g. {@code audit}
     * @param value     the figure behind it, percent 0 to 100
     * @param threshold the line it stands against, percent 0 to 100
     * @param summary   what happened and what it means, for a person
     */
    public Notice sendEvent(String subject, Severity level, double value, double threshold, String summary) {
        String name = Alert.levelName(level);
        Alert event = new Alert(
                subject + ":" + name,
                subject,
                name,
                value,
                threshold,
                clock.instant().toString(),
                "",
                Alert.fingerprint(subject, name),
                summary);
        Notice notice = new Notice(event, Notice.Status.FIRING);
        send(notice);
        return notice;
    }
}
