package io.breakoutbot.ops.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One alert: a metric over one of its lines. Open types only, so JConsole shows it as it is.
 *
 * @param key         {@code <metric>:<level>}, e.g. {@code disk:critical}; one alert per key at a time
 * @param metric      the metric's label: cpu, memory, disk, fds; or {@code log-rotation}
 * @param level       {@code warning} or {@code critical}
 * @param value       the latest value, percent 0 to 100 (when resolved: the value that cleared it); for
 *                    log-rotation, how many logs do not rotate
 * @param threshold   the line crossed, percent 0 to 100; 0 for log-rotation
 * @param startsAt    when the metric crossed the line, ISO-8601 UTC
 * @param endsAt      when it went back, ISO-8601 UTC; empty while the alert fires
 * @param fingerprint 16 hex digits, the same for every alert of this key (see {@link #fingerprint(String, String)})
 * @param summary     one sentence for a person, e.g. "disk at 93.1%, over the critical level of 90%"
 * @param alertname   the {@code alertname} label: {@value AlertmanagerPayload#ALERT_NAME} for a resource,
 *                    the rule's name for a log rule
 * @param annotations more annotations for the receivers, after {@code summary}, {@code value} and
 *                    {@code threshold}, in order (a log rule's {@code line} and {@code file}); empty for a resource
 */
public record Alert(
        String key,
        String metric,
        String level,
        double value,
        double threshold,
        String startsAt,
        String endsAt,
        String fingerprint,
        String summary,
        String alertname,
        Map<String, String> annotations) {

    public Alert {
        alertname = alertname == null || alertname.isEmpty() ? AlertmanagerPayload.ALERT_NAME : alertname;
        annotations = annotations == null || annotations.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A resource's alert: alertname {@value AlertmanagerPayload#ALERT_NAME}, no further annotations. */
    public Alert(
            String key,
            String metric,
            String level,
            double value,
            double threshold,
            String startsAt,
            String endsAt,
            String fingerprint,
            String summary) {
        this(key, metric, level, value, threshold, startsAt, endsAt, fingerprint, summary, null, null);
    }

    /** @param summary the sentence, or null for the resource's in percent */
    static Alert firing(
            String metric, Severity level, double value, double threshold, Instant startsAt, String summary) {
        String name = levelName(level);
        return new Alert(
                key(metric, level),
                metric,
                name,
                value,
                threshold,
                startsAt.toString(),
                "",
                fingerprint(metric, name),
                summary != null ? summary : firingSummary(metric, name, value, threshold));
    }

    /** {@code <metric>:<level>}, e.g. {@code disk:critical}. */
    public static String key(String metric, Severity level) {
        return metric + ":" + levelName(level);
    }

    static String levelName(Severity level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** The same alert with another fingerprint, e.g. Alertmanager's over its full label set. */
    Alert withFingerprint(String newFingerprint) {
        return new Alert(
                key,
                metric,
                level,
                value,
                threshold,
                startsAt,
                endsAt,
                newFingerprint,
                summary,
                alertname,
                annotations);
    }

    /** Still firing, with a fresher sample; {@code newSummary} null for the resource's sentence. */
    Alert refreshed(double newValue, double newThreshold, String newSummary) {
        return new Alert(
                key,
                metric,
                level,
                newValue,
                newThreshold,
                startsAt,
                endsAt,
                fingerprint,
                newSummary != null ? newSummary : firingSummary(metric, level, newValue, newThreshold),
                alertname,
                annotations);
    }

    /** Ended at {@code at}, when the metric read {@code clearedValue}; {@code clearedSummary} null for the resource's. */
    Alert resolved(Instant at, double clearedValue, String clearedSummary) {
        String summary = clearedSummary != null
                ? clearedSummary
                : metric + " at " + percent(clearedValue) + "%, no longer over the " + level + " level of "
                        + percent(threshold) + "%";
        return new Alert(
                key,
                metric,
                level,
                clearedValue,
                threshold,
                startsAt,
                at.toString(),
                fingerprint,
                summary,
                alertname,
                annotations);
    }

    private static String firingSummary(String metric, String level, double value, double threshold) {
        return metric + " at " + percent(value) + "%, over the " + level + " level of " + percent(threshold) + "%";
    }

    /** A percentage as people write it: at most one decimal, none when it is whole (90, 93.1). */
    static String percent(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value)
                .setScale(1, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * Alertmanager's fingerprint of the label set {@code {metric=..., severity=...}}: 64-bit FNV-1a over
     * the label names in order, each name and value followed by the byte 0xFF, as 16 hex digits. It depends
     * on the key alone, so a FIRING and its RESOLVED carry the same one.
     */
    static String fingerprint(String metric, String severity) {
        return fingerprint(new String[] {"metric", metric, "severity", severity});
    }

    private static String fingerprint(String[] labelPairs) {
        long hash = 0xcbf29ce484222325L;
        for (String part : labelPairs) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            hash = (hash ^ 0xff) * 0x100000001b3L;
        }
        return String.format("%016x", hash);
    }
}
