package io.breakoutbot.ops.monitoring;

/**
 * One action the monitor took.
 *
 * @param at      ISO-8601 UTC, when it started
 * @param action  gc, clear-caches or log-cleanup
 * @param trigger metric and level, e.g. {@code disk.critical}
 * @param reason  the value that triggered it
 * @param outcome its effect ("heap 900 MB -> 400 MB, 500 MB freed"), or {@code failure: <why>}
 */
public record ActionRecord(String at, String action, String trigger, String reason, String outcome) {}
