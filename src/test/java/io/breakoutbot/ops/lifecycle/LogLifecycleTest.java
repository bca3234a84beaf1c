package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.CLOCK;
import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.NO_CAP;
import static io.breakoutbot.ops.lifecycle.LogFixture.daysAgo;
import static io.breakoutbot.ops.lifecycle.LogFixture.generation;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.rotatedAt;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation, compression, leftovers and statistics of one log directory. */
class LogLifecycleTest {

    @TempDir
    Path tmp;

    Path logs;
    /** Which of our logs logback was asked to rotate, per call. */
    final List<Set<String>> ownLogsRolled = new ArrayList<>();
    /** What logback answers: one sentence per file it could not rotate. */
    List<String> ownLogsFailed = List.of();

    @BeforeEach
    void logDirectory() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
    }

    LogLifecycle lifecycle(String rules, Set<String> ownLogs, boolean compress, boolean delayCompress) {
        return new LogLifecycle(
                logs,
                RotationRule.parseAll(rules),
                ownLogs,
                names -> {
                    ownLogsRolled.add(names);
                    return ownLogsFailed;
                },
                compress,
                delayCompress,
                CLOCK,
                new PlainThreads());
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void rotateRotatesOnlyFilesThatReachedTheirRuleSizeAndNeverOwnLogs() throws IOException {
        write(logs, "big.log", 2000, NOW.minusSeconds(120));
        write(logs, "legacy.log", 1500, NOW.minusSeconds(120));
        write(logs, "small.log", 100, NOW.minusSeconds(120));
        write(logs, "api.log", 2000, NOW.minusSeconds(120));
        byte[] big = Files.readAllBytes(logs.resolve("big.log"));
        byte[] legacy = Files.readAllBytes(logs.resolve("legacy.log"));
        Object legacyInode = Files.getAttribute(logs.resolve("legacy.log"), "unix:ino");
        LogLifecycle cut = lifecycle("legacy.log 1KB copytruncate; *.log 1KB", Set.of("api.log"), false, false);

        RotationResult result = cut.rotate(false);

        assertAll(
                () -> assertEquals(
                        Set.of(
                                "big.log -> big.log.20261128-030000.000",
                                "legacy.log -> legacy.log.20261128-030000.000"),
                        Set.copyOf(result.rotated())),
                () -> assertEquals(2, result.rotated().size()),
                () -> assertEquals(List.of(), result.failures()),
                () -> assertEquals(List.of(), result.compressed()),
                () -> assertEquals(NOW.toString(), result.ranAt()),
                () -> assertEquals(
                        List.of(
                                "api.log",
                                "big.log",
                                "big.log.20261128-030000.000",
                                "legacy.log",
                                "legacy.log.20261128-030000.000",
                                "small.log"),
                        names(logs)),
                () -> assertArrayEquals(big, Files.readAllBytes(logs.resolve("big.log.20261128-030000.000"))),
                () -> assertEquals(0, Files.size(logs.resolve("big.log"))),
                () -> assertArrayEquals(legacy, Files.readAllBytes(logs.resolve("legacy.log.20261128-030000.000"))),
                () -> assertEquals(0, Files.size(logs.resolve("legacy.log"))),
                () -> assertEquals(legacyInode, Files.getAttribute(logs.resolve("legacy.log"), "unix:ino")),
                () -> assertEquals(100, Files.size(logs.resolve("small.log"))),
                () -> assertEquals(2000, Files.size(logs.resolve("api.log"))),
                () -> assertEquals(List.of(), ownLogsRolled));
    }

    @Test
    void rotateAllRotatesEveryNonEmptyLogOfOthersAndLeavesOwnLogsToLogback() throws IOException {
        write(logs, "api.log", "ours\n", NOW.minusSeconds(120));
        write(logs, "errors.log", "ours too\n", NOW.minusSeconds(120));
        write(logs, "bot.log", "bot line\n", NOW.minusSeconds(120));
        write(logs, "worker.log", "worker line\n", NOW.minusSeconds(120));
        write(logs, "empty.log", "", NOW.minusSeconds(120));
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of("api.log", "errors.log"), false, false);

        RotationResult result = cut.rotate(true);

        assertAll(
                // the callback stands for logback and rotates nothing here, so only others' files are listed
                () -> assertEquals(
                        Set.of(
                                "bot.log -> bot.log.20261128-030000.000",
                                "worker.log -> worker.log.20261128-030000.000"),
                        Set.copyOf(result.rotated())),
                () -> assertEquals(2, result.rotated().size()),
                () -> assertEquals(List.of(Set.of("api.log", "errors.log")), ownLogsRolled),
                () -> assertEquals(List.of(), result.failures()),
                () -> assertEquals(
                        List.of(
                                "api.log",
                                "bot.log",
                                "bot.log.20261128-030000.000",
                                "empty.log",
                                "errors.log",
                                "worker.log",
                                "worker.log.20261128-030000.000"),
                        names(logs)),
                () -> assertEquals("ours\n", Files.readString(logs.resolve("api.log"))),
                () -> assertEquals("ours too\n", Files.readString(logs.resolve("errors.log"))),
                () -> assertEquals("bot line\n", Files.readString(logs.resolve("bot.log.20261128-030000.000"))),
                () -> assertEquals("worker line\n", Files.readString(logs.resolve("worker.log.20261128-030000.000"))),
                () -> assertEquals(0, Files.size(logs.resolve("bot.log"))));
    }

    @Test
    void rotateAllReportsWhichOfOurLogsCouldNotBeRotated() throws IOException {
        write(logs, "general.log", "ours\n", NOW.minusSeconds(120));
        write(logs, "bot.log", "bot line\n", NOW.minusSeconds(120));
        ownLogsFailed = List.of("Cannot rotate " + logs.resolve("general.log") + ": the name is taken");
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of("api.log", "general.log"), false, false);

        RotationResult result = cut.rotate(true);

        assertAll(
                () -> assertEquals(List.of("bot.log -> bot.log.20261128-030000.000"), result.rotated()),
                () -> assertEquals(ownLogsFailed, result.failures()));
    }

    @Test
    void rotatingOneOfOurLogsRotatesThatOneOnly() throws IOException {
        write(logs, "general.log", "ours\n", NOW.minusSeconds(120));
        write(logs, "api.log", "ours too\n", NOW.minusSeconds(120));
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of("api.log", "general.log"), false, false);

        RotationResult result = cut.rotate("general.log");

        assertAll(
                () -> assertEquals(List.of(Set.of("general.log")), ownLogsRolled),
                () -> assertEquals(List.of(), result.failures()));
    }

    @Test
    void oneOfOurLogsThatCannotBeRotatedFailsTheRotationWithTheReason() throws IOException {
        write(logs, "general.log", "ours\n", NOW.minusSeconds(120));
        ownLogsFailed = List.of("Cannot rotate " + logs.resolve("general.log") + ": the name is taken");
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of("api.log", "general.log"), false, false);

        IOException e = assertThrows(IOException.class, () -> cut.rotate("general.log"));

        assertAll(
                () -> assertEquals(ownLogsFailed.get(0), e.getMessage()),
                () -> assertEquals(List.of(Set.of("general.log")), ownLogsRolled));
    }

    @Test
    void anOwnLogThatLogbackCouldNotRotateIsAFailureOfRotateNowAndOfRotate() throws IOException {
        write(logs, "general.log", "ours\n", NOW.minusSeconds(120));
        RotationFailures failures = new RotationFailures();
        // Stands for logback: our rotation policy reports what it could not rename.
        LogLifecycle cut = new LogLifecycle(
                logs,
                RotationRule.parseAll("*.log 10MB"),
                Set.of("general.log"),
                names -> {
                    failures.failed("general.log", NOW, "read-only file system");
                    return List.of();
                },
                false,
                false,
                KeepFloor.NONE,
                LogLifecycle.FreeSpace.FILE_STORE,
                CLOCK,
                new PlainThreads(),
                failures);

        RotationResult all = cut.rotate(true);
        IOException one = assertThrows(IOException.class, () -> cut.rotate("general.log"));

        String expected =
                "general.log has not rotated since 2026-11-28T03:00:00Z (2 attempts failed): read-only file system";
        assertAll(
                () -> assertEquals(
                        List.of("general.log has not rotated since 2026-11-28T03:00:00Z (1 attempt failed): "
                                + "read-only file system"),
                        all.failures()),
                () -> assertEquals(expected, one.getMessage()));
    }

    @Test
    void anotherProcesssLogThatCannotRotateIsAFailureAndIsRememberedUntilItRotates() throws IOException {
        String tooLong = "b".repeat(240) + ".log"; // its generation's name would be too long for the file system
        write(logs, tooLong, "bot line\n", NOW.minusSeconds(120));
        write(logs, "bot.log", "bot line\n", NOW.minusSeconds(120));
        RotationFailures failures = new RotationFailures();
        failures.failed("bot.log", NOW.minusSeconds(3600), "an earlier failure");
        failures.failed("gone.log", NOW.minusSeconds(3600), "a log deleted since");
        LogLifecycle cut = new LogLifecycle(
                logs,
                RotationRule.parseAll("*.log 10MB"),
                Set.of(),
                names -> List.of(),
                false,
                false,
                KeepFloor.NONE,
                LogLifecycle.FreeSpace.FILE_STORE,
                CLOCK,
                new PlainThreads(),
                failures);

        RotationResult result = cut.rotate(true);
        IOException named = assertThrows(IOException.class, () -> cut.rotate(tooLong));

        assertAll(
                () -> assertEquals(List.of("bot.log -> bot.log.20261128-030000.000"), result.rotated()),
                () -> assertEquals(
                        1, result.failures().size(), () -> result.failures().toString()),
                () -> assertTrue(
                        result.failures().get(0).startsWith("Cannot rotate " + tooLong + ": "),
                        () -> result.failures().get(0)),
                () -> assertTrue(
                        result.failures().get(0).endsWith("File name too long"),
                        () -> result.failures().get(0)),
                () -> assertTrue(named.getMessage().endsWith("File name too long"), named::getMessage),
                () -> assertEquals(
                        List.of(tooLong),
                        failures.current().stream()
                                .map(RotationFailures.Failure::log)
                                .toList(),
                        "bot.log rotated and gone.log is gone: only the file that still fails is remembered"),
                () -> assertEquals(2, failures.current().get(0).attempts()),
                () -> assertEquals("bot line\n", Files.readString(logs.resolve(tooLong))));
    }

    /** Python's plain FileHandler, as basicConfig(filename=...) sets it up: opened once, never reopened. */
    static final String PYTHON_WRITER = """
            import logging, sys, threading
            done = threading.Event()
            def wait_for_eof():
                sys.stdin.read()
                done.set()
            threading.Thread(target=wait_for_eof, daemon=True).start()
            logging.basicConfig(filename=sys.argv[1], format="%(message)s", level=logging.INFO)
            log = logging.getLogger("bot")
            n = 0
            while not done.is_set():
                log.info("line %d", n)
                n += 1
                done.wait(0.002)
            logging.shutdown()
            print(n, flush=True)
            """;

    static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).lines().count() : 0;
    }

    @Test
    void aGenerationItsWriterStillHoldsOpenIsNeitherCompressedNorDeletedAndNoLineIsLost() throws Exception {
        Path script = Files.writeString(tmp.resolve("writer.py"), PYTHON_WRITER);
        Path bot = logs.resolve("bot.log");
        MutableClock clock = new MutableClock(Instant.now());
        LogLifecycle cut = new LogLifecycle(
                logs,
                RotationRule.parseAll("*.log 10MB"),
                Set.of(),
                names -> List.of(),
                true,
                false,
                clock,
                new PlainThreads());
        Process writer = new ProcessBuilder("python3", script.toString(), bot.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Path generation;
        RotationResult later;
        SweepResult sweep;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(bot) >= 10);
            RotationResult rotation = cut.rotate("bot.log");
            generation = logs.resolve(rotation.rotated().get(0).split(" -> ")[1]);
            long atRotation = lines(generation);
            // The writer never reopens: its lines go on into the renamed file.
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(generation) > atRotation + 10);
            clock.advance(Duration.ofDays(30)); // quiet and old by every rule, were it not open

            later = cut.rotate(false);
            sweep = cut.sweep(new RetentionPolicy(1, 1, NO_CAP, DEFAULT_ORDER), false);
        } finally {
            writer.getOutputStream().close(); // the writer stops at the end of its input
        }
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        long written =
                Long.parseLong(new String(writer.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        RotationResult closed = cut.rotate(false);

        List<String> found = new ArrayList<>(Files.readAllLines(bot));
        Path gz = logs.resolve(generation.getFileName() + ".gz");
        if (Files.exists(gz)) {
            found.addAll(new String(gunzip(gz), StandardCharsets.UTF_8).lines().toList());
        }
        String name = generation.getFileName().toString();
        assertAll(
                () -> assertEquals(List.of(), later.compressed(), "compressing it would lose what is written after"),
                () -> assertEquals(
                        1, later.stillOpen().size(), () -> later.stillOpen().toString()),
                () -> assertTrue(
                        later.stillOpen()
                                .get(0)
                                .startsWith(name + " is still open for writing by pid " + writer.pid() + " (python3)"),
                        () -> later.stillOpen().get(0)),
                () -> assertEquals(List.of(), sweep.removed()),
                () -> assertEquals(
                        1, sweep.skipped().size(), () -> sweep.skipped().toString()),
                () -> assertTrue(
                        sweep.skipped().get(0).startsWith(name + ": still open for writing by pid " + writer.pid()),
                        () -> sweep.skipped().get(0)),
                () -> assertEquals(List.of(name + ".gz"), closed.compressed(), "once closed, it is compressed"),
                () -> assertEquals(
                        LongStream.range(0, written).mapToObj(i -> "line " + i).toList(),
                        found,
                        "every line once, in order"));
    }

    @Test
    void compressionLeavesTheNewestGenerationPlainWithDelayCompressAndSkipsOwnLogs() throws IOException {
        String three = rotatedAt(logs, "bot.log", daysAgo(3), 5000);
        String two = rotatedAt(logs, "bot.log", daysAgo(2), 5000);
        String one = rotatedAt(logs, "bot.log", daysAgo(1), 5000);
        String ours = rotatedAt(logs, "api.log", daysAgo(2), 5000);
        byte[] threeBytes = Files.readAllBytes(logs.resolve(three));
        byte[] twoBytes = Files.readAllBytes(logs.resolve(two));
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of("api.log"), true, true);
        List<String> failures = new ArrayList<>();

        List<String> compressed = cut.compressDue(failures, new ArrayList<>());

        assertAll(
                () -> assertEquals(List.of(three + ".gz", two + ".gz"), compressed),
                () -> assertEquals(List.of(), failures),
                () -> assertEquals(List.of(ours, three + ".gz", two + ".gz", one), names(logs)),
                () -> assertArrayEquals(threeBytes, gunzip(logs.resolve(three + ".gz"))),
                () -> assertArrayEquals(twoBytes, gunzip(logs.resolve(two + ".gz"))),
                // compression must not make an old generation look new to the age rule
                () -> assertEquals(FileTime.from(daysAgo(3)), Files.getLastModifiedTime(logs.resolve(three + ".gz"))),
                () -> assertEquals(5000, Files.size(logs.resolve(one))),
                () -> assertEquals(5000, Files.size(logs.resolve(ours))));
    }

    @Test
    void compressionWaitsForTheQuietPeriod() throws IOException {
        String old = rotatedAt(logs, "bot.log", daysAgo(1), 5000);
        String fresh = generation("bot.log", NOW.minusSeconds(10));
        write(logs, fresh, 5000, NOW.minusSeconds(10));
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of(), true, false);
        List<String> failures = new ArrayList<>();

        List<String> compressed = cut.compressDue(failures, new ArrayList<>());

        assertAll(
                () -> assertEquals(List.of(old + ".gz"), compressed),
                () -> assertEquals(List.of(), failures),
                () -> assertEquals(List.of(old + ".gz", fresh), names(logs)),
                () -> assertEquals(5000, Files.size(logs.resolve(fresh))));
    }

    @Test
    void compressionIsOffWhenNotConfigured() throws IOException {
        String old = rotatedAt(logs, "bot.log", daysAgo(1), 5000);

        List<String> compressed =
                lifecycle("*.log 10MB", Set.of(), false, false).compressDue(new ArrayList<>(), new ArrayList<>());

        assertAll(() -> assertEquals(List.of(), compressed), () -> assertEquals(List.of(old), names(logs)));
    }

    @Test
    void gzipFailureKeepsTheOriginalAndIsReported() throws IOException {
        write(logs, "bot.log", "still small\n", NOW.minusSeconds(120));
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 5000);
        byte[] original = Files.readAllBytes(logs.resolve(generation));
        // the compressor cannot create its temp file where a directory stands, nor clean that directory away
        Path blocker = Files.createDirectory(logs.resolve(generation + ".gz.tmp"));
        Files.writeString(blocker.resolve("someone-elses.txt"), "keep\n");
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of(), true, false);

        RotationResult result = cut.rotate(false);

        assertAll(
                () -> assertEquals(List.of(), result.rotated()),
                () -> assertEquals(List.of(), result.compressed()),
                () -> assertEquals(
                        1, result.failures().size(), () -> result.failures().toString()),
                () -> assertTrue(
                        result.failures().get(0).startsWith("Cannot gzip " + generation + ", kept uncompressed: "),
                        () -> result.failures().get(0)),
                // the report says why, not what went wrong while cleaning up after it
                () -> assertTrue(
                        result.failures().get(0).endsWith("Is a directory"),
                        () -> result.failures().get(0)),
                () -> assertArrayEquals(original, Files.readAllBytes(logs.resolve(generation))),
                () -> assertEquals(FileTime.from(daysAgo(1)), Files.getLastModifiedTime(logs.resolve(generation))),
                () -> assertFalse(Files.exists(logs.resolve(generation + ".gz"))),
                () -> assertEquals("keep\n", Files.readString(blocker.resolve("someone-elses.txt"))));
    }

    @Test
    void leftoverOfACrashedCompressionIsSweptAndNeverTreatedAsAGeneration() throws IOException {
        write(logs, "api.log", 10, NOW.minusSeconds(3600));
        write(logs, "bot.log", 10, NOW.minusSeconds(3600));
        String generation = rotatedAt(logs, "api.log", daysAgo(1), 100);
        byte[] original = Files.readAllBytes(logs.resolve(generation));
        write(logs, generation + ".gz.tmp", 30, daysAgo(1)); // crash while gzipping
        String copyLeftover = generation("bot.log", daysAgo(2)) + ".tmp"; // crash during copytruncate
        write(logs, copyLeftover, 40, daysAgo(2));
        write(logs, "notes.tmp", 7, daysAgo(400)); // not ours: left alone
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of(), true, false);

        LogStats stats = cut.stats();
        SweepResult preview = cut.sweep(new RetentionPolicy(1, 1, 1, DEFAULT_ORDER), true);
        List<String> swept = cut.sweepLeftovers();
        List<String> compressed = cut.compressDue(new ArrayList<>(), new ArrayList<>());

        assertAll(
                () -> assertEquals(
                        List.of(new LogUsage("api.log", 10, 1, 100), new LogUsage("bot.log", 10, 0, 0)), stats.logs()),
                () -> assertEquals(30 + 40 + 7, stats.unmanagedBytes()),
                () -> assertEquals(
                        List.of(generation),
                        preview.removed().stream().map(RemovedFile::name).toList()),
                () -> assertEquals(Set.of(generation + ".gz.tmp", copyLeftover), Set.copyOf(swept)),
                () -> assertEquals(2, swept.size()),
                () -> assertEquals(List.of(generation + ".gz"), compressed),
                () -> assertEquals(List.of("api.log", generation + ".gz", "bot.log", "notes.tmp"), names(logs)),
                () -> assertArrayEquals(original, gunzip(logs.resolve(generation + ".gz"))));
    }

    @Test
    void plainGenerationBesideItsCompletedGzIsSweptAndTheGzKept() throws IOException {
        write(logs, "bot.log", 10, NOW.minusSeconds(3600));
        String generation = rotatedAt(logs, "bot.log", daysAgo(1), 5000);
        byte[] original = Files.readAllBytes(logs.resolve(generation));
        // crash after gzip renamed its .gz into place, before it deleted the plain file
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(logs.resolve(generation + ".gz")))) {
            gz.write(original);
        }
        Files.setLastModifiedTime(logs.resolve(generation + ".gz"), FileTime.from(daysAgo(1)));
        long gzBytes = Files.size(logs.resolve(generation + ".gz"));
        String alone = rotatedAt(logs, "bot.log", NOW.minusSeconds(7200), 300); // no twin: stays plain
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of(), true, false);

        LogStats before = cut.stats();
        List<String> swept = cut.sweepLeftovers();
        LogStats after = cut.stats();

        assertAll(
                () -> assertEquals(List.of(new LogUsage("bot.log", 10, 3, 5000 + gzBytes + 300)), before.logs()),
                () -> assertEquals(List.of(generation), swept),
                () -> assertEquals(List.of("bot.log", generation + ".gz", alone), names(logs)),
                () -> assertArrayEquals(original, gunzip(logs.resolve(generation + ".gz"))),
                () -> assertEquals(List.of(new LogUsage("bot.log", 10, 2, gzBytes + 300)), after.logs()),
                () -> assertEquals(10 + gzBytes + 300, after.totalBytes()),
                () -> assertEquals(List.of(), cut.sweepLeftovers(), "a second sweep finds nothing"));
    }

    @Test
    void statsShowSizesPerLogOldestNewestAndWhatTheLastRealSweepFreed() throws IOException {
        write(logs, "api.log", 10, NOW.minusSeconds(30));
        rotatedAt(logs, "api.log", daysAgo(1), 100);
        String compressed = generation("api.log", daysAgo(2)) + ".gz";
        write(logs, compressed, 200, daysAgo(2));
        write(logs, "bot.log", 20, NOW.minusSeconds(7200));
        write(logs, "bot.log.1", 50, daysAgo(3));
        write(logs, "notes.txt", 7, daysAgo(400));
        LogLifecycle cut = lifecycle("*.log 10MB", Set.of(), false, false);
        RetentionPolicy policy = new RetentionPolicy(1, 30, NO_CAP, DEFAULT_ORDER);

        LogStats before = cut.stats();
        SweepResult preview = cut.sweep(policy, true);
        LogStats afterPreview = cut.stats();
        SweepResult sweep = cut.sweep(policy, false);
        LogStats after = cut.stats();

        assertAll(
                () -> assertEquals(logs.toAbsolutePath().toString(), before.directory()),
                () -> assertEquals(387, before.totalBytes()),
                () -> assertEquals(6, before.files()),
                () -> assertEquals(
                        List.of(new LogUsage("api.log", 10, 2, 300), new LogUsage("bot.log", 20, 1, 50)),
                        before.logs()),
                () -> assertEquals(7, before.unmanagedBytes()),
                () -> assertEquals("notes.txt", before.oldestFile()),
                () -> assertEquals("2025-10-24T03:00:00Z", before.oldestModified()),
                () -> assertEquals("api.log", before.newestFile()),
                () -> assertEquals("2026-11-28T02:59:30Z", before.newestModified()),
                () -> assertEquals(0, before.bytesFreedLastRun()),
                () -> assertEquals(200, preview.bytesFreed()),
                () -> assertEquals(0, afterPreview.bytesFreedLastRun()),
                () -> assertEquals(
                        List.of(compressed),
                        sweep.removed().stream().map(RemovedFile::name).toList()),
                () -> assertEquals(200, after.bytesFreedLastRun()),
                () -> assertEquals(187, after.totalBytes()),
                () -> assertEquals(5, after.files()),
                () -> assertEquals(
                        List.of(new LogUsage("api.log", 10, 1, 100), new LogUsage("bot.log", 20, 1, 50)),
                        after.logs()));
    }

    @Test
    void statsOfAnEmptyDirectoryAreZeroAndEmpty() throws IOException {
        LogStats stats = lifecycle("*.log 10MB", Set.of(), false, false).stats();

        assertAll(
                () -> assertEquals(0, stats.totalBytes()),
                () -> assertEquals(0, stats.files()),
                () -> assertEquals(List.of(), stats.logs()),
                () -> assertEquals("", stats.oldestFile()),
                () -> assertEquals("", stats.newestModified()));
    }
}
