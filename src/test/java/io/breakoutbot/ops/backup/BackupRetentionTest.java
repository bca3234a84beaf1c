package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRetentionTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z"); // a Sunday

    /** One backup a day at 04:00 for 40 days, plus a second one at 16:00 on the last 3 days. */
    static List<BackupRetention.Candidate> history() {
        List<BackupRetention.Candidate> all = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            Instant day = Instant.parse("2026-11-29T04:00:00Z").minus(Duration.ofDays(d));
            all.add(new BackupRetention.Candidate(name(day), 100));
            if (d < 3) {
                all.add(new BackupRetention.Candidate(name(day.plus(Duration.ofHours(12))), 100));
            }
        }
        all.removeIf(c -> BackupNames.time(c.name()).isAfter(NOW));
        return all;
    }

    static String name(Instant t) {
        return "bot_backup_" + BackupNames.stamp(t) + ".tar.gz";
    }

    static Map<String, String> removed(BackupRetention.Plan plan) {
        return plan.removed().stream()
                .collect(Collectors.toMap(RetentionResult.Removal::name, RetentionResult.Removal::reason));
    }

    @Test
    void keepLastDailyAndWeeklyTogether() {
        BackupRetention.Plan plan = BackupRetention.plan(history(), new RetentionRules(3, 5, 4, 0, 0), NOW, Set.of());
        // last 3: 29th 04:00, 28th 16:00, 28th 04:00; daily: newest of 29th..25th; weekly: newest of the weeks of
        // Nov 29 (Sun, ISO week ends), Nov 22, Nov 15, Nov 8.
        assertEquals(
                List.of(
                        "bot_backup_20261129_040000.tar.gz",
                        "bot_backup_20261128_160000.tar.gz",
                        "bot_backup_20261128_040000.tar.gz",
                        "bot_backup_20261127_160000.tar.gz",
                        "bot_backup_20261126_040000.tar.gz",
                        "bot_backup_20261125_040000.tar.gz",
                        "bot_backup_20261122_040000.tar.gz",
                        "bot_backup_20261115_040000.tar.gz",
                        "bot_backup_20261108_040000.tar.gz"),
                plan.kept());
        assertEquals(
                "not selected by keep-last 3, keep-daily 5, keep-weekly 4",
                removed(plan).get("bot_backup_20261124_040000.tar.gz"));
        assertEquals(history().size() - 9, plan.removed().size());
        assertTrue(
                BackupNames.time(plan.removed().get(0).name())
                        .isBefore(BackupNames.time(plan.removed().get(1).name())),
                "oldest deleted first");
    }

    @Test
    void maxAgeRemovesEvenWhatAKeepRuleSelected() {
        BackupRetention.Plan plan = BackupRetention.plan(history(), new RetentionRules(3, 5, 4, 10, 0), NOW, Set.of());
        assertEquals("older than 10 days", removed(plan).get("bot_backup_20261115_040000.tar.gz"));
        assertTrue(plan.kept().contains("bot_backup_20261122_040000.tar.gz"));
    }

    @Test
    void theSizeCapRemovesTheOldestFirst() {
        BackupRetention.Plan plan = BackupRetention.plan(history(), new RetentionRules(0, 0, 0, 0, 450), NOW, Set.of());
        assertEquals(4, plan.kept().size());
        assertEquals(
                "backups take 4200 bytes, over the cap of 450",
                plan.removed().get(0).reason());
    }

    @Test
    void neverTheNewestNorTheNewestVerified() {
        String verified = "bot_backup_20261101_040000.tar.gz";
        BackupRetention.Plan plan =
                BackupRetention.plan(history(), new RetentionRules(1, 0, 0, 1, 1), NOW, Set.of(verified));
        assertEquals(List.of("bot_backup_20261129_040000.tar.gz", verified), plan.kept());
        BackupRetention.Plan single = BackupRetention.plan(
                List.of(new BackupRetention.Candidate("bot_backup_20200101_000000.tar.gz", 1 << 30)),
                new RetentionRules(0, 0, 0, 1, 1),
                NOW,
                Set.of());
        assertEquals(List.of("bot_backup_20200101_000000.tar.gz"), single.kept());
    }

    @TempDir
    Path home;

    @Test
    void applyRetentionDeletesArchiveAndChecksumTogether() throws IOException {
        BackupFixture.tree(home);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T04:00:00Z"));
        BackupSettings settings = BackupFixture.settings(home).withRetention(new RetentionRules(2, 0, 0, 0, 0));
        Backups cut = new Backups(settings, clock, THREADS);
        for (int i = 0; i < 4; i++) {
            cut.backupNow();
            clock.advance(Duration.ofDays(1));
        }
        Files.writeString(home.resolve("backups/notes.txt"), "not a backup\n");
        RetentionResult result = cut.applyRetention();
        assertEquals(
                List.of("bot_backup_20261120_040000.tar.gz", "bot_backup_20261121_040000.tar.gz"),
                result.removed().stream().map(RetentionResult.Removal::name).toList());
        assertEquals(List.of("bot_backup_20261123_040000.tar.gz", "bot_backup_20261122_040000.tar.gz"), result.kept());
        try (Stream<Path> left = Files.list(home.resolve("backups"))) {
            assertEquals(
                    List.of(
                            "bot_backup_20261122_040000.tar.gz",
                            "bot_backup_20261122_040000.tar.gz.sha256",
                            "bot_backup_20261123_040000.tar.gz",
                            "bot_backup_20261123_040000.tar.gz.sha256",
                            "notes.txt"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(cut.list().backups().isEmpty());
        assertEquals("bot_backup_20261123_040000.tar.gz", cut.newestVerified());
    }
}
