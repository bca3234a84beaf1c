package io.breakoutbot.ops.lifecycle;

/**
 * The last run of one maintenance job.
 *
 * @param job        rotation, retention, sizeCheck, archive, or the operation's name for manual runs
 * @param actor      {@code scheduler}, or the JMX user who asked
 * @param startedAt  ISO-8601, UTC
 * @param durationMs milliseconds
 * @param outcome    {@code success} or {@code failure: <reason>}
 * @param summary    one line: what it did
 */
public record RunRecord(String job, String actor, String startedAt, long durationMs, String outcome, String summary) {
}
