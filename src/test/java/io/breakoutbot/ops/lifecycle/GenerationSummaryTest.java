package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.CLOCK;
import static io.breakoutbot.ops.lifecycle.LogFixture.daysAgo;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.rotatedAt;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries beside rotated generations: their file, and that they come and go with their generation. */
class GenerationSummaryTest {

    @TempDir
    Path tmp;

    Path logs;
    /** Generations summarised, in order. */
    final List<String> summarised = new ArrayList<>();

    /** Counts lines only; the logs feature's summarizer is tested with the search. */
    final GenerationSummary.Summarizer lineCounter = (generation, log, bytes, modified) -> {
        summarised.add(generation.getFileName().toString());
        byte[] content = generation.getFileName().toString().endsWith(Gzip.SUFFIX)
                ? LogLifecycleTest.gunzip(generation)
                : Files.readAllBytes(generation);
        long lines = 0;
        for (byte b : content) {
            lines += b == '\n' ? 1 : 0;
        }
        return Optional.of(new GenerationSummary(
                GenerationSummary.baseName(generation.getFileName().toString()),
                content.length,
                modified,
                lines,
                lines,
                1000,
                2000,
                Map.of("INFO", lines),
                Map.of(log, lines)));
    };

    @BeforeEach
    void logDirectory() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
    }

    LogLifecycle lifecycle(boolean compress) {
        return new LogLifecycle(
                        logs,
                        RotationRule.parseAll("bot.log 1KB rename"),
                        Set.of(),
                        names -> List.of(),
                        compress,
                        false,
                        CLOCK,
                        new PlainThreads())
                .summarizing(lineCounter);
    }

    @Test
    void jsonRoundTripsEveryFieldAndEscapesNames() {
        GenerationSummary s = new GenerationSummary(
                "bot.log.20261128-020000.000",
                4096,
                1_764_295_200L,
                40,
                39,
                Instant.parse("2026-11-28T01:00:00.001Z").toEpochMilli(),
                Instant.parse("2026-11-28T02:00:00.999Z").toEpochMilli(),
                Map.of("INFO", 30L, "WARN", 9L),
                Map.of("risk", 20L, "a \"quoted\\name\"\u0001é", 19L));

        String json = s.toJson();

        assertAll(
                () -> assertEquals(
                        "{\"version\":1,\"generation\":\"bot.log.20261128-020000.000\",\"bytes\":4096,"
                                + "\"modified\":1764295200,\"lines\":40,\"entries\":39,"
                                + "\"oldest\":\"2026-11-28T01:00:00.001Z\",\"newest\":\"2026-11-28T02:00:00.999Z\","
                                + "\"levels\":{\"INFO\":30,\"WARN\":9},"
                                + "\"components\":{\"a \\\"quoted\\\\name\\\"\\u0001é\":19,\"risk\":20}}\n",
                        json),
                () -> assertEquals(Optional.of(s), GenerationSummary.parse(json)));
    }

    @Test
    void corruptOrForeignSummariesAreNone() {
        for (String bad : List.of(
                "",
                "{",
                "not json",
                "{\"version\":2,\"generation\":\"x\",\"bytes\":1,\"modified\":1,\"lines\":1,\"entries\":0,"
                        + "\"levels\":{},\"components\":{}}",
                "{\"version\":1,\"generation\":\"x\",\"bytes\":1,\"modified\":1,\"lines\":1,\"entries\":1,"
                        + "\"levels\":{},\"components\":{}}",
                "{\"version\":1,\"generation\":\"x\",\"bytes\":1,\"modified\":1,\"lines\":1,\"entries\":0,"
                        + "\"levels\":{\"INFO\":\"many\"},\"components\":{}}",
                "{\"version\":1,\"generation\":\"x\",\"bytes\":1,\"modified\":1,\"lines\":1,\"entries\":0,"
                        + "\"levels\":{},\"components\":{}} trailing")) {
            assertEquals(Optional.empty(), GenerationSummary.parse(bad), bad);
        }
    }

    @Test
    void rotationSummarisesThePlainGenerationAndTheSummaryStaysValidForItsGzip() throws IOException {
        Files.writeString(logs.resolve("bot.log"), "a\nb\nc\n".repeat(400));
        LogLifecycle cut = lifecycle(true);

        cut.rotate(true);
        String generation = LogFixture.generation("bot.log", CLOCK.instant());
        Path gz = Gzip.compress(logs.resolve(generation));

        Path summary = logs.resolve(".summaries").resolve(generation + ".json");
        Optional<GenerationSummary> read = GenerationSummary.read(gz);
        boolean rewritten = GenerationSummary.ensure(gz, "bot.log", lineCounter);
        assertAll(
                () -> assertEquals(List.of(generation), summarised, "read once, plain"),
                () -> assertTrue(rewritten, "the .gz's size recorded"),
                () -> assertEquals(
                        Files.size(gz), GenerationSummary.read(gz).orElseThrow().gzipBytes()),
                () -> assertTrue(Files.isRegularFile(summary)),
                () -> assertEquals(1200, read.orElseThrow().lines()),
                () -> assertEquals(2400, read.orElseThrow().bytes()),
                () -> assertTrue(read.orElseThrow()
                        .describes(
                                gz.getFileName().toString(),
                                Files.getLastModifiedTime(gz).toMillis(),
                                -1)),
                () -> assertFalse(
                        GenerationSummary.ensure(gz, "bot.log", lineCounter), "still valid: not summarised again"),
                () -> assertEquals(List.of(generation), summarised, "still read once"),
                () -> assertEquals(List.of(".summaries", "bot.log", generation + ".gz"), names(logs)),
                () -> assertEquals(List.of(generation + ".json"), names(summary.getParent())));
    }

    @Test
    void aSummaryIsNeverALogGenerationNorCountedInTheSizes() throws IOException {
        String old = rotatedAt(logs, "bot.log", daysAgo(2), 500);
        Files.writeString(logs.resolve("bot.log"), "x\n");
        LogLifecycle cut = lifecycle(false);
        long before = cut.stats().totalBytes();

        cut.refreshSummaries(); // at start, on a thread of its own, it writes what is missing

        assertAll(
                () -> assertEquals(List.of(old), summarised),
                () -> assertTrue(Files.exists(logs.resolve(".summaries/" + old + ".json"))),
                () -> assertEquals(before, cut.stats().totalBytes()),
                () -> assertEquals(2, cut.stats().files()),
                () -> assertEquals(0, cut.stats().unmanagedBytes()),
                () -> assertEquals(
                        List.of(),
                        cut.sweep(new RetentionPolicy(5, 30, LogFixture.NO_CAP, LogFixture.DEFAULT_ORDER), true)
                                .removed()));
    }

    @Test
    void retentionDeletesTheSummaryWithItsGenerationAndKeepsTheOthers() throws IOException {
        String old = rotatedAt(logs, "bot.log", daysAgo(10), 500);
        String young = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        LogLifecycle cut = lifecycle(false);
        cut.refreshSummaries();
        Path summaries = logs.resolve(".summaries");
        assertEquals(List.of(old + ".json", young + ".json"), names(summaries));

        cut.sweep(new RetentionPolicy(5, 7, LogFixture.NO_CAP, LogFixture.DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(List.of(".summaries", young), names(logs)),
                () -> assertEquals(List.of(young + ".json"), names(summaries)));
    }

    @Test
    void staleSummaryIsRewrittenAndOrphansAndCrashLeftoversAreSwept() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        LogLifecycle cut = lifecycle(false);
        cut.refreshSummaries();
        Path summaries = logs.resolve(".summaries");
        // The generation changed after it was summarised (a copytruncate's catch-up), and a crash left debris.
        LogFixture.write(logs, generation, 700, daysAgo(1).plusSeconds(5));
        Files.writeString(summaries.resolve("bot.log.20261101-000000.000.json"), "{}");
        Files.writeString(summaries.resolve(generation + ".json.tmp"), "{\"vers");
        Files.setLastModifiedTime(summaries.resolve(generation + ".json.tmp"), FileTime.from(daysAgo(1)));
        Files.writeString(summaries.resolve("operator-notes.txt"), "mine");

        List<String> swept = cut.sweepLeftovers();
        List<String> pruned = cut.refreshSummaries();

        GenerationSummary now = GenerationSummary.read(logs.resolve(generation)).orElseThrow();
        assertAll(
                () -> assertEquals(List.of(generation, generation), summarised),
                () -> assertEquals(700, now.bytes()),
                () -> assertEquals(List.of(), swept, "no summary is a temp file of an interrupted run"),
                () -> assertEquals(
                        List.of(
                                ".summaries/bot.log.20261101-000000.000.json",
                                ".summaries/" + generation + ".json.tmp"),
                        pruned.stream().sorted().toList()),
                () -> assertEquals(List.of(generation + ".json", "operator-notes.txt"), names(summaries)),
                () -> assertEquals(
                        "mine", Files.readString(summaries.resolve("operator-notes.txt"), StandardCharsets.UTF_8)));
    }

    @Test
    void summariesThatCannotBePrunedNeitherStopTheRotationNorTheSweep() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        // A summary whose generation is gone but which cannot be deleted: a directory with something in it.
        Path stuck = Files.createDirectories(logs.resolve(".summaries/bot.log.20261101-000000.000.json"));
        Files.writeString(stuck.resolve("inside"), "x");
        LogLifecycle cut = lifecycle(true);

        List<String> swept = cut.sweepLeftovers();
        List<String> pruned = cut.refreshSummaries();
        RotationResult result = cut.rotate(false);

        assertAll(
                () -> assertEquals(List.of(), swept),
                () -> assertEquals(List.of(), pruned),
                () -> assertEquals(List.of(generation + ".gz"), result.compressed()),
                () -> assertEquals(List.of(".summaries", generation + ".gz"), names(logs)),
                () -> assertTrue(Files.exists(stuck.resolve("inside"))));
    }

    @Test
    void aTempSummaryIsDeletedOnlyOnceTooOldToBeAWriteInProgress() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        String other = rotatedAt(logs, "bot.log", daysAgo(2), 500);
        Path summaries = Files.createDirectories(logs.resolve(".summaries"));
        Path young = Files.writeString(summaries.resolve(generation + ".json.tmp"), "{\"vers");
        Files.setLastModifiedTime(young, FileTime.from(CLOCK.instant().minusSeconds(60)));
        Path old = Files.writeString(summaries.resolve(other + ".json.tmp"), "{\"vers");
        Files.setLastModifiedTime(old, FileTime.from(CLOCK.instant().minusSeconds(600)));

        List<String> deleted = GenerationSummary.prune(logs, log -> true, CLOCK.instant());

        assertAll(
                () -> assertEquals(List.of(".summaries/" + other + ".json.tmp"), deleted),
                () -> assertEquals(List.of(generation + ".json.tmp"), names(summaries)),
                () -> assertEquals("{\"vers", Files.readString(young)));
    }

    @Test
    void aSymlinkedSummariesDirectoryIsNeitherWrittenReadNorPruned() throws IOException {
        String old = rotatedAt(logs, "bot.log", daysAgo(10), 500);
        String young = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        String valid = lineCounter
                .summarize(logs.resolve(old), "bot.log", 500, daysAgo(10).getEpochSecond())
                .orElseThrow()
                .toJson();
        summarised.clear();
        Files.writeString(elsewhere.resolve(old + ".json"), valid);
        Files.writeString(elsewhere.resolve("bot.log.20261101-000000.000.json"), "orphan");
        Files.writeString(elsewhere.resolve(young + ".json.tmp"), "temp");
        Files.setLastModifiedTime(elsewhere.resolve(young + ".json.tmp"), FileTime.from(daysAgo(1)));
        Files.createSymbolicLink(logs.resolve(".summaries"), elsewhere);
        LogLifecycle cut = lifecycle(false);

        cut.sweepLeftovers();
        cut.refreshSummaries();
        cut.rotate(false);
        cut.sweep(new RetentionPolicy(5, 7, LogFixture.NO_CAP, LogFixture.DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(
                        List.of("bot.log.20261101-000000.000.json", old + ".json", young + ".json.tmp"),
                        names(elsewhere)),
                () -> assertEquals(valid, Files.readString(elsewhere.resolve(old + ".json"))),
                () -> assertEquals(Optional.empty(), GenerationSummary.read(logs.resolve(young))),
                () -> assertTrue(Files.isSymbolicLink(logs.resolve(".summaries"))),
                () -> assertThrows(IOException.class, () -> GenerationSummary.delete(logs.resolve(old))),
                () -> assertTrue(Files.exists(elsewhere.resolve(old + ".json"))));
    }

    @Test
    void aStaleSummaryIsGoneBeforeItsRewriteSoAFailedRewriteLeavesNoneForTheGzip() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        Path plain = logs.resolve(generation);
        GenerationSummary.ensure(plain, "bot.log", lineCounter);
        // A writer appends within the same second; the rewrite then fails (a full disk).
        FileTime modified = Files.getLastModifiedTime(plain);
        Files.writeString(plain, "late line\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(plain, modified);
        GenerationSummary.Summarizer diskFull = (g, log, bytes, m) -> {
            throw new IOException("No space left on device");
        };
        assertThrows(IOException.class, () -> GenerationSummary.ensure(plain, "bot.log", diskFull));
        Path gz = Gzip.compress(plain);

        // As a search judges it.
        long gzModified = Files.getLastModifiedTime(gz).toMillis();
        long gzSize = Files.size(gz);
        Optional<GenerationSummary> forGzip = GenerationSummary.read(gz)
                .filter(s -> s.describes(gz.getFileName().toString(), gzModified, gzSize));

        assertAll(
                () -> assertEquals(Optional.empty(), forGzip, "the stale summary must not describe the .gz"),
                () -> assertTrue(GenerationSummary.ensure(gz, "bot.log", lineCounter)),
                () -> assertEquals(510, GenerationSummary.read(gz).orElseThrow().bytes()),
                () -> assertEquals(
                        Files.size(gz), GenerationSummary.read(gz).orElseThrow().gzipBytes()));
    }

    @Test
    void aGzipSummaryWithItsSizeIsStaleWhenTheGzipChangesWithinTheSameSecond() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        Path gz = Gzip.compress(logs.resolve(generation));
        GenerationSummary.ensure(gz, "bot.log", lineCounter);
        GenerationSummary known = GenerationSummary.read(gz).orElseThrow();

        assertAll(
                () -> assertTrue(known.describes(
                        gz.getFileName().toString(),
                        Files.getLastModifiedTime(gz).toMillis(),
                        Files.size(gz))),
                () -> assertFalse(known.describes(
                        gz.getFileName().toString(),
                        Files.getLastModifiedTime(gz).toMillis(),
                        Files.size(gz) + 7)));
    }

    @Test
    void theSweepAtStartReadsNoGenerationAndLeavesTheSummariesToTheirOwnRun() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        Files.createDirectories(logs.resolve(".summaries"));
        Files.writeString(logs.resolve(".summaries/bot.log.20261101-000000.000.json"), "{}");
        LogLifecycle cut = lifecycle(false);

        List<String> swept = cut.sweepLeftovers();

        assertAll(
                () -> assertEquals(List.of(), swept),
                () -> assertEquals(List.of(), summarised),
                () -> assertEquals(List.of("bot.log.20261101-000000.000.json"), names(logs.resolve(".summaries"))));
        assertEquals(List.of(".summaries/bot.log.20261101-000000.000.json"), cut.refreshSummaries());
        assertEquals(List.of(generation), summarised);
    }

    @Test
    void tooManyComponentsAreKeptAsUnknownSoTheSummaryCanBeReadBack() throws IOException {
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 500);
        Map<String, Long> components = new java.util.HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            components.put(String.format("component-%06d", i), 1L);
        }
        GenerationSummary many = new GenerationSummary(
                generation,
                500,
                daysAgo(1).getEpochSecond(),
                100_000,
                100_000,
                1000,
                2000,
                Map.of("INFO", 100_000L),
                components);

        GenerationSummary.write(logs.resolve(generation), many);
        String json = Files.readString(logs.resolve(".summaries/" + generation + ".json"));
        Optional<GenerationSummary> read = GenerationSummary.read(logs.resolve(generation));

        assertAll(
                () -> assertTrue(json.endsWith(",\"levels\":{\"INFO\":100000},\"componentsUnknown\":true}\n"), json),
                () -> assertEquals(Map.of("INFO", 100_000L), read.orElseThrow().levels()),
                () -> assertEquals(null, read.orElseThrow().components()));
    }

    @Test
    void archivesLeaveTheSummariesOutWithoutReportingThem() throws IOException {
        rotatedAt(logs, "bot.log", daysAgo(1), 500);
        lifecycle(false).refreshSummaries();
        Path archives = Files.createDirectories(tmp.resolve("archives"));

        ArchiveResult result = new LogArchiver(archives, CLOCK, 5, 30).archive(logs);

        assertAll(() -> assertEquals(1, result.files()), () -> assertEquals(List.of(), result.skipped()));
    }
}
