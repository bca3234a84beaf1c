package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.CLOCK;
import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.daysAgo;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.rotatedAt;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.audit.Audit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail's floor: no retention rule and no emergency cleanup deletes a rotated audit.log younger
 * than its days, short of a full disk; then it goes last, oldest first, and the result says so.
 */
class KeepFloorTest {

    static final KeepFloor AUDIT = new KeepFloor("audit.log", 7);
    static final long ROOMY = 50L << 30;

    @TempDir
    Path tmp;

    Path logs;
    String weekOld;
    List<String> young;
    List<String> others;

    @BeforeEach
    void logDirectory() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        for (String log : List.of("audit.log", "general.log", "errors.log", "bot.log")) {
            write(logs, log, 10, NOW.minusSeconds(3600));
        }
        weekOld = rotatedAt(logs, "audit.log", daysAgo(7).minusSeconds(60), 100);
        young = List.of(
                rotatedAt(logs, "audit.log", daysAgo(7).plusSeconds(60), 100),
                rotatedAt(logs, "audit.log", daysAgo(3), 100),
                rotatedAt(logs, "audit.log", daysAgo(1), 100));
        others = List.of(
                rotatedAt(logs, "general.log", daysAgo(2), 1000),
                rotatedAt(logs, "general.log", daysAgo(1), 1000),
                rotatedAt(logs, "bot.log", daysAgo(1), 1000),
                rotatedAt(logs, "errors.log", daysAgo(1), 1000));
    }

    LogLifecycle lifecycle(long usableBytes) {
        return new LogLifecycle(
                logs,
                RotationRule.parseAll("*.log 10MB"),
                Set.of(),
                names -> List.of(),
                false,
                false,
                AUDIT,
                directory -> usableBytes,
                CLOCK,
                new PlainThreads(),
                new RotationFailures());
    }

    Maintenance maintenance(long usableBytes) {
        return new Maintenance(
                lifecycle(usableBytes),
                new LogArchiver(tmp.resolve("archives"), CLOCK, 10, 30),
                new RetentionPolicy(1, 30, 50L << 20, DEFAULT_ORDER),
                List.of(),
                () -> {},
                new Audit(),
                CLOCK,
                new PlainThreads());
    }

    @Test
    void everyRuleAtItsStrictestLeavesTheYoungAuditGenerations() throws IOException {
        SweepResult result = lifecycle(ROOMY).sweep(new RetentionPolicy(1, 1, 1, DEFAULT_ORDER), false);

        List<String> left = names(logs);
        assertAll(
                () -> assertTrue(left.containsAll(young), left::toString),
                () -> assertFalse(left.contains(weekOld), "older than the floor: the rules apply"),
                () -> assertEquals(
                        List.of(), others.stream().filter(left::contains).toList(), "every other rotated file"),
                () -> assertEquals("", result.warning()));
    }

    @Test
    void previewAndCleanupWithOneDayKeepThemToo() throws IOException {
        Maintenance cut = maintenance(ROOMY);

        SweepResult preview = cut.preview(1);
        SweepResult cleanup = cut.cleanup("alice", 1, Duration.ofSeconds(1));

        assertAll(
                () -> assertTrue(
                        preview.removed().stream().noneMatch(f -> young.contains(f.name())), preview::toString),
                () -> assertTrue(
                        cleanup.removed().stream().anyMatch(f -> f.name().equals(weekOld)), cleanup::toString),
                () -> assertTrue(names(logs).containsAll(young)));
    }

    @Test
    void emergencyCleanupKeepsThemWhileTheDiskHasRoom() throws IOException {
        SweepResult result = maintenance(ROOMY).emergencyCleanup("monitor", 1, Duration.ofSeconds(1));

        List<String> left = names(logs);
        assertAll(
                () -> assertTrue(left.containsAll(young), left::toString),
                () -> assertEquals(
                        List.of(), others.stream().filter(left::contains).toList()),
                () -> assertEquals("", result.warning()));
    }

    @Test
    void emergencyCleanupKeepsThemOnAFullDiskWhenTheRestWasEnough() throws IOException {
        long activeAndYoung = 4 * 10 + 3 * 100;

        SweepResult result = maintenance(0).emergencyCleanup("monitor", activeAndYoung, Duration.ofSeconds(1));

        List<String> left = names(logs);
        assertAll(() -> assertTrue(left.containsAll(young), left::toString), () -> assertEquals("", result.warning()));
    }

    @Test
    void aFullDiskTakesThemLastOldestFirstAndSaysSo() throws IOException {
        long activeAndTwoYoung = 4 * 10 + 2 * 100;

        SweepResult result = maintenance(LogLifecycle.DISK_FULL_BELOW_BYTES - 1)
                .emergencyCleanup("monitor", activeAndTwoYoung, Duration.ofSeconds(1));

        List<String> left = names(logs);
        assertAll(
                () -> assertFalse(left.contains(young.get(0)), "the oldest young one goes"),
                () -> assertTrue(left.containsAll(young.subList(1, 3)), left::toString),
                () -> assertEquals(
                        List.of(), others.stream().filter(left::contains).toList(), "everything else first"),
                () -> assertEquals(
                        young.get(0),
                        result.removed().get(result.removed().size() - 1).name(),
                        "last"),
                () -> assertTrue(
                        result.warning()
                                .contains("1 rotated file of audit.log younger than the 7 days it is "
                                        + "kept for was deleted too (100 bytes), oldest first: " + young.get(0)),
                        result.warning()),
                () -> assertEquals(240, result.bytesRemaining()));
    }
}
