package io.breakoutbot.ops.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * "This metric is now at this level": one input to {@link AlertRules#update(Condition)}.
 *
 * @param metric    the resource
 * @param level     its state now
 * @param value     the sampled value, percent 0 to 100; may be NaN when {@code level} is UNAVAILABLE
 * @param threshold the line the level refers to, percent 0 to 100 (for OK, any; it is not shown)
 * @param at        when the sample was taken
 */
public record Condition(String metric, Severity level, double value, double threshold, Instant at) {

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
