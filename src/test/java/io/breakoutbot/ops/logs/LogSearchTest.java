package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.breakoutbot.ops.lifecycle.Gzip;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.KeyValuePair;

class LogSearchTest {

    static final Instant T = Instant.parse("2026-11-28T17:00:00Z");
    static final Clock CLOCK = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);
    static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    final JsonLineEncoder encoder = new JsonLineEncoder();
    final LoggerContext context = new LoggerContext();
    /** Every line written, in writing order. */
    final List<Written> written = new ArrayList<>();

    record Written(Instant timestamp, String level, String component, String message, LogSegment segment) {}

    LogSearch cut() {
        return new LogSearch(dir, CLOCK, SECRET);
    }

    // ------------------------------------------------------------------ writing real lines

    Written log(Instant at, Level level, String component, String message) throws IOException {
        return log(event(at, level, component, message));
    }

    LoggingEvent event(Instant at, Level level, String component, String message) {
        LoggingEvent e = new LoggingEvent(
                LogSearchTest.class.getName(),
                context.getLogger("io.breakoutbot.ops.test.Source"),
                level,
                message,
                null,
                null);
        e.setTimeStamp(at.toEpochMilli());
        e.setThreadName("worker-1");
        e.setMDCPropertyMap(Map.of(Component.MDC_KEY, component));
        return e;
    }

    Written log(LoggingEvent e) throws IOException {
        LogSegment segment = LogSegment.route(e);
        Path file = dir.resolve(segment.fileName());
        // As the writer leaves it: modified when the line was written, and never earlier than before.
        FileTime modified = FileTime.fromMillis(e.getTimeStamp());
        if (Files.exists(file) && Files.getLastModifiedTime(file).compareTo(modified) > 0) {
            modified = Files.getLastModifiedTime(file);
        }
        Files.write(file, encoder.encode(e), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, modified);
        Written w = new Written(
                Instant.ofEpochMilli(e.getTimeStamp()),
                e.getLevel().levelStr,
                Component.of(e.getLoggerName(), e.getMDCPropertyMap()),
                e.getFormattedMessage(),
                segment);
        written.add(w);
        return w;
    }

    /** Renames the active file to a generation stamped {@code at} (as the rotation does), gzipped or not. */
    Path rotate(LogSegment segment, Instant at, int seq, boolean gzip) throws IOException {
        Path generation = dir.resolve(segment.fileName() + "." + STAMP.format(at) + "." + String.format("%03d", seq));
        Files.move(dir.resolve(segment.fileName()), generation);
        return gzip ? Gzip.compress(generation) : generation;
    }

    /** The messages a search should return, newest first (tests give every line its own millisecond). */
    List<String> expected(Predicate<Written> matches) {
        return written.stream()
                .filter(matches)
                .sorted(Comparator.comparing(Written::timestamp).reversed())
                .map(Written::message)
                .toList();
    }

    static List<String> messages(LogPage page) {
        return page.entries().stream().map(LogEntry::message).toList();
    }

    /** Follows nextCursor to the end and returns every message, checking each page's size. */
    List<String> walk(LogSearch search, LogQuery first) {
        List<String> all = new ArrayList<>();
        LogQuery q = first;
        for (int pages = 0; pages < 10_000; pages++) {
            LogPage page = search.search(q);
            all.addAll(messages(page));
            if (page.nextCursor() == null) {
                return all;
            }
            assertEquals(q.limit(), page.entries().size(), "a page with a next cursor is full");
            q = q.withCursor(page.nextCursor());
        }
        throw new AssertionError("no last page");
    }

    static LogQuery query(
            Set<String> levels, Set<String> components, Instant since, Instant until, String text, int limit) {
        return new LogQuery(levels, components, since, until, text, limit, null);
    }

    /** 60 lines over the four logs, each log with a gzipped generation, a plain one and its active file. */
    void mixedHistory() throws IOException {
        String[] components = {"api", "risk", "metrics", "orders", "monitoring"};
        Level[] levels = {Level.INFO, Level.DEBUG, Level.WARN, Level.INFO, Level.ERROR, Level.TRACE};
        for (int i = 0; i < 60; i++) {
            log(
                    T.plusMillis(i * 1000L + 7),
                    levels[i % levels.length],
                    components[i % components.length],
                    "event " + i);
            if (i == 19 || i == 39) {
                for (LogSegment s : LogSegment.values()) {
                    if (Files.exists(dir.resolve(s.fileName()))) { // audit.log: no audit line here
                        rotate(s, T.plusSeconds(i + 1), 0, i == 19);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ order and filters

    @Test
    void newestFirstAcrossTheFourFiles() throws IOException {
        mixedHistory();

        LogPage page = cut().search(LogQuery.newest(100));

        assertAll(
                () -> assertEquals(expected(w -> true), messages(page)),
                () -> assertEquals(60, page.entries().size()),
                () -> assertNull(page.nextCursor()),
                () -> assertEquals(12, page.filesRead()));
    }

    @Test
    void entryCarriesEveryFieldOfTheLine() throws IOException {
        LoggingEvent e = event(T, Level.WARN, "risk", "position limit near");
        e.addKeyValuePair(new KeyValuePair("symbol", "BTCUSDT"));
        e.addKeyValuePair(new KeyValuePair("exposure", 0.93));
        e.addKeyValuePair(new KeyValuePair("orders", 12));
        e.addKeyValuePair(new KeyValuePair("halted", false));
        e.addKeyValuePair(new KeyValuePair("limits", Map.of("max", 1)));
        e.addKeyValuePair(new KeyValuePair("venues", List.of("a", "b")));
        e.addKeyValuePair(new KeyValuePair("note", null));
        log(e);
        LoggingEvent failed = event(T.plusMillis(1), Level.ERROR, "risk", "order rejected");
        failed.setThrowableProxy(
                new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("venue down")));
        log(failed);

        List<LogEntry> entries = cut().search(LogQuery.newest(10)).entries();
        LogEntry warn = entries.get(1);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("symbol", "BTCUSDT");
        fields.put("exposure", "0.93");
        fields.put("orders", "12");
        fields.put("halted", "false");
        fields.put("limits", "{\"max\":1}");
        fields.put("venues", "[\"a\",\"b\"]");
        fields.put("note", "null");
        assertAll(
                () -> assertEquals(
                        new LogEntry(
                                "2026-11-28T17:00:00.000Z",
                                "WARN",
                                "risk",
                                "io.breakoutbot.ops.test.Source",
                                "worker-1",
                                "position limit near",
                                null,
                                fields,
                                "general.log"),
                        warn),
                () -> assertEquals(
                        List.copyOf(fields.keySet()), List.copyOf(warn.fields().keySet()), "file order"),
                () -> assertTrue(entries.get(0).stackTrace().startsWith("java.lang.IllegalStateException: venue down")),
                () -> assertEquals("errors.log", entries.get(0).source()));
    }

    @Test
    void entriesAgreeWithAJsonParser() throws IOException {
        mixedHistory();
        LoggingEvent e = event(
                T.plusSeconds(100),
                Level.INFO,
                "api",
                "GET /api/health \"ok\" \\ \u00e9\u20ac\ud83d\ude00 \u2028 \ud800");
        e.addKeyValuePair(new KeyValuePair("status", 200));
        e.addKeyValuePair(new KeyValuePair("ratio", -1.5e-7));
        log(e);
        List<String> lines = Files.readAllLines(dir.resolve("api.log"), StandardCharsets.UTF_8);

        LogEntry entry = cut().search(LogQuery.newest(1)).entries().get(0);

        try (JsonReader reader = Json.createReader(new StringReader(lines.get(lines.size() - 1)))) {
            JsonObject o = reader.readObject();
            assertAll(
                    () -> assertEquals(o.getString("message"), entry.message()),
                    () -> assertEquals(
                            "GET /api/health \"ok\" \\ \u00e9\u20ac\ud83d\ude00 \u2028 \ufffd", entry.message()),
                    () -> assertEquals(o.getString("timestamp"), entry.timestamp()),
                    () -> assertEquals(o.getString("thread"), entry.thread()),
                    () -> assertEquals(
                            o.get("status").toString(), entry.fields().get("status")),
                    () -> assertEquals(
                            o.getJsonNumber("ratio").doubleValue(),
                            Double.parseDouble(entry.fields().get("ratio"))));
        }
    }

    @Test
    void levelsAreExactAndMinimumExpands() throws IOException {
        mixedHistory();

        LogSearch cut = cut();
        assertAll(
                () -> assertEquals(
                        expected(w -> w.level().equals("DEBUG")),
                        messages(cut.search(query(Set.of("DEBUG"), Set.of(), null, null, null, 100)))),
                () -> assertEquals(
                        expected(w -> w.level().equals("WARN") || w.level().equals("ERROR")),
                        messages(cut.search(query(LogQuery.minimum("WARN"), Set.of(), null, null, null, 100)))),
                () -> assertEquals(
                        expected(w -> w.level().equals("TRACE") || w.level().equals("INFO")),
                        messages(cut.search(query(Set.of("TRACE", "INFO"), Set.of(), null, null, null, 100)))));
    }

    @Test
    void componentsSinceUntilAndTextAloneAndCombined() throws IOException {
        mixedHistory();
        Instant since = T.plusSeconds(12);
        Instant until = T.plusMillis(47_007);

        LogSearch cut = cut();
        assertAll(
                () -> assertEquals(
                        expected(w -> Set.of("risk", "api").contains(w.component())),
                        messages(cut.search(query(Set.of(), Set.of("risk", "API"), null, null, null, 100)))),
                () -> assertEquals(
                        expected(w -> !w.timestamp().isBefore(since)),
                        messages(cut.search(query(Set.of(), Set.of(), since, null, null, 100)))),
                () -> assertEquals(
                        expected(w -> !w.timestamp().isAfter(until)),
                        messages(cut.search(query(Set.of(), Set.of(), null, until, null, 100)))),
                () -> assertEquals(
                        expected(w -> w.message().toLowerCase().contains("event 4")),
                        messages(cut.search(query(Set.of(), Set.of(), null, null, "EvEnT 4", 100)))),
                () -> assertEquals(
                        expected(w -> w.message().contains("4")
                                && !w.timestamp().isBefore(since)
                                && !w.timestamp().isAfter(until)),
                        messages(cut.search(query(Set.of(), Set.of(), since, until, "4", 100)))),
                () -> assertEquals(
                        expected(w -> w.component().equals("risk")
                                && w.level().equals("ERROR")
                                && !w.timestamp().isBefore(since)
                                && !w.timestamp().isAfter(until)
                                && w.message().contains("2")),
                        messages(cut.search(query(Set.of("ERROR"), Set.of("risk"), since, until, "2", 100)))),
                () -> assertEquals(
                        List.of(),
                        messages(cut.search(query(Set.of("ERROR"), Set.of("api"), null, null, "nothing", 100)))));
    }

    @Test
    void auditTrailIsSearchedInAuditLogAndWithEverythingElse() throws IOException {
        mixedHistory();
        log(T.plusMillis(3_001), Level.INFO, "audit", "alice cleanup logs: success");
        log(T.plusMillis(3_002), Level.WARN, "audit", "mallory login rest: failure: wrong credentials");
        rotate(LogSegment.AUDIT, T.plusMillis(3_500), 0, true);
        log(T.plusMillis(50_001), Level.WARN, "audit", "bob set-threshold cpu.warning: failure: out of range");

        LogSearch cut = cut();
        assertAll(
                () -> assertTrue(Files.exists(dir.resolve("audit.log")), "routed to its own file"),
                () -> assertEquals(
                        List.of(
                                "bob set-threshold cpu.warning: failure: out of range",
                                "mallory login rest: failure: wrong credentials",
                                "alice cleanup logs: success"),
                        messages(cut.search(query(Set.of(), Set.of("audit"), null, null, null, 100)))),
                () -> assertEquals(
                        expected(w -> w.level().equals("WARN")),
                        messages(cut.search(query(Set.of("WARN"), Set.of(), null, null, null, 100)))),
                () -> assertEquals(
                        expected(w -> true), messages(cut.search(query(Set.of(), Set.of(), null, null, null, 1000)))),
                () -> assertEquals(
                        expected(w -> Set.of("audit", "risk").contains(w.component())),
                        messages(cut.search(query(Set.of(), Set.of("audit", "risk"), null, null, null, 100)))));
    }

    @Test
    void boundsBeyondWhatMillisecondsHoldMatchAllOrNothingInsteadOfFailing() throws IOException {
        mixedHistory();
        Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");
        Instant farPast = Instant.parse("-999999999-01-01T00:00:00Z");

        LogSearch cut = cut();
        List<String> all = expected(w -> true);
        assertAll(
                () -> assertEquals(
                        List.of(), messages(cut.search(query(Set.of(), Set.of(), farFuture, null, null, 100)))),
                () -> assertEquals(all, messages(cut.search(query(Set.of(), Set.of(), null, farFuture, null, 100)))),
                () -> assertEquals(all, messages(cut.search(query(Set.of(), Set.of(), farPast, null, null, 100)))),
                () -> assertEquals(
                        List.of(), messages(cut.search(query(Set.of(), Set.of(), null, farPast, null, 100)))),
                () -> assertEquals(
                        all, messages(cut.search(query(Set.of(), Set.of(), farPast, farFuture, null, 100)))));
    }

    @Test
    void componentThatNeedsEscapingIsFoundTheSlowWay() throws IOException {
        log(T, Level.WARN, "ri\"sk\\x", "escaped component");
        log(T.plusMillis(1), Level.WARN, "risk", "plain component");

        assertAll(
                () -> assertEquals(
                        List.of("escaped component"),
                        messages(cut().search(query(Set.of("WARN"), Set.of("RI\"SK\\X"), null, null, null, 10)))),
                () -> assertEquals(
                        List.of("plain component"),
                        messages(cut().search(query(Set.of(), Set.of("risk"), null, null, null, 10)))));
    }

    @Test
    void messageWithCrLfAnsiAndMarkupComesBackAsData() throws IOException {
        String hostile =
                "line one\r\nline two \u001b[31mred\u001b[0m <script>alert('x')</script> \"quoted\" \\ \u0000 end";
        log(T, Level.WARN, "api", hostile);
        log(T.plusMillis(1), Level.INFO, "api", "after");

        LogSearch cut = cut();
        LogPage page = cut.search(query(Set.of(), Set.of(), null, null, "<SCRIPT>", 10));
        assertAll(
                () -> assertEquals(List.of(hostile), messages(page)),
                () -> assertEquals(
                        List.of(hostile),
                        messages(cut.search(query(Set.of(), Set.of(), null, null, "\r\nline TWO \u001b[31m", 10)))),
                () -> assertEquals(2, Files.readAllLines(dir.resolve("api.log")).size(), "still one line each"));
    }

    // ------------------------------------------------------------------ paging

    @Test
    void pagesOfSevenConcatenateToTheWholeListWithoutDuplicatesOrGaps() throws IOException {
        mixedHistory();
        // Identical lines in one millisecond are separate entries: both must show, once each.
        LoggingEvent twice = event(T.plusMillis(59_500), Level.INFO, "orders", "same line");
        log(twice);
        log(twice);

        List<String> all = walk(cut(), LogQuery.newest(7));

        List<String> expected = expected(w -> true);
        assertAll(
                () -> assertEquals(expected, all),
                () -> assertEquals(62, all.size()),
                () -> assertEquals(2, all.stream().filter("same line"::equals).count()));
        for (int limit : new int[] {1, 2, 3, 59, 61, 62, 1000}) {
            assertEquals(expected, walk(cut(), LogQuery.newest(limit)), "limit " + limit);
        }
        assertEquals(
                expected(w -> w.level().equals("INFO")),
                walk(cut(), query(Set.of("INFO"), Set.of(), null, null, null, 3)));
    }

    @Test
    void identicalLinesSplitByAPageBoundary() throws IOException {
        LoggingEvent same = event(T.plusMillis(5), Level.INFO, "orders", "heartbeat");
        log(T.plusMillis(9), Level.INFO, "orders", "newest");
        for (int i = 0; i < 5; i++) {
            log(same);
        }
        log(T, Level.INFO, "orders", "oldest");

        for (int limit = 1; limit <= 8; limit++) {
            assertEquals(
                    List.of("newest", "heartbeat", "heartbeat", "heartbeat", "heartbeat", "heartbeat", "oldest"),
                    walk(cut(), LogQuery.newest(limit)),
                    "limit " + limit);
        }
    }

    @Test
    void rotationBetweenTwoPagesContinuesExactlyWhereThePreviousStopped() throws IOException {
        for (int i = 0; i < 20; i++) {
            log(T.plusMillis(i * 100L), Level.INFO, "api", "old " + i);
            log(T.plusMillis(i * 100L + 50), Level.INFO, "orders", "general " + i);
        }
        List<String> before = expected(w -> true);
        LogSearch cut = cut();
        LogPage first = cut.search(LogQuery.newest(7));

        // The active api.log is rotated and gzipped; new lines go to a new api.log.
        Path gz = rotate(LogSegment.API, T.plusSeconds(2), 0, true);
        for (int i = 0; i < 5; i++) {
            log(T.plusSeconds(3).plusMillis(i), Level.INFO, "api", "new " + i);
        }

        List<String> rest = walk(cut, LogQuery.newest(7).withCursor(first.nextCursor()));
        List<String> all = new ArrayList<>(messages(first));
        all.addAll(rest);
        assertAll(
                () -> assertTrue(Files.exists(gz)),
                () -> assertFalse(Files.exists(dir.resolve("api.log.20261128-170002.000"))),
                () -> assertEquals(before, all, "no duplicate, no gap, new lines are newer than the cursor"),
                () -> assertEquals(
                        List.of("new 4", "new 3", "new 2", "new 1", "new 0"),
                        messages(cut.search(LogQuery.newest(5)))));
    }

    @Test
    void largeFileIsReadBackwardsAcrossBlocksAndPagedBySeeking() throws IOException {
        String stack = "x".repeat(150_000);
        for (int i = 0; i < 6000; i++) {
            LoggingEvent e = event(T.plusMillis(i * 10L), i % 3 == 0 ? Level.WARN : Level.INFO, "orders", "line " + i);
            if (i % 1000 == 500) {
                e.addKeyValuePair(new KeyValuePair("payload", stack));
            }
            log(e);
        }
        assertTrue(Files.size(dir.resolve("general.log")) > 4 * BackwardLineReader.BLOCK);

        LogPage newest = cut().search(LogQuery.newest(3));
        assertAll(
                () -> assertEquals(List.of("line 5999", "line 5998", "line 5997"), messages(newest)),
                () -> assertEquals(expected(w -> true), walk(cut(), LogQuery.newest(997))),
                () -> assertEquals(
                        expected(w -> w.level().equals("WARN")),
                        walk(cut(), query(Set.of("WARN"), Set.of(), null, null, null, 450))),
                () -> assertEquals(
                        stack,
                        cut().search(query(Set.of(), Set.of(), null, T.plusMillis(5_005), null, 1))
                                .entries()
                                .get(0)
                                .fields()
                                .get("payload")));
    }

    // ------------------------------------------------------------------ which files are opened

    @Test
    void filesOutsideTheTimeRangeAreNotOpened() throws IOException {
        // api.log: generations rotated at T+10s, T+20s, T+30s, then the active file.
        for (int i = 0; i < 40; i++) {
            log(T.plusMillis(i * 1000L + 500), Level.INFO, "api", "api " + i);
            if (i % 10 == 9 && i < 39) {
                rotate(LogSegment.API, T.plusSeconds(i + 1), 0, i == 9);
            }
        }
        LogSearch cut = cut();

        LogPage middle = cut.search(query(Set.of(), Set.of("api"), T.plusSeconds(12), T.plusSeconds(18), null, 100));
        LogPage edges = cut.search(query(Set.of(), Set.of("api"), T.plusSeconds(9), T.plusSeconds(11), null, 100));
        LogPage newest = cut.search(query(Set.of(), Set.of("api"), null, null, null, 5));
        LogPage oldest = cut.search(query(Set.of(), Set.of("api"), null, T.plusSeconds(5), null, 100));
        LogPage errors = cut.search(query(Set.of("ERROR"), Set.of(), null, null, null, 100));
        assertAll(
                () -> assertEquals(
                        expected(w -> w.timestamp().isAfter(T.plusSeconds(12))
                                && w.timestamp().isBefore(T.plusSeconds(18))),
                        messages(middle)),
                () -> assertEquals(1, middle.filesRead(), "only the generation rotated at T+20s"),
                () -> assertEquals(List.of("api 10", "api 9"), messages(edges)),
                () -> assertEquals(2, edges.filesRead(), "the generations rotated at T+10s and T+20s"),
                () -> assertEquals(List.of("api 39", "api 38", "api 37", "api 36", "api 35"), messages(newest)),
                () -> assertEquals(1, newest.filesRead(), "the tail of the active file"),
                () -> assertEquals(List.of("api 4", "api 3", "api 2", "api 1", "api 0"), messages(oldest)),
                () -> assertEquals(1, oldest.filesRead(), "the oldest generation, gzipped"),
                () -> assertEquals(0, errors.filesRead(), "ERROR lives in errors.log only, which does not exist"));
    }

    @Test
    void timeFiltersFindLinesInGenerationsNamedAfterANameFromTheFuture() throws IOException {
        // Logged while the clock said 2100; the old naming then named every later generation after it.
        Instant wrong = Instant.parse("2100-01-01T00:00:00Z");
        log(wrong, Level.INFO, "api", "from the wrong clock");
        rotate(LogSegment.API, wrong, 0, true);
        for (int i = 0; i < 30; i++) {
            log(T.plusSeconds(i), Level.INFO, "api", "api " + i);
            if (i == 9 || i == 19) {
                rotate(LogSegment.API, wrong, i == 9 ? 1 : 2, i == 9);
            }
        }
        LogSearch cut = cut();

        LogPage middle = cut.search(query(Set.of(), Set.of(), T.plusSeconds(5), T.plusSeconds(24), null, 100));
        LogPage wrongClock = cut.search(query(Set.of(), Set.of(), wrong, null, null, 100));
        assertAll(
                () -> assertEquals(
                        expected(w -> !w.timestamp().isBefore(T.plusSeconds(5))
                                && !w.timestamp().isAfter(T.plusSeconds(24))),
                        messages(middle)),
                () -> assertEquals(List.of("from the wrong clock"), messages(wrongClock)),
                () -> assertEquals(expected(w -> true), walk(cut, LogQuery.newest(7))));
    }

    @Test
    void timeFiltersFindLinesAfterTheClockSteppedBackADay() throws IOException {
        // The rotation after the step reused the newest stamp: its name is a day ahead of its lines.
        Instant ahead = T.plus(Duration.ofDays(1));
        log(ahead, Level.INFO, "api", "before the step");
        rotate(LogSegment.API, ahead.plusSeconds(1), 0, true);
        for (int i = 0; i < 20; i++) {
            log(T.plusSeconds(i), Level.INFO, "api", "api " + i);
            if (i == 9) {
                rotate(LogSegment.API, ahead.plusSeconds(1), 1, false);
            }
        }

        LogPage page = cut().search(query(Set.of(), Set.of("api"), T.plusSeconds(3), T.plusSeconds(15), null, 100));
        assertEquals(
                expected(w -> !w.timestamp().isBefore(T.plusSeconds(3))
                        && !w.timestamp().isAfter(T.plusSeconds(15))),
                messages(page));
    }

    @Test
    void aGenerationWhoseNameIsNoDateIsSearchedLikeAnyOther() throws IOException {
        log(T, Level.INFO, "api", "first");
        Files.move(dir.resolve("api.log"), dir.resolve("api.log.20261399-000000.000"));
        log(T.plusSeconds(1), Level.INFO, "api", "second");

        assertEquals(
                List.of("second", "first"),
                messages(cut().search(query(Set.of(), Set.of(), T.minusSeconds(1), T.plusSeconds(5), null, 10))));
    }

    @Test
    void pagingPastFullPagesSkipsNewerGenerations() throws IOException {
        for (int i = 0; i < 40; i++) {
            log(T.plusSeconds(i), Level.INFO, "api", "api " + i);
            if (i % 10 == 9 && i < 39) {
                // Rotated 0.9 s after its last line: the stamp says second i, so no line after it can be in it.
                rotate(LogSegment.API, T.plusMillis(i * 1000L + 900), 0, false);
            }
        }
        LogSearch cut = cut();
        // 9 entries and the one that proves a next page: the 10 lines of the active file.
        LogPage first = cut.search(LogQuery.newest(9));
        LogPage second = cut.search(LogQuery.newest(9).withCursor(first.nextCursor()));
        assertAll(
                () -> assertEquals(1, first.filesRead()),
                () -> assertEquals(expected(w -> true).subList(9, 18), messages(second)),
                // The cursor is at T+31s: the active file may hold lines up to 1 s older than its start
                // (T+29s), so it is read again; the generation rotated at T+19s is not.
                () -> assertEquals(2, second.filesRead()));
    }

    // ------------------------------------------------------------------ damaged and changing files

    @Test
    void unfinishedLastLineAndNonJsonLinesAreSkipped() throws IOException {
        log(T, Level.INFO, "api", "first");
        Path api = dir.resolve("api.log");
        Files.writeString(
                api,
                "Exception in thread \"main\" java.lang.OutOfMemoryError\n\n   \n[1,2]\n{}\n",
                StandardOpenOption.APPEND);
        Files.writeString(
                api,
                "{\"timestamp\":\"2026-11-28T17:00:00.002Z\",\"level\":\"INFO\",\"component\":\"api\",\"message\":\"broken\n",
                StandardOpenOption.APPEND);
        Files.writeString(
                api,
                "{\"timestamp\":\"2026-11-28T17:00:00.003Z\",\"level\":\"INFO\",\"component\":\"api\",\"mess{\"timestamp\":\"x\"}\n",
                StandardOpenOption.APPEND);
        log(T.plusMillis(4), Level.INFO, "api", "second");
        Files.writeString(
                api,
                "{\"timestamp\":\"2026-11-28T17:00:00.005Z\",\"level\":\"INFO\",\"component\":\"api\",\"message\":\"being writ",
                StandardOpenOption.APPEND);

        assertAll(
                () -> assertEquals(List.of("second", "first"), messages(cut().search(LogQuery.newest(10)))),
                () -> assertEquals(List.of("second", "first"), walk(cut(), LogQuery.newest(1))),
                () -> assertEquals(
                        List.of("second"), messages(cut().search(query(Set.of(), Set.of(), null, null, "SEC", 10)))));
    }

    /** What a write that failed part-way left behind in an older version: a cut line, the next one glued on. */
    void cutLineGluedToTheNext(Instant cutAt, Instant gluedAt, String component, String message) throws IOException {
        LoggingEvent cut = event(cutAt, Level.INFO, component, "cut off by a full disk " + "x".repeat(100));
        cut.addKeyValuePair(new KeyValuePair("context", Map.of("timestamp", "nested, not a line")));
        byte[] whole = encoder.encode(cut);
        Path file = dir.resolve(LogSegment.route(cut).fileName());
        Files.write(
                file,
                java.util.Arrays.copyOf(whole, whole.length - 20),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        log(gluedAt, Level.WARN, component, message);
    }

    @Test
    void aLineGluedToACutOneIsFoundAndTheCutOneSkipped() throws IOException {
        log(T, Level.INFO, "orders", "before");
        cutLineGluedToTheNext(T.plusMillis(1), T.plusSeconds(30), "orders", "glued");
        log(T.plusSeconds(31), Level.INFO, "orders", "after");

        assertAll(
                () -> assertEquals(List.of("after", "glued", "before"), messages(cut().search(LogQuery.newest(10)))),
                () -> assertEquals(List.of("after", "glued", "before"), walk(cut(), LogQuery.newest(1))),
                () -> assertEquals(
                        List.of("after", "glued", "before"),
                        messages(cut().search(query(Set.of("INFO", "WARN"), Set.of("orders"), null, null, null, 10)))),
                () -> assertEquals(
                        List.of("glued"), messages(cut().search(query(Set.of(), Set.of(), null, null, "GLUED", 10)))),
                () -> assertEquals(
                        List.of("after", "glued"),
                        messages(cut().search(query(Set.of(), Set.of(), T.plusSeconds(2), null, null, 10)))),
                () -> assertEquals(
                        List.of("glued"),
                        messages(cut().search(
                                        query(Set.of(), Set.of(), T.plusSeconds(2), T.plusSeconds(30), null, 10)))),
                () -> assertEquals(
                        List.of("before"),
                        messages(cut().search(query(Set.of(), Set.of(), null, T.plusSeconds(29), null, 10)))));
        rotate(LogSegment.GENERAL, T.plusSeconds(32), 0, true);
        assertEquals(List.of("after", "glued", "before"), walk(cut(), LogQuery.newest(1)), "read forwards from a .gz");
    }

    @Test
    void aCutLineOnItsOwnIsSkippedWithoutLosingItsNeighbours() throws IOException {
        log(T, Level.INFO, "orders", "before");
        byte[] whole = encoder.encode(event(T.plusMillis(1), Level.INFO, "orders", "cut off"));
        Files.write(
                dir.resolve("general.log"),
                java.util.Arrays.copyOf(whole, whole.length / 2),
                StandardOpenOption.APPEND);
        Files.write(dir.resolve("general.log"), new byte[] {'\n'}, StandardOpenOption.APPEND);
        log(T.plusMillis(2), Level.INFO, "orders", "after");

        assertAll(
                () -> assertEquals(List.of("after", "before"), messages(cut().search(LogQuery.newest(10)))),
                () -> assertEquals(List.of("after", "before"), walk(cut(), LogQuery.newest(1))),
                () -> assertEquals(
                        List.of("before"),
                        messages(cut().search(query(Set.of(), Set.of(), null, T.plusMillis(1), null, 10)))));
    }

    @Test
    void lineInAnotherShapeIsParsedTheSlowWay() throws IOException {
        log(T, Level.INFO, "api", "ours");
        Files.writeString(
                dir.resolve("api.log"),
                "{ \"level\": \"WARN\", \"timestamp\": \"2026-11-28T17:00:01Z\", \"component\": \"api\", \"message\": \"\\u0041nother writer\" }\n",
                StandardOpenOption.APPEND);

        assertAll(
                () -> assertEquals(List.of("Another writer", "ours"), messages(cut().search(LogQuery.newest(10)))),
                () -> assertEquals(
                        List.of("Another writer"),
                        messages(cut().search(query(Set.of("WARN"), Set.of("api"), null, null, "another", 10)))));
    }

    @Test
    void concatenatedGzipMembersAreAllRead() throws IOException {
        log(T, Level.INFO, "api", "member one");
        byte[] one = gzip(Files.readAllBytes(dir.resolve("api.log")));
        Files.delete(dir.resolve("api.log"));
        log(T.plusMillis(1), Level.INFO, "api", "member two");
        byte[] two = gzip(Files.readAllBytes(dir.resolve("api.log")));
        Files.delete(dir.resolve("api.log"));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(one);
        both.write(two);
        Files.write(dir.resolve("api.log.20261128-170001.000.gz"), both.toByteArray());

        assertEquals(List.of("member two", "member one"), messages(cut().search(LogQuery.newest(10))));
    }

    @Test
    void truncatedGzipGivesWhatItHoldsWithoutFailing() throws IOException {
        for (int i = 0; i < 2000; i++) {
            log(T.plusMillis(i), Level.INFO, "api", "line " + i + " " + Integer.toHexString(i * 7919 * 31337));
        }
        Path gz = rotate(LogSegment.API, T.plusSeconds(3), 0, true);
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.write(dir.resolve("metrics.log.20261128-170003.000.gz"), new byte[0]);

        List<String> found = walk(cut(), LogQuery.newest(100));
        List<String> expected = expected(w -> true);
        assertAll(
                () -> assertTrue(found.size() > 100 && found.size() < 2000, found.size() + " lines"),
                () -> assertEquals(
                        expected.subList(expected.size() - found.size(), expected.size()),
                        found,
                        "the oldest lines, up to the damage"));
    }

    @Test
    void rotationDuringASearchIsNoticedAndTheSearchRunsAgain() throws IOException {
        for (int i = 0; i < 10; i++) {
            log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        // The clock is read after the listing, before any file is opened: rotate right then.
        Clock rotating = new Clock() {
            boolean rotated;

            @Override
            public long millis() {
                if (!rotated) {
                    rotated = true;
                    try {
                        rotate(LogSegment.API, T.plusSeconds(1), 0, false);
                        log(T.plusSeconds(2), Level.INFO, "api", "api new");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
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

        LogPage page = new LogSearch(dir, rotating, SECRET).search(LogQuery.newest(100));

        assertEquals(expected(w -> true), messages(page));
    }

    @Test
    void generationCompressedDuringASearchIsReadFromItsGzip() throws IOException {
        for (int i = 0; i < 10; i++) {
            log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        Path plain = rotate(LogSegment.API, T.plusSeconds(1), 0, false);
        Clock compressing = new Clock() {
            boolean done;

            @Override
            public long millis() {
                if (!done) {
                    done = true;
                    try {
                        Gzip.compress(plain);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
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

        LogPage page = new LogSearch(dir, compressing, SECRET).search(LogQuery.newest(100));

        assertAll(
                () -> assertEquals(expected(w -> true), messages(page)),
                () -> assertEquals(
                        "api.log.20261128-170001.000.gz", page.entries().get(0).source()));
    }

    @Test
    void leftoversLinksAndNamesOurWritersNeverMakeAreIgnored() throws IOException {
        log(T, Level.INFO, "api", "ours");
        String copy = new String(Files.readAllBytes(dir.resolve("api.log")), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bot.txt"), copy);
        Files.writeString(dir.resolve("api.log.20261128-170001.000.gz.tmp"), copy);
        Files.writeString(dir.resolve("bot.log.20261128-170001.000.gz.tmp"), copy);
        Files.writeString(dir.resolve("api.log.1"), copy);
        Files.createSymbolicLink(dir.resolve("general.log"), dir.resolve("bot.txt"));
        Files.createSymbolicLink(dir.resolve("linked.log"), dir.resolve("bot.txt"));

        LogPage page = cut().search(LogQuery.newest(10));

        assertAll(() -> assertEquals(List.of("ours"), messages(page)), () -> assertEquals(1, page.filesRead()));
    }

    @Test
    void missingDirectoryIsAnEmptyPage() {
        LogPage page = new LogSearch(dir.resolve("not-yet"), CLOCK, SECRET).search(LogQuery.newest(10));
        assertAll(
                () -> assertEquals(List.of(), page.entries()),
                () -> assertNull(page.nextCursor()),
                () -> assertEquals(0, page.filesRead()));
    }

    // ------------------------------------------------------------------ cursors

    @Test
    void forgedTamperedAndForeignCursorsAreRefused() throws IOException {
        for (int i = 0; i < 5; i++) {
            log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        String good = cut().search(LogQuery.newest(2)).nextCursor();
        assertNotNull(good);
        char flipped = good.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = good.substring(0, 10) + flipped + good.substring(11);
        byte[] forged = new byte[54];
        forged[0] = 1;
        String otherSecret = new LogSearch(
                        dir, CLOCK, "another-secret-of-the-same-size".getBytes(StandardCharsets.UTF_8))
                .search(LogQuery.newest(2))
                .nextCursor();

        Set<String> seen = new HashSet<>();
        for (String bad : List.of(
                tampered,
                Base64.getUrlEncoder().withoutPadding().encodeToString(forged),
                otherSecret,
                "not a cursor!",
                good.substring(1),
                good + "AA",
                "")) {
            if (bad.isEmpty()) {
                // An empty cursor is no cursor: the first page.
                assertEquals(
                        List.of("api 4", "api 3"),
                        messages(cut().search(LogQuery.newest(2).withCursor(bad))));
                continue;
            }
            InvalidQueryException e = assertThrows(
                    InvalidQueryException.class,
                    () -> cut().search(LogQuery.newest(2).withCursor(bad)),
                    bad);
            assertEquals("cursor", e.parameter());
            assertEquals("cursor is not one this server issued", e.getMessage());
            seen.add(bad);
        }
        assertEquals(6, seen.size());
        assertEquals(
                List.of("api 2", "api 1"),
                messages(cut().search(LogQuery.newest(2).withCursor(good))));
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }
}
