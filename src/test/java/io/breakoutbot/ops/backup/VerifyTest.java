package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {

    @TempDir
    Path home;

    Backups cut;
    Path archive;

    @BeforeEach
    void backup() throws IOException {
        BackupFixture.tree(home);
        cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        cut.backupNow();
        archive = home.resolve("backups").resolve(NAME);
    }

    @Test
    void aGoodArchiveVerifies() {
        VerifyResult result = cut.verify(NAME);
        assertTrue(result.ok(), result.message());
        assertEquals(15, result.entries());
        assertEquals("", result.firstBadEntry());
        assertTrue(result.message().startsWith(NAME + ": 15 entries"), result.message());
    }

    @Test
    void aFlippedByteFailsNamingTheArchiveAndAnEntry() throws IOException {
        flip(Files.size(archive) / 2);
        VerifyResult result = cut.verify(NAME);
        assertFalse(result.ok());
        assertTrue(result.message().startsWith(NAME + ": first bad entry "), result.message());
        assertFalse(result.firstBadEntry().isEmpty());
        assertTrue(result.message().contains("does not match its .sha256"), result.message());
    }

    @Test
    void aFlippedByteFailsEvenWithARecomputedChecksum() throws IOException {
        flip(Files.size(archive) / 3);
        CraftedArchives.checksum(archive);
        VerifyResult result = cut.verify(NAME);
        assertFalse(result.ok(), result.message());
        assertFalse(result.firstBadEntry().isEmpty(), result.message());
    }

    @Test
    void aTruncatedArchiveFails() throws IOException {
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 700);
        }
        VerifyResult result = cut.verify(NAME);
        assertFalse(result.ok());
        assertTrue(result.message().contains("damaged or truncated"), result.message());
        assertTrue(result.message().startsWith(NAME), result.message());
    }

    @Test
    void aMissingChecksumFails() throws IOException {
        Files.delete(home.resolve("backups").resolve(NAME + ".sha256"));
        VerifyResult result = cut.verify(NAME);
        assertFalse(result.ok());
        assertEquals(NAME + ": there is no " + NAME + ".sha256 beside the archive", result.message());
    }

    @Test
    void namesArePatternsNeverPaths() {
        for (String bad : new String[] {
            "../state/backup-state.json", "/etc/passwd", "bot_backup_x.tar.gz", "backups/" + NAME, "", NAME + ".sha256"
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cut.verify(bad));
            assertTrue(e.getMessage().contains("is not a backup name"), e.getMessage());
        }
    }

    void flip(long at) throws IOException {
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, at);
        }
    }
}
