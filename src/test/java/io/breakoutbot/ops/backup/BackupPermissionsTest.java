package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups hold .env: only the service's user may read them, on creation and whatever loosened them since. */
class BackupPermissionsTest {

    @TempDir
    Path home;

    Path dir;
    Backups cut;

    @BeforeEach
    void backup() throws IOException {
        BackupFixture.tree(home);
        cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        cut.backupNow();
        dir = home.resolve("backups");
    }

    @Test
    void aNewBackupIsReadableByItsOwnerOnly() throws IOException {
        assertModes();
    }

    @Test
    void retentionTightensLooserModes() throws IOException {
        loosen();
        cut.applyRetention();
        assertModes();
    }

    @Test
    void theStartUpSweepTightensLooserModes() throws IOException {
        loosen();
        new Backups(BackupFixture.settings(home), CLOCK, THREADS).sweepLeftovers();
        assertModes();
    }

    void loosen() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve(NAME), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve(NAME + ".sha256"), PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    void assertModes() throws IOException {
        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(dir.resolve(NAME)));
        assertEquals("rw-------", mode(dir.resolve(NAME + ".sha256")));
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
