package io.breakoutbot.ops.retention;

/**
 * A file the sweep deletes, and why.
 *
 * @param file   as scanned
 * @param reason one sentence an operator reads in the preview and the audit log
 */
public record Deletion(LogFile file, String reason) {
}
