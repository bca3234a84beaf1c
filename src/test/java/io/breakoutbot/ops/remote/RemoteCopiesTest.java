package io.breakoutbot.ops.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.audit.RecordedAudit;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.BackupSettings;
import io.breakoutbot.ops.backup.Backups;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.backup.RestoreResult;
import io.breakoutbot.ops.backup.RetentionRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Copies against a real S3-compatible server (S3Proxy on loopback), checked by the bytes it stores. */
class RemoteCopiesTest {

    /** One server for the class (it takes seconds to start); each test writes below a prefix of its own. */
    static RealS3 s3;

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    String prefix;
    final List<String> failures = new ArrayList<>();
    final RecordedAudit audit = new RecordedAudit();
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        s3 = new RealS3(serverDir.resolve("s3"));
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    @BeforeEach
    void prefix(TestInfo test) {
        prefix = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A host: its home with data/, logs/ and .env, its backups, and its copies in the shared bucket. */
    final class Host {
        final Path home;
        final BackupJobs jobs;
        final RemoteCopies cut;

        Host(String name, int keepLocal, int partSize, String secret) throws IOException {
            this(name, keepLocal, partSize, secret, false);
        }

        Host(String name, int keepLocal, int partSize, String secret, boolean encrypted) throws IOException {
            this(name, keepLocal, partSize, partSize, secret, encrypted);
        }

        Host(String name, int keepLocal, int partSize, long threshold, String secret, boolean encrypted)
                throws IOException {
            home = Files.createDirectories(dir.resolve(name));
            Files.createDirectories(home.resolve("data/orders"));
            Files.write(home.resolve("data/orders/2026.db"), random(200_000, 1));
            Files.createDirectories(home.resolve("logs"));
            Files.writeString(home.resolve("logs/bot.log"), "{\"msg\":\"started\"}\n");
            Files.writeString(home.resolve(".env"), "TOKEN=" + name + "\n");
            BackupSettings backup = BackupSettings.defaults(home).withRetention(new RetentionRules(10, 0, 0, 0, 0));
            if (encrypted) {
                Path keyFile = home.resolve("backup.key");
                Files.writeString(keyFile, "0123456789abcdef".repeat(4) + "\n");
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                backup = backup.withKeyFile(keyFile);
            }
            jobs = new BackupJobs(new Backups(backup, Clock.systemUTC(), new PlainThreads()), audit, Clock.systemUTC());
            Path credentials = home.resolve("s3.credentials");
            Files.writeString(
                    credentials,
                    "[default]\naws_access_key_id = " + s3.identity() + "\naws_secret_access_key = " + secret + "\n");
            Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
            RemoteSettings settings = new RemoteSettings(
                    s3.bucket(),
                    prefix,
                    s3.endpoint(),
                    "us-east-1",
                    true,
                    credentials,
                    name,
                    Duration.ofDays(8),
                    keepLocal,
                    partSize,
                    threshold,
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(1),
                    home.resolve("state/remote-state.json"),
                    RemoteSettings.Drills.ALTERNATE);
            cut = new RemoteCopies(
                    settings,
                    jobs,
                    new RemoteCopies.LogArchives(home.resolve("archives"), 10, 30),
                    Clock.systemUTC(),
                    new PlainThreads(),
                    audit,
                    failures::add);
            jobs.offHost(cut);
            open.add(cut);
        }

        Path stored(String folder, String name) {
            return s3.objectFile(prefix + "/" + cut.settings().host() + "/" + folder + name);
        }
    }

    @Test
    void aVerifiedBackupIsUploadedWithItsChecksumAndRestoresIdentically() throws Exception {
        Host host = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        BackupRecord backup = host.jobs.backup("test");
        assertTrue(backup.verified());

        RemoteCopies.SyncResult pass = host.cut.sync();

        assertTrue(pass.ok(), pass.failure());
        assertEquals(List.of(backup.name()), pass.uploaded());
        var sent = audit.entries().stream()
                .filter(e -> e.action().equals("remote-upload"))
                .toList();
        assertEquals(1, sent.size(), "every object that leaves the host is audited");
        assertEquals(List.of(backup.name()), sent.get(0).parameters().get("objects"));
        assertTrue(sent.get(0).outcome().startsWith("success"), sent.get(0).outcome());
        Path local = host.home.resolve("backups").resolve(backup.name());
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(host.stored("backups/", backup.name())));
        assertEquals(
                Files.readString(host.home.resolve("backups").resolve(backup.name() + ".sha256")),
                Files.readString(host.stored("backups/", backup.name() + ".sha256")));
        BackupListing listed = host.cut.list();
        assertEquals(1, listed.backups().size());
        assertTrue(listed.backups().get(0).verified());
        assertEquals(backup.name(), host.cut.status().newestVerified());

        Files.delete(local);
        Path target = Files.createDirectories(dir.resolve("restored"));
        RestoreResult restored = host.jobs.restoreFromRemote("test", backup.name(), target, false);

        assertTrue(restored.ok(), restored.message());
        assertArrayEquals(
                Files.readAllBytes(host.home.resolve("data/orders/2026.db")),
                Files.readAllBytes(target.resolve("data/orders/2026.db")));
        assertEquals("TOKEN=alpha\n", Files.readString(target.resolve(".env")));
        assertTrue(failures.isEmpty(), failures::toString);
    }

