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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCryptoTest {

    static final String ENC = "bot_backup_20261129_040000.tar.gz.enc";
    static final int SEGMENT = 4096;

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
        return new Backups(
                BackupFixture.settings(home)
                        .withKeyFile(key(HexFormat.of().formatHex(BackupFixture.random(32, 9)) + "\n")),
                CLOCK,
                THREADS);
    }

    static byte[] seal(BackupKey key, byte[] plain) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = key.encrypting(sealed)) {
            out.write(plain);
        }
        return sealed.toByteArray();
    }

    static byte[] open(BackupKey key, byte[] sealed) throws IOException {
        try (InputStream in = key.decrypting(new ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        }
    }

    @Test
    void encryptedRoundTrip() throws IOException {
        Backups cut = encrypted();
        BackupRecord record = cut.backupNow();
        assertEquals(ENC, record.name());
        assertTrue(record.verified());
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(home.resolve("backups").resolve(ENC))) {
            in.readNBytes(head, 0, 2);
        }
        assertEquals(40, head[0], "Tink's header starts with its length, 40 bytes");
        assertFalse(head[0] == 0x1f && head[1] == (byte) 0x8b, "not a plain gzip stream");
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
        assertTrue(original.length > 3 * SEGMENT, "the fixture spans several segments: " + original.length);

        byte[] flipped = original.clone();
        int middle = original.length / 2;
        flipped[middle] ^= 0x40;
        Files.write(archive, flipped);
        CraftedArchives.checksum(archive);
        VerifyResult tampered = cut.verify(ENC);
        assertFalse(tampered.ok());
        assertTrue(
                tampered.message().contains("fails authentication at segment " + middle / SEGMENT + ":"),
                tampered.message());

        // Cut exactly after the first segment: every remaining byte is authentic, but not sealed as the end.
        Files.write(archive, Arrays.copyOf(original, SEGMENT));
        CraftedArchives.checksum(archive);
        VerifyResult truncated = cut.verify(ENC);
        assertFalse(truncated.ok());
        assertTrue(truncated.message().contains("fails authentication at segment 0:"), truncated.message());

        Files.write(archive, Arrays.copyOf(original, 20));
        CraftedArchives.checksum(archive);
        VerifyResult headerOnly = cut.verify(ENC);
        assertFalse(headerOnly.ok());
        assertTrue(headerOnly.message().contains("encrypted backup is truncated: 20 bytes"), headerOnly.message());

        Files.write(archive, original);
        CraftedArchives.checksum(archive);
        Backups otherKey = new Backups(BackupFixture.settings(home).withKeyFile(key("ab".repeat(32))), CLOCK, THREADS);
        VerifyResult wrong = otherKey.verify(ENC);
        assertFalse(wrong.ok());
        assertTrue(
                wrong.message()
                        .contains("fails authentication at segment 0: damaged, truncated, reordered, or another key"),
                wrong.message());
    }

    @Test
    void reorderedDroppedOrForeignSegmentsFail() throws IOException {
        BackupKey key = BackupKey.of(BackupFixture.random(32, 1));
        byte[] plain = BackupFixture.random(3 * SEGMENT, 2);
        byte[] bytes = seal(key, plain);
        assertArrayEquals(plain, open(key, bytes));

        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, SEGMENT, swapped, 2 * SEGMENT, SEGMENT);
        System.arraycopy(bytes, 2 * SEGMENT, swapped, SEGMENT, SEGMENT);
        IOException reordered = assertThrows(IOException.class, () -> open(key, swapped));
        assertTrue(reordered.getMessage().contains("fails authentication at segment 1:"), reordered.getMessage());

        byte[] dropped = new byte[bytes.length - SEGMENT];
        System.arraycopy(bytes, 0, dropped, 0, SEGMENT);
        System.arraycopy(bytes, 2 * SEGMENT, dropped, SEGMENT, bytes.length - 2 * SEGMENT);
        IOException gap = assertThrows(IOException.class, () -> open(key, dropped));
        assertTrue(gap.getMessage().contains("fails authentication at segment 1:"), gap.getMessage());

        // Same key, same plaintext, another file: its salt derives another key, so its segments do not fit ours.
        byte[] other = seal(key, plain);
        byte[] spliced = bytes.clone();
        System.arraycopy(other, 2 * SEGMENT, spliced, 2 * SEGMENT, SEGMENT);
        IOException foreign = assertThrows(IOException.class, () -> open(key, spliced));
        assertTrue(foreign.getMessage().contains("fails authentication at segment 2:"), foreign.getMessage());
    }

    /** A `.enc` of another format, such as the one before Tink (it began with BOBAKGCM), is named as such. */
    @Test
    void anotherFormatIsNamed() {
        BackupKey key = BackupKey.of(BackupFixture.random(32, 1));
        byte[] old = Arrays.copyOf("BOBAKGCM\u0001".getBytes(StandardCharsets.US_ASCII), 200);
        IOException e = assertThrows(IOException.class, () -> open(key, old));
        assertEquals(
                "not an encrypted backup in Tink's AES256_GCM_HKDF_4KB format: its first byte is 0x42, "
                        + "not the header length 0x28",
                e.getMessage());
    }

    @Test
    void keyFilesAreValidated() throws IOException {
        byte[] secret = BackupFixture.random(32, 3);
        byte[] sealed = seal(BackupKey.of(secret), "orders".getBytes(StandardCharsets.US_ASCII));
        BackupKey hex =
                BackupKey.read(key("  " + HexFormat.of().formatHex(secret).toUpperCase() + "\n"));
        assertEquals("orders", new String(open(hex, sealed), StandardCharsets.US_ASCII));
        Files.write(home.resolve("backup.key"), secret);
        BackupKey raw = BackupKey.read(home.resolve("backup.key"));
        assertEquals("orders", new String(open(raw, sealed), StandardCharsets.US_ASCII));

        IllegalArgumentException shortKey =
                assertThrows(IllegalArgumentException.class, () -> BackupKey.read(key("abcd")));
        assertTrue(
                shortKey.getMessage().contains("must hold 32 raw bytes or 64 hexadecimal characters"),
                shortKey.getMessage());
        Path open = key("00".repeat(32));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException readable = assertThrows(IllegalArgumentException.class, () -> BackupKey.read(open));
        assertTrue(readable.getMessage().contains("readable by its owner only (chmod 600)"), readable.getMessage());
    }

    /** The script in docs/backup-format.md decrypts our archives, so operators can restore without us. */
    @Test
    void theDocumentedPythonScriptDecrypts() throws Exception {
        assumeTrue(
                new ProcessBuilder("python3", "-c", "import cryptography")
                                .start()
                                .waitFor()
                        == 0,
                "python3 with cryptography is not installed");
        Backups cut = encrypted();
        cut.backupNow();
        String doc = Files.readString(Path.of("docs/backup-format.md"));
        String script = doc.substring(
                doc.indexOf("```python", doc.indexOf("decrypt.py begin")) + "```python".length(),
                doc.indexOf("```", doc.indexOf("decrypt.py end") - 10));
        Path py = Files.writeString(home.resolve("decrypt.py"), script);
        Path archive = home.resolve("backups").resolve(ENC);
        BackupFixture.run(
                home,
                "python3",
                py.toString(),
                home.resolve("backup.key").toString(),
                archive.toString(),
                home.resolve("plain.tar.gz").toString());
        Path out = Files.createDirectories(home.resolve("by-python"));
        BackupFixture.run(out, "tar", "-xzf", home.resolve("plain.tar.gz").toString());
        BackupFixture.assertSameBytes(home.resolve("data/orders/2026.db"), out.resolve("data/orders/2026.db"));
        BackupFixture.assertSameBytes(home.resolve(".env"), out.resolve(".env"));

        // The key file may hold the 32 bytes themselves too.
        Files.write(
                home.resolve("backup.key"),
                HexFormat.of()
                        .parseHex(Files.readString(home.resolve("backup.key")).strip()));
        BackupFixture.run(
                home,
                "python3",
                py.toString(),
                home.resolve("backup.key").toString(),
                archive.toString(),
                home.resolve("plain2.tar.gz").toString());
        BackupFixture.assertSameBytes(home.resolve("plain.tar.gz"), home.resolve("plain2.tar.gz"));

        byte[] original = Files.readAllBytes(archive);
        for (int length : new int[] {original.length - 1, SEGMENT}) {
            try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
                ch.truncate(length);
            }
            Process p = new ProcessBuilder(
                            "python3",
                            py.toString(),
                            home.resolve("backup.key").toString(),
                            archive.toString(),
                            home.resolve("cut.tar.gz").toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, p.waitFor(), "the script fails on an archive cut to " + length + " bytes: " + output);
        }
        byte[] swapped = original.clone();
        System.arraycopy(original, SEGMENT, swapped, 2 * SEGMENT, SEGMENT);
        System.arraycopy(original, 2 * SEGMENT, swapped, SEGMENT, SEGMENT);
        Files.write(archive, swapped);
        Process p = new ProcessBuilder(
                        "python3",
                        py.toString(),
                        home.resolve("backup.key").toString(),
                        archive.toString(),
                        home.resolve("swapped.tar.gz").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), "the script fails on reordered segments: " + output);
    }
}
