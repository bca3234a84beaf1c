package io.breakoutbot.ops.health;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/health}: overall status, served from memory so it never waits on a check. */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    ServiceInfo service;

    @GET
    public HealthReport health() {
        return new HealthReport("UP", service.version(), service.startedAt(), service.uptimeSeconds());
    }
}
