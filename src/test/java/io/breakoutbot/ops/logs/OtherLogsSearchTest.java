package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our logs and the bot's side by side, as with {@code ops.logs.dir} set to the bot's log directory: a
 * Python JSON log with a rotated gzipped generation, and a plain text log with tracebacks.
 */
class OtherLogsSearchTest {

    /** The host's zone in these tests: Python's asctime {@code 10:00:00} there is {@code 09:00:00Z}. */
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static final Instant T = Instant.parse("2026-12-04T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);
    static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);

    static final String WORKER_TRACEBACK = String.join(
            "\n",
            "Traceback (most recent call last):",
            "  File \"worker.py\", line 3, in run",
            "    {'order': 17}",
            "ValueError: boom",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "RuntimeError: wrapped");

    /** Every entry, newest first. */
    static final List<String> ALL = List.of(
            "gave up",
            "exchange disconnected",
            "ours failed",
            "disk low",
            "order rejected",
            "task failed",
            "GET /api/health 200 3ms",
            "connected",
            "old warning",
            "bot started");

    @TempDir
    Path dir;

    final JsonLineEncoder encoder = new JsonLineEncoder();
    final LoggerContext context = new LoggerContext();

    LogSearch cut() {
        return new LogSearch(dir, CLOCK, BERLIN, SECRET);
    }

    @BeforeEach
    void ourLogsAndTheBots() throws IOException {
        // bot.log.1.gz: the generation Python's RotatingFileHandler rotated, gzipped; times with a zone.
        long oldWarning = Instant.parse("2026-12-04T08:59:30.250Z").getEpochSecond();
        Path rotated = dir.resolve("bot.log.1.gz");
        Files.write(
                rotated,
                gzip("{\"timestamp\": \"2026-12-04T09:59:00+01:00\", \"levelname\": \"INFO\", \"name\": \"bot\","
                        + " \"message\": \"bot started\"}\n"
                        + "{\"ts\": " + oldWarning + ".25, \"level\": \"warning\", \"logger\": \"bot.risk\","
                        + " \"msg\": \"old warning\"}\n"));
        Files.setLastModifiedTime(rotated, FileTime.from(Instant.parse("2026-12-04T08:59:30.250Z")));

        // bot.log: python-json-logger with asctime in the host's zone.
        Files.writeString(
                dir.resolve("bot.log"),
                "{\"asctime\": \"2026-12-04 10:00:00,123\", \"levelname\": \"INFO\", \"name\": \"bot.exchange\","
                        + " \"threadName\": \"MainThread\", \"message\": \"connected\", \"process\": 4242}\n"
                        + "{\"levelname\": \"INFO\", \"message\": \"a line without a time is skipped\"}\n"
                        + "{\"asctime\": \"2026-12-04 10:00:02,000\", \"levelname\": \"ERROR\", \"name\": \"bot.orders\","
                        + " \"message\": \"order rejected\", \"exc_info\": \"Traceback (most recent call last):\\n"
                        + "KeyError: 'price'\"}\n"
                        + "{\"asctime\": \"2026-12-04 10:00:04,000\", \"levelname\": \"CRITICAL\", \"name\": \"bot.exchange\","
                        + " \"message\": \"exchange disconnected\"}\n"
                        + "{\"asctime\": \"2026-12-04 10:00:05,000\", \"levelname\": \"INFO\", \"message\": \"being writ");

        // worker.log: plain text, Python's tracebacks on the lines after their entry.
        Files.writeString(
                dir.resolve("worker.log"),
                "  File \"older.py\", line 9, in tail of a traceback from the previous generation\n"
                        + "2026-12-04 10:00:01,000 ERROR bot.worker: task failed\n"
                        + WORKER_TRACEBACK + "\n"
                        + "2026-12-04T09:00:03Z [WARNING] disk low\n"
                        + "2026-12-04 10:00:05,000 - bot.exchange - FATAL - gave up\n");

        // Ours, interleaved in time with theirs.
        ours(T.plusMillis(500), Level.INFO, "api", "GET /api/health 200 3ms");
        ours(T.plusMillis(3500), Level.ERROR, "risk", "ours failed");
    }

