package io.breakoutbot.ops.alerts;

/** Where a watched value stands, as the alert rules take it. Declared from best to worst. */
public enum Severity {

    /** Below every line: any alert of the value resolves. */
    OK,

    /** Over the warning line. */
    WARNING,

    /** Over the critical line. */
    CRITICAL,

    /** Not known just now: the value's alerts stay as they are. */
    UNAVAILABLE
}
