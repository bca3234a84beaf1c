package io.breakoutbot.ops.health;

import java.time.Instant;

/**
 * The body of {@code GET /api/health}.
 *
 * @param status        UP while the service answers
 * @param version       the build's version
 * @param startedAt     when the application was deployed, UTC
 * @param uptimeSeconds whole seconds since then
 */
public record HealthReport(String status, String version, Instant startedAt, long uptimeSeconds) {
}
