package io.breakoutbot.ops.jobs;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * A scheduled job's schedule.
 *
 * @param job     the job's name: rotation, retention, sizeCheck, archive, backup, drill
 * @param cron    the setting's text, {@code off} when disabled
 * @param nextRun ISO-8601 with offset, empty when disabled
 */
public record ScheduleInfo(String job, String cron, String nextRun) {

    /** Computed from the cron text rather than asked of the timers, which only answer inside a bean call. */
    public static List<ScheduleInfo> of(Map<String, CronSchedule> schedules, ZonedDateTime now) {
        return schedules.entrySet().stream()
                .map(e -> new ScheduleInfo(e.getKey(), e.getValue().toString(),
                        e.getValue().nextAfter(now).map(ZonedDateTime::toOffsetDateTime).map(Object::toString).orElse("")))
                .toList();
    }
}
