package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.CLOCK;
import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.NO_CAP;
import static io.breakoutbot.ops.lifecycle.LogFixture.daysAgo;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.rotatedAt;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three retention rules and the quiet period, swept over a real directory. */
class SweepPlanTest {

    @TempDir
    Path tmp;

    Path logs;
    LogLifecycle cut;

    @BeforeEach
    void logDirectory() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        cut = lifecycle(CLOCK);
    }

    LogLifecycle lifecycle(Clock clock) {
        return new LogLifecycle(
                logs,
                RotationRule.parseAll("*.log 10MB"),
                Set.of(),
                names -> List.of(),
                false,
                false,
                clock,
                new PlainThreads());
    }

    static Map<String, String> reasons(SweepResult result) {
        Map<String, String> reasons = new LinkedHashMap<>();
        result.removed().forEach(r -> reasons.put(r.name(), r.reason()));
        return reasons;
    }

    static List<String> removedNames(SweepResult result) {
        return result.removed().stream().map(RemovedFile::name).toList();
    }

    static List<String> without(List<String> names, List<String> removed) {
        List<String> left = new ArrayList<>(names);
        left.removeAll(removed);
        return left;
    }

    @Test
    void countRuleTakesANameFromTheFutureForTheOldestNotTheNewest() throws IOException {
        // Written while the clock said 2100; the three generations after it are named by the right clock.
        String future = "bot.log.21000101-000000.000";
        write(logs, future, 100, daysAgo(4));
        List<String> fresh = List.of(
                rotatedAt(logs, "bot.log", daysAgo(3), 100),
                rotatedAt(logs, "bot.log", daysAgo(2), 100),
                rotatedAt(logs, "bot.log", daysAgo(1), 100));

        SweepResult result = cut.sweep(new RetentionPolicy(3, 3650, NO_CAP, DEFAULT_ORDER), false);

        assertAll(() -> assertEquals(List.of(future), removedNames(result)), () -> assertEquals(fresh, names(logs)));
    }

    @Test
    void countRuleAloneKeepsTheNewestBackupsOfEachLog() throws IOException {
        write(logs, "api.log", 10, NOW.minusSeconds(3600));
        String[] api = new String[6];
        for (int day = 1; day <= 5; day++) {
            api[day] = rotatedAt(logs, "api.log", daysAgo(day), 100);
        }
        rotatedAt(logs, "bot.log", daysAgo(2), 100);
        rotatedAt(logs, "bot.log", daysAgo(1), 100);
        write(logs, "worker.log", 10, NOW.minusSeconds(3600));
        for (int n = 1; n <= 5; n++) { // Python's RotatingFileHandler: .1 is the newest
            write(logs, "worker.log." + n, 100, daysAgo(n));
        }
        List<String> before = names(logs);

        SweepResult result = cut.sweep(new RetentionPolicy(3, 3650, NO_CAP, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(
                        Map.of(
                                api[5],
                                "beyond the 3 newest rotated files of api.log",
                                api[4],
                                "beyond the 3 newest rotated files of api.log",
                                "worker.log.5",
                                "beyond the 3 newest rotated files of worker.log",
                                "worker.log.4",
                                "beyond the 3 newest rotated files of worker.log"),
                        reasons(result)),
                () -> assertEquals(
                        without(before, List.of(api[5], api[4], "worker.log.5", "worker.log.4")), names(logs)),
                () -> assertEquals(400, result.bytesFreed()),
                () -> assertEquals(List.of(), result.skipped()));
    }

    @Test
    void ageRuleAloneDeletesGenerationsOlderThanTheLimitButNoActiveOrUnmanagedFile() throws IOException {
        write(logs, "api.log", 10, daysAgo(400));
        String tenDays = rotatedAt(logs, "api.log", daysAgo(10), 100);
        String thirtyOneDays = rotatedAt(logs, "api.log", daysAgo(31), 100);
        String fourHundredDays = rotatedAt(logs, "api.log", daysAgo(400), 100);
        write(logs, "bot.log.1", 100, daysAgo(400));
        write(logs, "notes.txt", 100, daysAgo(400));

        SweepResult result = cut.sweep(new RetentionPolicy(1000, 30, NO_CAP, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(
                        Map.of(
                                thirtyOneDays,
                                "last modified 2026-10-28T03:00:00Z, more than 30 days ago",
                                fourHundredDays,
                                "last modified 2025-10-24T03:00:00Z, more than 30 days ago",
                                "bot.log.1",
                                "last modified 2025-10-24T03:00:00Z, more than 30 days ago"),
                        reasons(result)),
                () -> assertEquals(List.of("api.log", tenDays, "notes.txt"), names(logs)),
                () -> assertEquals(10, Files.size(logs.resolve("api.log"))));
    }

    /** Every generation 100 bytes, every active log 10: 960 bytes in all. */
    void priorityDirectory() throws IOException {
        for (String log : List.of("general.log", "metrics.log", "api.log", "errors.log", "bot.log", "worker.log")) {
            write(logs, log, 10, NOW.minusSeconds(3600));
        }
        rotatedAt(logs, "general.log", daysAgo(3), 100);
        rotatedAt(logs, "general.log", daysAgo(1), 100);
        rotatedAt(logs, "metrics.log", daysAgo(5), 100);
        rotatedAt(logs, "api.log", daysAgo(7), 100);
        rotatedAt(logs, "bot.log", daysAgo(4), 100);
        rotatedAt(logs, "bot.log", daysAgo(2), 100);
        rotatedAt(logs, "worker.log", daysAgo(6), 100);
        rotatedAt(logs, "errors.log", daysAgo(9), 100);
        rotatedAt(logs, "errors.log", daysAgo(8), 100);
    }

    @Test
    void sizeCapAloneTakesLogsInPriorityOrderOldestFirstAndStopsOnceUnderTheCap() throws IOException {
        priorityDirectory();
        List<String> before = names(logs);

        SweepResult result = cut.sweep(new RetentionPolicy(1000, 3650, 500, DEFAULT_ORDER), false);

        List<String> expected = List.of(
                "general.log.20261125-030000.000",
                "general.log.20261127-030000.000",
                "metrics.log.20261123-030000.000",
                "api.log.20261121-030000.000",
                // bot.log and worker.log share the "*" rank: the older goes first, and one is enough
                "worker.log.20261122-030000.000");
        assertAll(
                () -> assertEquals(expected, removedNames(result)),
                () -> assertEquals(
                        List.of(
                                "directory holds 960 bytes, over the cap of 500",
                                "directory holds 860 bytes, over the cap of 500",
                                "directory holds 760 bytes, over the cap of 500",
                                "directory holds 660 bytes, over the cap of 500",
                                "directory holds 560 bytes, over the cap of 500"),
                        result.removed().stream().map(RemovedFile::reason).toList()),
                () -> assertEquals(without(before, expected), names(logs)),
                () -> assertEquals(460, result.bytesRemaining()),
                () -> assertEquals(500, result.bytesFreed()));
    }

    @Test
    void sizeCapTakesErrorsLogLastEvenThoughItsGenerationsAreTheOldest() throws IOException {
        priorityDirectory();

        SweepResult result = cut.sweep(new RetentionPolicy(1000, 3650, 160, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(
                        List.of(
                                "general.log.20261125-030000.000",
                                "general.log.20261127-030000.000",
                                "metrics.log.20261123-030000.000",
                                "api.log.20261121-030000.000",
                                "worker.log.20261122-030000.000",
                                "bot.log.20261124-030000.000",
                                "bot.log.20261126-030000.000",
                                "errors.log.20261119-030000.000"),
                        removedNames(result)),
                () -> assertEquals(
                        List.of(
                                "api.log",
                                "bot.log",
                                "errors.log",
                                "errors.log.20261120-030000.000",
                                "general.log",
                                "metrics.log",
                                "worker.log"),
                        names(logs)),
                () -> assertEquals(160, result.bytesRemaining()));
    }

    @Test
    void allThreeRulesAtOnceListEachFileOnceWithTheFirstRuleThatSelectedIt() throws IOException {
        write(logs, "api.log", 10, NOW.minusSeconds(3600));
        write(logs, "bot.log", 10, NOW.minusSeconds(3600));
        String a400 = rotatedAt(logs, "api.log", daysAgo(400), 100); // beyond count, too old, and over the cap
        String b40 = rotatedAt(logs, "api.log", daysAgo(40), 100); // beyond count and too old
        String c20 = rotatedAt(logs, "api.log", daysAgo(20), 100);
        String d1 = rotatedAt(logs, "api.log", daysAgo(1), 100);
        String e50 = rotatedAt(logs, "bot.log", daysAgo(50), 100); // too old, within count
        String f2 = rotatedAt(logs, "bot.log", daysAgo(2), 100);

        SweepResult result = cut.sweep(new RetentionPolicy(2, 30, 250, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(
                        4, result.removed().size(), () -> result.removed().toString()),
                () -> assertEquals(
                        Map.of(
                                a400, "beyond the 2 newest rotated files of api.log",
                                b40, "beyond the 2 newest rotated files of api.log",
                                e50, "last modified 2026-10-09T03:00:00Z, more than 30 days ago",
                                c20, "directory holds 320 bytes, over the cap of 250"),
                        reasons(result)),
                () -> assertEquals(List.of("api.log", d1, "bot.log", f2), names(logs)),
                () -> assertEquals(220, result.bytesRemaining()));
    }

    @Test
    void activeFileIsNeverDeletedEvenWhenItAloneExceedsTheCapAndIs400DaysOld() throws IOException {
        write(logs, "api.log", 1000, daysAgo(400));
        String generation = rotatedAt(logs, "api.log", daysAgo(2), 100);

        SweepResult first = cut.sweep(new RetentionPolicy(1, 1, 500, DEFAULT_ORDER), false);
        SweepResult second = cut.sweep(new RetentionPolicy(1, 1, 500, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(
                        Map.of(generation, "last modified 2026-11-26T03:00:00Z, more than 1 day ago"), reasons(first)),
                () -> assertEquals(List.of(), second.removed()),
                () -> assertEquals(1000, second.bytesRemaining()),
                () -> assertEquals(List.of("api.log"), names(logs)),
                () -> assertEquals(1000, Files.size(logs.resolve("api.log"))));
    }

    @Test
    void filesThatMatchNoPatternAreNeverDeleted() throws IOException {
        List<String> unmanaged =
                List.of("notes.txt", "core.12345", "api.log.bak", "api.log.old", "bot.log.20261101", "README");
        for (String name : unmanaged) {
            write(logs, name, 1000, daysAgo(400));
        }
        write(logs, "api.log", 10, NOW.minusSeconds(3600));

        SweepResult result = cut.sweep(new RetentionPolicy(1, 1, 1, DEFAULT_ORDER), false);

        List<String> expected = new ArrayList<>(unmanaged);
        expected.add("api.log");
        expected.sort(null);
        assertAll(
                () -> assertEquals(List.of(), result.removed()),
                () -> assertEquals(expected, names(logs)),
                () -> assertEquals(6010, result.bytesRemaining()));
    }

    @Test
    void generationModifiedTenSecondsAgoIsNotDeletedEvenBeyondTheCount() throws IOException {
        write(logs, "api.log", 10, NOW.minusSeconds(3600));
        // the oldest name, but a writer that has not reopened its log yet wrote to it 10 s ago
        String stillWritten = rotatedAt(logs, "api.log", daysAgo(4), 100);
        Files.setLastModifiedTime(logs.resolve(stillWritten), FileTime.from(NOW.minusSeconds(10)));
        String three = rotatedAt(logs, "api.log", daysAgo(3), 100);
        String two = rotatedAt(logs, "api.log", daysAgo(2), 100);
        String one = rotatedAt(logs, "api.log", daysAgo(1), 100);

        SweepResult result = cut.sweep(new RetentionPolicy(1, 3650, NO_CAP, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(Set.of(three, two), Set.copyOf(removedNames(result))),
                () -> assertEquals(List.of("api.log", stillWritten, one), names(logs)),
                () -> assertEquals(100, Files.size(logs.resolve(stillWritten))));
    }

    @Test
    void clockThatJumpedBackADayDeletesNothingModifiedToday() throws IOException {
        write(logs, "api.log", 10, NOW.minusSeconds(60));
        for (int hour = 0; hour <= 2; hour++) {
            rotatedAt(logs, "api.log", NOW.minus(Duration.ofHours(3 - hour)), 100);
            rotatedAt(logs, "bot.log", NOW.minus(Duration.ofHours(3 - hour)), 100);
        }
        List<String> before = names(logs);
        Clock dayEarlier = Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC);

        SweepResult result = lifecycle(dayEarlier).sweep(new RetentionPolicy(1, 1, 1, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(List.of(), result.removed()),
                () -> assertEquals(before, names(logs)),
                () -> assertEquals(7, before.size()));
    }

    @Test
    void symbolicLinkNamedLikeAGenerationIsNotFollowedAndNeitherItNorItsTargetIsDeleted() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path secret = write(outside, "secret.log", 1000, daysAgo(400));
        Path link = Files.createSymbolicLink(logs.resolve("api.log.20261101-000000.000"), secret);
        write(logs, "api.log", 10, NOW.minusSeconds(3600));

        SweepResult result = cut.sweep(new RetentionPolicy(1, 1, 1, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(List.of(), result.removed()),
                () -> assertTrue(Files.isSymbolicLink(link)),
                () -> assertEquals(secret, Files.readSymbolicLink(link)),
                () -> assertEquals(1000, Files.size(secret)),
                () -> assertEquals(FileTime.from(daysAgo(400)), Files.getLastModifiedTime(secret)),
                // the link is not counted either: only the active log's 10 bytes are in the directory
                () -> assertEquals(10, result.bytesRemaining()));
    }

    @Test
    void previewListsExactlyWhatTheSweepThenDeletesAndDeletesNothingItself() throws IOException {
        priorityDirectory();
        rotatedAt(logs, "bot.log", daysAgo(40), 100);
        write(logs, "notes.txt", 5, daysAgo(400));
        List<String> before = names(logs);
        RetentionPolicy policy = new RetentionPolicy(2, 30, 300, DEFAULT_ORDER);

        SweepResult preview = cut.sweep(policy, true);
        List<String> afterPreview = names(logs);
        SweepResult sweep = cut.sweep(policy, false);

        assertAll(
                () -> assertTrue(preview.preview()),
                () -> assertEquals(before, afterPreview),
                () -> assertTrue(
                        preview.removed().size() > 3, () -> preview.removed().toString()),
                () -> assertEquals(preview.removed(), sweep.removed()),
                () -> assertEquals(preview.bytesFreed(), sweep.bytesFreed()),
                () -> assertEquals(preview.bytesRemaining(), sweep.bytesRemaining()),
                () -> assertEquals(without(before, removedNames(preview)), names(logs)));
    }
}
