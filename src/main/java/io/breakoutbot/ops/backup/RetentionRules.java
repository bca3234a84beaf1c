package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.config.ByteSize;

/**
 * Which backups to keep, all rules applied together (see {@link BackupRetention}). Zero turns a rule off.
 *
 * @param keepLast      the newest this many backups are kept
 * @param keepDaily     for this many most recent days (UTC) that have backups, the newest of each day is kept
 * @param keepWeekly    for this many most recent ISO weeks (UTC) that have backups, the newest of each week is kept
 * @param maxAgeDays    backups older than this many days go, even when a keep rule selects them
 * @param maxTotalBytes while the archives and their {@code .sha256} files take more bytes than this, the oldest go
 */
public record RetentionRules(int keepLast, int keepDaily, int keepWeekly, int maxAgeDays, long maxTotalBytes) {

    /** Keep the last 7, 7 daily, 4 weekly; no age limit; no size cap. */
    public static final RetentionRules DEFAULTS = new RetentionRules(7, 7, 4, 0, 0);

    public RetentionRules {
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0) {
            throw new IllegalArgumentException("Backup keep counts cannot be negative: last " + keepLast + ", daily "
                    + keepDaily + ", weekly " + keepWeekly + ".");
        }
        if (maxAgeDays < 0) {
            throw new IllegalArgumentException("The backup age limit cannot be negative, was " + maxAgeDays + " days.");
        }
        if (maxTotalBytes < 0) {
            throw new IllegalArgumentException(
                    "The backup size cap cannot be negative, was " + maxTotalBytes + " bytes.");
        }
    }

    boolean keepRulesOff() {
        return keepLast == 0 && keepDaily == 0 && keepWeekly == 0;
    }

    /** The rules in words, for the MXBean and {@code GET /api/backups}. */
    public String describe() {
        return "keep last " + keepLast + ", daily " + keepDaily + ", weekly " + keepWeekly + "; "
                + (maxAgeDays == 0 ? "no age limit" : "none older than " + maxAgeDays + " days") + "; "
                + (maxTotalBytes == 0 ? "no size cap" : "at most " + ByteSize.format(maxTotalBytes))
                + "; the newest verified backup is always kept";
    }
}
