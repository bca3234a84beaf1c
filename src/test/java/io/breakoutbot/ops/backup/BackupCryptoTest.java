package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCryptoTest {

    static final String ENC = "bot_backup_20261129_040000.tar.gz.enc";

    @TempDir
    Path home;

    Path key(String content) throws IOException {
        Path key = home.resolve("backup.key");
        Files.writeString(key, content);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    Backups encrypted() throws IOException {
        BackupFixture.tree(home);
        return new Backups(BackupFixture.settings(home).withKeyFile(key(HexFormat.of().formatHex(BackupFixture.random(32, 9)) + "\n")), CLOCK, THREADS);
    }

    @Test
    void encryptedRoundTrip() throws IOException {
        Backups cut = encrypted();
        BackupRecord record = cut.backupNow();
        assertEquals(ENC, record.name());
        assertTrue(record.verified());
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(home.resolve("backups").resolve(ENC))) {
            in.readNBytes(head, 0, 8);
        }
        assertEquals("BOBAKGCM", new String(head));
        Path target = Files.createDirectories(home.resolve("restored"));
        assertTrue(cut.restore(ENC, target, false).ok());
        BackupFixture.assertSameBytes(home.resolve("data/orders/2026.db"), target.resolve("data/orders/2026.db"));
    }

    @Test
    void tamperingTruncationAndAnotherKeyFail() throws IOException {
        Backups cut = encrypted();
        cut.backupNow();
        Path archive = home.resolve("backups").resolve(ENC);
        byte[] original = Files.readAllBytes(archive);

        byte[] flipped = original.clone();
        flipped[original.length / 2] ^= 0x40;
        Files.write(archive, flipped);
        CraftedArchives.checksum(archive);
        VerifyResult tampered = cut.verify(ENC);
        assertFalse(tampered.ok());
        assertTrue(tampered.message().contains("fails authentication"), tampered.message());

        // Cut exactly after the first chunk: every remaining byte is a whole, authentic chunk.
        Files.write(archive, java.util.Arrays.copyOf(original, SealedStreams.HEADER + SealedStreams.CHUNK + SealedStreams.TAG));
        CraftedArchives.checksum(archive);
        VerifyResult truncated = cut.verify(ENC);
        assertFalse(truncated.ok());
        assertTrue(truncated.message().contains("fails authentication at chunk 0"), truncated.message());

        Files.write(archive, original);
        Backups otherKey = new Backups(BackupFixture.settings(home).withKeyFile(key("ab".repeat(32))), CLOCK, THREADS);
        VerifyResult wrong = otherKey.verify(ENC);
        assertFalse(wrong.ok());
        assertTrue(wrong.message().contains("or another key"), wrong.message());
    }

    @Test
    void reorderedChunksFail() throws IOException {
        BackupKey key = BackupKey.of(BackupFixture.random(32, 1));
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = SealedStreams.encrypt(sealed, key)) {
            out.write(BackupFixture.random(3 * SealedStreams.CHUNK, 2));
        }
        byte[] bytes = sealed.toByteArray();
        int c = SealedStreams.CHUNK + SealedStreams.TAG;
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, SealedStreams.HEADER, swapped, SealedStreams.HEADER + c, c);
        System.arraycopy(bytes, SealedStreams.HEADER + c, swapped, SealedStreams.HEADER, c);
        IOException e = assertThrows(IOException.class,
                () -> SealedStreams.decrypt(new ByteArrayInputStream(swapped), key).readAllBytes());
        assertTrue(e.getMessage().contains("chunk 0"), e.getMessage());
        assertArrayEquals(BackupFixture.random(3 * SealedStreams.CHUNK, 2),
                SealedStreams.decrypt(new ByteArrayInputStream(bytes), key).readAllBytes());
    }

    @Test
    void keyFilesAreValidated() throws IOException {
        assertEquals(32, BackupKey.read(key("00".repeat(32))).secret().getEncoded().length);
        Files.write(home.resolve("backup.key"), BackupFixture.random(32, 3));
        assertArrayEquals(BackupFixture.random(32, 3), BackupKey.read(home.resolve("backup.key")).secret().getEncoded());
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class, () -> BackupKey.read(key("abcd")));
        assertTrue(shortKey.getMessage().contains("must hold 32 raw bytes or 64 hexadecimal characters"), shortKey.getMessage());
        Path open = key("00".repeat(32));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException readable = assertThrows(IllegalArgumentException.class, () -> BackupKey.read(open));
        assertTrue(readable.getMessage().contains("readable by its owner only (chmod 600)"), readable.getMessage());
    }

    /** The script in docs/backup-format.md decrypts our archives, so operators can restore without us. */
    @Test
    void theDocumentedPythonScriptDecrypts() throws Exception {
        assumeTrue(new ProcessBuilder("python3", "-c", "import cryptography").start().waitFor() == 0,
                "python3 with cryptography is not installed");
        Backups cut = encrypted();
        cut.backupNow();
        String doc = Files.readString(Path.of("docs/backup-format.md"));
        String script = doc.substring(doc.indexOf("```python", doc.indexOf("decrypt.py begin")) + "```python".length(),
                doc.indexOf("```", doc.indexOf("decrypt.py end") - 10));
        Path py = Files.writeString(home.resolve("decrypt.py"), script);
        BackupFixture.run(home, "python3", py.toString(), home.resolve("backup.key").toString(),
                home.resolve("backups").resolve(ENC).toString(), home.resolve("plain.tar.gz").toString());
        Path out = Files.createDirectories(home.resolve("by-python"));
        BackupFixture.run(out, "tar", "-xzf", home.resolve("plain.tar.gz").toString());
        BackupFixture.assertSameBytes(home.resolve("data/orders/2026.db"), out.resolve("data/orders/2026.db"));
        BackupFixture.assertSameBytes(home.resolve(".env"), out.resolve(".env"));

        try (FileChannel ch = FileChannel.open(home.resolve("backups").resolve(ENC), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 1);
        }
        Process p = new ProcessBuilder("python3", py.toString(), home.resolve("backup.key").toString(),
                home.resolve("backups").resolve(ENC).toString(), home.resolve("cut.tar.gz").toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(1, p.waitFor(), "the script fails on a truncated archive");
    }
}
