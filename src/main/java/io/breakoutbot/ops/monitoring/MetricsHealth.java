package io.breakoutbot.ops.monitoring;

import java.util.List;

/**
 * The body of {@code GET /api/metrics/health}.
 *
 * @param sampleAgeSeconds seconds since the latest sample, -1 before the first
 * @param sample           the latest sample, null before the first
 * @param metrics          each metric's value, levels and state
 * @param recentActions    the last actions taken, most recent first
 */
public record MetricsHealth(
        double sampleAgeSeconds, SampleView sample, List<MetricState> metrics, List<ActionRecord> recentActions) {}
