package io.breakoutbot.ops.lifecycle;

/**
 * One log's share of the directory.
 *
 * @param log          the active file's name
 * @param activeBytes  size of the file being written (0 when it does not exist right now)
 * @param rotatedFiles generations kept
 * @param rotatedBytes their total size
 */
public record LogUsage(String log, long activeBytes, int rotatedFiles, long rotatedBytes) {}
