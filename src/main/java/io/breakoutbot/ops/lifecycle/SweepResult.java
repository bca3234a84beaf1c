package io.breakoutbot.ops.lifecycle;

import java.util.List;

/**
 * What one retention sweep did, or would do when {@code preview} is true. Open types only, so JConsole
 * shows it as it is.
 *
 * @param directory      the directory swept
 * @param ranAt          ISO-8601, UTC
 * @param preview        true when nothing was deleted
 * @param removed        the files deleted (or to be deleted), each with its reason
 * @param skipped        planned files left in place, each with why
 * @param bytesFreed     sum of the removed files
 * @param bytesRemaining the directory's size afterwards
 * @param warning        empty, or a sentence saying that files of the audit trail younger than its days were
 *                       deleted because the disk was full
 */
public record SweepResult(
        String directory,
        String ranAt,
        boolean preview,
        List<RemovedFile> removed,
        List<String> skipped,
        long bytesFreed,
        long bytesRemaining,
        String warning) {

    public SweepResult {
        removed = List.copyOf(removed);
        skipped = List.copyOf(skipped);
        warning = warning == null ? "" : warning;
    }

    /** A sweep that kept every file the floor holds: no warning. */
    public SweepResult(
            String directory,
            String ranAt,
            boolean preview,
            List<RemovedFile> removed,
            List<String> skipped,
            long bytesFreed,
            long bytesRemaining) {
        this(directory, ranAt, preview, removed, skipped, bytesFreed, bytesRemaining, "");
    }
}
