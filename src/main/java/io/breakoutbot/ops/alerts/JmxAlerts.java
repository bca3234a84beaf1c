package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.jmx.MBeans;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code io.breakoutbot.ops:type=Alerts} MXBean; webhook changes are audited (without the URL's path). */
public class JmxAlerts implements AlertsMXBean {

    private final AlertRules rules;
    private final AlertDispatch dispatch;
    private final Audit audit;

    public JmxAlerts(AlertRules rules, AlertDispatch dispatch, Audit audit) {
        this.rules = rules;
        this.dispatch = dispatch;
        this.audit = audit;
    }

    @Override
    public String[] getWebhooks() {
        return dispatch.sender().urls().stream().map(WebhookUrl::forLog).toArray(String[]::new);
    }

    @Override
    public String[] getAlertmanagers() {
        return dispatch.alertmanagers() == null
                ? new String[0]
                : dispatch.alertmanagers().alertmanagers().toArray(String[]::new);
    }

    @Override
    public void addWebhook(String url) {
        try {
            dispatch.sender().add(url);
        } catch (IllegalArgumentException refused) {
            audit.record(new AuditEntry(
                    MBeans.caller(),
                    "add-webhook",
                    "alerts",
                    Map.of("url", WebhookUrl.masked(url)),
                    "failure: " + refused.getMessage()));
            throw refused;
        }
        audit.record(new AuditEntry(
                MBeans.caller(),
                "add-webhook",
                "alerts",
                Map.of(
                        "url",
                        WebhookUrl.forLog(url.trim()),
                        "webhooks",
                        dispatch.sender().urls().size()),
                "success"));
    }

    @Override
    public boolean removeWebhook(String url) {
        Optional<String> meant;
        try {
            meant = WebhookUrl.select(dispatch.sender().urls(), url);
        } catch (IllegalArgumentException ambiguous) {
            audit.record(new AuditEntry(
                    MBeans.caller(),
                    "remove-webhook",
                    "alerts",
                    Map.of("url", WebhookUrl.masked(url)),
                    "failure: " + ambiguous.getMessage()));
            throw ambiguous;
        }
        boolean removed = meant.isPresent() && dispatch.sender().remove(meant.get());
        audit.record(new AuditEntry(
                MBeans.caller(),
                "remove-webhook",
                "alerts",
                Map.of(
                        "url",
                        meant.map(WebhookUrl::forLog).orElse("(not configured)"),
                        "webhooks",
                        dispatch.sender().urls().size()),
                removed ? "success" : "failure: not configured"));
        return removed;
    }

    @Override
    public List<Alert> getActiveAlerts() {
        return rules.active();
    }

    @Override
    public List<Alert> getHistory() {
        return rules.history();
    }

    @Override
    public String getMinInterval() {
        return Durations.format(rules.minInterval());
    }

    @Override
    public long getDelivered() {
        return dispatch.sender().sent();
    }

    @Override
    public long getFailedDeliveries() {
        return dispatch.sender().failed();
    }

    @Override
    public long getDroppedDeliveries() {
        return dispatch.sender().dropped();
    }

    @Override
    public long getRetries() {
        return dispatch.sender().retried();
    }

    @Override
    public String sendTestAlert() {
        Notice notice = dispatch.sendTest();
        int webhooks = dispatch.sender().urls().size();
        int alertmanagers = dispatch.alertmanagers() == null
                ? 0
                : dispatch.alertmanagers().alertmanagers().size();
        audit.record(new AuditEntry(
                MBeans.caller(),
                "send-test-alert",
                "alerts",
                Map.of("webhooks", webhooks, "alertmanagers", alertmanagers),
                "success"));
        return "Test alert " + notice.id() + " queued for " + webhooks + " webhooks and " + alertmanagers
                + " Alertmanagers";
    }
}
