package io.breakoutbot.ops.alerts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Alert delivery as configured at start-up; webhooks can be added and removed later over JMX.
 *
 * @param minInterval         at most one notice per alert key in this time
 * @param webhooks            receivers configured at start-up, already validated
 * @param allowPrivateTargets whether webhooks may point at loopback and private addresses
 * @param timeout             connect and response timeout of one delivery
 * @param healthChecks        checks in a row a health component must fail before it alerts, 1 or more
 * @param logRules            the rules that raise alerts from log lines ({@code ops.alerts.logRules}); maybe none
 * @param alertmanagers       Alertmanager base URLs alerts are pushed to, already validated; maybe none
 * @param labels              extra labels of every alert ({@code env=prod}), already checked
 * @param instance            the {@code instance} label: {@code ops.alerts.instance}, or this host's name
 * @param externalUrl         our dashboard's URL, for {@code externalURL} and {@code generatorURL}; may be empty
 * @param groupBy             the labels a webhook message groups alerts by
 * @param alertmanagerAuth    the {@code Authorization} for Alertmanager, or null for none
 */
public record AlertSettings(
        Duration minInterval,
        List<String> webhooks,
        boolean allowPrivateTargets,
        Duration timeout,
        int healthChecks,
        List<LogRule> logRules,
        List<String> alertmanagers,
        Map<String, String> labels,
        String instance,
        String externalUrl,
        List<String> groupBy,
        AlertmanagerAuth alertmanagerAuth,
        Path alertmanagerAuthFile) {

    public AlertSettings {
        webhooks = List.copyOf(webhooks);
        logRules = List.copyOf(logRules);
        alertmanagers = List.copyOf(alertmanagers);
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        groupBy = List.copyOf(groupBy);
    }

    /** Webhooks only, labelled with this host's name, as before Alertmanager push; for tests. */
    public AlertSettings(
            Duration minInterval,
            List<String> webhooks,
            boolean allowPrivateTargets,
            Duration timeout,
            int healthChecks,
            List<LogRule> logRules) {
        this(
                minInterval,
                webhooks,
                allowPrivateTargets,
                timeout,
                healthChecks,
                logRules,
                List.of(),
                Map.of(),
                "localhost",
                "",
                AlertLabels.DEFAULT_GROUP_BY,
                null,
                null);
    }
}
