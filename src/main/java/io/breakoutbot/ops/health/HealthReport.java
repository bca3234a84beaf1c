package io.breakoutbot.ops.health;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /api/health}. Callers that may not see details get {@code status} only (the other
 * fields null, and JSON-B leaves nulls out).
 *
 * @param status        UP, DEGRADED (a warning threshold breached or a non-critical component unhealthy)
 *                      or DOWN (the service cannot do its job: answered with 503)
 * @param version       the build's version
 * @param startedAt     when the application was deployed, UTC
 * @param uptimeSeconds whole seconds since then
 * @param components    each part, with the reason for its status
 */
public record HealthReport(
        Status status, String version, Instant startedAt, Long uptimeSeconds, List<ComponentHealth> components) {

    public HealthReport statusOnly() {
        return new HealthReport(status, null, null, null, null);
    }
}
