package io.breakoutbot.ops.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link Bucket#put(String, Path, long, Map)} against a real S3-compatible server (S3Proxy on loopback, plain http),
 * seen through a relay that records the requests and can corrupt a body on the way.
 */
class BucketTest {

    static final int PART = RemoteSettings.MIN_PART;

    static RealS3 s3;

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        s3 = new RealS3(serverDir.resolve("s3"));
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    Bucket bucket(URI endpoint, long threshold) {
        RemoteSettings settings = new RemoteSettings(
                s3.bucket(),
                "",
                endpoint,
                "us-east-1",
                true,
                null,
                "alpha",
                Duration.ofDays(8),
                0,
                PART,
                threshold,
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                dir.resolve("remote-state.json"),
                RemoteSettings.Drills.LOCAL);
        return new Bucket(
                settings,
                new PlainThreads(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.identity(), s3.secret())));
    }

    @Test
    void aFileUpToTheThresholdIsOneUnsignedStreamedPutStoredByteForByte(TestInfo test) throws Exception {
        Path file = file("bot_backup_20261205_000000.tar.gz", 3 * PART + 17);
        String key = test.getTestMethod().orElseThrow().getName() + "/" + file.getFileName();
        try (TamperingProxy relay = new TamperingProxy(s3.endpoint(), -1);
                Bucket cut = bucket(relay.endpoint(), Files.size(file))) {

            Bucket.Stored stored = cut.put(key, file, Files.size(file), Map.of("sha256", sha256(file)));

            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(s3.objectFile(key)));
            assertEquals(sha256(file), stored.sha256());
            assertEquals(Files.size(file), stored.bytes());
            assertFalse(stored.reread(), "the ETag, the MD5 of a single PUT, was checked");
            String sent = relay.sent();
            assertTrue(sent.startsWith("PUT /backups/" + key + " HTTP/1.1\r\n"), sent.substring(0, 80));
            assertFalse(sent.contains("?uploads"), "no multipart upload");
            String headers = sent.substring(0, sent.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            assertTrue(headers.contains("x-amz-content-sha256: unsigned-payload"), headers);
            assertTrue(headers.contains("content-length: " + Files.size(file)), headers);
            assertFalse(headers.contains("transfer-encoding"), "streamed with its length, not chunked");
        }
    }

    @Test
    void aBodyCorruptedOnTheWayIsRefusedAndTheObjectDeleted(TestInfo test) throws Exception {
        Path file = file("bot_backup_20261205_000000.tar.gz", 2 * PART);
        String key = test.getTestMethod().orElseThrow().getName() + "/" + file.getFileName();
        try (TamperingProxy relay = new TamperingProxy(s3.endpoint(), PART + 12_345);
                Bucket cut = bucket(relay.endpoint(), Files.size(file))) {

            RemoteException refused =
                    assertThrows(RemoteException.class, () -> cut.put(key, file, Files.size(file), Map.of()));

            assertTrue(refused.getMessage().contains("not trusted"), refused.getMessage());
            assertFalse(Files.exists(s3.objectFile(key)), "the corrupted object is deleted");
            assertEquals(List.of(), cut.list(test.getTestMethod().orElseThrow().getName() + "/"));
            assertTrue(relay.sent().contains("DELETE /backups/" + key + " HTTP/1.1"), "deleted through the store");
        }
    }

    @Test
    void theThresholdIsTheLargestSinglePutAndOneByteMoreGoesInParts(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        long threshold = PART + 1;
        Path at = file("at.tar.gz", threshold);
        Path above = file("above.tar.gz", threshold + 1);
        try (TamperingProxy relay = new TamperingProxy(s3.endpoint(), -1);
                Bucket cut = bucket(relay.endpoint(), threshold)) {

            cut.put(name + "/at", at, threshold, Map.of());
            String single = relay.sent();
            cut.put(name + "/above", above, threshold + 1, Map.of());
            String both = relay.sent();

            assertFalse(single.contains("?uploads"), "at the threshold: one PUT");
            String multipart = both.substring(single.length());
            assertTrue(multipart.contains("POST /backups/" + name + "/above?uploads"), "above it: a multipart upload");
            assertTrue(multipart.contains("partNumber=2"), "of two parts");
            assertArrayEquals(Files.readAllBytes(at), Files.readAllBytes(s3.objectFile(name + "/at")));
            assertArrayEquals(Files.readAllBytes(above), Files.readAllBytes(s3.objectFile(name + "/above")));
        }
    }

    @Test
    void aFileLongerThanItsSizeFailsTheUploadAndNothingIsListed(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        Path file = file("bot_backup_20261205_000000.tar.gz", PART);
        try (Bucket cut = bucket(s3.endpoint(), RemoteSettings.MAX_SINGLE_PUT)) {

            IOException failed = assertThrows(
                    IOException.class, () -> cut.put(name + "/grown", file, Files.size(file) - 1, Map.of()));

            assertTrue(failed.getMessage().contains("changed before the upload"), failed.getMessage());
            // S3Proxy's filesystem backend keeps an aborted PUT's bytes under the key plus a random suffix (see
            // S3ProxyCompatibilityTest); no object has the key.
            assertTrue(
                    cut.list(name + "/").stream().noneMatch(o -> o.key().equals(name + "/grown")),
                    "no object under the key");
            assertFalse(Files.exists(s3.objectFile(name + "/grown")));
        }
    }

    /** Text-like bytes (no CR or LF), so the recorded requests can be searched as text. */
    Path file(String name, long bytes) throws IOException {
        byte[] content = new byte[(int) bytes];
        Random random = new Random(bytes);
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + random.nextInt(26));
        }
        return Files.write(dir.resolve(name), content);
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
