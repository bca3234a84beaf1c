package io.breakoutbot.ops.backup;

/**
 * One archive in the backup directory.
 *
 * @param name      file name
 * @param created   ISO-8601 instant (UTC) from the name
 * @param bytes     archive size, bytes
 * @param encrypted ends in {@code .enc}
 * @param checksum  its {@code .sha256} exists
 * @param verified  a verification of it passed (as remembered in the state file)
 */
public record BackupInfo(
        String name, String created, long bytes, boolean encrypted, boolean checksum, boolean verified) {}
