package io.breakoutbot.ops.monitoring;

/** Where one metric stands against its thresholds. Declared from best to worst. */
public enum State {

    /** Below the warning level (or, when leaving a worse state, below it by the hysteresis margin). */
    OK,

    /** At or above the warning level, below the critical level. */
    WARNING,

    /** At or above the critical level. */
    CRITICAL,

    /** The last sample could not be taken. Never a reason for an alert by itself; the caller decides. */
    UNAVAILABLE
}
