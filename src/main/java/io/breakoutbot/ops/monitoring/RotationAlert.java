package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.alerts.Condition;
import io.breakoutbot.ops.alerts.Severity;
import java.time.Instant;
import java.util.List;

/**
 * A warning alert, {@code log-rotation:warning}, while any log cannot be rotated: such a log grows until the
 * disk is full, which the disk alert would only tell much later. It resolves once every log rotates again.
 */
public final class RotationAlert {

    public static final String METRIC = "log-rotation";

    private RotationAlert() {}

    /**
     * @param failures one sentence per log that cannot be rotated; empty when all rotate
     * @return the condition for {@link Monitor#watch}: its value is how many logs do not rotate
     */
    public static Condition condition(List<String> failures, Instant at) {
        return failures.isEmpty()
                ? new Condition(METRIC, Severity.OK, 0, 0, at, "every log rotates again")
                : new Condition(METRIC, Severity.WARNING, failures.size(), 0, at, String.join("; ", failures));
    }
}
