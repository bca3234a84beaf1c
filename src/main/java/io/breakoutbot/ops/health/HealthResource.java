package io.breakoutbot.ops.health;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.breakoutbot.ops.security.OpsAuthentication;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/health}: UP, DEGRADED or DOWN (503), composed from state the background jobs keep, so it
 * never waits on a check. Readers (an {@code ops-reader} or {@code ops-admin} user, or loopback while it is
 * trusted) see the components and their reasons; others the status only.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    HealthService health;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "Overall status and each component's, with reasons (details for ops-reader)")
    @APIResponse(responseCode = "200", description = "UP or DEGRADED",
            content = @Content(schema = @Schema(implementation = HealthReport.class)))
    @APIResponse(responseCode = "503", description = "DOWN: the service cannot do its job",
            content = @Content(schema = @Schema(implementation = HealthReport.class)))
    public Response health() {
        HealthService.Answer answer = health.answer();
        return Response.status(answer.report().status() == Status.DOWN ? 503 : 200)
                .entity(OpsAuthentication.mayRead(request) ? answer.json() : answer.statusOnlyJson())
                .build();
    }
}
