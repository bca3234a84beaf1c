package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LineTimeTest {

    LineTime cut = new LineTime(ZoneId.of("Europe/Berlin"));

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void jsonLinesAsPythonAndWeWriteThem() {
        assertEquals(
                at("2026-12-04T09:00:00.123Z"),
                cut.of("{\"asctime\": \"2026-12-04 10:00:00,123\", \"levelname\": \"ERROR\", \"message\": \"x\"}"),
                "asctime without a zone is the host's");
        assertEquals(
                at("2026-12-04T10:00:00.500Z"),
                cut.of("{\"timestamp\":\"2026-12-04T10:00:00.5Z\",\"level\":\"INFO\"}"));
        assertEquals(at("2026-12-04T10:00:00Z"), cut.of("{\"@timestamp\": \"2026-12-04T11:00:00+01:00\"}"));
        assertEquals(at("2026-12-04T10:00:00.250Z"), cut.of("{\"msg\": \"x\", \"time\": 1796378400.25}"));
        assertEquals(
                at("2026-12-04T10:00:00Z"),
                cut.of("{\"time\": \"soon\", \"asctime\": \"2026-12-04 11:00:00\"}"),
                "the first key that reads as a time");
        assertEquals(LineTime.NONE, cut.of("{\"message\": \"\\\"timestamp\\\": 2026-12-04 10:00:00\"}"));
    }

    @Test
    void textLinesThatBeginWithATime() {
        assertEquals(at("2026-12-04T09:00:00.123Z"), cut.of("2026-12-04 10:00:00,123 ERROR bot.risk: limit"));
        assertEquals(at("2026-12-04T10:00:00Z"), cut.of("[2026-12-04T10:00:00Z] WARNING x"));
        assertEquals(LineTime.NONE, cut.of("ERROR bot.risk: limit at 2026-12-04 10:00:00"));
        assertEquals(LineTime.NONE, cut.of("Traceback (most recent call last):"));
        assertEquals(LineTime.NONE, cut.of(""));
    }
}
