package io.breakoutbot.ops.monitoring;

/**
 * One metric now: its value, its levels and its state.
 *
 * @param metric   cpu, memory, disk or fds
 * @param state    OK, WARNING, CRITICAL or UNAVAILABLE
 * @param value    percent 0 to 100, NaN when unavailable
 * @param warning  warning level, percent
 * @param critical critical level, percent
 */
public record MetricState(String metric, String state, double value, double warning, double critical) {}
