package io.breakoutbot.ops.monitoring;

import java.util.List;

/**
 * The body of {@code GET /api/metrics/health}.
 *
 * @param sampleAgeSeconds seconds since the latest sample, -1 before the first
 * @param sample           the latest sample, null before the first; its {@code bot} holds the bot's process
 *                         figures (pid, CPU, resident bytes, threads, file descriptors), left out without a bot
 * @param metrics          each metric's value, levels and state
 * @param recentActions    the last actions taken, most recent first
 */
public record MetricsHealth(
        double sampleAgeSeconds, SampleView sample, List<MetricState> metrics, List<ActionRecord> recentActions) {}
