package io.breakoutbot.ops.monitoring;

/**
 * One metric now: its value, its levels and its state.
 *
 * @param metric   cpu, memory, disk, fds, bot.cpu, bot.memory, bot.fds or bot.threads
 * @param state    OK, WARNING, CRITICAL or UNAVAILABLE
 * @param value    in {@code unit}; NaN when unavailable
 * @param warning  warning level, in {@code unit}
 * @param critical critical level, in {@code unit}
 * @param unit     {@code percent} (0 to 100), or {@code count} for bot.threads
 */
public record MetricState(String metric, String state, double value, double warning, double critical, String unit) {

    /** A metric in percent. */
    public MetricState(String metric, String state, double value, double warning, double critical) {
        this(metric, state, value, warning, critical, Metric.Unit.PERCENT.label());
    }
}
