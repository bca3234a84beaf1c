package io.breakoutbot.ops.jobs;

import org.slf4j.Logger;

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

    /**
     * Runs the job a timer fired for. Nothing is thrown back to the container, which would retry the timeout at
     * once: a job refused because another runs ({@link JobBusyException}) is a warning, anything else an error.
     *
     * @param job   the timer's info, its job's name
     * @param jobs  each job's work by name; an unknown name is logged and ignored
     */
    public static void fire(Logger log, String job, Map<String, Runnable> jobs) {
        Runnable work = jobs.get(job);
        if (work == null) {
            log.error("Timer with unknown job '{}' ignored", job);
            return;
        }
        try {
            work.run();
        } catch (JobBusyException busy) {
            log.warn("Scheduled {} skipped: {}", job, busy.getMessage());
        } catch (RuntimeException e) {
            log.error("Scheduled {} failed: {}", job, e.getMessage(), e);
        }
    }
}
