package io.breakoutbot.ops.backup;

import java.util.List;

/**
 * The backup directory's archives, newest first.
 *
 * @param directory  the backup directory
 * @param backups    newest first
 * @param totalBytes archives and their {@code .sha256} files, bytes
 */
public record BackupListing(String directory, List<BackupInfo> backups, long totalBytes) {

    public BackupListing {
        backups = List.copyOf(backups);
    }
}
