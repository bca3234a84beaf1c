package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.jobs.JobBusyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * Is the bot alive and answering, and restart it when it is not. {@link #check()} reads the process (pid file
 * or systemd unit) and the health URL and returns the new {@link BotState}; after
 * {@code ops.bot.failuresBeforeRestart} DOWN checks in a row it starts the restart command on the handed-in
 * executor, so a slow restart never holds up the checks. Restarts, pauses and resumes are audited; the
 * {@link BotEvents} hear of restarts, the loop guard, DOWN and recovery.
 */
public final class Bot {

    /** The actor of an automatic restart in the audit log and in {@link RestartResult#actor()}. */
    public static final String CHECK_ACTOR = "bot-check";

    private static final Logger LOG = LoggerFactory.getLogger(Bot.class);

    static final String OFF = "the bot check is off: set ops.bot.pidFile, ops.bot.systemdUnit or ops.bot.healthUrl";

    private final PidSource pidSource;
    private final ProcessProbe processProbe;
    private final HealthProbe healthProbe;
    private final RestartRunner runner;
    private final RestartPolicy policy;
    private final Duration timeout;
    private final Executor restarts;
    private final Audit audit;
    private final BotEvents events;
    private final Clock clock;
    /** One check at a time: the timer's and an operator's checkNow() would otherwise share the CPU figures. */
    private final Object checking = new Object();

    // Guarded by this.
    private BotStatus status = BotStatus.UNKNOWN;
    private String reason = "not checked yet";
    private ProcessReading process;
    private HttpReading http;
    private Instant checkedAt;
    private boolean restarting;
    private long restartsTotal;
    private RestartResult lastRestart;
    private BotState state;

    /**
     * @param system   OSHI, for the process figures; only read when a pid file or systemd unit is set
     * @param restarts where the restart command runs (a managed executor in the server)
     */
    public Bot(BotSettings settings, SystemInfo system, Executor restarts, Audit audit, BotEvents events, Clock clock) {
        this(
                pidSource(settings),
                settings.pidFile() == null && settings.systemdUnit() == null ? null : new ProcessProbe(system),
                settings.healthUrl() == null ? null : new HealthProbe(settings.healthUrl(), settings.timeout()),
                settings.restartCommand() == null
                        ? null
                        : new RestartRunner(
                                settings.restartCommand(),
                                settings.restartTimeout(),
                                settings.logDirectory().resolve(BotSettings.RESTART_LOG),
                                clock),
                new RestartPolicy(
                        settings.failuresBeforeRestart(),
                        settings.startGrace(),
                        settings.maxRestarts(),
                        settings.restartWindow(),
                        clock),
                settings.timeout(),
                restarts,
                audit,
                events,
                clock);
    }

    Bot(
            PidSource pidSource,
            ProcessProbe processProbe,
            HealthProbe healthProbe,
            RestartRunner runner,
            RestartPolicy policy,
            Duration timeout,
            Executor restarts,
            Audit audit,
            BotEvents events,
            Clock clock) {
        this.pidSource = pidSource;
        this.processProbe = processProbe;
        this.healthProbe = healthProbe;
        this.runner = runner;
        this.policy = policy;
        this.timeout = timeout;
        this.restarts = restarts;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        if (!enabled()) {
            reason = OFF;
        }
        synchronized (this) {
            state = build();
        }
    }

    private static PidSource pidSource(BotSettings settings) {
        if (settings.pidFile() != null) {
            return new PidFile(settings.pidFile());
        }
        return settings.systemdUnit() == null
                ? null
                : new SystemdUnit(settings.systemdUnit(), settings.systemctl().toString());
    }

    /** Whether anything names the bot. */
    public boolean enabled() {
        return pidSource != null || healthProbe != null;
    }

    /** The state after the last check or restart; never null. */
    public synchronized BotState state() {
        return state;
    }

    /**
     * Checks the bot now: its process, then its health URL (skipped when the process is gone or stopped, which
     * already says DOWN). May start a restart on the executor; returns without waiting for it.
     */
    public BotState check() {
        synchronized (checking) {
            return checkOnce();
        }
    }

