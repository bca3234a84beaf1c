package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.Deletion;

/**
 * A file a sweep deleted, or would delete in a preview.
 *
 * @param name         file name inside the directory
 * @param log          the log it was rotated from
 * @param bytes        size
 * @param lastModified ISO-8601, UTC
 * @param reason       which rule, in a sentence
 */
public record RemovedFile(String name, String log, long bytes, String lastModified, String reason) {

    static RemovedFile of(Deletion d) {
        String log = d.file() instanceof LogFile file ? file.log() : null;
        return new RemovedFile(
                d.file().name(), log, d.file().bytes(), d.file().modified().toString(), d.reason());
    }
}
