package io.breakoutbot.ops.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.breakoutbot.ops.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatsCacheTest {

    AtomicInteger scans = new AtomicInteger();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));

    StatsCache cut = new StatsCache(
            () -> new LogStats("/logs", scans.incrementAndGet(), 1, List.of(), 0, "", "", "", "", 0),
            Duration.ofSeconds(5),
            clock);

    @Test
    void pollsWithinTheTtlShareOneScan() {
        LogStats first = cut.get();
        clock.advance(Duration.ofSeconds(4));
        assertSame(first, cut.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, cut.get().totalBytes(), "rescanned once the entry is 5 s old");
        assertEquals(2, scans.get());
    }

    @Test
    void clearingLetsGoOfTheEntry() {
        cut.get();
        assertEquals(1, cut.clear());
        assertEquals(0, cut.clear());
        assertEquals(2, cut.get().totalBytes(), "the next read scans again");
    }
}
