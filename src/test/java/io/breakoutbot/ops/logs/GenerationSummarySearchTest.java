package io.breakoutbot.ops.logs;

import static io.breakoutbot.ops.logs.LogSearchTest.T;
import static io.breakoutbot.ops.logs.LogSearchTest.messages;
import static io.breakoutbot.ops.logs.LogSearchTest.query;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.lifecycle.GenerationSummary;
import io.breakoutbot.ops.lifecycle.RotatedFiles;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches that skip generations by their summaries, and the summaries the logs feature writes. */
class GenerationSummarySearchTest {

    @TempDir
    Path dir;

    /** The search tests' real-line writer, on this directory. */
    LogSearchTest h;

    @BeforeEach
    void writer() {
        h = new LogSearchTest();
        h.dir = dir;
    }

    /** Summarises every generation in the directory, as the rotation does. */
    List<Path> summarizeAll() throws IOException {
        List<Path> summarised = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Optional<RotatedFiles.Name> n =
                        RotatedFiles.Name.parse(f.getFileName().toString());
                if (n.isPresent() && GenerationSummary.ensure(f, n.get().log(), new LogSummaries(ZoneOffset.UTC))) {
                    summarised.add(f);
                }
            }
        }
        return summarised;
    }

    void deleteSummaries() throws IOException {
        Path summaries = dir.resolve(GenerationSummary.DIRECTORY);
        if (Files.isDirectory(summaries)) {
            try (Stream<Path> files = Files.list(summaries)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    LogSearch search() {
        return new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.UTC, LogSearchTest.SECRET);
    }

    @Test
    void summaryCountsLevelsComponentsLinesAndTimeSpanAsTheSearchSeesThem() throws IOException {
        h.log(T.plusMillis(5), Level.INFO, "risk", "first");
        h.log(T.plusMillis(9), Level.WARN, "risk", "a \"quoted\" café");
        h.log(T.plusMillis(3), Level.DEBUG, "ri\"sk", "written late, escaped component");
        h.cutLineGluedToTheNext(T.plusMillis(10), T.plusMillis(12), "orders", "glued");
        Path generation = h.rotate(LogSegment.GENERAL, T.plusSeconds(1), 0, true);

        assertEquals(List.of(generation), summarizeAll());

        String json = Files.readString(dir.resolve(".summaries/general.log.20261128-170001.000.json"));
        JsonObject o;
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            o = r.readObject();
        }
        JsonObject levels = o.getJsonObject("levels");
        JsonObject components = o.getJsonObject("components");
        assertAll(
                () -> assertEquals("general.log.20261128-170001.000", o.getString("generation")),
                () -> assertEquals(4, o.getInt("lines"), "the cut line and the one glued on it are one line"),
                () -> assertEquals(5, o.getInt("entries"), "the cut line's start and the glued line both count"),
                () -> assertEquals("2026-11-28T17:00:00.003Z", o.getString("oldest")),
                () -> assertEquals("2026-11-28T17:00:00.012Z", o.getString("newest")),
                () -> assertEquals(2, levels.getInt("INFO"), "the cut line's start is INFO"),
                () -> assertEquals(2, levels.getInt("WARN"), "the line glued on is WARN"),
                () -> assertEquals(1, levels.getInt("DEBUG")),
                () -> assertEquals(2, components.getInt("risk")),
                () -> assertEquals(1, components.getInt("ri\"sk")),
                () -> assertEquals(2, components.getInt("orders")),
                () -> assertEquals(
                        2,
                        o.getInt("prefixed"),
                        "the escaped component and the glued line are not in the encoder's plain form"),
                () -> assertEquals(
                        Files.getLastModifiedTime(generation).toMillis() / 1000,
                        o.getJsonNumber("modified").longValue()),
                () -> assertTrue(json.endsWith("}\n")));
    }

    @Test
    void aSummaryOfOursWithoutThePrefixedCountIsWrittenAgain() throws IOException {
        h.log(T.plusMillis(5), Level.INFO, "risk", "first");
        h.log(T.plusMillis(6), Level.WARN, "risk", "second");
        Path generation = h.rotate(LogSegment.GENERAL, T.plusSeconds(1), 0, false);
        assertEquals(List.of(generation), summarizeAll());
        Path file = dir.resolve(".summaries/general.log.20261128-170001.000.json");
        String json = Files.readString(file);
        assertTrue(json.contains(",\"prefixed\":2"), json);
        // As an older version wrote it.
        Files.writeString(file, json.replace(",\"prefixed\":2", ""));
        assertEquals(-1, GenerationSummary.read(generation).orElseThrow().prefixed());

        assertEquals(List.of(generation), summarizeAll(), "written again");
        assertEquals(json, Files.readString(file));
        assertEquals(List.of(), summarizeAll(), "and then left alone");
    }

    /** api.log: three generations of INFO, the middle one with one WARN, then the active file. */
    void apiHistory() throws IOException {
        for (int i = 0; i < 40; i++) {
            h.log(T.plusMillis(i * 1000L + 500), i == 15 ? Level.WARN : Level.INFO, "api", "api " + i);
            if (i % 10 == 9 && i < 39) {
                h.rotate(LogSegment.API, T.plusSeconds(i + 1), 0, i == 9);
            }
        }
    }

    @Test
    void generationsTheirSummariesRuleOutAreNotOpened() throws IOException {
        apiHistory();
        LogQuery warn = query(Set.of("WARN"), Set.of("api"), null, null, null, 100);
        LogQuery debug = query(Set.of("DEBUG"), Set.of(), null, null, null, 100);
        LogQuery otherComponent = query(Set.of(), Set.of("orders"), null, null, null, 100);
        LogPage warnBefore = search().search(warn);

        summarizeAll();
        LogSearch cut = search();
        LogPage warnAfter = cut.search(warn);
        LogPage debugAfter = cut.search(debug);

        assertAll(
                () -> assertEquals(List.of("api 15"), messages(warnAfter)),
                () -> assertEquals(messages(warnBefore), messages(warnAfter)),
                () -> assertEquals(
                        3, warnBefore.filesRead(), "without summaries: every generation (the active file has no WARN)"),
                () -> assertEquals(1, warnAfter.filesRead(), "the generation with the WARN"),
                () -> assertEquals(List.of(), messages(debugAfter)),
                () -> assertEquals(0, debugAfter.filesRead(), "no file holds a DEBUG line"),
                () -> assertEquals(List.of(), messages(cut.search(otherComponent))));
    }

    @Test
    void theSummarysTimeSpanIsTrustedOverTheFilesTimes() throws IOException {
        apiHistory();
        // A generation whose modification time says "newer than everything": without a summary it must be read.
        Path middle = dir.resolve("api.log.20261128-170020.000");
        summarizeAll();
        Files.setLastModifiedTime(middle, FileTime.from(T.plusSeconds(3000)));
        deleteSummaries();
        summarizeAll(); // summarised with its new time, as a rotation with a wrong clock would
        LogQuery newest = query(Set.of(), Set.of("api"), T.plusSeconds(35), null, null, 100);
        LogQuery inside = query(Set.of(), Set.of("api"), T.plusSeconds(12), T.plusSeconds(14), null, 100);

        LogPage newestPage = search().search(newest);
        LogPage insidePage = search().search(inside);

        assertAll(
                () -> assertEquals(List.of("api 39", "api 38", "api 37", "api 36", "api 35"), messages(newestPage)),
                () -> assertEquals(1, newestPage.filesRead(), "only the active file: the summary rules the rest out"),
                () -> assertEquals(List.of("api 13", "api 12"), messages(insidePage)),
                () -> assertEquals(1, insidePage.filesRead()));
    }

    @Test
    void aStaleCorruptOrMissingSummaryMeansTheGenerationIsRead() throws IOException {
        apiHistory();
        summarizeAll();
        Path middle = dir.resolve("api.log.20261128-170020.000");
        Path summary = GenerationSummary.of(middle);
        String valid = Files.readString(summary);
        // Stale: a line appended after the summary was written.
        String noWarn = valid.replace("\"WARN\":1,", "").replace(",\"WARN\":1", "");
        LogQuery warn = query(Set.of("WARN"), Set.of("api"), null, null, null, 100);

        Files.writeString(summary, noWarn);
        LogPage trusted = search().search(warn);
        Files.write(middle, "\n".getBytes(), StandardOpenOption.APPEND);
        LogPage stale = search().search(warn);
        Files.writeString(summary, "{\"version\":1,\"generation\":");
        LogPage corrupt = search().search(warn);
        Files.delete(summary);
        LogPage missing = search().search(warn);

        assertAll(
                () -> assertEquals(List.of(), messages(trusted), "a summary that describes its file is believed"),
                () -> assertEquals(List.of("api 15"), messages(stale)),
                () -> assertEquals(1, stale.filesRead(), "the stale one, read"),
                () -> assertEquals(List.of("api 15"), messages(corrupt)),
                () -> assertEquals(List.of("api 15"), messages(missing)));
    }

    @Test
    void anotherProcesssGenerationsAreSkippedByLevelComponentAndTime() throws IOException {
        Files.writeString(
                dir.resolve("bot.log.20261128-170000.000"),
                "2026-11-28 16:00:00,001 INFO exchange: connected\n"
                        + "2026-11-28 16:00:01,002 WARNING risk: limit near\n"
                        + "Traceback (most recent call last):\n");
        Files.writeString(dir.resolve("bot.log"), "2026-11-28 17:10:00,000 INFO exchange: still here\n");
        summarizeAll();
        String json = Files.readString(dir.resolve(".summaries/bot.log.20261128-170000.000.json"));

        LogPage risk = search().search(query(Set.of("WARN"), Set.of("risk"), null, null, null, 10));
        LogPage error = search().search(query(Set.of("ERROR"), Set.of(), null, null, null, 10));
        LogPage later = search().search(query(Set.of(), Set.of(), T, null, null, 10));

        assertAll(
                () -> assertTrue(json.contains("\"lines\":3,\"entries\":2"), json),
                () -> assertTrue(json.contains("\"levels\":{\"INFO\":1,\"WARN\":1}"), json),
                () -> assertEquals(List.of("limit near"), messages(risk)),
                () -> assertEquals(2, risk.filesRead()),
                () -> assertEquals(1, error.filesRead(), "the active bot.log only"),
                () -> assertEquals(List.of("still here"), messages(later)),
                () -> assertEquals(1, later.filesRead()));
    }

    @Test
    void anotherProcesssSummaryCountedInAnotherZoneIsNotTrusted() throws IOException {
        Files.writeString(
                dir.resolve("bot.log.20261128-170000.000"),
                "2026-11-28 16:00:00,001 INFO exchange: connected\n"
                        + "2026-11-28 16:00:01,002 WARNING risk: limit near\n");
        summarizeAll(); // in UTC
        String json = Files.readString(dir.resolve(".summaries/bot.log.20261128-170000.000.json"));
        // The same host, its zone set to +05:00 since: 16:00 there is 11:00 UTC.
        LogSearch east = new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.ofHours(5), LogSearchTest.SECRET);

        LogPage page = east.search(query(
                Set.of(),
                Set.of(),
                Instant.parse("2026-11-28T10:30:00Z"),
                Instant.parse("2026-11-28T11:30:00Z"),
                null,
                10));

        assertAll(
                () -> assertTrue(json.contains(",\"zone\":\"Z\"}"), json),
                () -> assertEquals(List.of("limit near", "connected"), messages(page)));
    }

    @Test
    void anActiveFileIsReadOnlyWhenWhatWasAppendedSinceMayMatch() throws IOException {
        for (int i = 0; i < 50; i++) {
            h.log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        LogSearch cut = search();
        LogQuery warn = query(Set.of("WARN"), Set.of("api"), null, null, null, 100);

        LogPage none = cut.search(warn);
        h.log(T.plusMillis(60), Level.WARN, "api", "appended");
        Files.write(
                dir.resolve("api.log"), "{\"timestamp\":\"2026-11-28T17:00:00.0".getBytes(), StandardOpenOption.APPEND);
        LogPage appended = cut.search(warn);
        h.rotate(LogSegment.API, T.plusSeconds(1), 0, false);
        h.log(T.plusMillis(2000), Level.INFO, "api", "after the rotation");
        LogPage rotated = cut.search(warn);
        LogPage info = cut.search(query(Set.of("INFO"), Set.of("api"), null, null, null, 1));

        assertAll(
                () -> assertEquals(List.of(), messages(none)),
                () -> assertEquals(0, none.filesRead(), "its lines so far rule it out"),
                () -> assertEquals(List.of("appended"), messages(appended)),
                () -> assertEquals(1, appended.filesRead()),
                () -> assertEquals(List.of("appended"), messages(rotated)),
                () -> assertEquals(1, rotated.filesRead(), "the generation; the new active file is ruled out"),
                () -> assertEquals(List.of("after the rotation"), messages(info)));
    }

    // ------------------------------------------------------------------ the same answers, whatever the summaries

    static final String[] COMPONENTS = {"api", "risk", "orders", "metrics", "monitoring", "ri\"sk", "café", "audit"};
    static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.INFO, Level.WARN, Level.ERROR};
    static final String[] MESSAGES = {
        "plain",
        "a \"quoted\" word",
        "café crème",
        "tab\there",
        "WARN in the text",
        "\"level\":\"WARN\" as text",
        "back\\slash",
        "risk and RISK",
        "é\u00e9\\u00e9"
    };

    /** A random history over the four logs, with gzipped and plain generations; glued lines when asked. */
    void randomHistory(Random random, boolean glued) throws IOException {
        long at = 0;
        for (int i = 0; i < 600; i++) {
            at += 1 + random.nextInt(400);
            String component = COMPONENTS[random.nextInt(COMPONENTS.length)];
            if (glued && random.nextInt(60) == 0) {
                h.cutLineGluedToTheNext(T.plusMillis(at), T.plusMillis(at + 1), component, "glued " + i);
                at++;
            } else {
                h.log(
                        T.plusMillis(at),
                        LEVELS[random.nextInt(LEVELS.length)],
                        component,
                        MESSAGES[random.nextInt(MESSAGES.length)] + " " + i);
            }
            if (random.nextInt(70) == 0) {
                for (LogSegment s : LogSegment.values()) {
                    if (Files.exists(dir.resolve(s.fileName()))) {
                        h.rotate(s, T.plusMillis(at + 1), i, random.nextBoolean());
                    }
                }
            }
        }
    }

    static LogQuery randomQuery(Random random) {
        Set<String> levels = new HashSet<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            levels.add(LEVELS[random.nextInt(LEVELS.length)].levelStr);
        }
        Set<String> components = new HashSet<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            components.add(random.nextInt(10) == 0 ? "nosuch" : COMPONENTS[random.nextInt(COMPONENTS.length)]);
        }
        Instant since = random.nextInt(3) == 0 ? T.plusMillis(random.nextInt(120_000)) : null;
        Instant until = random.nextInt(3) == 0 ? T.plusMillis(random.nextInt(120_000)) : null;
        if (since != null && until != null && since.isAfter(until)) {
            Instant swap = since;
            since = until;
            until = swap;
        }
        String[] texts = {"quoted", "CAFÉ", "warn", "\"", "\\", "risk", "é", "1"};
        String text = random.nextInt(3) == 0 ? texts[random.nextInt(texts.length)] : null;
        return query(levels, components, since, until, text, 1 + random.nextInt(60));
    }

    /** What the search's documented filters select from what was written, newest first. */
    List<String> naive(LogQuery q) {
        return h.written.stream()
                .filter(w -> q.levels().isEmpty() || q.levels().contains(w.level()))
                .filter(w -> q.components().isEmpty() || q.components().contains(w.component()))
                .filter(w -> q.since() == null || !w.timestamp().isBefore(q.since()))
                .filter(w -> q.until() == null || !w.timestamp().isAfter(q.until()))
                .filter(w -> q.text() == null || LogSearch.containsIgnoreCase(w.message(), q.text()))
                .sorted(Comparator.comparing(LogSearchTest.Written::timestamp).reversed())
                .map(LogSearchTest.Written::message)
                .toList();
    }

    @Test
    void randomHistoriesAndQueriesGiveTheSameEntriesWithAndWithoutSummariesAndTheByteSearch() throws IOException {
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            boolean glued = seed % 2 == 0;
            for (LogSegment s : LogSegment.values()) {
                Files.deleteIfExists(dir.resolve(s.fileName()));
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.delete(f);
                }
            }
            deleteSummaries();
            h.written.clear();
            randomHistory(random, glued);
            List<LogQuery> queries = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                queries.add(randomQuery(random));
            }
            List<List<String>> without = new ArrayList<>();
            // line by line, as before summaries and the byte search
            LogSearch plain = new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.UTC, LogSearchTest.SECRET, false);
            for (LogQuery q : queries) {
                without.add(h.walk(plain, q));
            }
            summarizeAll();
            LogSearch summarised = search();
            for (int i = 0; i < queries.size(); i++) {
                LogQuery q = queries.get(i);
                String what = "seed " + seed + ", " + q;
                assertEquals(without.get(i), h.walk(summarised, q), what);
                if (!glued) {
                    assertEquals(naive(q), without.get(i), what);
                }
            }
        }
    }

    /**
     * Files larger than the read buffer, so that blocks and regions cut them in many places, every line in the
     * encoder's form: the search for the filter's fixed bytes returns what the line-by-line search returns.
     */
    @Test
    void largeFilesInTheEncodersFormGiveTheSameEntriesAsTheLineByLineSearch() throws IOException {
        Random random = new Random(11);
        long at = 0;
        // Multi-byte characters right before and after the fixed bytes and at every offset of a block.
        String[] padding = {"é", "€😀", "日本語", "x", ""};
        for (int generation = 0; generation < 3; generation++) {
            // The very first line of a file is a wanted one.
            h.log(T.plusMillis(++at), Level.WARN, "risk", "first " + generation);
            while (Files.size(dir.resolve("general.log")) < 2_600_000) {
                boolean wanted = random.nextInt(20) == 0;
                String message = padding[random.nextInt(padding.length)].repeat(1 + random.nextInt(300)) + " " + at;
                h.log(
                        T.plusMillis(++at),
                        wanted ? Level.WARN : random.nextBoolean() ? Level.INFO : Level.DEBUG,
                        wanted || random.nextBoolean() ? "risk" : "orders",
                        message);
            }
            if (generation == 1) {
                // Longer than the read buffer: it grows for this line, and the search goes on.
                h.log(T.plusMillis(++at), Level.WARN, "risk", "long " + "é".repeat(1_300_000));
            }
            // And the very last line too.
            h.log(T.plusMillis(++at), Level.WARN, "risk", "last " + generation);
            h.rotate(LogSegment.GENERAL, T.plusMillis(++at), 0, generation == 0);
        }
        for (int i = 0; i < 4000; i++) {
            h.log(T.plusMillis(++at), random.nextInt(20) == 0 ? Level.WARN : Level.INFO, "risk", "active " + i);
        }
        // A wanted last line that is not finished yet: no search returns it.
        LogSearchTest.Written unfinished = h.log(T.plusMillis(++at), Level.WARN, "risk", "unfinished");
        h.written.remove(unfinished);
        Path active = dir.resolve("general.log");
        Files.write(active, Arrays.copyOf(Files.readAllBytes(active), (int) Files.size(active) - 1));
        summarizeAll();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "general.log.*")) {
            for (Path f : files) {
                GenerationSummary summary = GenerationSummary.read(f).orElseThrow();
                assertTrue(summary.allPrefixed(), f + " is all in the encoder's form: " + summary);
            }
        }
        LogSearch lineByLine = new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.UTC, LogSearchTest.SECRET, false);
        LogSearch fixed = search();
        List<LogQuery> queries = List.of(
                query(Set.of("WARN"), Set.of("risk"), null, null, null, 1000),
                query(Set.of("WARN"), Set.of("risk"), null, null, null, 7),
                query(Set.of("WARN"), Set.of(), null, null, null, 50),
                query(Set.of(), Set.of("orders"), T.plusMillis(at / 3), T.plusMillis(2 * at / 3), null, 300),
                query(Set.of("WARN"), Set.of("risk"), null, null, "long", 10));
        // Twice: the first searches count the active file a step at a time, the later ones know it whole.
        for (int pass = 0; pass < 2; pass++) {
            for (LogQuery q : queries) {
                List<String> expected =
                        h.expected(w -> (q.levels().isEmpty() || q.levels().contains(w.level()))
                                && (q.components().isEmpty() || q.components().contains(w.component()))
                                && (q.since() == null || !w.timestamp().isBefore(q.since()))
                                && (q.until() == null || !w.timestamp().isAfter(q.until()))
                                && (q.text() == null || LogSearch.containsIgnoreCase(w.message(), q.text())));
                assertEquals(expected, h.walk(lineByLine, q), "line by line, " + q);
                assertEquals(expected, h.walk(fixed, q), "fixed bytes, " + q);
            }
        }
        List<String> warnRisk = h.walk(fixed, queries.get(0));
        assertAll(
                () -> assertTrue(warnRisk.contains("first 0") && warnRisk.contains("last 2")),
                () -> assertTrue(warnRisk.stream().anyMatch(m -> m.startsWith("long "))),
                () -> assertTrue(!warnRisk.contains("unfinished")));
        // Once finished, the line is found.
        Files.write(active, new byte[] {'\n'}, StandardOpenOption.APPEND);
        assertEquals("unfinished", messages(fixed.search(queries.get(0))).get(0));
    }
}
