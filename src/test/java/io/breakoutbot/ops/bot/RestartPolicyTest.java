package io.breakoutbot.ops.bot;

import static io.breakoutbot.ops.bot.RestartPolicy.Verdict.GUARD_TRIPPED;
import static io.breakoutbot.ops.bot.RestartPolicy.Verdict.RESTART;
import static io.breakoutbot.ops.bot.RestartPolicy.Verdict.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When to restart: failures in a row, the start grace, the loop guard, and an operator's pause. */
class RestartPolicyTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    final RestartPolicy cut = new RestartPolicy(3, Duration.ofSeconds(30), 3, Duration.ofMinutes(10), clock);

    /** Three failed checks ten seconds apart. */
    RestartPolicy.Verdict failThreeTimes() {
        cut.afterCheck(true);
        clock.advance(Duration.ofSeconds(10));
        cut.afterCheck(true);
        clock.advance(Duration.ofSeconds(10));
        return cut.afterCheck(true);
    }

    /** A restart as the bot check runs it. */
    void restart() {
        cut.restarting();
        clock.advance(Duration.ofSeconds(2));
        cut.restartEnded();
    }

    @Test
    void theThirdFailureInARowRestarts() {
        assertEquals(WAIT, cut.afterCheck(true));
        assertEquals(WAIT, cut.afterCheck(true));
        assertEquals(RESTART, cut.afterCheck(true));
    }

    @Test
    void aGoodCheckStartsTheCountAgain() {
        cut.afterCheck(true);
        cut.afterCheck(true);
        assertEquals(WAIT, cut.afterCheck(false));
        assertEquals(0, cut.failures());
        assertEquals(WAIT, cut.afterCheck(true));
        assertEquals(WAIT, cut.afterCheck(true));
        assertEquals(RESTART, cut.afterCheck(true));
    }

    @Test
    void failuresDuringTheStartGraceAreNotCounted() {
        assertEquals(RESTART, failThreeTimes());
        restart();

        clock.advance(Duration.ofSeconds(29));
        for (int i = 0; i < 5; i++) {
            assertEquals(WAIT, cut.afterCheck(true));
        }
        assertEquals(0, cut.failures());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(RESTART, failThreeTimes(), "counted again once the grace is over");
    }

    @Test
    void theLoopGuardPausesAfterMaxRestartsWithinTheWindowUntilResumed() {
        for (int i = 0; i < 3; i++) {
            assertEquals(RESTART, failThreeTimes());
            restart();
            clock.advance(Duration.ofSeconds(30));
        }

        assertEquals(GUARD_TRIPPED, failThreeTimes());
        assertEquals(RestartGuard.PAUSED_BY_LOOP_GUARD, cut.guard());
        assertEquals(WAIT, cut.afterCheck(true), "tripped once, then quiet");

        clock.advance(Duration.ofHours(1));
        assertEquals(WAIT, failThreeTimes(), "the window passing does not resume: an operator must");

        cut.resume();
        assertEquals(RestartGuard.ACTIVE, cut.guard());
        assertEquals(RESTART, failThreeTimes());
    }

    @Test
    void restartsOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < 3; i++) {
            assertEquals(RESTART, failThreeTimes());
            restart();
            clock.advance(Duration.ofMinutes(4));
        }
        assertEquals(2, cut.restartsInWindow(), "the first is 12 minutes old");
        assertEquals(RESTART, failThreeTimes());
    }

    @Test
    void anOperatorsPauseHoldsUntilResumed() {
        cut.pause();
        assertEquals(RestartGuard.PAUSED_BY_OPERATOR, cut.guard());
        assertEquals(WAIT, failThreeTimes());
        assertEquals(WAIT, cut.afterCheck(true));

        cut.resume();
        assertEquals(RESTART, failThreeTimes());
    }
}
