package io.breakoutbot.ops.fleet;

import io.breakoutbot.ops.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/fleet}: every host the configured Prometheus scrapes, read by this server from Prometheus' HTTP
 * API so that the page only ever talks to its own origin (ops-reader).
 */
@Path("fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {

    @Inject
    Fleet fleet;

    @GET
    @Operation(
            summary = "Every host Prometheus scrapes: up, overall status, bot, newest verified backups, alerts "
                    + "(ops-reader)")
    @APIResponse(
            responseCode = "200",
            description = "The hosts of ops.fleet.job, sorted by instance",
            content = @Content(schema = @Schema(implementation = FleetView.class)))
    @APIResponse(
            responseCode = "404",
            description = "ops.fleet.prometheusUrl is not set: there is no fleet view",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(
            responseCode = "502",
            description = "Prometheus did not answer within the deadline, refused the query or sent no API answer",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public FleetView fleet() {
        if (!fleet.enabled()) {
            throw new NotFoundException("There is no fleet view: ops.fleet.prometheusUrl is not set.");
        }
        try {
            return fleet.view();
        } catch (FleetQuery.Unanswered e) {
            throw new WebApplicationException(e.getMessage(), Response.Status.BAD_GATEWAY);
        }
    }
}
