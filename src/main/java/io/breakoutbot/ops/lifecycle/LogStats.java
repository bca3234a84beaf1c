package io.breakoutbot.ops.lifecycle;

import java.util.List;

/**
 * The log directory at a glance, as {@code jmx/opsctl --stats} prints it.
 *
 * @param directory         absolute path
 * @param totalBytes        every regular file at the top of the directory, managed or not
 * @param files             their number
 * @param logs              per log: active and rotated sizes
 * @param unmanagedBytes    files that match no log pattern, which retention never deletes
 * @param oldestFile        least recently modified file, or empty
 * @param oldestModified    its modification time, ISO-8601 UTC, or empty
 * @param newestFile        most recently modified file, or empty
 * @param newestModified    its modification time, or empty
 * @param bytesFreedLastRun what the last sweep (not a preview) freed; 0 before the first
 */
public record LogStats(
        String directory,
        long totalBytes,
        int files,
        List<LogUsage> logs,
        long unmanagedBytes,
        String oldestFile,
        String oldestModified,
        String newestFile,
        String newestModified,
        long bytesFreedLastRun) {

    public LogStats {
        logs = List.copyOf(logs);
    }
}
