package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineLevelTest {

    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"timestamp\":\"2026-12-04T10:00:00.000Z\",\"level\":\"ERROR\",\"component\":\"api\",\"message\":\"x\"}|ERROR",
                "{\"asctime\": \"2026-12-04 10:00:00,123\", \"levelname\": \"WARNING\", \"name\": \"bot\", \"message\": \"x\"}|WARN",
                "{\"event\": \"x\", \"level\": \"critical\"}|CRITICAL",
                "{\"levelname\":\"FATAL\",\"msg\":\"x\"}|CRITICAL",
                "{\"message\":\"a \\\"level\\\":\\\"ERROR\\\" inside\",\"level\":\"INFO\"}|INFO",
                "2026-12-04 10:00:00,123 ERROR bot.exchange: exchange disconnected|ERROR",
                "[WARNING] low balance|WARN",
                "ERROR:root:boom|ERROR",
                "2026-12-04 10:00:00,123 - bot - CRITICAL - margin call|CRITICAL",
                "2026-12-04T10:00:00Z DEBUG tick|DEBUG",
                "10:00:00 INFO  an ERROR later in the message|INFO",
            })
    void readsTheLevelOfJsonAndTextLines(String line, LineLevel level) {
        assertEquals(level, LineLevel.of(line));
    }

    @Test
    void aLineWithoutALevelHasNone() {
        assertNull(LineLevel.of(""));
        assertNull(LineLevel.of("Traceback (most recent call last):"));
        assertNull(LineLevel.of("    raise error handling failed"));
        assertNull(LineLevel.of("{\"message\":\"no level\"}"));
        assertNull(LineLevel.of("{\"level\":\"LOUD\"}"));
        assertNull(LineLevel.of("ERRORS happen"));
    }

    @Test
    void levelsAreOrderedWithPythonsNames() {
        assertEquals(LineLevel.WARN, LineLevel.parse("warning"));
        assertEquals(LineLevel.CRITICAL, LineLevel.parse("Fatal"));
        assertTrue(LineLevel.CRITICAL.atLeast(LineLevel.ERROR));
        assertFalse(LineLevel.ERROR.atLeast(LineLevel.CRITICAL));
        assertTrue(LineLevel.TRACE.compareTo(LineLevel.DEBUG) < 0);
    }

    @Test
    void theMessageOfAJsonLineIsItsMessageUnescaped() {
        assertEquals(
                "exchange \"binance\" disconnected\né",
                LineLevel.message(
                        "{\"level\":\"ERROR\",\"message\":\"exchange \\\"binance\\\" disconnected\\n\\u00e9\"}"));
        assertEquals("plain", LineLevel.message("{\"levelname\": \"ERROR\", \"msg\": \"plain\"}"));
        assertEquals("2026-12-04 ERROR text", LineLevel.message("2026-12-04 ERROR text"));
        assertEquals("{\"level\":\"ERROR\"}", LineLevel.message("{\"level\":\"ERROR\"}"));
    }
}