    private BotState checkOnce() {
        if (!enabled()) {
            synchronized (this) {
                checkedAt = clock.instant();
                state = build();
                return state;
            }
        }
        ProcessReading p = processProbe == null ? null : processProbe.read(pidSource);
        HttpReading h = healthProbe == null || (p != null && !(p.alive() && p.answering())) ? null : healthProbe.get();
        BotStatus now;
        String why;
        if (p != null && (!p.alive() || !p.answering())) {
            now = BotStatus.DOWN;
            why = p.reason();
        } else if (h == null) {
            now = BotStatus.UP;
            why = "pid " + p.pid() + " is running";
        } else if (!h.answered()) {
            now = BotStatus.DOWN;
            why = h.reason() + (p == null ? "" : " (pid " + p.pid() + " is running)");
        } else {
            String answer = healthProbe.url() + " answered HTTP " + h.code() + " in " + h.latencyMs() + " ms"
                    + (h.bodyStatus().isEmpty() ? "" : ", status " + h.bodyStatus());
            if (h.code() < 200 || h.code() > 299) {
                now = BotStatus.DEGRADED;
                why = answer + "; only 2xx is UP";
            } else if (h.latencyMs() * 2 > timeout.toMillis()) {
                now = BotStatus.DEGRADED;
                why = answer + ", slower than half the timeout of " + timeout.toMillis() + " ms";
            } else {
                now = BotStatus.UP;
                why = answer;
            }
        }
        List<Runnable> fire = new ArrayList<>();
        boolean restart;
        BotState result;
        synchronized (this) {
            BotStatus before = status;
            status = now;
            reason = why;
            process = p;
            http = h;
            checkedAt = clock.instant();
            RestartPolicy.Verdict verdict =
                    restarting ? RestartPolicy.Verdict.WAIT : policy.afterCheck(now == BotStatus.DOWN);
            restart = verdict == RestartPolicy.Verdict.RESTART && runner != null;
            if (restart) {
                restarting = true;
            }
            result = build();
            state = result;
            if (now == BotStatus.DOWN && before != BotStatus.DOWN) {
                fire.add(() -> events.down(result));
            }
            if (before == BotStatus.DOWN && now != BotStatus.DOWN) {
                fire.add(() -> events.recovered(result));
            }
            if (verdict == RestartPolicy.Verdict.GUARD_TRIPPED && runner != null) {
                fire.add(() -> events.loopGuardTripped(result));
            }
        }
        fire.forEach(Runnable::run);
        if (restart) {
            submit(CHECK_ACTOR, true);
        }
        return result;
    }

    /**
     * Runs the restart command now, whatever the failures and the guard; it does not count towards the loop
     * guard, and the start grace follows it as it follows an automatic one.
     *
     * @param actor who asks, for the audit log
     * @return the restart, running on the executor
     * @throws IllegalStateException when no restart command is set
     * @throws JobBusyException       when a restart is running
     */
    public Future<RestartResult> restartNow(String actor) {
        synchronized (this) {
            if (runner == null) {
                throw new IllegalStateException(
                        "No restart command is set; set ops.bot.restartCommand to let the service restart the bot.");
            }
            if (restarting) {
                throw new JobBusyException("The bot's restart command", "another restart was not started");
            }
            restarting = true;
            state = build();
        }
        return submit(actor, false);
    }

    /** Automatic restarts stop until {@link #resumeRestarts}; audited. */
    public BotState pauseRestarts(String actor) {
        BotState result;
        synchronized (this) {
            policy.pause();
            state = build();
            result = state;
        }
        audit.record(new AuditEntry(actor, "pause-bot-restarts", "bot", Map.of(), "success"));
        return result;
    }

    /** Automatic restarts may run again, with a fresh loop guard window; audited. */
    public BotState resumeRestarts(String actor) {
        BotState result;
        RestartGuard before;
        synchronized (this) {
            before = policy.guard();
            policy.resume();
            state = build();
            result = state;
        }
        audit.record(
                new AuditEntry(actor, "resume-bot-restarts", "bot", Map.of("guardBefore", before.name()), "success"));
        return result;
    }

