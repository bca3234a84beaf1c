package platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.metrics.annotation.Counted;

/** A MicroProfile liveness check with a counted metric: MicroProfile Health and Metrics, as ours uses them. */
@Liveness
@ApplicationScoped
public class Live implements HealthCheck {

    @Counted(name = "platform_checks")
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("platform");
    }
}
