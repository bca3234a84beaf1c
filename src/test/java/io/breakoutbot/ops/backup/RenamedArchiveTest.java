package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file renamed to a newer name is not "the newest backup": its manifest says what it is. */
class RenamedArchiveTest {

    static final String NEWER = "bot_backup_20261130_040000.tar.gz";

    @TempDir
    Path home;

    Path dir;
    Backups cut;

    @BeforeEach
    void renamedCopy() throws IOException {
        BackupFixture.tree(home);
        cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        cut.backupNow();
        dir = home.resolve("backups");
        Files.copy(dir.resolve(NAME), dir.resolve(NEWER));
        CraftedArchives.checksum(dir.resolve(NEWER));
    }

    @Test
    void verifyComparesTheManifestWithTheFileName() throws IOException {
        VerifyResult result = cut.verify(NEWER);
        assertFalse(result.ok(), result.message());
        assertEquals(Manifest.PATH, result.firstBadEntry());
        assertTrue(
                result.message().contains("the manifest names the archive " + NAME + ", not " + NEWER),
                result.message());
        assertFalse(cut.list().backups().get(0).verified());
    }

    @Test
    void aDrillFailsAndStillChecksTheNewestBackupByItsManifest() {
        DrillResult result = cut.drill();
        assertFalse(result.ok(), result.message());
        assertEquals(NAME, result.name(), result.message());
        assertTrue(result.message().startsWith(NEWER + " is not what its name says"), result.message());
        assertTrue(result.message().contains("restored " + NAME + " into scratch"), result.message());
    }

    @Test
    void aRenamedFileIsNotRestored() {
        RestoreResult result = cut.restore(NEWER, home.resolve("elsewhere"), true);
        assertFalse(result.ok(), result.message());
        assertTrue(Files.notExists(home.resolve("elsewhere")));
    }
}
