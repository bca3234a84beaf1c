package io.breakoutbot.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What health is shown of a failure: its first line, 200 characters at most. */
class ReceiverStateTest {

    static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aLongOrManyLinedErrorKeepsItsFirstLineCut() {
        ReceiverState fresh = ReceiverState.fresh(ReceiverState.ALERTMANAGER, "http://am-1:9093");
        ReceiverState failed = fresh.failed(AT, "HTTP 400: " + "z".repeat(5000));
        assertAll(
                () -> assertEquals("HTTP 503", fresh.failed(AT, "HTTP 503").lastError()),
                () -> assertEquals(
                        "HTTP 500: <html>…",
                        fresh.failed(AT, "HTTP 500: <html>\n<body>stack trace</body>")
                                .lastError()),
                () -> assertEquals("HTTP 400: " + "z".repeat(189) + "…", failed.lastError()),
                () -> assertEquals(200, failed.lastError().length()),
                () -> assertEquals(failed.lastError(), failed.succeeded(AT).lastError(), "carried on unchanged"),
                () -> assertEquals("", fresh.lastError()));
    }
}
