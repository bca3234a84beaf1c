package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own files' rotation through logback: what a rotation that fails leaves, and who hears of it. */
class RotationPolicyTest {

    /** 244 characters: the file can be written, but its generation's name is too long for the file system. */
    static final String TOO_LONG = "x".repeat(240) + ".log";

    @TempDir
    Path logs;

    final MutableClock clock = new MutableClock(NOW);
    final LoggerContext context = new LoggerContext();
    final RotationFailures failures = new RotationFailures();
    RollingFileAppender<ILoggingEvent> appender;

    /** An appender on {@code name} rotating at {@code maxFileSize} bytes, reporting to {@link #failures}. */
    void start(String name, long maxFileSize) {
        appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setFile(logs.resolve(name).toString());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        RotationPolicy<ILoggingEvent> policy =
                new RotationPolicy<>(maxFileSize, () -> 5, false, clock, new PlainThreads());
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFailures(failures);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
    }

    void log(String message) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, null);
        event.setTimeStamp(clock.millis());
        event.setMDCPropertyMap(Map.of());
        appender.doAppend(event);
    }

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
    }

    @Test
    void aRotationThatFailsIsReportedAndTheFileKeepsEveryLine() throws IOException {
        start(TOO_LONG, 1 << 20);
        log("one");

        appender.rollover();
        log("two");

        List<RotationFailures.Failure> current = failures.current();
        assertAll(
                () -> assertEquals(1, current.size()),
                () -> assertEquals(TOO_LONG, current.get(0).log()),
                () -> assertEquals(NOW, current.get(0).since()),
                () -> assertTrue(
                        current.get(0).reason().contains("File name too long"),
                        current.get(0).reason()),
                () -> assertEquals(List.of(TOO_LONG), names(logs)),
                () -> assertEquals("one\ntwo\n", Files.readString(logs.resolve(TOO_LONG))));
    }

    @Test
    void afterAFailureTheSizeTriggerWaitsAMinuteInsteadOfRetryingOnEveryLine() {
        start(TOO_LONG, 1);
        log("one");
        log("two"); // over the size: tries and fails
        for (int i = 0; i < 10; i++) {
            log("more " + i);
        }
        int afterTheBurst = failures.current().get(0).attempts();
        clock.advance(Duration.ofSeconds(61));
        log("a minute later");

        assertAll(
                () -> assertEquals(1, afterTheBurst),
                () -> assertEquals(2, failures.current().get(0).attempts()),
                () -> assertEquals(NOW, failures.current().get(0).since()));
    }

    @Test
    void aRotationThatWorksClearsTheFailureOfItsFile() throws IOException {
        failures.failed("general.log", NOW.minusSeconds(600), "Cannot rotate general.log: read-only file system");
        failures.failed("api.log", NOW.minusSeconds(600), "Cannot rotate api.log: read-only file system");
        start("general.log", 1 << 20);
        log("one");

        appender.rollover();

        assertAll(
                () -> assertEquals(
                        List.of("api.log"),
                        failures.current().stream()
                                .map(RotationFailures.Failure::log)
                                .toList()),
                () -> assertEquals(List.of("general.log", "general.log.20261128-030000.000"), names(logs)));
    }

    @Test
    void theSentenceSaysWhichLogSinceWhenHowOftenAndWhy() {
        failures.failed("general.log", Instant.parse("2026-11-28T02:00:00Z"), "disk on fire");
        failures.failed("general.log", Instant.parse("2026-11-28T02:05:00Z"), "read-only file system");

        assertEquals(
                List.of(
                        "general.log has not rotated since 2026-11-28T02:00:00Z (2 attempts failed): read-only file system"),
                failures.sentences());
    }
}
