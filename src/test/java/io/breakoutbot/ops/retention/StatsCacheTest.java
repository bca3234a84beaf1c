package io.breakoutbot.ops.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatsCacheTest {

    Instant now = Instant.parse("2026-11-28T03:00:00Z");
    AtomicInteger scans = new AtomicInteger();

    Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    StatsCache cut = new StatsCache(() -> new LogStats("/logs", scans.incrementAndGet(), 1, List.of(), 0, "", "", "", "", 0),
            Duration.ofSeconds(5), clock);

    @Test
    void pollsWithinTheTtlShareOneScan() {
        LogStats first = cut.get();
        now = now.plusSeconds(4);
        assertSame(first, cut.get());
        now = now.plusSeconds(1);
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
