package io.breakoutbot.ops.alerts;

import java.time.Duration;
import java.util.List;

/**
 * Alert delivery as configured at start-up; webhooks can be added and removed later over JMX.
 *
 * @param minInterval         at most one notice per alert key in this time
 * @param webhooks            receivers configured at start-up, already validated
 * @param allowPrivateTargets whether webhooks may point at loopback and private addresses
 * @param timeout             connect and response timeout of one delivery
 * @param healthChecks        checks in a row a health component must fail before it alerts, 1 or more
 * @param logRules            the rules that raise alerts from log lines ({@code ops.alerts.logRules}); maybe none
 */
public record AlertSettings(
        Duration minInterval,
        List<String> webhooks,
        boolean allowPrivateTargets,
        Duration timeout,
        int healthChecks,
        List<LogRule> logRules) {

    public AlertSettings {
        webhooks = List.copyOf(webhooks);
        logRules = List.copyOf(logRules);
    }
}
