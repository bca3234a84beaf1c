package io.breakoutbot.ops.files;

/**
 * A file a sweep deletes, and why.
 *
 * @param file   as scanned
 * @param reason one sentence an operator reads in the preview and the audit log
 */
public record Deletion(ScannedFile file, String reason) {}
