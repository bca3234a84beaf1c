package io.breakoutbot.ops.monitoring;

/**
 * Where a metric stands against its thresholds. Minimal stand-in so the alerts component compiles; the
 * monitoring branch's version replaces it at merge.
 */
public enum State {
    OK,
    WARNING,
    CRITICAL,
    /** The sample could not be taken: says nothing about the resource itself. */
    UNAVAILABLE
}
