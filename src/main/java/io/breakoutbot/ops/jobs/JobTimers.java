package io.breakoutbot.ops.jobs;

import jakarta.ejb.NoMoreTimeoutsException;
import jakarta.ejb.NoSuchObjectLocalException;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A timer bean's jobs on their schedules: one non-persistent calendar timer per job, created from the cron text
 * of its setting. The bean creates this in its {@code @PostConstruct}, schedules each job there, and hands every
 * {@code @Timeout} to {@link #fire}. What operators see of the schedule comes from the container's timers, which
 * decide when a job runs: the next run ({@link #schedules()}) and when a job is due ({@link #due()}).
 *
 * <p>Non-persistent: Payara Micro keeps persistent timers only with a named instance and the data grid, and a
 * missed run is caught up by the next one anyway.
 */
public final class JobTimers {

    private final TimerService service;
    private final ZoneId zone;
    private final Logger log;
    /** Filled while the bean starts, read afterwards. */
    private final Map<String, CronSchedule> settings = new LinkedHashMap<>();

    private final Map<String, Runnable> jobs = new LinkedHashMap<>();
    private final Map<String, Timer> timers = new LinkedHashMap<>();
    private final Map<String, Instant> due = new ConcurrentHashMap<>();

    /**
     * @param zone where the schedules' times are wall-clock times, as in cron
     * @param log  the bean's logger, so a skipped or failed run is logged under the bean's name
     */
    public JobTimers(TimerService service, ZoneId zone, Logger log) {
        this.service = service;
        this.zone = zone;
        this.log = log;
    }

    /** Puts {@code job} on {@code schedule}; no timer when it is off. The job's name is the timer's info. */
    public void schedule(String job, CronSchedule schedule, Runnable work) {
        settings.put(job, schedule);
        jobs.put(job, work);
        if (!schedule.isOff()) {
            Timer timer = service.createCalendarTimer(schedule.toScheduleExpression(zone), new TimerConfig(job, false));
            timers.put(job, timer);
            next(timer).ifPresent(at -> due.put(job, at));
        }
    }

    /**
     * Runs the job a timer fired for. Nothing is thrown back to the container, which would retry the timeout at
     * once: a job refused because another runs is a warning, anything else an error.
     */
    public void fire(Timer timer) {
        String job = String.valueOf(timer.getInfo());
        Runnable work = jobs.get(job);
        if (work == null) {
            log.error("Timer with unknown job '{}' ignored", job);
            return;
        }
        Instant missed = due.get(job);
        next(timer).ifPresentOrElse(at -> due.put(job, at), () -> due.remove(job));
        try {
            work.run();
        } catch (JobBusyException busy) {
            if (missed != null) {
                due.put(job, missed); // it did not start, so it is still due
            }
            log.warn("Scheduled {} skipped: {}", job, busy.getMessage());
        } catch (RuntimeException e) {
            log.error("Scheduled {} failed: {}", job, e.getMessage(), e);
        }
    }

    /**
     * Each job's schedule and its next run as the container's timer will fire it, in the order scheduled. The
     * container answers only inside a call of the bean that created the timers: call this from one of its
     * business methods, through the bean, never straight from another thread.
     */
    public List<ScheduleInfo> schedules() {
        return settings.entrySet().stream()
                .map(e -> new ScheduleInfo(
                        e.getKey(),
                        e.getValue().toString(),
                        Optional.ofNullable(timers.get(e.getKey()))
                                .flatMap(JobTimers::next)
                                .map(at -> at.atZone(zone).toOffsetDateTime().toString())
                                .orElse("")))
                .toList();
    }

    /** Each job's schedule as set, {@code off} included, in the order scheduled. */
    public Map<String, CronSchedule> settings() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * When each job on a timer is due: the time the container gave for its next run when the timer was created
     * or last fired. A run refused because another job ran leaves its time due; a job with no time to come has
     * none. Readable from any thread.
     */
    public Map<String, Instant> due() {
        Map<String, Instant> ordered = new LinkedHashMap<>();
        timers.keySet().forEach(job -> Optional.ofNullable(due.get(job)).ifPresent(at -> ordered.put(job, at)));
        return ordered;
    }

    private static Optional<Instant> next(Timer timer) {
        try {
            return Optional.of(timer.getNextTimeout().toInstant());
        } catch (NoMoreTimeoutsException | NoSuchObjectLocalException none) {
            return Optional.empty();
        }
    }
}
