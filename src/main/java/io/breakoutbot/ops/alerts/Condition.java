package io.breakoutbot.ops.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * "This metric is now at this level": one input to {@link AlertRules#update(Condition)}.
 *
 * @param metric    the resource, or another watched thing (e.g. {@code log-rotation})
 * @param level     its state now
 * @param value     the sampled value, percent 0 to 100 for a resource; may be NaN when {@code level} is UNAVAILABLE
 * @param threshold the line the level refers to, percent 0 to 100 for a resource (for OK, any; it is not shown)
 * @param at        when the sample was taken
 * @param summary   the sentence for a person, for what is not a percentage; null for a resource's
 *                  "disk at 93.1%, over the critical level of 90%"
 */
public record Condition(String metric, Severity level, double value, double threshold, Instant at, String summary) {

    /** A resource at a level, told in percent. */
    public Condition(String metric, Severity level, double value, double threshold, Instant at) {
        this(metric, level, value, threshold, at, null);
    }

    public Condition {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(at, "at");
        if ((level == Severity.WARNING || level == Severity.CRITICAL)
                && !(Double.isFinite(value) && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("A " + level + " condition of " + metric
                    + " needs a value and a threshold in percent, not " + value + " and " + threshold + ".");
        }
    }
}
