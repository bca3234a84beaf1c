package io.breakoutbot.ops.alerts;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Where a notice goes: a structured line in metrics.log, an ERROR in errors.log when a critical alert
 * fires, every webhook, in Alertmanager's format, through the sender's queue, and every Alertmanager through
 * the {@link AlertmanagerSender} (never waiting on either). Each notice's fingerprint is Alertmanager's over
 * its full label set ({@link AlertmanagerPayload#stamped}), in the log line, the webhook and the
 * {@code Idempotency-Key} alike.
 */
public final class AlertDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatch.class);

    private final AlertmanagerPayload payload;
    private final WebhookSender sender;
    private final AlertmanagerSender alertmanagers;
    private final Clock clock;

    /** Webhooks only. */
    public AlertDispatch(AlertmanagerPayload payload, WebhookSender sender, Clock clock) {
        this(payload, sender, null, clock);
    }

    /** @param alertmanagers where alerts are pushed too; null for nowhere */
    public AlertDispatch(
            AlertmanagerPayload payload, WebhookSender sender, AlertmanagerSender alertmanagers, Clock clock) {
        this.payload = payload;
        this.sender = sender;
        this.alertmanagers = alertmanagers;
        this.clock = clock;
    }

    /** The Alertmanager push; null when none is configured. */
    public AlertmanagerSender alertmanagers() {
        return alertmanagers;
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
        deliver(payload.stamped(notice), false);
    }

    private void deliver(Notice notice, boolean event) {
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
        if (alertmanagers != null) {
            if (event) {
                alertmanagers.submitEvent(alert);
            } else {
                alertmanagers.submit(notice);
            }
        }
    }

    /** A made-up warning, to check that the receivers get alerts; resolves nothing (in Alertmanager it expires). */
    public Notice sendTest() {
        return sendEvent(
                "test", Severity.WARNING, 0, 0, "Test alert from breakout-ops, sent on request; nothing needs doing");
    }

    /**
     * A one-off alert about something that happened rather than a sampled value staying over a line, e.g. the
     * audit trail cut short on a full disk. Sent like every other notice; nothing resolves it, and Alertmanager
     * lets it expire after four resend intervals.
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
        Notice notice = payload.stamped(new Notice(event, Notice.Status.FIRING));
        deliver(notice, true);
        return notice;
    }
}
