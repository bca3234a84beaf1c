package io.breakoutbot.ops.schedule;

import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.time.ZoneId;
import java.util.Map;

/** Puts named jobs on their schedules as the timer beans do: one non-persistent calendar timer each. */
public final class JobTimers {

    private JobTimers() {
    }

    /**
     * Non-persistent: Payara Micro keeps persistent timers only with a named instance and the data grid, and a
     * missed maintenance run is caught up by the next one anyway. The job's name is the timer's info.
     */
    public static void create(TimerService timers, Map<String, CronSchedule> schedules, ZoneId zone) {
        schedules.forEach((job, cron) -> {
            if (!cron.isOff()) {
                timers.createCalendarTimer(cron.toScheduleExpression(zone), new TimerConfig(job, false));
            }
        });
    }
}
