package io.breakoutbot.ops.jobs;

/**
 * The last run of one job.
 *
 * @param job        the job's name: rotation, retention, sizeCheck, archive, backup, drill, or the operation's
 *                   name for manual runs
 * @param actor      {@code scheduler}, or the JMX or REST user who asked
 * @param startedAt  ISO-8601, UTC
 * @param durationMs milliseconds
 * @param outcome    {@code success} or {@code failure: <reason>}
 * @param summary    one line: what it did
 */
public record RunRecord(String job, String actor, String startedAt, long durationMs, String outcome, String summary) {}
