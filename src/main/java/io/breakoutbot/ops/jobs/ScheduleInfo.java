package io.breakoutbot.ops.jobs;

/**
 * A scheduled job's schedule, as {@link JobTimers#schedules()} reads it from the container's timers.
 *
 * @param job     the job's name: rotation, retention, sizeCheck, archive, backup, drill
 * @param cron    the setting's text, {@code off} when disabled
 * @param nextRun when the container's timer fires next, ISO-8601 with the server zone's offset; empty when
 *                disabled or when it never fires again
 */
public record ScheduleInfo(String job, String cron, String nextRun) {}
