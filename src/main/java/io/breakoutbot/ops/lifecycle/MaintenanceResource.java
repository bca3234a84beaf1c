package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/maintenance/rotate}: the Maintenance MXBean's {@code rotateNow()} over HTTP, for an
 * {@code ops-admin} user; audited with the REST user as the actor, like a JMX user.
 */
@Path("maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    @Inject
    MaintenanceTimers timers;

    @Context
    SecurityContext security;

    @POST
    @Path("rotate")
    @Operation(summary = "Rotates every non-empty log now and compresses the generations (ops-admin)")
    @APIResponse(
            responseCode = "200",
            description = "What was rotated and compressed",
            content = @Content(schema = @Schema(implementation = RotationResult.class)))
    @APIResponse(
            responseCode = "409",
            description = "Another maintenance job ran for longer than 10 s",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RotationResult rotate() {
        return timers.maintenance().rotateAll(security.getUserPrincipal().getName(), JmxMaintenance.WAIT);
    }
}
