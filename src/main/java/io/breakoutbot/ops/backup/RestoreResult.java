package io.breakoutbot.ops.backup;

import java.util.List;

/**
 * The outcome of a restore or a dry run.
 *
 * @param name       the archive
 * @param target     the directory that received (or would receive) the archive's top-level entries
 * @param dryRun     whether nothing was written
 * @param ok         restored (or, for a dry run, restorable)
 * @param files      regular files
 * @param directories directories
 * @param links      symbolic links
 * @param bytes      bytes of regular files
 * @param durationMs milliseconds
 * @param replaced   top-level entries that replaced an existing file or directory of the target
 * @param firstBadEntry the entry that made it refuse or fail, empty when none
 * @param message    one sentence for an operator
 */
public record RestoreResult(
        String name,
        String target,
        boolean dryRun,
        boolean ok,
        long files,
        long directories,
        long links,
        long bytes,
        long durationMs,
        List<String> replaced,
        String firstBadEntry,
        String message) {

    public RestoreResult {
        replaced = List.copyOf(replaced);
    }
}
