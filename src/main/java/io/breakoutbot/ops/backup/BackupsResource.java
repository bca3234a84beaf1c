package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.jobs.ScheduleInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /api/backups}: the backup list and the last backup, verification and drill, read-only. */
@Path("backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupsResource {

    /**
     * @param directory        where the archives are
     * @param backups          newest first, with verification status
     * @param totalBytes       archives and their checksums, bytes
     * @param lastBackup       the last backup written, null before the first
     * @param lastVerification the last verification, null before the first
     * @param lastDrill        the last restore drill, null before the first
     * @param lastFailure      why the last backup or drill failed, null when both succeeded
     * @param running          the job running now, empty when none
     * @param retention        the retention rules in words
     * @param schedules        the backup and drill schedules with their next runs
     * @param offHost          the off-host copies: the last upload, the newest verified remote copy, failures
     */
    public record BackupsView(
            String directory,
            List<BackupInfo> backups,
            long totalBytes,
            BackupRecord lastBackup,
            VerifyResult lastVerification,
            DrillResult lastDrill,
            String lastFailure,
            String running,
            String retention,
            List<ScheduleInfo> schedules,
            OffHostStatus offHost) {}

    @Inject
    BackupTimers timers;

    @GET
    @Operation(summary = "The backups, newest first, and the last backup, verification and restore drill (ops-reader)")
    @APIResponse(
            responseCode = "200",
            description = "The backup directory's state",
            content = @Content(schema = @Schema(implementation = BackupsView.class)))
    public BackupsView backups() {
        BackupJobs jobs = timers.jobs();
        Backups backups = jobs.backups();
        BackupListing listing = jobs.list();
        return new BackupsView(
                listing.directory(),
                listing.backups(),
                listing.totalBytes(),
                backups.lastBackup(),
                backups.lastVerify(),
                backups.lastDrill(),
                jobs.lastFailure(),
                jobs.running(),
                backups.settings().retention().describe(),
                timers.scheduleInfo(),
                jobs.offHost().status());
    }

    @GET
    @Path("remote")
    @Operation(
            summary = "This host's remote copies, newest first (ops-reader); 404 when no remote is configured, 502 with"
                    + " the store's failure when it cannot be listed")
    @APIResponse(
            responseCode = "200",
            description = "The remote copies; checksum: the .sha256 object exists, so the copy is complete",
            content = @Content(schema = @Schema(implementation = BackupListing.class)))
    public BackupListing remote() {
        BackupJobs jobs = timers.jobs();
        if (!jobs.offHost().configured()) {
            throw new jakarta.ws.rs.NotFoundException("No remote is configured: set ops.remote.url.");
        }
        try {
            return jobs.listRemote();
        } catch (java.io.UncheckedIOException e) {
            throw new jakarta.ws.rs.WebApplicationException(e.getMessage(), 502);
        }
    }
}