    void ours(Instant at, Level level, String component, String message) throws IOException {
        LoggingEvent e = new LoggingEvent(
                OtherLogsSearchTest.class.getName(),
                context.getLogger("io.breakoutbot.ops.test.Source"),
                level,
                message,
                null,
                null);
        e.setTimeStamp(at.toEpochMilli());
        e.setThreadName("worker-1");
        e.setMDCPropertyMap(Map.of(Component.MDC_KEY, component));
        Files.write(
                dir.resolve(LogSegment.route(e).fileName()),
                encoder.encode(e),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static List<String> messages(LogPage page) {
        return page.entries().stream().map(LogEntry::message).toList();
    }

    LogEntry entry(String message) {
        return cut().search(LogQuery.newest(100)).entries().stream()
                .filter(e -> message.equals(e.message()))
                .findFirst()
                .orElseThrow();
    }

    List<String> search(String level, String component, String source, Instant since, Instant until, String text) {
        return messages(cut().search(query(level, component, source, since, until, text, 100)));
    }

    static LogQuery query(
            String level, String component, String source, Instant since, Instant until, String text, int limit) {
        return new LogQuery(
                level == null ? Set.of() : LogQuery.minimum(level),
                component == null ? Set.of() : Set.of(component),
                source == null ? Set.of() : Set.of(source.split(",")),
                since,
                until,
                text,
                limit,
                null);
    }

    /** Follows nextCursor to the end, calling {@code between} after the first page. */
    List<String> walk(LogSearch search, LogQuery first, Runnable between) {
        List<String> all = new ArrayList<>();
        LogQuery q = first;
        for (int pages = 0; pages < 1000; pages++) {
            LogPage page = search.search(q);
            all.addAll(messages(page));
            if (page.nextCursor() == null) {
                return all;
            }
            assertEquals(q.limit(), page.entries().size(), "a page with a next cursor is full");
            if (pages == 0) {
                between.run();
            }
            q = q.withCursor(page.nextCursor());
        }
        throw new AssertionError("no last page");
    }

    @Test
    void ourEntriesAndTheBotsComeNewestFirstInOneOrder() {
        LogPage page = cut().search(LogQuery.newest(100));

        assertAll(
                () -> assertEquals(ALL, messages(page)),
                () -> assertNull(page.nextCursor()),
                () -> assertEquals(5, page.filesRead(), "api.log, errors.log, bot.log, bot.log.1.gz, worker.log"),
                () -> assertEquals(
                        List.of(
                                "worker.log",
                                "bot.log",
                                "errors.log",
                                "worker.log",
                                "bot.log",
                                "worker.log",
                                "api.log",
                                "bot.log",
                                "bot.log.1.gz",
                                "bot.log.1.gz"),
                        page.entries().stream().map(LogEntry::source).toList()));
    }

    @Test
    void aPythonJsonLineBecomesAnEntryWithEveryField() {
        LogEntry connected = entry("connected");
        LogEntry old = entry("old warning");

        assertAll(
                () -> assertEquals("2026-12-04T09:00:00.123Z", connected.timestamp(), "asctime in the host's zone"),
                () -> assertEquals("INFO", connected.level()),
                () -> assertEquals("bot.exchange", connected.component()),
                () -> assertEquals("bot.exchange", connected.logger()),
                () -> assertEquals("MainThread", connected.thread()),
                () -> assertNull(connected.stackTrace()),
                () -> assertEquals(Map.of("process", "4242"), connected.fields()),
                () -> assertEquals("bot.log", connected.source()),
                () -> assertEquals("2026-12-04T08:59:30.250Z", old.timestamp(), "epoch seconds"),
                () -> assertEquals("WARN", old.level(), "Python's warning"),
                () -> assertEquals("bot.risk", old.component()),
                () -> assertEquals(
                        "2026-12-04T08:59:00.000Z", entry("bot started").timestamp(), "+01:00"),
                () -> assertEquals(
                        "Traceback (most recent call last):\nKeyError: 'price'",
                        entry("order rejected").stackTrace()));
    }

    @Test
    void plainTextLinesGiveTimeLevelAndLoggerAndTracebacksJoinTheirEntry() {
        LogEntry failed = entry("task failed");
        LogEntry low = entry("disk low");
        LogEntry gaveUp = entry("gave up");

        assertAll(
                () -> assertEquals("2026-12-04T09:00:01.000Z", failed.timestamp()),
                () -> assertEquals("ERROR", failed.level()),
                () -> assertEquals("bot.worker", failed.logger()),
                () -> assertEquals(WORKER_TRACEBACK, failed.stackTrace(), "with its blank lines and printed dict"),
                () -> assertEquals("worker.log", failed.source()),
                () -> assertEquals("2026-12-04T09:00:03.000Z", low.timestamp()),
                () -> assertEquals("WARN", low.level()),
                () -> assertNull(low.logger()),
                () -> assertNull(low.stackTrace()),
                () -> assertEquals("CRITICAL", gaveUp.level(), "FATAL"),
                () -> assertEquals("bot.exchange", gaveUp.component()),
                () -> assertTrue(messages(cut().search(LogQuery.newest(100))).stream()
                        .noneMatch(m -> m.contains("older.py") || m.contains("without a time") || m.contains("writ"))));
    }

    @Test
    void levelFilterCountsCriticalAboveError() {
        assertAll(
                () -> assertEquals(
                        List.of("gave up", "exchange disconnected", "ours failed", "order rejected", "task failed"),
                        search("ERROR", null, null, null, null, null)),
                () -> assertEquals(
                        List.of("gave up", "exchange disconnected"), search("CRITICAL", null, null, null, null, null)),
                () -> assertEquals(
                        List.of(
                                "gave up",
                                "exchange disconnected",
                                "ours failed",
                                "disk low",
                                "order rejected",
                                "task failed",
                                "old warning"),
                        search("WARN", null, null, null, null, null)),
                () -> assertEquals(
                        List.of("disk low", "old warning"),
                        messages(cut().search(new LogQuery(Set.of("WARN"), Set.of(), null, null, null, 100, null)))));
    }

    @Test
    void textTimeAndComponentFiltersApplyToTheirEntriesAsToOurs() {
        assertAll(
                () -> assertEquals(List.of("exchange disconnected"), search(null, null, null, null, null, "EXCHANGE")),
                () -> assertEquals(
                        List.of("ours failed", "disk low", "order rejected", "task failed"),
                        search(
                                null,
                                null,
                                null,
                                T.plusSeconds(1),
                                T.plusSeconds(3).plusMillis(500),
                                null)),
                () -> assertEquals(
                        List.of("bot started"),
                        search(null, null, null, null, Instant.parse("2026-12-04T08:59:00Z"), null)),
                () -> assertEquals(
                        List.of("gave up", "exchange disconnected", "connected"),
                        search(null, "BOT.Exchange", null, null, null, null)),
                () -> assertEquals(List.of("GET /api/health 200 3ms"), search(null, "api", null, null, null, null)));
    }

    @Test
    void sourceRestrictsToOursTheirsOrOneLogWithItsGenerations() {
        assertAll(
                () -> assertEquals(
                        List.of("ours failed", "GET /api/health 200 3ms"), search(null, null, "ops", null, null, null)),
                () -> assertEquals(
                        ALL.stream()
                                .filter(m -> !m.equals("ours failed") && !m.startsWith("GET"))
                                .toList(),
                        search(null, null, "others", null, null, null)),
                () -> assertEquals(
                        List.of("exchange disconnected", "order rejected", "connected", "old warning", "bot started"),
                        search(null, null, "bot.log", null, null, null)),
                () -> assertEquals(
                        List.of("gave up", "disk low", "task failed", "GET /api/health 200 3ms"),
                        search(null, null, "worker.log,api.log", null, null, null)),
                () -> assertEquals(List.of(), search(null, null, "nothing-here.log", null, null, null)),
                () -> assertEquals(
                        List.of("gave up", "ours failed"),
                        search("ERROR", null, "ops,worker.log", T.plusSeconds(3), null, null)));
    }

    @Test
    void aGenerationOlderThanTheWantedRangeIsNotOpened() {
        LogPage recent = cut().search(query(null, null, "bot.log", T.plusSeconds(1), null, null, 100));
        LogPage old = cut().search(query(null, null, "bot.log", null, T.minusSeconds(10), null, 100));

        assertAll(
                () -> assertEquals(List.of("exchange disconnected", "order rejected"), messages(recent)),
                () -> assertEquals(1, recent.filesRead(), "bot.log.1.gz was last modified before since"),
                () -> assertEquals(List.of("old warning", "bot started"), messages(old)),
                () -> assertEquals(2, old.filesRead(), "the active file can hold anything"));
    }

    @Test
    void pagesOfAnySizeConcatenateToTheWholeListAcrossFiles() {
        for (int limit = 1; limit <= 4; limit++) {
            assertEquals(ALL, walk(cut(), LogQuery.newest(limit), () -> {}), "limit " + limit);
        }
        assertEquals(
                List.of("gave up", "exchange disconnected", "ours failed", "order rejected", "task failed"),
                walk(cut(), query("ERROR", null, null, null, null, null, 2), () -> {}));
    }

    @Test
    void aRotationOfTheBotsLogBetweenTwoPagesContinuesExactlyAfterTheFirst() {
        List<String> walked = walk(cut(), LogQuery.newest(3), () -> {
            try {
                // RotatingFileHandler: every generation one up, the active file to .1, a new active file.
                Files.move(dir.resolve("bot.log.1.gz"), dir.resolve("bot.log.2.gz"));
                Files.move(dir.resolve("bot.log"), dir.resolve("bot.log.1"));
                Files.writeString(
                        dir.resolve("bot.log"),
                        "{\"asctime\": \"2026-12-04 10:00:06,000\", \"levelname\": \"INFO\", \"message\": \"newer\"}\n");
                Files.move(dir.resolve("worker.log"), dir.resolve("worker.log.20261204-090010.000"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertEquals(ALL, walked);
    }

    @Test
    void aRotationDuringASearchIsNoticedAndTheSearchRunsAgain() {
        // The clock is read after the listing, before any file is opened: rotate right then, renaming
        // numbered generations one up as RotatingFileHandler does (same names, other files).
        Clock rotating = new Clock() {
            boolean rotated;

            @Override
            public long millis() {
                if (!rotated) {
                    rotated = true;
                    try {
                        Files.move(dir.resolve("bot.log.1.gz"), dir.resolve("bot.log.2.gz"));
                        Files.move(dir.resolve("bot.log"), dir.resolve("bot.log.1"));
                        Files.writeString(
                                dir.resolve("bot.log"),
                                "{\"asctime\": \"2026-12-04 10:00:06,000\", \"levelname\": \"INFO\","
                                        + " \"message\": \"newer\"}\n");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return CLOCK.millis();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };

        LogPage page = new LogSearch(dir, rotating, BERLIN, SECRET).search(LogQuery.newest(100));

        List<String> expected = new ArrayList<>(List.of("newer"));
        expected.addAll(ALL);
        assertAll(
                () -> assertEquals(expected, messages(page)),
                () -> assertEquals(
                        List.of("bot.log", "bot.log.1", "bot.log.2.gz"),
                        page.entries().stream()
                                .map(LogEntry::source)
                                .filter(f -> f.startsWith("bot"))
                                .distinct()
                                .toList()));
    }

    @Test
    void theZoneOfTimesWithoutOneIsTheInjectedOne() {
        LogEntry inUtc = new LogSearch(dir, CLOCK, ZoneOffset.UTC, SECRET)
                .search(LogQuery.newest(100)).entries().stream()
                        .filter(e -> "connected".equals(e.message()))
                        .findFirst()
                        .orElseThrow();

        assertAll(
                () -> assertEquals("2026-12-04T10:00:00.123Z", inUtc.timestamp()),
                () -> assertEquals(
                        "2026-12-04T09:00:00.123Z", entry("connected").timestamp()));
    }

    @Test
    void aBadSourceIsRefusedNamingTheParameter() {
        InvalidQueryException e = assertThrows(
                InvalidQueryException.class,
                () -> cut().search(query(null, null, "../secrets.log", null, null, null, 10)));

        assertAll(
                () -> assertEquals("sources", e.parameter()),
                () -> assertEquals(
                        "source must be ops, others or the name of a log such as bot.log, not '../secrets.log'",
                        e.getMessage()));
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