    @Test
    void aRestoreFromTheRemoteWarnsOfNoModeItSetItself() throws Exception {
        Host host = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        BackupRecord backup = host.jobs.backup("test");
        assertTrue(host.cut.sync().ok());
        // the backup directory is owner-only now; what follows is the restore's own doing
        ListAppender<ILoggingEvent> warned = new ListAppender<>();
        Logger modes = (Logger) LoggerFactory.getLogger("io.breakoutbot.ops.backup.OwnerOnly");
        warned.start();
        modes.addAppender(warned);
        try {
            Path target = Files.createDirectories(dir.resolve("restored"));
            assertTrue(host.jobs
                    .restoreFromRemote("test", backup.name(), target, false)
                    .ok());
            assertTrue(host.jobs.drillRemote("test").ok());
        } finally {
            modes.detachAppender(warned);
        }

        assertEquals(
                List.of(),
                warned.list.stream().map(ILoggingEvent::getFormattedMessage).toList(),
                "the fetched copy's directory is made owner-only, so nothing was loosened to warn of");
    }

    @Test
    void aLargeBackupGoesUpInPartsAndItsETagIsChecked() throws Exception {
        Host host = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        Files.write(host.home.resolve("data/big.bin"), random(13 << 20, 2));
        BackupRecord backup = host.jobs.backup("test");

        RemoteCopies.SyncResult pass = host.cut.sync();

        assertTrue(pass.ok(), pass.failure());
        Path local = host.home.resolve("backups").resolve(backup.name());
        assertTrue(Files.size(local) > 2L * RemoteSettings.MIN_PART);
        assertEquals(sha256(local), sha256(host.stored("backups/", backup.name())));
        DrillResult drill = host.jobs.drillRemote("test");
        assertTrue(drill.ok(), drill.message());
        assertTrue(drill.name().startsWith("s3://backups/" + prefix + "/alpha/backups/"), drill.name());
    }

    @Test
    void wrongCredentialsFailThePassWithOneSentenceAndLeaveTheLocalBackup() throws Exception {
        Host host = new Host("alpha", 1, RemoteSettings.MIN_PART, "not-the-secret");
        BackupRecord backup = host.jobs.backup("test");

        RemoteCopies.SyncResult pass = host.cut.sync();

        assertFalse(pass.ok());
        assertTrue(pass.failure().contains("refused") && pass.failure().contains("credentials"), pass.failure());
        assertEquals(List.of(pass.failure()), failures);
        assertTrue(Files.isRegularFile(host.home.resolve("backups").resolve(backup.name())));
        assertEquals(pass.failure(), host.cut.status().lastFailure());
        assertFalse(host.cut.due(), "the next pass waits for the back-off");
        assertEquals(Duration.ofMinutes(2), host.cut.backoff(2));
        assertEquals(Duration.ofHours(1), host.cut.backoff(30));
    }

