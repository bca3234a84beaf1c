package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/bot}: the bot's state (ops-reader), and the Bot MXBean's restart, pause and resume over HTTP
 * (ops-admin, as every POST under {@code /api}); audited with the REST user as the actor.
 */
@Path("bot")
@Produces(MediaType.APPLICATION_JSON)
public class BotResource {

    @Inject
    BotTimers timers;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "The bot's last check, process figures and restarts (ops-reader)")
    @APIResponse(
            responseCode = "200",
            description = "The bot's state; status UNKNOWN when the bot check is off",
            content = @Content(schema = @Schema(implementation = BotState.class)))
    public BotState state() {
        return timers.bot().state();
    }

    @POST
    @Path("restart")
    @Operation(summary = "Runs ops.bot.restartCommand now and waits for its end (ops-admin)")
    @APIResponse(
            responseCode = "200",
            description = "The restart command's exit code, duration and output tail; exitCode 0 is success",
            content = @Content(schema = @Schema(implementation = RestartResult.class)))
    @APIResponse(
            responseCode = "409",
            description = "No restart command is set, a restart runs already, or it outlasted ops.bot.restartTimeout",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public RestartResult restart() {
        try {
            return BotRestarts.restartAndWait(timers.bot(), actor(), timers.restartWait())
                    .result();
        } catch (IllegalStateException e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    @POST
    @Path("restarts/pause")
    @Operation(summary = "Pauses automatic restarts until they are resumed (ops-admin)")
    @APIResponse(
            responseCode = "200",
            description = "The bot's state, restartGuard PAUSED_BY_OPERATOR",
            content = @Content(schema = @Schema(implementation = BotState.class)))
    public BotState pause() {
        return timers.bot().pauseRestarts(actor());
    }

    @POST
    @Path("restarts/resume")
    @Operation(summary = "Resumes automatic restarts, after a pause or the loop guard, with a fresh window (ops-admin)")
    @APIResponse(
            responseCode = "200",
            description = "The bot's state, restartGuard ACTIVE (or NO_COMMAND)",
            content = @Content(schema = @Schema(implementation = BotState.class)))
    public BotState resume() {
        return timers.bot().resumeRestarts(actor());
    }

    private String actor() {
        return security.getUserPrincipal() == null
                ? "anonymous"
                : security.getUserPrincipal().getName();
    }
}
