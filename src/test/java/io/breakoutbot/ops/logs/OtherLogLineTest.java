package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtherLogLineTest {

    final OtherLogLine cut = new OtherLogLine(ZoneId.of("Europe/Berlin"));

    OtherLogLine.Start start(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return cut.start(b, 0, b.length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            2026-12-04 10:00:00,123 ERROR some.logger: text                | 2026-12-04T09:00:00.123Z | ERROR    | some.logger  | text
            2026-12-04T10:00:00Z [WARNING] text                             | 2026-12-04T10:00:00Z     | WARN     |              | text
            2026-12-04 10:00:00,123 - bot.exchange - CRITICAL - lost it      | 2026-12-04T09:00:00.123Z | CRITICAL | bot.exchange | lost it
            2026-12-04 10:00:00,123 ERROR:bot.orders:rejected: no margin     | 2026-12-04T09:00:00.123Z | ERROR    | bot.orders   | rejected: no margin
            [2026-12-04 10:00:00.5] [info] started                          | 2026-12-04T09:00:00.500Z | INFO     |              | started
            "2026-12-04 10:00:00.123456 | DEBUG    | main:run:42 - tick" | 2026-12-04T09:00:00.123Z | DEBUG    |              | main:run:42 - tick
            2026-12-04T10:00:00.1+0100 FATAL out of memory                  | 2026-12-04T09:00:00.100Z | CRITICAL |              | out of memory
            2026-12-04 10:00:00 +05:30 INFO far away                        | 2026-12-04T04:30:00Z     | INFO     |              | far away
            2026-12-04 10:00:00,000 INFO Connection: reset                  | 2026-12-04T09:00:00Z     | INFO     |              | Connection: reset
            2026-12-04 10:00:00,000 INFO fetching https://x.example/         | 2026-12-04T09:00:00Z     | INFO     |              | fetching https://x.example/
            2026-12-04 10:00:00,000 starting the bot                        | 2026-12-04T09:00:00Z     |          |              | starting the bot
            2026-12-04 10:00:00,000 Error handling is on                    | 2026-12-04T09:00:00Z     |          |              | Error handling is on
            2026-07-04 10:00:00 INFO summer time                            | 2026-07-04T08:00:00Z     | INFO     |              | summer time
            """)
    void plainTextLines(String line, String time, String level, String logger, String message) {
        OtherLogLine.Start s = start(line.strip());
        assertAll(
                () -> assertEquals(Instant.parse(time).toEpochMilli(), s.millis()),
                () -> assertEquals(level, s.level()),
                () -> assertEquals(logger, s.logger()),
                () -> assertEquals(message, s.message()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Traceback (most recent call last):
              File bot.py, line 1, in <module>
            ValueError: 2026-12-04 10:00:00
            2026-13-04 10:00:00 INFO no such month
            2026-12-04 10:00:00123 INFO glued digits
            {'not': 'json'}
            """)
    void linesThatStartNoEntryContinueTheOneBefore(String line) {
        assertNull(start(line));
    }

    @Test
    void jsonKeysOfPythonFormattersAreRead() {
        OtherLogLine.Start s = start("{\"@timestamp\": \"2026-12-04T09:00:00.250Z\", \"severity\": \"Warning\","
                + " \"logger\": \"bot.risk\", \"component\": \"risk\", \"msg\": \"limit near\", \"thread\": 1402,"
                + " \"exception\": \"Traceback\", \"extra\": {\"a\": 1}}");
        OtherLogLine.Start numeric =
                start("{\"time\": 1796374800123, \"levelno\": 50, \"name\": \"bot\", \"message\": \"m\"}");
        assertAll(
                () -> assertEquals(Instant.parse("2026-12-04T09:00:00.250Z").toEpochMilli(), s.millis()),
                () -> assertEquals("WARN", s.level()),
                () -> assertEquals("bot.risk", s.logger()),
                () -> assertEquals("risk", s.component()),
                () -> assertEquals("limit near", s.message()),
                () -> assertNull(s.thread(), "a number is no thread name; it stays a field"),
                () -> assertEquals("Traceback", s.stackTrace()),
                () -> assertEquals(java.util.Map.of("thread", "1402", "extra", "{\"a\": 1}"), s.fields()),
                () -> assertEquals(1796374800123L, numeric.millis(), "milliseconds since the epoch"),
                () -> assertEquals("CRITICAL", numeric.level()),
                () -> assertEquals("bot", numeric.component()),
                () -> assertSame(OtherLogLine.NO_TIME, start("{\"message\": \"no time\"}")),
                () -> assertSame(OtherLogLine.NO_TIME, start("{\"time\": \"yesterday\", \"message\": \"m\"}")));
    }
}
