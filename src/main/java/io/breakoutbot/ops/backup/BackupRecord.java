package io.breakoutbot.ops.backup;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * One backup as written.
 *
 * @param name         archive file name, e.g. {@code bot_backup_20261128_040000.tar.gz}
 * @param created      ISO-8601 instant (UTC) of the name
 * @param archiveBytes size of the archive file, bytes
 * @param files        regular files stored
 * @param bytes        bytes of those files
 * @param durationMs   writing time, milliseconds
 * @param changedFiles entry paths whose size or modification time moved while they were read
 * @param skipped      what was left out, each {@code path: reason} (missing sources, sockets, temp files ...)
 * @param verified     whether a verification of this archive passed
 */
@JsonbPropertyOrder({
    "name",
    "created",
    "archiveBytes",
    "files",
    "bytes",
    "durationMs",
    "changedFiles",
    "skipped",
    "verified"
})
public record BackupRecord(
        String name,
        String created,
        long archiveBytes,
        long files,
        long bytes,
        long durationMs,
        List<String> changedFiles,
        List<String> skipped,
        boolean verified) {

    public BackupRecord {
        changedFiles = List.copyOf(changedFiles);
        skipped = List.copyOf(skipped);
    }

    BackupRecord withVerified(boolean ok) {
        return new BackupRecord(name, created, archiveBytes, files, bytes, durationMs, changedFiles, skipped, ok);
    }
}
