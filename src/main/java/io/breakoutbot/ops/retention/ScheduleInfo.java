package io.breakoutbot.ops.retention;

/**
 * A maintenance job's schedule.
 *
 * @param job     rotation, retention, sizeCheck or archive
 * @param cron    the setting's text, {@code off} when disabled
 * @param nextRun ISO-8601 with offset, empty when disabled
 */
public record ScheduleInfo(String job, String cron, String nextRun) {
}
