package io.breakoutbot.ops.bot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When to restart, as Monit does: after a number of failed checks in a row; never during the start grace
 * after a restart; and never again once restarts come too often (the loop guard), until an operator resumes.
 * Not thread-safe: {@link Bot} holds its lock around every call.
 */
final class RestartPolicy {

    enum Verdict {
        /** Nothing to do. */
        WAIT,
        /** Restart now. */
        RESTART,
        /** A restart was due, but the loop guard has just paused restarts. */
        GUARD_TRIPPED
    }

    private final int failuresBeforeRestart;
    private final Duration startGrace;
    private final int maxRestarts;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private int failures;
    private Instant graceUntil = Instant.MIN;
    private RestartGuard guard = RestartGuard.ACTIVE;

    RestartPolicy(int failuresBeforeRestart, Duration startGrace, int maxRestarts, Duration window, Clock clock) {
        this.failuresBeforeRestart = failuresBeforeRestart;
        this.startGrace = startGrace;
        this.maxRestarts = maxRestarts;
        this.window = window;
        this.clock = clock;
    }

    /** Counts a check; a failure during the start grace is not counted. */
    Verdict afterCheck(boolean failed) {
        if (!failed) {
            failures = 0;
            return Verdict.WAIT;
        }
        if (inGrace()) {
            return Verdict.WAIT;
        }
        failures++;
        if (failures < failuresBeforeRestart || guard != RestartGuard.ACTIVE) {
            return Verdict.WAIT;
        }
        Instant now = clock.instant();
        forgetBefore(now.minus(window));
        if (recent.size() >= maxRestarts) {
            guard = RestartGuard.PAUSED_BY_LOOP_GUARD;
            return Verdict.GUARD_TRIPPED;
        }
        return Verdict.RESTART;
    }

    /** An automatic restart was started (the executor took it): it counts towards the loop guard. */
    void restarting() {
        recent.addLast(clock.instant());
        failures = 0;
    }

    /** A restart, automatic or an operator's, ended: the start grace begins now. */
    void restartEnded() {
        failures = 0;
        graceUntil = clock.instant().plus(startGrace);
    }

    boolean inGrace() {
        return clock.instant().isBefore(graceUntil);
    }

    /** When the start grace ends; {@link Instant#MIN} before any restart. */
    Instant graceUntil() {
        return graceUntil;
    }

    void pause() {
        guard = RestartGuard.PAUSED_BY_OPERATOR;
    }

    /** Restarts are allowed again, with a fresh window and count. */
    void resume() {
        guard = RestartGuard.ACTIVE;
        recent.clear();
        failures = 0;
    }

    RestartGuard guard() {
        return guard;
    }

    /** Failed checks in a row, not counting those in a start grace. */
    int failures() {
        return failures;
    }

    /** Automatic restarts within the window ending now. */
    int restartsInWindow() {
        forgetBefore(clock.instant().minus(window));
        return recent.size();
    }

    int maxRestarts() {
        return maxRestarts;
    }

    Duration window() {
        return window;
    }

    private void forgetBefore(Instant limit) {
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(limit)) {
            recent.removeFirst();
        }
    }
}
