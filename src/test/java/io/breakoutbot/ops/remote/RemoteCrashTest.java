package io.breakoutbot.ops.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.backup.BackupInfo;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.DrillResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of a JVM in the middle of an upload to a real S3-compatible server (S3Proxy on loopback), at two points:
 * with a multipart upload half sent, and with the archive object stored but not its {@code .sha256}. Neither leaves
 * a copy that lists as complete, and the next pass of a new instance completes the copy, byte for byte.
 */
class RemoteCrashTest {

    static RealS3 s3;
    /** The test's own view of the bucket, to see what the code under test would rather not show. */
    static S3Client client;

    @TempDir
    static Path serverDir;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() throws IOException {
        s3 = new RealS3(serverDir.resolve("s3"));
        client = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                // as Bucket does: S3Proxy refuses the SDK's newer checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.identity(), s3.secret())))
                .build();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        s3.close();
    }

    @Test
    void aKillInTheMiddleOfAMultipartUploadListsNothingAndTheNextPassCompletesIt() throws Exception {
        String prefix = "multipart";
        String name = backupOf(40 << 20);
        String key = prefix + "/" + RemoteCrashChild.HOST + "/backups/" + name;
        Path local = home.resolve("backups").resolve(name);
        assertTrue(Files.size(local) > 7L * RemoteSettings.MIN_PART, "a multipart upload of many parts");

        Process child = child("sync", prefix);
        // parts 1 and 3 stored, part 2 held in the child: the point it stops at, whatever the machine's speed
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !child.isAlive() || partsStored(name) >= 2);
        assertTrue(child.isAlive(), () -> "the child ended before the kill: " + childLog());
        child.destroyForcibly().waitFor();

