package platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/health}: a CDI bean answering JSON through JSON-B, as ours does. */
@Path("health")
@ApplicationScoped
public class Health {

    public record Status(String status, long ticks) {}

    @Inject
    Ticks ticks;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Status get() {
        return new Status("UP", ticks.count());
    }
}
