package io.breakoutbot.ops.health;

import io.breakoutbot.ops.alerts.ReceiverState;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotStatus;
import io.breakoutbot.ops.bot.RestartGuard;
import io.breakoutbot.ops.logs.WriteFailure;
import io.breakoutbot.ops.monitoring.Metric;
import io.breakoutbot.ops.monitoring.State;
import io.breakoutbot.ops.monitoring.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Composes the service's health from state the background jobs already keep, so answering never waits on
 * a check. Rules:
 * <ul>
 *   <li><b>resources</b>: CPU, memory or file descriptors at WARNING or CRITICAL make it DEGRADED, and so do
 *       the bot's CPU, memory, file descriptors or threads; so does a sample older than three intervals (the
 *       sampler stopped). Bot metrics that are UNAVAILABLE (no bot) change nothing: whether the bot runs is
 *       the bot check's to say.</li>
 *   <li><b>disk</b>: WARNING is DEGRADED; CRITICAL is DOWN, because logs and backups then fail.</li>
 *   <li><b>logs</b>: a log directory that cannot be written, or one of our files that the last write could
 *       not reach (a full disk), is DOWN; a log that cannot be rotated (it grows until the disk is full), or a
 *       directory over its size cap, DEGRADED.</li>
 *   <li><b>scheduler</b>: a job whose timer was due more than a minute ago without a run since is
 *       DEGRADED: the container did not fire it, or another job kept it from starting.</li>
 *   <li><b>backup</b>: the last backup run failed, or the newest verified backup or the last successful
 *       restore drill is older than its limit, makes it DEGRADED. Before the first one, the limit counts
 *       from deployment, so a fresh install is not degraded on its first day.</li>
 *   <li><b>remote</b> (only with {@code ops.remote.url}): the last pass failed (unreachable store, refused
 *       credentials, a full bucket), or the newest verified remote copy of a backup is older than
 *       {@code ops.remote.staleAfter}, makes it DEGRADED; the local backups are unaffected, so never DOWN.</li>
 *   <li><b>alerts</b>: a webhook or Alertmanager whose last delivery failed, or that failed one within the
 *       last {@link #DELIVERY_WINDOW}, makes it DEGRADED: alerts may not be reaching anyone.</li>
 * </ul>
 * Overall is the worst component.
 */
final class HealthAssessment {

    /** How late a scheduled job may be before it counts as overdue. */
    static final Duration GRACE = Duration.ofMinutes(1);

    /** How long a failed delivery keeps the {@code alerts} component DEGRADED after a success. */
    static final Duration DELIVERY_WINDOW = Duration.ofMinutes(15);

    private HealthAssessment() {}

    /** The {@code alerts} component: UP while every receiver takes deliveries. */
    public static ComponentHealth alerts(List<ReceiverState> receivers, Instant now) {
        List<String> failing = new ArrayList<>();
        for (ReceiverState r : receivers) {
            if (r.failing(now, DELIVERY_WINDOW)) {
                failing.add(r.kind() + " " + r.receiver() + ": a delivery failed at " + r.lastFailure() + " ("
                        + r.lastError() + ")" + (r.lastFailed() ? "" : ", delivered since"));
            }
        }
        if (failing.isEmpty()) {
            return new ComponentHealth(
                    "alerts", Status.UP, receivers.isEmpty() ? "ok: no webhook or Alertmanager set" : "ok");
        }
        return new ComponentHealth("alerts", Status.DEGRADED, String.join("; ", failing));
    }

    /**
     * @param states    each metric's state; {@code values} and {@code levels} give the reasons
     * @param sampleAge time since the latest sample, null before the first
     */
    public record Resources(
            Map<Metric, State> states,
            Map<Metric, Double> values,
            Map<Metric, Threshold> levels,
            Duration sampleAge,
            Duration interval) {}

    /**
     * @param due     when its timer was due, as the container gave it (see {@code JobTimers.due()})
     * @param lastRun when it last started, however asked for; null when it has not yet
     */
    public record Job(String name, Instant due, Instant lastRun) {}

    /**
     * @param lastVerified when the newest backup that passed verification was taken, null when none has
     * @param lastDrill    when the last successful restore drill ran, null when none has
     * @param lastFailure  why the last backup, verification or drill failed; null when it succeeded
     * @param maxAge       how old the newest verified backup may be
     * @param drillMaxAge  how old the last successful drill may be
     */
    public record Backups(
            Instant lastVerified, Instant lastDrill, String lastFailure, Duration maxAge, Duration drillMaxAge) {}

    /**
     * @param writeFailures    our log files that cannot be written now
     * @param rotationFailures one sentence per log that cannot be rotated
     */
    public static List<ComponentHealth> assess(
            Resources resources,
            boolean logsWritable,
            List<WriteFailure> writeFailures,
            long logBytes,
            long logCap,
            List<String> rotationFailures,
            List<Job> jobs,
            Backups backups,
            Instant startedAt,
            Instant now,
            ZoneId zone) {
        List<ComponentHealth> components = new ArrayList<>();
        components.add(resources(resources));
        components.add(disk(resources));
        components.add(logs(logsWritable, writeFailures, logBytes, logCap, rotationFailures));
        components.add(scheduler(jobs, now, zone));
        components.add(backup(backups, startedAt, now));
        return components;
    }

    /**
     * The bot as its last check saw it. Restarts paused by the loop guard make it at least DEGRADED: the bot
     * will not be restarted again until an operator resumes them, whatever it does meanwhile. A last check
     * older than three intervals makes it DEGRADED too: the checks are stuck, and the state is old news.
     *
     * @param interval {@code ops.bot.interval}
     */
    /**
     * Whether the bot's checks are stuck: the last is older than three intervals. A check that hangs makes the
     * timer skip the next ones, so the state would stay as it was.
     */
    public static boolean botChecksStuck(BotState state, Duration interval, Instant now) {
        return !state.checkedAt().isEmpty()
                && Duration.between(Instant.parse(state.checkedAt()), now).compareTo(interval.multipliedBy(3)) > 0;
    }

    public static ComponentHealth bot(BotState state, Duration interval, Instant now) {
        Status status = switch (state.status()) {
            case UP -> Status.UP;
            case DEGRADED -> Status.DEGRADED;
            case DOWN -> Status.DOWN;
            case UNKNOWN -> Status.UP;
        };
        String reason = state.status() == BotStatus.UP ? "ok: " + state.reason() : state.reason();
        if (state.restartGuard() == RestartGuard.PAUSED_BY_LOOP_GUARD) {
            status = status.worst(Status.DEGRADED);
            if (!reason.contains(BotState.PAUSED_BY_LOOP_GUARD)) {
                reason += "; " + BotState.PAUSED_BY_LOOP_GUARD;
            }
            reason += "; resume them with jmx/opsctl --bot-resume";
        } else if (state.restartGuard() == RestartGuard.PAUSED_BY_OPERATOR) {
            reason += "; restarts paused by an operator";
        }
        if (botChecksStuck(state, interval, now)) {
            Duration age = Duration.between(Instant.parse(state.checkedAt()), now);
            status = status.worst(Status.DEGRADED);
            reason = "no bot check for " + age.toSeconds() + " s (every " + interval.toSeconds()
                    + " s expected); the last one said: " + reason;
        }
        return new ComponentHealth("bot", status, reason);
    }

    public static Status overall(List<ComponentHealth> components) {
        return components.stream().map(ComponentHealth::status).reduce(Status.UP, Status::worst);
    }

    private static ComponentHealth resources(Resources r) {
        if (r.sampleAge() == null) {
            return new ComponentHealth("resources", Status.UP, "no sample yet");
        }
        if (r.sampleAge().compareTo(r.interval().multipliedBy(3)) > 0) {
            return new ComponentHealth(
                    "resources",
                    Status.DEGRADED,
                    "the latest sample is " + r.sampleAge().toSeconds() + " s old; the sampler may have stopped");
        }
        List<String> breached = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (m == Metric.DISK) {
                continue; // a component of its own
            }
            State s = r.states().getOrDefault(m, State.OK);
            if (s == State.WARNING || s == State.CRITICAL) {
                breached.add(breach(r, m, s));
            }
        }
        return breached.isEmpty()
                ? new ComponentHealth("resources", Status.UP, "ok")
                : new ComponentHealth("resources", Status.DEGRADED, String.join("; ", breached));
    }

    private static ComponentHealth disk(Resources r) {
        State s = r.states().getOrDefault(Metric.DISK, State.OK);
        return switch (s) {
            case WARNING -> new ComponentHealth("disk", Status.DEGRADED, breach(r, Metric.DISK, s));
            case CRITICAL ->
                new ComponentHealth("disk", Status.DOWN, breach(r, Metric.DISK, s) + "; logs and backups will fail");
            case UNAVAILABLE -> new ComponentHealth("disk", Status.UP, "disk usage cannot be read");
            default -> new ComponentHealth("disk", Status.UP, "ok");
        };
    }

    private static String breach(Resources r, Metric m, State s) {
        Threshold t = r.levels().get(m);
        double level = s == State.CRITICAL ? t.critical() : t.warning();
        String unit = m.unit() == Metric.Unit.PERCENT ? "%%" : "";
        return String.format(
                Locale.ROOT,
                "%s at %." + (unit.isEmpty() ? 0 : 1) + "f" + unit + ", over the %s level of %.0f" + unit,
                m.label(),
                r.values().getOrDefault(m, Double.NaN),
                s.name().toLowerCase(Locale.ROOT),
                level);
    }

    private static ComponentHealth logs(
            boolean writable, List<WriteFailure> writeFailures, long bytes, long cap, List<String> rotationFailures) {
        List<String> down = new ArrayList<>();
        if (!writable) {
            down.add("the log directory cannot be written");
        }
        for (WriteFailure f : writeFailures) {
            down.add(f.file() + " cannot be written since " + f.since() + ": " + f.reason()
                    + (f.linesLost() == 0 ? "" : ", " + f.linesLost() + " lines lost"));
        }
        if (!down.isEmpty()) {
            return new ComponentHealth("logs", Status.DOWN, String.join("; ", down));
        }
        List<String> problems = new ArrayList<>(rotationFailures);
        if (bytes > cap) {
            problems.add("the log directory holds " + bytes + " bytes, over its cap of " + cap);
        }
        return problems.isEmpty()
                ? new ComponentHealth("logs", Status.UP, "ok")
                : new ComponentHealth("logs", Status.DEGRADED, String.join("; ", problems));
    }

    private static ComponentHealth scheduler(List<Job> jobs, Instant now, ZoneId zone) {
        List<String> overdue = new ArrayList<>();
        for (Job job : jobs) {
            boolean ranSince = job.lastRun() != null && !job.lastRun().isBefore(job.due());
            if (job.due().plus(GRACE).isBefore(now) && !ranSince) {
                overdue.add(
                        job.name() + " was due at " + job.due().atZone(zone).toOffsetDateTime() + " and has not run");
            }
        }
        return overdue.isEmpty()
                ? new ComponentHealth("scheduler", Status.UP, "ok")
                : new ComponentHealth("scheduler", Status.DEGRADED, String.join("; ", overdue));
    }

    /**
     * @param location     where this host's copies go
     * @param lastVerified when the newest backup whose remote copy was checked end to end was taken, null when none
     * @param lastFailure  why the last pass failed, null when it succeeded or none ran
     * @param maxAge       {@code ops.remote.staleAfter}
     * @param pending      local archives not yet copied
     */
    public record Remote(String location, Instant lastVerified, String lastFailure, Duration maxAge, int pending) {}

    /** The {@code remote} component; see the class comment. */
    public static ComponentHealth remote(Remote r, Instant startedAt, Instant now) {
        List<String> problems = new ArrayList<>();
        if (r.lastFailure() != null) {
            problems.add("the last copy to " + r.location() + " failed: " + r.lastFailure());
        }
        stale("verified remote copy of a backup", r.lastVerified(), r.maxAge(), startedAt, now)
                .ifPresent(problems::add);
        if (problems.isEmpty()) {
            return new ComponentHealth(
                    "remote",
                    Status.UP,
                    "ok: copies in " + r.location() + (r.pending() == 0 ? "" : ", " + r.pending() + " to upload"));
        }
        return new ComponentHealth("remote", Status.DEGRADED, String.join("; ", problems));
    }

    private static ComponentHealth backup(Backups b, Instant startedAt, Instant now) {
        List<String> problems = new ArrayList<>();
        if (b.lastFailure() != null) {
            problems.add(b.lastFailure());
        }
        stale("verified backup", b.lastVerified(), b.maxAge(), startedAt, now).ifPresent(problems::add);
        stale("successful restore drill", b.lastDrill(), b.drillMaxAge(), startedAt, now)
                .ifPresent(problems::add);
        return problems.isEmpty()
                ? new ComponentHealth("backup", Status.UP, "ok")
                : new ComponentHealth("backup", Status.DEGRADED, String.join("; ", problems));
    }

    private static Optional<String> stale(String what, Instant last, Duration maxAge, Instant startedAt, Instant now) {
        Instant from = last == null ? startedAt : last;
        if (Duration.between(from, now).compareTo(maxAge) <= 0) {
            return Optional.empty();
        }
        return Optional.of(
                last == null
                        ? "no " + what + " in the " + age(maxAge) + " since start-up"
                        : "the newest " + what + " is " + age(Duration.between(last, now)) + " old, over the limit of "
                                + age(maxAge));
    }

    /** Whole days, hours under two days, minutes under two hours: "9 days", "30 hours", "45 minutes". */
    private static String age(Duration d) {
        return d.toDays() >= 2
                ? d.toDays() + " days"
                : d.toHours() >= 2 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }
}