        assertEquals(List.of(key), unfinished(prefix), "the killed upload is left unfinished on the store");
        assertEquals(List.of(), objects(prefix + "/"), "no object lists, neither the archive nor its .sha256");
        assertFalse(Files.exists(s3.objectFile(key)));
        try (RemoteCopies next = copies(prefix)) {
            assertEquals(List.of(), next.list().backups());

            RemoteCopies.SyncResult pass = next.sync();

            assertTrue(pass.ok(), pass.failure());
            assertEquals(List.of(key), pass.aborted());
            assertEquals(List.of(name), pass.uploaded());
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(s3.objectFile(key)));
            assertEquals(
                    Files.readString(home.resolve("backups").resolve(name + ".sha256")),
                    Files.readString(s3.objectFile(key + ".sha256")));
            assertEquals(List.of(), unfinished(prefix), "no unfinished upload is left");
            assertEquals(List.of(key, key + ".sha256"), objects(prefix + "/"));
            List<BackupInfo> listed = next.list().backups();
            assertEquals(1, listed.size());
            assertTrue(listed.get(0).checksum() && listed.get(0).verified(), listed.toString());
        }
    }

    @Test
    void aKillBetweenTheArchiveAndItsChecksumIsNoCopyUntilTheNextPassUploadsItAgain() throws Exception {
        String prefix = "between";
        String name = backupOf(1 << 20);
        String key = prefix + "/" + RemoteCrashChild.HOST + "/backups/" + name;
        Path local = home.resolve("backups").resolve(name);

        Process child = child("archive", prefix, name);
        Path stored = home.resolve(RemoteCrashChild.STORED);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !child.isAlive() || Files.exists(stored));
        assertTrue(child.isAlive(), () -> "the child ended before the kill: " + childLog());
        child.destroyForcibly().waitFor();

        assertEquals(List.of(key), objects(prefix + "/"), "the archive object, without its .sha256");
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(s3.objectFile(key)));
        BackupJobs jobs = RemoteCrashChild.jobs(home);
        try (RemoteCopies next = copies(prefix, jobs)) {
            jobs.offHost(next);
            List<BackupInfo> listed = next.list().backups();
            assertEquals(1, listed.size());
            assertEquals(name, listed.get(0).name());
            assertFalse(listed.get(0).checksum(), "listed, but not as a complete copy");
            assertFalse(listed.get(0).verified());
            Path target = Files.createDirectories(home.resolve("restored"));
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class, () -> jobs.restoreFromRemote("test", name, target, false));
            assertTrue(refused.getMessage().contains("no complete remote copy"), refused.getMessage());
            DrillResult drill = jobs.drillRemote("test");
            assertFalse(drill.ok());
            assertTrue(drill.message().contains("no complete remote copy"), drill.message());

            RemoteCopies.SyncResult pass = next.sync();

            assertTrue(pass.ok(), pass.failure());
            assertEquals(List.of(), pass.aborted());
            assertEquals(List.of(name), pass.uploaded());
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(s3.objectFile(key)));
            assertEquals(
                    Files.readString(home.resolve("backups").resolve(name + ".sha256")),
                    Files.readString(s3.objectFile(key + ".sha256")));
            assertTrue(next.list().backups().get(0).checksum());
            assertTrue(jobs.restoreFromRemote("test", name, target, false).ok());
            assertArrayEquals(
                    Files.readAllBytes(home.resolve("data/big.bin")),
                    Files.readAllBytes(target.resolve("data/big.bin")));
        }
    }

    /** A verified backup of {@code bytes} of random data (which gzip cannot shrink), and the credentials file. */
    private String backupOf(int bytes) throws IOException {
        Files.createDirectories(home.resolve("data"));
        byte[] data = new byte[bytes];
        new Random(17).nextBytes(data);
        Files.write(home.resolve("data/big.bin"), data);
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/bot.log"), "{\"msg\":\"started\"}\n");
        Files.writeString(home.resolve(".env"), "TOKEN=alpha\n");
        Path credentials = home.resolve("s3.credentials");
        Files.writeString(
                credentials,
                "[default]\naws_access_key_id = " + s3.identity() + "\naws_secret_access_key = " + s3.secret() + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        BackupRecord backup = RemoteCrashChild.jobs(home).backup("test");
        assertTrue(backup.verified());
        return backup.name();
    }

    private Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                RealS3.java(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                RemoteCrashChild.class.getName(),
                args[0],
                home.toString(),
                s3.endpoint().toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("child.log").toFile())
                .start();
    }

    private String childLog() {
        try {
            return Files.readString(home.resolve("child.log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RemoteCopies copies(String prefix) {
        return copies(prefix, RemoteCrashChild.jobs(home));
    }

    private RemoteCopies copies(String prefix, BackupJobs jobs) {
        return new RemoteCopies(
                RemoteCrashChild.settings(home, s3.endpoint(), prefix),
                jobs,
                RemoteCrashChild.logArchives(home),
                Clock.systemUTC(),
                new PlainThreads(),
                new Audit(),
                why -> {});
    }

    /**
     * Parts of {@code name}'s unfinished uploads as S3Proxy's filesystem backend keeps them: the files
     * {@code .mpus-<upload id>-<key>-<part number>} in the bucket's directory. (Its ListParts answers 400 here.)
     */
    private static long partsStored(String name) throws IOException {
        Pattern part = Pattern.compile(Pattern.quote(name) + "-\\d+");
        try (Stream<Path> files = Files.walk(s3.data().resolve(s3.bucket()))) {
            return files.filter(f -> part.matcher(f.getFileName().toString()).matches())
                    .filter(f -> s3.data()
                            .resolve(s3.bucket())
                            .relativize(f)
                            .toString()
                            .startsWith(".mpus-"))
                    .count();
        }
    }

    private static List<String> unfinished(String prefix) {
        return client.listMultipartUploads(r -> r.bucket(s3.bucket()).prefix(prefix)).uploads().stream()
                .map(MultipartUpload::key)
                .toList();
    }

    /** The keys listed below {@code prefix}, without the filesystem backend's entries for its directories. */
    private static List<String> objects(String prefix) {
        return client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .filter(k -> !k.endsWith("/"))
                .toList();
    }
}
