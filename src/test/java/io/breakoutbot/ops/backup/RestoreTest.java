package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTest {

    @TempDir
    Path home;

    Map<String, String> backedUp;

    @BeforeEach
    void backup() throws IOException {
        BackupFixture.tree(home);
        Files.delete(home.resolve("logs/general.log.gz.tmp"));
        new Backups(BackupFixture.settings(home), CLOCK, THREADS).backupNow();
        backedUp = BackupFixture.describe(home.resolve("data"), true);
        // The live tree moves on after the backup.
        Files.writeString(home.resolve("data/orders/2026.db"), "overwritten\n");
        Files.writeString(home.resolve("data/new-since.txt"), "new\n");
    }

    List<String> leftovers() throws IOException {
        try (Stream<Path> all = Files.list(home)) {
            return all.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".bot_"))
                    .toList();
        }
    }

    @Test
    void restoreOverTheLiveTreeReplacesItAndLeavesTheRestAlone() throws IOException {
        Files.writeString(home.resolve("unrelated.txt"), "mine\n");
        RestoreResult result = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, home, false);
        assertTrue(result.ok(), result.message());
        assertEquals(List.of("data", "logs", ".env"), result.replaced());
        assertEquals(backedUp, BackupFixture.describe(home.resolve("data"), true));
        assertFalse(Files.exists(home.resolve("data/new-since.txt")));
        assertEquals("mine\n", Files.readString(home.resolve("unrelated.txt")));
        assertTrue(Files.isDirectory(home.resolve("backups")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() throws IOException {
        Map<String, String> before = BackupFixture.describe(home, true);
        RestoreResult result = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, home, true);
        assertTrue(result.ok(), result.message());
        assertTrue(result.dryRun());
        assertEquals(6, result.files());
        assertEquals(List.of("data", "logs", ".env"), result.replaced());
        assertTrue(result.message().startsWith("dry run: " + NAME + " is restorable"), result.message());
        Map<String, String> after = BackupFixture.describe(home, true);
        after.remove("state/backup-state.json");
        before.remove("state/backup-state.json");
        assertEquals(before, after);
    }

    @Test
    void aFullDiskDuringExtractionLeavesTheLiveTreeUntouched() throws IOException {
        Map<String, String> live = BackupFixture.describe(home.resolve("data"), true);
        // Injected: the third file written to staging hits "No space left on device" (ENOSPC) after 1 KiB.
        int[] files = {0};
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS, out -> new FilterOutputStream(out) {
            final int file = ++files[0];
            long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (file == 3 && written > 1024) {
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
            }
        });
        RestoreResult result = cut.restore(NAME, home, false);
        assertFalse(result.ok());
        assertTrue(result.message().contains("No space left on device"), result.message());
        assertTrue(result.message().contains("nothing was changed in " + home), result.message());
        assertEquals(live, BackupFixture.describe(home.resolve("data"), true));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void restoreIntoAnEmptyScratchDirectory() throws IOException {
        Path scratch = home.resolve("scratch/deeper");
        RestoreResult result = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, scratch, false);
        assertTrue(result.ok(), result.message());
        assertEquals(List.of(), result.replaced());
        assertEquals(backedUp, BackupFixture.describe(scratch.resolve("data"), true));
    }

    @Test
    void aRelativeTargetOrAnUnknownBackupIsRefused() {
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        assertThrows(IllegalArgumentException.class, () -> cut.restore(NAME, Path.of("relative"), true));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> cut.restore("bot_backup_20200101_000000.tar.gz", home, true));
        assertTrue(missing.getMessage().startsWith("There is no backup bot_backup_20200101_000000.tar.gz"));
    }

    @Test
    void aDrillRestoresTheNewestIntoScratchVerifiesAndDeletesIt() throws IOException {
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        DrillResult drill = cut.drill();
        assertTrue(drill.ok(), drill.message());
        assertEquals(NAME, drill.name());
        assertEquals(6, drill.files());
        assertEquals("2026-11-29T04:00:00Z", drill.date());
        try (Stream<Path> left = Files.list(home.resolve("backups"))) {
            assertEquals(
                    List.of(NAME, NAME + ".sha256"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(drill, new Backups(BackupFixture.settings(home), CLOCK, THREADS).lastDrill(), "persisted");
    }

    @Test
    void aDrillWithoutBackupsFails() throws IOException {
        Path other = Files.createDirectories(home.resolve("other"));
        DrillResult drill = new Backups(BackupFixture.settings(other), CLOCK, THREADS).drill();
        assertFalse(drill.ok());
        assertTrue(drill.message().startsWith("no backup to drill"), drill.message());
    }
}
