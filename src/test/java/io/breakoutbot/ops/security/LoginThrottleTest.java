package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final LoginThrottle cut = new LoginThrottle(5, Duration.ofMinutes(1), clock);

    @Test
    void fiveFailuresInAMinuteBlockTheAddressForOneRefill() {
        for (int i = 1; i <= 4; i++) {
            assertFalse(cut.failed("10.0.0.1"), "failure " + i);
        }
        assertTrue(cut.failed("10.0.0.1"), "the fifth uses the last try");
        assertAll(
                () -> assertEquals(OptionalLong.of(12), cut.retryAfter("10.0.0.1")),
                () -> assertEquals(OptionalLong.empty(), cut.retryAfter("10.0.0.2"), "per address"));

        clock.advance(Duration.ofSeconds(11));
        assertEquals(OptionalLong.of(1), cut.retryAfter("10.0.0.1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(OptionalLong.empty(), cut.retryAfter("10.0.0.1"), "one try earned back");
        assertTrue(cut.failed("10.0.0.1"), "and used up again at once");
    }

    @Test
    void spreadOutFailuresNeverBlock() {
        for (int i = 0; i < 50; i++) {
            cut.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(12));
            assertEquals(OptionalLong.empty(), cut.retryAfter("10.0.0.1"), "failure " + i);
        }
    }

    @Test
    void refilledAddressesAreForgotten() {
        for (int i = 0; i < 1001; i++) {
            cut.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        clock.advance(Duration.ofMinutes(2));
        cut.failed("192.168.0.1");
        assertEquals(1, cut.tracked());
    }
}