    @Test
    void aRemoteCopyThatDoesNotMatchItsChecksumIsNeverRestored() throws Exception {
        Host host = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        BackupRecord backup = host.jobs.backup("test");
        assertTrue(host.cut.sync().ok());
        Path object = host.stored("backups/", backup.name());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 1;
        Files.write(object, bytes);
        Path target = Files.createDirectories(dir.resolve("restored"));

        UncheckedIOException refused = assertThrows(
                UncheckedIOException.class, () -> host.jobs.restoreFromRemote("test", backup.name(), target, false));

        assertTrue(refused.getMessage().contains("does not match its .sha256"), refused.getMessage());
        try (var left = Files.list(target)) {
            assertEquals(0, left.count());
        }
        try (var left = Files.list(host.home.resolve("backups"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".bot_fetch_")));
        }
    }

    @Test
    void keepLocalTrimsOnlyBackupsWhoseRemoteCopiesAreVerified() throws Exception {
        Host host = new Host("alpha", 1, RemoteSettings.MIN_PART, s3.secret());
        String older = host.jobs.backup("test").name();
        String newer = host.jobs.backup("test").name();

        RemoteCopies.SyncResult pass = host.cut.sync();

        assertTrue(pass.ok(), pass.failure());
        assertEquals(List.of(older), pass.trimmed());
        assertFalse(Files.exists(host.home.resolve("backups").resolve(older)));
        assertTrue(Files.exists(host.home.resolve("backups").resolve(newer)));
        assertTrue(Files.exists(host.stored("backups/", older)));
    }

    @Test
    void logArchivesAreCopiedAsTheyAreWithoutABackupKey() throws Exception {
        Host plain = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        Path archives = Files.createDirectories(plain.home.resolve("archives"));
        byte[] archive = random(1 << 20, 3);
        Files.write(archives.resolve("logs_archive_20261204_030000.tar.gz"), archive);

        assertTrue(plain.cut.sync().ok());

        Path stored = plain.stored("logs/", "logs_archive_20261204_030000.tar.gz");
        assertArrayEquals(archive, Files.readAllBytes(stored));
        assertEquals(
                sha256(stored) + "  logs_archive_20261204_030000.tar.gz\n",
                Files.readString(plain.stored("logs/", "logs_archive_20261204_030000.tar.gz.sha256")));
    }

    @Test
    void logArchivesAreEncryptedWithTheBackupKeyWhenThereIsOne() throws Exception {
        Host keyed = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret(), true);
        Path archives = Files.createDirectories(keyed.home.resolve("archives"));
        byte[] archive = random(12 << 20, 3);
        Files.write(archives.resolve("logs_archive_20261204_030000.tar.gz"), archive);

        RemoteCopies.SyncResult pass = keyed.cut.sync();

        assertTrue(pass.ok(), pass.failure());
        assertEquals(List.of("logs_archive_20261204_030000.tar.gz.enc"), pass.uploaded());
        Path stored = keyed.stored("logs/", "logs_archive_20261204_030000.tar.gz.enc");
        byte[] ciphertext = Files.readAllBytes(stored);
        assertTrue(ciphertext.length > archive.length, "sealed segments are longer than the plaintext");
        assertFalse(java.util.Arrays.equals(
                java.util.Arrays.copyOf(archive, 4096), java.util.Arrays.copyOfRange(ciphertext, 40, 40 + 4096)));
        assertEquals(
                sha256(stored) + "  logs_archive_20261204_030000.tar.gz.enc\n",
                Files.readString(keyed.stored("logs/", "logs_archive_20261204_030000.tar.gz.enc.sha256")));
        assertFalse(Files.exists(keyed.stored("logs/", "logs_archive_20261204_030000.tar.gz")));
    }

    @Test
    void twoHostsShareTheBucketAndEachSeesOnlyItsOwnCopies() throws Exception {
        Host alpha = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        Host beta = new Host("beta", 0, RemoteSettings.MIN_PART, s3.secret());
        String a = alpha.jobs.backup("test").name();
        Files.writeString(beta.home.resolve(".env"), "TOKEN=beta-later\n");
        String b = beta.jobs.backup("test").name();

        assertTrue(alpha.cut.sync().ok());
        assertTrue(beta.cut.sync().ok());

        assertEquals(
                List.of(a),
                alpha.cut.list().backups().stream().map(i -> i.name()).toList());
        assertEquals(
                List.of(b),
                beta.cut.list().backups().stream().map(i -> i.name()).toList());
        Path target = Files.createDirectories(dir.resolve("beta-restored"));
        assertTrue(beta.jobs.restoreFromRemote("test", b, target, false).ok());
        assertEquals("TOKEN=beta-later\n", Files.readString(target.resolve(".env")));
    }

    @Test
    void noRemoteCopyOfANameIsAClearRefusal() throws Exception {
        Host host = new Host("alpha", 0, RemoteSettings.MIN_PART, s3.secret());
        Path target = Files.createDirectories(dir.resolve("restored"));

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> host.jobs.restoreFromRemote("test", "bot_backup_20261129_040000.tar.gz", target, false));

        assertTrue(refused.getMessage().contains("no complete remote copy"), refused.getMessage());
        assertNull(host.cut.lastFailure());
        assertNotNull(host.cut.settings());
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
