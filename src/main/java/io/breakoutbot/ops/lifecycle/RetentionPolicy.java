package io.breakoutbot.ops.lifecycle;

import java.util.List;

/**
 * What the retention sweep keeps. All three rules apply at once; a file goes when any rule says so.
 *
 * @param backups       rotated files kept per log, newest first, 1 to 1000
 * @param maxAgeDays    rotated files last modified more than this many days ago are deleted, 1 to 3650
 * @param maxTotalBytes when the whole directory is larger, rotated files are deleted until it is not
 * @param deleteFirst   the order in which logs give up rotated files to the size cap: log names or globs,
 *                      {@code *} standing for every log not named; errors.log last by default
 */
public record RetentionPolicy(int backups, int maxAgeDays, long maxTotalBytes, List<String> deleteFirst) {

    public static final int MAX_BACKUPS = 1000;
    public static final int MAX_AGE_DAYS = 3650;

    public RetentionPolicy {
        requireBackups(backups);
        requireDays(maxAgeDays);
        if (maxTotalBytes <= 0) {
            throw new IllegalArgumentException(
                    "The total size cap must be greater than zero bytes, not " + maxTotalBytes + ".");
        }
        if (deleteFirst == null
                || deleteFirst.isEmpty()
                || deleteFirst.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException(
                    "The deletion order must list at least one log name, and no empty names.");
        }
        deleteFirst = List.copyOf(deleteFirst);
    }

    static void requireBackups(int backups) {
        if (backups < 1 || backups > MAX_BACKUPS) {
            throw new IllegalArgumentException(
                    "Backups to keep must be from 1 to " + MAX_BACKUPS + ", not " + backups + ".");
        }
    }

    static void requireDays(long days) {
        if (days < 1 || days > MAX_AGE_DAYS) {
            throw new IllegalArgumentException(
                    "Days must be from 1 to " + MAX_AGE_DAYS + " (ten years), not " + days + ".");
        }
    }

    public RetentionPolicy withMaxAgeDays(int days) {
        return new RetentionPolicy(backups, days, maxTotalBytes, deleteFirst);
    }
}
