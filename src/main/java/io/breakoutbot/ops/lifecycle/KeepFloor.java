package io.breakoutbot.ops.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * A log whose rotated files stay for at least {@code days} days, whatever the count, age and size rules
 * select: the audit trail's promise. Only an emergency cleanup may take them, and only when the disk is
 * full (see {@link LogLifecycle#emergencySweep}).
 *
 * @param log  the log's file name, e.g. {@code audit.log}; empty for no floor
 * @param days rotated files last modified within this many days of now are kept, 0 (no floor) to 3650
 */
public record KeepFloor(String log, int days) {

    /** No log is kept beyond the rules. */
    public static final KeepFloor NONE = new KeepFloor("", 0);

    public KeepFloor {
        if (log == null) {
            throw new IllegalArgumentException("A kept log needs a name; use KeepFloor.NONE for none.");
        }
        if (days < 0 || days > RetentionPolicy.MAX_AGE_DAYS) {
            throw new IllegalArgumentException(
                    "Days to keep must be from 0 to " + RetentionPolicy.MAX_AGE_DAYS + ", not " + days + ".");
        }
    }

    /** Whether {@code file} is a rotated file of this log modified within the floor's days of {@code now}. */
    public boolean holds(LogFile file, Instant now) {
        return days > 0
                && file.rotated()
                && log.equals(file.log())
                && file.modified().isAfter(now.minus(Duration.ofDays(days)));
    }
}
