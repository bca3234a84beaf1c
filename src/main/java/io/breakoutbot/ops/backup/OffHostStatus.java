package io.breakoutbot.ops.backup;

/**
 * The state of the off-host copies, for the Backup MXBean, {@code /api/backups} and the dashboard.
 *
 * @param configured           whether a remote is configured
 * @param location             where this host's copies are, e.g. {@code s3://bucket/prefix/host/}
 * @param lastUpload           the object uploaded last, empty before the first
 * @param lastUploadAt         ISO-8601 instant (UTC) it was uploaded, empty before the first
 * @param newestVerified       the newest backup whose remote copy was checked end to end, empty when none
 * @param newestVerifiedAt     ISO-8601 instant (UTC) that backup was taken, empty when none
 * @param newestVerifiedAgeSec its age in seconds, -1 when there is none
 * @param pending              local archives not yet copied, as counted by the last pass
 * @param lastFailure          why the last pass failed, empty when it succeeded
 * @param nextAttemptAt        ISO-8601 instant (UTC) of the next pass, empty before the first
 */
public record OffHostStatus(
        boolean configured,
        String location,
        String lastUpload,
        String lastUploadAt,
        String newestVerified,
        String newestVerifiedAt,
        long newestVerifiedAgeSec,
        int pending,
        String lastFailure,
        String nextAttemptAt) {

    public static final OffHostStatus NONE = new OffHostStatus(false, "", "", "", "", "", -1, 0, "", "");
}
