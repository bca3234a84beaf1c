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

    /**
     * Whether there is a fleet view, always 200, so the page can ask before it asks for the fleet: a 404 is an
     * error in the browser's console, and without the setting the page must stay as it is.
     *
     * @param enabled    whether {@code ops.fleet.prometheusUrl} is set
     * @param prometheus the Prometheus asked, or null
     * @param job        the scrape job whose targets are the hosts
     */
    public record Source(boolean enabled, String prometheus, String job) {}

    @GET
    @Path("source")
    @Operation(summary = "Whether there is a fleet view, and which Prometheus and job it reads (ops-reader)")
    @APIResponse(
            responseCode = "200",
            description = "enabled false without ops.fleet.prometheusUrl",
            content = @Content(schema = @Schema(implementation = Source.class)))
    public Source source() {
        return new Source(fleet.enabled(), fleet.prometheus(), fleet.job());
    }

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
