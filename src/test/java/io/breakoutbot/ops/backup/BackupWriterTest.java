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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupWriterTest {

    @TempDir
    Path home;

    BackupSettings settings() {
        return BackupFixture.settings(home);
    }

    @Test
    void roundTripKeepsBytesModesMtimesEmptyDirsUnicodeLongPathsAndLinks() throws Exception {
        BackupFixture.tree(home);
        Backups cut = new Backups(settings(), CLOCK, THREADS);
        BackupRecord record = cut.backupNow();
        assertEquals(NAME, record.name());
        assertTrue(record.verified(), record.toString());
        assertEquals(6, record.files(), record.toString());
        assertTrue(
                record.skipped().contains("logs/general.log.gz.tmp: temp file"),
                record.skipped().toString());
        assertTrue(record.changedFiles().isEmpty());

        Path target = Files.createDirectories(home.resolve("restored"));
        RestoreResult restored = cut.restore(NAME, target, false);
        assertTrue(restored.ok(), restored.message());
        Files.delete(home.resolve("logs/general.log.gz.tmp"));
        for (String top : List.of("data", "logs", ".env")) {
            Path expected = home.resolve(top);
            if (Files.isDirectory(expected)) {
                BackupFixture.assertSameTree(expected, target.resolve(top));
            } else {
                BackupFixture.assertSameBytes(expected, target.resolve(top));
            }
        }
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(target.resolve(".env"))));
        try (var left = Files.list(target)) {
            assertEquals(
                    List.of(".env", "data", "logs"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void gnuTarListsAndExtractsTheArchive() throws Exception {
        BackupFixture.tree(home);
        new Backups(settings(), CLOCK, THREADS).backupNow();
        Path backups = home.resolve("backups");
        String listing = BackupFixture.run(backups, "tar", "-tzf", NAME);
        assertTrue(listing.contains("data/" + BackupFixture.UNICODE + "\n"), listing);
        assertTrue(listing.contains("data/" + BackupFixture.LONG + "\n"), listing);
        assertTrue(listing.contains("data/empty/\n"), listing);
        assertTrue(listing.endsWith(Manifest.PATH + "\n"), "manifest last: " + listing);
        BackupFixture.run(backups, "sha256sum", "-c", NAME + ".sha256");

        Path out = Files.createDirectories(home.resolve("by-tar"));
        BackupFixture.run(out, "tar", "-xzf", backups.resolve(NAME).toString());
        Files.delete(home.resolve("logs/general.log.gz.tmp"));
        BackupFixture.assertSameTree(home.resolve("data"), out.resolve("data"));
        BackupFixture.assertSameTree(home.resolve("logs"), out.resolve("logs"));
        BackupFixture.assertSameBytes(home.resolve(".env"), out.resolve(".env"));
    }

    @Test
    void javaGzipInputStreamReadsAllMembers() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.write(home.resolve("data/big.log"), BackupFixture.text(100_000).getBytes());
        BackupSettings small = new BackupSettings(
                List.of(home.resolve("data")),
                settings().directory(),
                settings().stateFile(),
                null,
                RestoreLimits.DEFAULTS,
                RetentionRules.DEFAULTS,
                6,
                64 << 10,
                "test");
        new Backups(small, CLOCK, THREADS).backupNow();
        long tarBytes;
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(home.resolve("backups").resolve(NAME)))) {
            tarBytes = in.transferTo(OutputStream.nullOutputStream());
        }
        assertTrue(tarBytes > Files.size(home.resolve("data/big.log")), "all members read: " + tarBytes);
    }

    @Test
    void optionalMissingSourcesSocketsAndTheBackupDirectoryAreSkippedAndReported() throws Exception {
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/a.log"), "a\n");
        BackupSettings inside = new BackupSettings(
                List.of(home.resolve("logs"), home.resolve("data")),
                Set.of(home.resolve("data")),
                home.resolve("logs/backups"),
                home.resolve("state/backup-state.json"),
                null,
                RestoreLimits.DEFAULTS,
                RetentionRules.DEFAULTS,
                6,
                1 << 20,
                "test");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(home.resolve("logs/ops.sock")));
            BackupRecord record = new Backups(inside, CLOCK, THREADS).backupNow();
            assertTrue(record.verified());
            assertEquals(1, record.files());
            assertTrue(
                    record.skipped().contains("data: optional source " + home.resolve("data") + " does not exist"),
                    record.skipped().toString());
            assertTrue(
                    record.skipped().contains("logs/backups: the backup directory"),
                    record.skipped().toString());
            assertTrue(
                    record.skipped().contains("logs/ops.sock: not a regular file (socket, fifo or device)"),
                    record.skipped().toString());
        }
    }

    @Test
    void aMissingRequiredSourceFailsBeforeAnythingIsWritten() throws Exception {
        BackupFixture.tree(home);
        Files.delete(home.resolve(".env"));
        Files.createDirectories(home.resolve("backups"));

        MissingSourceException e =
                assertThrows(MissingSourceException.class, () -> new Backups(settings(), CLOCK, THREADS).backupNow());

        assertEquals(
                "backup source " + home.resolve(".env") + " does not exist; nothing was written. Create it, or "
                        + "remove it from ops.backup.sources or mark it optional there with a trailing ? (.env?)",
                e.getMessage());
        try (var left = Files.list(home.resolve("backups"))) {
            assertEquals(List.of(), left.toList(), "no archive, checksum or temp file");
        }
    }

    @Test
    void aSecondBackupInTheSameSecondGetsTheNextName() throws Exception {
        BackupFixture.tree(home);
        Backups cut = new Backups(settings(), CLOCK, THREADS);
        assertEquals(NAME, cut.backupNow().name());
        assertEquals("bot_backup_20261129_040000_1.tar.gz", cut.backupNow().name());
        assertEquals(2, cut.list().backups().size());
        assertEquals(
                "bot_backup_20261129_040000_1.tar.gz",
                cut.list().backups().get(0).name());
    }

    @Test
    void aFileChangedWhileReadIsReported() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Files.write(data.resolve("a.db"), BackupFixture.random(10_000, 2));
        Path growing = data.resolve("z.db");
        Files.write(growing, BackupFixture.random(4 << 20, 3));
        BackupSettings s = new BackupSettings(
                List.of(data),
                home.resolve("backups"),
                home.resolve("state.json"),
                null,
                RestoreLimits.DEFAULTS,
                RetentionRules.DEFAULTS,
                6,
                64 << 10,
                "test");
        BackupWriter cut = new BackupWriter(s, null, CLOCK, THREADS, out -> new FilterOutputStream(out) {
            long written;
            boolean appended;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (!appended && written > 2 << 20) {
                    appended = true;
                    Files.write(growing, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
                }
                out.write(b, off, len);
            }
        });
        BackupRecord record = cut.write();
        assertEquals(List.of("data/z.db"), record.changedFiles());
        VerifyResult check = new BackupVerifier(s.directory(), s.limits(), null, CLOCK).verify(record.name());
        assertTrue(check.ok(), check.message());
    }

    @Test
    void aFailedWriteLeavesNoFile() throws Exception {
        BackupFixture.tree(home);
        BackupWriter cut = new BackupWriter(settings(), null, CLOCK, THREADS, out -> new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        });
        try {
            cut.write();
        } catch (IOException expected) {
            assertEquals("No space left on device", expected.getMessage());
        }
        try (var left = Files.list(home.resolve("backups"))) {
            assertFalse(left.findAny().isPresent());
        }
    }
}
