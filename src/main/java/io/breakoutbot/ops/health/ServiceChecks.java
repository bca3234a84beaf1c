package io.breakoutbot.ops.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * MicroProfile Health checks ({@code /health/live}, {@code /health/ready}, {@code /health/started}) built
 * from the same state as {@code /api/health}, so the two never disagree.
 */
@ApplicationScoped
public class ServiceChecks {

    @Inject
    HealthService health;

    /** Ready when the first sample is in and {@code /api/health} is not DOWN. */
    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            HealthReport report = health.report();
            boolean sampled = health.sampledWithin(3);
            return HealthCheckResponse.named("breakout-ops")
                    .status(sampled && report.status() != Status.DOWN)
                    .withData("status", report.status().name())
                    .withData("sampled", sampled)
                    .build();
        };
    }

    /** Alive while the sampler keeps sampling; a stalled timer (ten intervals) is worth a restart. */
    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("breakout-ops-sampler")
                .status(!health.samplerStalled(10))
                .build();
    }

    /** Started once the timers and MXBeans are in place, which is when this bean can be built. */
    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("breakout-ops-started").up().build();
    }
}
