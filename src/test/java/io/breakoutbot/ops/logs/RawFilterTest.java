package io.breakoutbot.ops.logs;

import static io.breakoutbot.ops.logs.LogSearchTest.T;
import static io.breakoutbot.ops.logs.LogSearchTest.query;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte search ahead of the line judge: it finds what the judge would, and never drops a match. */
class RawFilterTest {

    @TempDir
    Path dir;

    LogSearchTest h;

    @BeforeEach
    void writer() {
        h = new LogSearchTest();
        h.dir = dir;
    }

    LogSearch search(boolean raw) {
        return new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.UTC, LogSearchTest.SECRET, raw);
    }

    static int index(RawFilter f, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return f.next(b, 0, b.length);
    }

    @Test
    void findsTheQuotedValueOrABackslashAndNothingElse() {
        RawFilter warn = RawFilter.of(Set.of("WARN"), Set.of("risk"));
        RawFilter risk = RawFilter.of(Set.of("INFO"), Set.of("risk"));
        RawFilter café = RawFilter.of(Set.of(), Set.of("café"));
        assertAll(
                () -> assertEquals(25, index(warn, "{\"timestamp\":\"x\",\"level\":\"WARN\",\"component\":\"risk\"}")),
                () -> assertEquals(-1, index(warn, "{\"level\":\"WARNING\",\"message\":\"WARN without quotes\"}")),
                () -> assertEquals(11, index(warn, "{\"level\":\"W\\u0041RN\"}"), "an escape may hide the value"),
                () -> assertEquals(-1, index(warn, "{\"level\":\"warn\"}"), "levels are compared exactly"),
                () -> assertEquals(
                        13, index(risk, "{\"component\":\"risk\",\"level\":\"INFO\"}"), "INFO is common: by component"),
                () -> assertEquals(5, index(café, "{\"c\":\"café\"}")),
                () -> assertEquals(-1, index(café, "{\"c\":\"cafe\"}")),
                () -> assertEquals(0, index(café, "\"café\"")),
                () -> assertEquals(-1, index(café, "\"café"), "a value cut by the end is not there"),
                () -> assertNull(RawFilter.of(Set.of(), Set.of()), "no level or component: every line is judged"),
                () -> assertNull(RawFilter.of(Set.of("A", "B", "C", "D", "E"), Set.of())));
    }

    @Test
    void tooManyComponentsFallBackToTheLevels() {
        RawFilter info = RawFilter.of(Set.of("INFO"), Set.of("a", "b", "c", "d", "e"));
        assertAll(
                () -> assertEquals(9, index(info, "{\"level\":\"INFO\",\"component\":\"a\"}")),
                () -> assertEquals(-1, index(info, "{\"level\":\"ERROR\",\"component\":\"a\"}")),
                () -> assertNull(RawFilter.of(Set.of(), Set.of("a", "b", "c", "d", "e"))));
    }

    @Test
    void valuesAtEveryOffsetOfAWordAreFound() {
        RawFilter risk = RawFilter.of(Set.of(), Set.of("risk"));
        for (int pad = 0; pad < 20; pad++) {
            String line = "x".repeat(pad) + "\"risk\"" + "y".repeat(pad % 9);
            assertEquals(pad, index(risk, line), line);
        }
    }

    /** Lines written by hand, in every shape the judge accepts, next to real ones. */
    @Test
    void escapedKeyOrderedAndOddlyCasedLinesAreJudgedAsWithoutTheFilter() throws IOException {
        h.log(T, Level.WARN, "risk", "real");
        List<String> lines = List.of(
                "{\"timestamp\":\"2026-11-28T17:00:00.010Z\",\"level\":\"W\\u0041RN\",\"component\":\"r\\u0069sk\","
                        + "\"message\":\"escaped values\"}",
                "{\"component\":\"risk\",\"message\":\"key order\",\"level\":\"WARN\","
                        + "\"timestamp\":\"2026-11-28T17:00:00.011Z\"}",
                "{ \"timestamp\" : \"2026-11-28T17:00:00.012Z\" , \"level\" : \"WARN\" , \"component\" : \"risk\" ,"
                        + " \"message\" : \"spaces\" }",
                "{\"timestamp\":\"2026-11-28T17:00:00.013Z\",\"level\":\"warn\",\"component\":\"risk\","
                        + "\"message\":\"lower-case level\"}",
                "{\"timestamp\":\"2026-11-28T17:00:00.014Z\",\"level\":\"WARN\",\"component\":\"Risk\","
                        + "\"message\":\"capital component\"}",
                "{\"timestamp\":\"2026-11-28T17:00:00.015Z\",\"level\":\"INFO\",\"component\":\"risk\","
                        + "\"message\":\"\\\"level\\\":\\\"WARN\\\" and caf\\u00e9 in the text\"}",
                "{\"timestamp\":\"2026-11-28T17:00:00.016Z\",\"level\":\"WARN\",\"component\":\"caf\\u00e9\","
                        + "\"message\":\"escaped é\"}",
                "{\"timestamp\":\"2026-11-28T17:00:00.017Z\",\"level\":\"WARN\",\"component\":\"café\","
                        + "\"message\":\"raw é\"}");
        Files.write(
                dir.resolve("general.log"),
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        h.log(T.plusMillis(20), Level.WARN, "risk", "real, later");
        List<LogQuery> queries = List.of(
                query(Set.of("WARN"), Set.of("risk"), null, null, null, 100),
                query(Set.of("WARN"), Set.of(), null, null, null, 100),
                query(Set.of(), Set.of("risk"), null, null, null, 100),
                query(Set.of("INFO"), Set.of("risk"), null, null, null, 100),
                query(Set.of(), Set.of("café"), null, null, null, 100),
                query(Set.of("WARN"), Set.of("café"), null, null, "É", 100));

        for (LogQuery q : queries) {
            assertEquals(h.walk(search(false), q), h.walk(search(true), q), q.toString());
        }
        assertEquals(
                List.of("real, later", "spaces", "key order", "escaped values", "real"),
                h.walk(search(true), queries.get(0)));
        assertEquals(List.of("raw é", "escaped é"), h.walk(search(true), queries.get(4)));
    }

    /**
     * A plain file of several megabytes, with lines longer than the first blocks, and its gzipped twin: every
     * kind of region boundary, both directions.
     */
    @Test
    void largeFilesWithLongLinesGiveTheSameEntriesAsLineByLine() throws IOException {
        Random random = new Random(7);
        String[] components = {"risk", "orders", "café"};
        for (int i = 0; i < 24_000; i++) {
            int roll = random.nextInt(100);
            Level level = roll < 3 ? Level.WARN : roll < 8 ? Level.DEBUG : Level.INFO;
            String message = random.nextInt(2000) == 0
                    ? "long " + i + " " + "\"quoted\" \\ ".repeat(10_000 + random.nextInt(20_000))
                    : "message " + i + (random.nextInt(50) == 0 ? " with \"quotes\" and é" : "");
            h.log(T.plusMillis(i * 3L), level, components[random.nextInt(components.length)], message);
            if (i == 12_000) {
                h.rotate(LogSegment.GENERAL, T.plusMillis(i * 3L + 1), 0, true);
            }
        }
        assertTrue(Files.size(dir.resolve("general.log")) > 2 * BackwardLineReader.MAX_BLOCK);
        List<LogQuery> queries = List.of(
                query(Set.of("WARN"), Set.of("risk"), null, null, null, 1000),
                query(Set.of("DEBUG"), Set.of(), null, null, null, 1000),
                query(Set.of(), Set.of("café"), T.plusSeconds(20), T.plusSeconds(50), null, 1000),
                query(Set.of("INFO"), Set.of("orders"), null, null, "QUOTES", 1000),
                query(Set.of("WARN"), Set.of("risk"), null, null, null, 7));

        List<String> sizes = new ArrayList<>();
        for (LogQuery q : queries) {
            List<String> without = h.walk(search(false), q);
            List<String> with = h.walk(search(true), q);
            assertEquals(without, with, q.toString());
            sizes.add(q + ": " + with.size());
            assertTrue(with.size() > 5, q.toString());
        }
        LogQuery q = queries.get(0);
        assertEquals(
                h.expected(w -> w.level().equals("WARN") && w.component().equals("risk")),
                h.walk(search(true), q),
                "as written");
    }
}