    /**
     * @param automatic whether the check decided it: only then does it count towards the loop guard, and only
     *                  once the executor took it, so a restart that never ran cannot pause restarts
     */
    private Future<RestartResult> submit(String actor, boolean automatic) {
        FutureTask<RestartResult> task = new FutureTask<>(() -> runRestart(actor));
        try {
            restarts.execute(task);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                restarting = false;
                state = build();
            }
            throw new IllegalStateException("The restart of the bot could not be started: " + e.getMessage(), e);
        }
        if (automatic) {
            synchronized (this) {
                policy.restarting();
                state = build();
            }
        }
        return task;
    }

    private RestartResult runRestart(String actor) {
        RestartResult result;
        try {
            result = runner.run(actor);
        } catch (RuntimeException e) {
            result = new RestartResult(
                    actor, runner.command().toString(), clock.instant().toString(), 0, -1, false, "", e.toString());
        }
        BotState after;
        synchronized (this) {
            restarting = false;
            restartsTotal++;
            lastRestart = result;
            policy.restartEnded();
            state = build();
            after = state;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("command", result.command());
        parameters.put("exitCode", result.exitCode());
        parameters.put("durationMs", result.durationMs());
        parameters.put("timedOut", result.timedOut());
        parameters.put("output", result.outputTail());
        // Nobody reads the future of an automatic restart: what these throw would vanish unless logged here.
        try {
            audit.record(new AuditEntry(
                    actor,
                    "restart-bot",
                    "bot",
                    parameters,
                    result.succeeded() ? "success" : "failure: " + result.describe()));
        } catch (RuntimeException e) {
            LOG.error(
                    "Cannot audit the bot's restart by {} ({}: {}): {}",
                    actor,
                    result.command(),
                    result.describe(),
                    e.toString(),
                    e);
        }
        try {
            if (result.succeeded()) {
                events.restartDone(after, result);
            } else {
                events.restartFailed(after, result);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "Cannot report the bot's restart by {} ({}: {}) to alerts: {}",
                    actor,
                    result.command(),
                    result.describe(),
                    e.toString(),
                    e);
        }
        return result;
    }

    /** Called holding the lock. */
    private BotState build() {
        RestartGuard guard = runner == null ? RestartGuard.NO_COMMAND : policy.guard();
        StringBuilder why = new StringBuilder(reason);
        if (guard == RestartGuard.PAUSED_BY_LOOP_GUARD) {
            why.append("; ")
                    .append(BotState.PAUSED_BY_LOOP_GUARD)
                    .append(" after ")
                    .append(policy.maxRestarts())
                    .append(" restarts within ")
                    .append(Durations.format(policy.window()))
                    .append(": resume them with resumeRestarts() over JMX, jmx/opsctl --bot-resume or POST "
                            + "/api/bot/restarts/resume");
        } else if (guard == RestartGuard.PAUSED_BY_OPERATOR) {
            why.append("; restarts paused by an operator");
        }
        if (restarting) {
            why.append("; the restart command is running");
        } else if (policy.inGrace()) {
            why.append("; restarted, failed checks not counted until ").append(policy.graceUntil());
        }
        ProcessUse figures = process == null ? ProcessUse.UNKNOWN : process.figures();
        boolean alive = process != null ? process.alive() : http != null && http.answered();
        return new BotState(
                status,
                why.toString(),
                process == null ? 0 : process.pid(),
                alive,
                http == null ? 0 : http.code(),
                http == null ? -1 : http.latencyMs(),
                http == null ? "" : http.bodyStatus(),
                checkedAt == null ? "" : checkedAt.toString(),
                policy.failures(),
                restartsTotal,
                lastRestart == null ? "" : lastRestart.startedAt(),
                lastRestart == null ? -1 : lastRestart.exitCode(),
                lastRestart == null ? "" : lastRestart.describe(),
                lastRestart == null ? "" : lastRestart.outputTail(),
                guard,
                restarting,
                policy.inGrace() ? policy.graceUntil().toString() : "",
                figures.cpuPercent(),
                figures.residentBytes(),
                figures.threads(),
                figures.openFiles(),
                figures.maxOpenFiles());
    }
}
