package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {

    @TempDir
    Path home;

    @Test
    void compressionAndChecksTakeTheirThreadsFromTheFactoryHandedIn() throws IOException {
        BackupFixture.tree(home);
        PlainThreads threads = new PlainThreads();
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, threads);

        cut.backupNow();
        cut.drill();

        assertEquals(Set.of("backup-gzip", "backup-check"), Set.copyOf(threads.names()));
    }

    @Test
    void resultsSurviveARestart() throws IOException {
        BackupFixture.tree(home);
        Backups first = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        BackupRecord record = first.backupNow();
        first.drill();
        Backups second = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        assertEquals(record, second.lastBackup());
        assertEquals(first.lastVerify(), second.lastVerify());
        assertEquals(first.lastDrill(), second.lastDrill());
        assertEquals(NAME, second.newestVerified());
        assertTrue(second.list().backups().get(0).verified());
        assertTrue(Files.isRegularFile(home.resolve("state/backup-state.json")));
    }

    @Test
    void anUnreadableStateFileIsMovedAsideNotOverwritten() throws IOException {
        Files.createDirectories(home.resolve("state"));
        Files.writeString(home.resolve("state/backup-state.json"), "{not json");
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        assertEquals(null, cut.lastBackup());
        assertTrue(Files.exists(home.resolve(
                "state/backup-state.json.corrupt-" + CLOCK.instant().getEpochSecond())));
    }

    @Test
    void sweepLeftoversRemovesOnlyOurTempFilesScratchAndOrphanChecksums() throws IOException {
        BackupFixture.tree(home);
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        cut.backupNow();
        Path dir = home.resolve("backups");
        Files.writeString(dir.resolve(".bot_backup_20261129_050000.tar.gz.tmp"), "partial");
        Files.writeString(dir.resolve(".bot_backup_20261129_050000.tar.gz.sha256.tmp"), "partial");
        Files.writeString(dir.resolve("bot_backup_20261129_060000.tar.gz.sha256"), "orphan");
        Files.writeString(
                Files.createDirectories(dir.resolve(".bot_drill_20261129_040000.tmp/data/x"))
                        .resolve("f"),
                "x");
        Files.writeString(dir.resolve("keep.tmp"), "not ours");
        List<String> swept = cut.sweepLeftovers();
        assertEquals(4, swept.size(), swept.toString());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(
                    List.of(NAME, NAME + ".sha256", "keep.tmp"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void settingsAreValidatedWithSentences() {
        Path abs = home.toAbsolutePath();
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> new BackupSettings(
                        List.of(abs.resolve("a/data"), abs.resolve("b/data")),
                        abs.resolve("backups"),
                        abs.resolve("s.json"),
                        null,
                        RestoreLimits.DEFAULTS,
                        RetentionRules.DEFAULTS,
                        6,
                        1 << 20,
                        "h"));
        assertEquals(
                "Two backup sources share the name 'data'; each is stored under its file name, so the names must differ.",
                twice.getMessage());
        IllegalArgumentException level = assertThrows(
                IllegalArgumentException.class,
                () -> new BackupSettings(
                        List.of(abs.resolve("data")),
                        abs.resolve("backups"),
                        abs.resolve("s.json"),
                        null,
                        RestoreLimits.DEFAULTS,
                        RetentionRules.DEFAULTS,
                        0,
                        1 << 20,
                        "h"));
        assertEquals("The backup compression level must be 1 to 9, was 0.", level.getMessage());
        IllegalArgumentException relative = assertThrows(
                IllegalArgumentException.class,
                () -> new BackupSettings(
                        List.of(Path.of("data")),
                        abs.resolve("backups"),
                        abs.resolve("s.json"),
                        null,
                        RestoreLimits.DEFAULTS,
                        RetentionRules.DEFAULTS,
                        6,
                        1 << 20,
                        "h"));
        assertEquals("Backup source 'data' must be an absolute path to a file or directory.", relative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetentionRules(-1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RestoreLimits(0, 1, 2));
        IllegalArgumentException key = assertThrows(
                IllegalArgumentException.class,
                () -> new Backups(
                        BackupFixture.settings(home).withKeyFile(abs.resolve("missing.key")), CLOCK, THREADS));
        assertTrue(key.getMessage().contains("does not exist"), key.getMessage());
    }
}
