package io.breakoutbot.ops.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * What one run of {@link LogArchiver#archive(java.nio.file.Path)} wrote, left out and pruned. Only strings,
 * numbers and lists of strings, so it maps to JMX open types as it is.
 *
 * @param archive               absolute path of the archive written
 * @param files                 number of files archived; the archive also holds the {@code logs/} directory entry
 * @param archiveBytes          size of the archive on disk, bytes
 * @param uncompressedBytes     sum of the archived files' sizes as recorded in their entries, bytes
 * @param skipped               files of the log directory not archived, each as {@code "<name>: <reason>"}
 * @param changedWhileArchiving names of archived files whose size changed between their entry header and the
 *                              end of copying (see {@link LogArchiver} for what the entry then holds)
 * @param pruned                names of older archives deleted by the retention rule, oldest first
 * @param bytesFreed            sum of the pruned archives' sizes, bytes
 */
public record ArchiveResult(
        String archive,
        int files,
        long archiveBytes,
        long uncompressedBytes,
        List<String> skipped,
        List<String> changedWhileArchiving,
        List<String> pruned,
        long bytesFreed) {

    public ArchiveResult {
        Objects.requireNonNull(archive, "archive");
        skipped = List.copyOf(skipped);
        changedWhileArchiving = List.copyOf(changedWhileArchiving);
        pruned = List.copyOf(pruned);
    }
}
