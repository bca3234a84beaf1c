package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.ScannedFile;
import java.time.Instant;

/**
 * One regular file in the log directory, as the scan saw it.
 *
 * @param name     the file name, never a path: every operation stays inside the directory
 * @param log      the log it belongs to ({@code api.log} for {@code api.log.20261128-020000.000.gz}), or null
 *                 when it matches no log pattern
 * @param active   whether it is a log being written, which retention never deletes
 * @param order    for rotated files, sorts by rotation order (oldest first); null otherwise
 * @param bytes    size
 * @param modified last modification
 * @param fileKey  identity of the file (device and inode), to notice a swap between scan and delete
 */
public record LogFile(
        String name, String log, boolean active, String order, long bytes, Instant modified, Object fileKey)
        implements ScannedFile {

    public boolean rotated() {
        return log != null && !active;
    }

    public boolean managed() {
        return log != null;
    }

    public boolean compressed() {
        return name.endsWith(".gz");
    }
}
