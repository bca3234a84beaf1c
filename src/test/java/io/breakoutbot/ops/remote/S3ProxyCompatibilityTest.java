package io.breakoutbot.ops.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the AWS SDK for Java v2 (2.59, JDK HTTP client) can rely on against S3Proxy 2.6 with the filesystem backend,
 * one fact a test, so that a change in either shows up here before it shows up as a failed remote backup. One server
 * for the class: each test uses its own key prefix.
 */
class S3ProxyCompatibilityTest {

    static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    static RealS3 s3;
    /** The options the remote package uses: checksums only where an operation requires them. */
    static S3Client client;
    /** The SDK's defaults (2.30 and newer): a CRC32 trailing checksum on every upload, validation on download. */
    static S3Client defaults;

    @BeforeAll
    static void start() throws IOException {
        s3 = new RealS3(dir.resolve("s3"));
        client = client(
                s3.secret(),
                b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        defaults = client(s3.secret(), b -> {});
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {client, defaults, s3}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static S3Client client(String secret, Consumer<S3ClientBuilder> options) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.identity(), secret)));
        options.accept(builder);
        return builder.build();
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("MD5", data));
    }

    static String md5Base64(byte[] data) {
        return Base64.getEncoder().encodeToString(digest("MD5", data));
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    void put(S3Client c, String key, byte[] data) {
        c.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromBytes(data));
    }

    // ---- plain objects

    @Test
    void putStoresThePlainBytesAndAnswersTheMd5AsETag() throws IOException {
        byte[] data = "a small object\n".getBytes(StandardCharsets.UTF_8);
        var response = client.putObject(b -> b.bucket(s3.bucket()).key("put/small.txt"), RequestBody.fromBytes(data));
        // the filesystem backend keeps the object as it was sent: tests may compare the file
        assertArrayEquals(data, Files.readAllBytes(s3.objectFile("put/small.txt")));
        // a single-part ETag is the quoted hex MD5, as on AWS: a cheap end-to-end check for small objects
        assertEquals("\"" + md5Hex(data) + "\"", response.eTag());
    }

    @Test
    void theSdkDefaultChecksumsAreRefusedOnUpload() {
        byte[] data = bytes(300_000, 1);
        // 2.30+ signs an aws-chunked body with a CRC32 trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER over
        // http); S3Proxy 2.6 does not decode it: requestChecksumCalculation(WHEN_REQUIRED) is required
        S3Exception e = assertThrows(S3Exception.class, () -> put(defaults, "defaults/object.bin", data));
        assertEquals(400, e.statusCode());
        assertEquals("XAmzContentSHA256Mismatch", e.awsErrorDetails().errorCode());
        assertFalse(Files.exists(s3.objectFile("defaults/object.bin")));
    }

    @Test
    void theSdkDefaultChecksumsWithoutChunkedEncodingAreRefusedToo() {
        // the CRC32 then travels as an x-amz-checksum-crc32 header, which S3Proxy 2.6 does not implement
        try (S3Client c = client(
                s3.secret(),
                b -> b.serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build()))) {
            S3Exception e = assertThrows(S3Exception.class, () -> put(c, "defaults/unchunked.bin", bytes(300_000, 1)));
            assertEquals(501, e.statusCode());
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
        }
        assertFalse(Files.exists(s3.objectFile("defaults/unchunked.bin")));
    }

    @Test
    void theSdkDefaultResponseValidationIsRefusedOnDownload() {
        put(client, "defaults/read.bin", bytes(1000, 1));
        // WHEN_SUPPORTED asks for the object's checksum (x-amz-checksum-mode: ENABLED), which S3Proxy 2.6 does not
        // implement: responseChecksumValidation(WHEN_REQUIRED) is required as well
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> readAll(defaults.getObject(b -> b.bucket(s3.bucket()).key("defaults/read.bin"))));
        assertEquals(501, e.statusCode());
        assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
    }

    @Test
    void deleteObjectsWithWhenRequiredIsRefused() {
        put(client, "multi/a", new byte[1]);
        // DeleteObjects requires a checksum: WHEN_REQUIRED still sends it as an x-amz-checksum-crc32 header
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> client.deleteObjects(b -> b.bucket(s3.bucket()).delete(d -> d.objects(o -> o.key("multi/a")))));
        assertEquals(501, e.statusCode());
        assertTrue(Files.exists(s3.objectFile("multi/a")));
    }

    @Test
    void deleteObjectsIsRefusedWithTheLegacyMd5PluginToo() {
        put(client, "multi2/a", new byte[1]);
        // the plugin adds Content-MD5 but the CRC32 header is still sent
        try (S3Client c = client(
                s3.secret(),
                b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .addPlugin(LegacyMd5Plugin.create()))) {
            S3Exception e = assertThrows(
                    S3Exception.class,
                    () -> c.deleteObjects(b -> b.bucket(s3.bucket()).delete(d -> d.objects(o -> o.key("multi2/a")))));
            assertEquals(501, e.statusCode());
        }
        assertTrue(Files.exists(s3.objectFile("multi2/a")));
    }

    @Test
    void theLegacyMd5PluginAloneLeavesTheDefaultChecksumsOn() {
        // it does not turn requestChecksumCalculation to WHEN_REQUIRED: uploads still fail as with the defaults
        try (S3Client c = client(s3.secret(), b -> b.addPlugin(LegacyMd5Plugin.create()))) {
            S3Exception e = assertThrows(S3Exception.class, () -> put(c, "legacy/a.bin", bytes(1000, 8)));
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void aStreamedUploadOfUnknownLengthWorksWithWhenRequired() {
        // a body of unknown length (the SDK reads it into memory first) also passes without trailing checksums
        byte[] data = bytes(100_000, 2);
        client.putObject(
                b -> b.bucket(s3.bucket()).key("stream/unknown.bin"),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), "application/octet-stream"));
        assertEquals(
                data.length,
                client.headObject(b -> b.bucket(s3.bucket()).key("stream/unknown.bin"))
                        .contentLength());
    }

    @Test
    void headGivesTheSizeAndTheUserMetadataBack() {
        byte[] data = bytes(12_345, 3);
        client.putObject(
                b -> b.bucket(s3.bucket()).key("head/a.bin").metadata(Map.of("sha256", sha256Hex(data))),
                RequestBody.fromBytes(data));
        HeadObjectResponse head = client.headObject(b -> b.bucket(s3.bucket()).key("head/a.bin"));
        assertEquals(12_345L, head.contentLength());
        // x-amz-meta-sha256 survives: the remote copy can carry the checksum the .sha256 file holds
        assertEquals(Map.of("sha256", sha256Hex(data)), head.metadata());
    }

    @Test
    void getStreamsTheBytes() throws IOException {
        byte[] data = bytes(2 * MIB + 7, 4);
        put(client, "get/b.bin", data);
        var stream = client.getObject(b -> b.bucket(s3.bucket()).key("get/b.bin"));
        assertEquals(data.length, stream.response().contentLength());
        assertArrayEquals(data, readAll(stream));
    }

    @Test
    void aRangedGetReadsPartOfTheObject() throws IOException {
        byte[] data = bytes(10_000, 5);
        put(client, "get/range.bin", data);
        byte[] part = readAll(
                client.getObject(b -> b.bucket(s3.bucket()).key("get/range.bin").range("bytes=100-199")));
        assertArrayEquals(Arrays.copyOfRange(data, 100, 200), part);
    }

    @Test
    void aWrongContentMd5IsRefusedWith400BadDigest() {
        byte[] data = "the bytes".getBytes(StandardCharsets.UTF_8);
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> client.putObject(
                        b -> b.bucket(s3.bucket()).key("md5/bad.txt").contentMD5(md5Base64(new byte[] {1})),
                        RequestBody.fromBytes(data)));
        // the server checks Content-MD5: a corrupted body never becomes an object
        assertEquals(400, e.statusCode());
        assertEquals("BadDigest", e.awsErrorDetails().errorCode());
        assertFalse(Files.exists(s3.objectFile("md5/bad.txt")));
    }

    @Test
    void overPlainHttpTheSdkSignsThePayloadEvenWhenPayloadSigningIsDisabled() {
        List<String> sent = new ArrayList<>();
        ExecutionInterceptor headers = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest()
                        .firstMatchingHeader("x-amz-content-sha256")
                        .orElse(""));
            }
        };
        S3AuthSchemeProvider defaults = S3AuthSchemeProvider.defaultProvider();
        S3AuthSchemeProvider unsignedPayload = params -> defaults.resolveAuthScheme(params).stream()
                .map(o -> o.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .build())
                .toList();
        try (S3Client c = client(
                s3.secret(),
                b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .authSchemeProvider(unsignedPayload)
                        .serviceConfiguration(S3Configuration.builder()
                                .chunkedEncodingEnabled(false)
                                .build())
                        .overrideConfiguration(o -> o.addExecutionInterceptor(headers)))) {
            assertTrue(s3.endpoint().toString().startsWith("http://"));
            byte[] data = bytes(MIB, 11);
            c.putObject(
                    b -> b.bucket(s3.bucket()).key("unsigned/object").contentMD5(md5Base64(data)),
                    RequestBody.fromBytes(data));
            // The signer (ChecksumUtil.isPayloadSigning) signs any payload sent without TLS, whatever the option
            // says: UNSIGNED-PAYLOAD over plain http would need a signer of our own, so over http every part
            // costs a SHA-256 on both sides. Over https the SDK leaves S3 payloads unsigned by default.
            assertEquals(List.of(sha256Hex(data)), sent);
        }
    }

    @Test
    void anExplicitChecksumAlgorithmIsRefusedEvenWithWhenRequired() {
        // naming an algorithm makes the SDK send the same trailing checksum as the defaults do
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> client.putObject(
                        b -> b.bucket(s3.bucket()).key("sum/a.bin").checksumAlgorithm(ChecksumAlgorithm.SHA256),
                        RequestBody.fromBytes(bytes(1000, 6))));
        assertEquals(400, e.statusCode());
        assertEquals("XAmzContentSHA256Mismatch", e.awsErrorDetails().errorCode());
    }

    @Test
    void askingForTheStoredChecksumIsNotImplemented() {
        put(client, "sum/b.bin", bytes(1000, 7));
        // S3Proxy keeps no x-amz-checksum-*: an end-to-end check must use x-amz-meta-sha256, the ETag or a re-read
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> client.headObject(
                        b -> b.bucket(s3.bucket()).key("sum/b.bin").checksumMode(ChecksumMode.ENABLED)));
        assertEquals(501, e.statusCode());
    }

    // ---- multipart

    @Test
    void multipartWithContentMd5CompletesToTheConcatenationWithAnAwsStyleETag() throws IOException {
        String key = "multipart/big.bin";
        List<byte[]> parts = List.of(bytes(5 * MIB, 10), bytes(5 * MIB, 11), bytes(MIB + 3, 12));
        String uploadId = client.createMultipartUpload(
                        b -> b.bucket(s3.bucket()).key(key))
                .uploadId();
        List<CompletedPart> done = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ByteArrayOutputStream partMd5s = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            int number = i + 1;
            var response = client.uploadPart(
                    b -> b.bucket(s3.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentMD5(md5Base64(part)),
                    RequestBody.fromBytes(part));
            // each part's ETag is its quoted hex MD5
            assertEquals("\"" + md5Hex(part) + "\"", response.eTag());
            done.add(CompletedPart.builder()
                    .partNumber(number)
                    .eTag(response.eTag())
                    .build());
            whole.writeBytes(part);
            partMd5s.writeBytes(digest("MD5", part));
        }
        var completed = client.completeMultipartUpload(b -> b.bucket(s3.bucket())
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));
        // the AWS form, md5(concatenated binary part md5s)-N: a client can recompute it from the file it sent
        String expected = "\"" + md5Hex(partMd5s.toByteArray()) + "-" + parts.size() + "\"";
        assertEquals(expected, completed.eTag());
        assertEquals(
                expected, client.headObject(b -> b.bucket(s3.bucket()).key(key)).eTag());
        assertArrayEquals(whole.toByteArray(), Files.readAllBytes(s3.objectFile(key)));
    }

    @Test
    void anUploadSurvivesAKilledServerAndCompletesAfterItsRestart(@TempDir Path other) throws Exception {
        String key = "resume/c.bin";
        byte[] first = bytes(5 * MIB, 30);
        byte[] second = bytes(1000, 31);
        try (RealS3 crashing = new RealS3(other);
                S3Client c = clientOf(crashing)) {
            String uploadId = c.createMultipartUpload(
                            b -> b.bucket(crashing.bucket()).key(key))
                    .uploadId();
            String firstETag = c.uploadPart(
                            b -> b.bucket(crashing.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(1),
                            RequestBody.fromBytes(first))
                    .eTag();
            crashing.kill();
            crashing.restart();

            // the filesystem backend keeps the upload and its parts on disk: a later run can list and resume it
            assertEquals(
                    List.of(uploadId),
                    c.listMultipartUploads(b -> b.bucket(crashing.bucket())).uploads().stream()
                            .map(MultipartUpload::uploadId)
                            .toList());
            var parts = c.listParts(b -> b.bucket(crashing.bucket()).key(key).uploadId(uploadId))
                    .parts();
            assertEquals(List.of(1), parts.stream().map(p -> p.partNumber()).toList());
            assertEquals(firstETag, parts.get(0).eTag());
            assertEquals((long) first.length, parts.get(0).size());

            String secondETag = c.uploadPart(
                            b -> b.bucket(crashing.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(2),
                            RequestBody.fromBytes(second))
                    .eTag();
            c.completeMultipartUpload(b -> b.bucket(crashing.bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(
                            p -> p.partNumber(1).eTag(firstETag),
                            p -> p.partNumber(2).eTag(secondETag))));
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.writeBytes(first);
            whole.writeBytes(second);
            assertArrayEquals(whole.toByteArray(), Files.readAllBytes(crashing.objectFile(key)));
        }
    }

    @Test
    void aKillDuringAPutLeavesAPartialFileListedUnderAnotherName(@TempDir Path other) throws Exception {
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int size = 20 * MIB;
        InputStream stalling = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n == 8 * MIB) {
                    halfSent.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                }
                n++;
                return 7;
            }
        };
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (RealS3 crashing = new RealS3(other);
                S3Client c = clientOf(crashing)) {
            Thread put = new Thread(() -> {
                try {
                    c.putObject(
                            b -> b.bucket(crashing.bucket()).key("kill/a.bin"),
                            RequestBody.fromInputStream(stalling, size));
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            put.start();
            halfSent.await();
            // the server writes what it received to <key>-<uuid> and renames it when the body is complete
            await().atMost(Duration.ofSeconds(10)).until(() -> partial(crashing).isPresent());
            crashing.kill();
            crashing.restart();
            release.countDown();
            put.join();

            // unlike AWS, the partial file survives and is listed: only exact names whose checksum verifies are
            // copies; the production code must never take "any key under the prefix" for a backup
            List<S3Object> listed = c.listObjectsV2(
                            b -> b.bucket(crashing.bucket()).prefix("kill/"))
                    .contents();
            assertEquals(1, listed.size(), listed::toString);
            assertTrue(listed.get(0).key().startsWith("kill/a.bin-"), listed::toString);
            assertTrue(listed.get(0).size() < size);
            assertThrows(
                    NoSuchKeyException.class,
                    () -> c.headObject(b -> b.bucket(crashing.bucket()).key("kill/a.bin")));
            // the SDK retried, but a stream it cannot reset cannot be sent again: upload from a file instead
            assertInstanceOf(IllegalStateException.class, failure.get(), () -> String.valueOf(failure.get()));
        } finally {
            release.countDown();
        }
    }

    static Optional<Path> partial(RealS3 server) throws IOException {
        Path dir = server.objectFile("kill");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("a.bin-"))
                    .findFirst();
        }
    }

    @Test
    void listingShowsEachDirectoryOfTheFilesystemAsAnObject() {
        put(client, "dirs/a/b.bin", new byte[3]);
        // the filesystem backend lists sub-directories as keys ending in "/" (no ETag): skip them
        List<S3Object> listed =
                client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("dirs/")).contents();
        assertEquals(
                List.of("dirs/a/", "dirs/a/b.bin"),
                listed.stream().map(S3Object::key).toList());
        assertNull(listed.get(0).eTag());
    }

    @Test
    void aPartSmallerThan5MiBBeforeTheLastIsRefusedOnComplete() {
        String key = "multipart/small-parts.bin";
        String uploadId = client.createMultipartUpload(
                        b -> b.bucket(s3.bucket()).key(key))
                .uploadId();
        String one = client.uploadPart(
                        b -> b.bucket(s3.bucket()).key(key).uploadId(uploadId).partNumber(1),
                        RequestBody.fromBytes(new byte[1000]))
                .eTag();
        String two = client.uploadPart(
                        b -> b.bucket(s3.bucket()).key(key).uploadId(uploadId).partNumber(2),
                        RequestBody.fromBytes(new byte[1000]))
                .eTag();
        // as on AWS: the production part size must be 5 MiB or more
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> client.completeMultipartUpload(b -> b.bucket(s3.bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(
                                p -> p.partNumber(1).eTag(one),
                                p -> p.partNumber(2).eTag(two)))));
        assertEquals(400, e.statusCode());
        assertEquals("EntityTooSmall", e.awsErrorDetails().errorCode());
        client.abortMultipartUpload(b -> b.bucket(s3.bucket()).key(key).uploadId(uploadId));
    }

    @Test
    void anIncompleteUploadIsListedAsAnUploadNotAsAnObjectAndCanBeAborted() {
        String key = "incomplete/x.bin";
        String uploadId = client.createMultipartUpload(
                        b -> b.bucket(s3.bucket()).key(key))
                .uploadId();
        byte[] part = bytes(5 * MIB, 20);
        client.uploadPart(
                b -> b.bucket(s3.bucket()).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromBytes(part));

        // a half-done upload never shows as an object: listing the prefix is a safe list of valid copies
        assertEquals(
                List.of(),
                client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("incomplete/"))
                        .contents());
        List<MultipartUpload> uploads = client.listMultipartUploads(
                        b -> b.bucket(s3.bucket()).prefix("incomplete/"))
                .uploads();
        assertEquals(List.of(key), uploads.stream().map(MultipartUpload::key).toList());
        assertEquals(uploadId, uploads.get(0).uploadId());

        // but a bucket-wide listing shows its bookkeeping: .mpus-<id>-<key>/ with its parts, and <id> itself
        List<String> everything = client.listObjectsV2(b -> b.bucket(s3.bucket())).contents().stream()
                .map(S3Object::key)
                .toList();
        assertTrue(everything.contains(".mpus-" + uploadId + "-incomplete/x.bin-1"), everything::toString);
        assertTrue(everything.contains(uploadId), everything::toString);

        client.abortMultipartUpload(b -> b.bucket(s3.bucket()).key(key).uploadId(uploadId));
        assertEquals(
                List.of(),
                client.listMultipartUploads(b -> b.bucket(s3.bucket()).prefix("incomplete/"))
                        .uploads());
        List<String> after = client.listObjectsV2(b -> b.bucket(s3.bucket())).contents().stream()
                .map(S3Object::key)
                .toList();
        assertFalse(after.stream().anyMatch(k -> k.contains(uploadId)), after::toString);
    }

    // ---- listing and delete

    @Test
    void listObjectsV2PagesThroughAPrefix() {
        for (int i = 0; i < 5; i++) {
            put(client, "list/h1/" + i + ".tar", new byte[] {(byte) i});
        }
        put(client, "list/h2/0.tar", new byte[] {9});
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String continuation = token;
            ListObjectsV2Response page = client.listObjectsV2(
                    b -> b.bucket(s3.bucket()).prefix("list/h1/").maxKeys(2).continuationToken(continuation));
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            pages++;
        } while (token != null);
        // sorted by key, the other host's prefix left out, 2 a page
        assertEquals(
                List.of("list/h1/0.tar", "list/h1/1.tar", "list/h1/2.tar", "list/h1/3.tar", "list/h1/4.tar"), keys);
        assertEquals(3, pages);
    }

    @Test
    void listObjectsV2GivesSizeAndLastModified() {
        put(client, "list2/a.tar", new byte[42]);
        S3Object object = client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("list2/"))
                .contents()
                .get(0);
        assertEquals(42L, object.size());
        assertTrue(object.lastModified() != null);
    }

    @Test
    void deleteRemovesTheObjectAndHeadThenThrowsNoSuchKey() {
        put(client, "delete/a.txt", new byte[] {1, 2, 3});
        client.deleteObject(b -> b.bucket(s3.bucket()).key("delete/a.txt"));
        assertFalse(Files.exists(s3.objectFile("delete/a.txt")));
        // HEAD has no body: the SDK still maps its 404 to NoSuchKeyException
        NoSuchKeyException e = assertThrows(
                NoSuchKeyException.class,
                () -> client.headObject(b -> b.bucket(s3.bucket()).key("delete/a.txt")));
        assertEquals(404, e.statusCode());
    }

    @Test
    void deletingAMissingKeySucceedsAsOnAws() {
        client.deleteObject(b -> b.bucket(s3.bucket()).key("delete/never-there"));
    }

    @Test
    void getOfAMissingKeyThrowsNoSuchKey() {
        NoSuchKeyException e = assertThrows(
                NoSuchKeyException.class,
                () -> client.getObject(b -> b.bucket(s3.bucket()).key("missing/a")));
        assertEquals(404, e.statusCode());
        assertEquals("NoSuchKey", e.awsErrorDetails().errorCode());
    }

    // ---- faults

    @Test
    void aWrongSecretIs403SignatureDoesNotMatch() {
        try (S3Client wrong = client("not-the-secret", b -> {})) {
            S3Exception e = assertThrows(S3Exception.class, () -> wrong.listObjectsV2(b -> b.bucket(s3.bucket())));
            assertEquals(403, e.statusCode());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void aWrongAccessKeyIs403InvalidAccessKeyId() {
        try (S3Client wrong = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", s3.secret())))
                .build()) {
            S3Exception e = assertThrows(
                    S3Exception.class,
                    () -> wrong.putObject(
                            b -> b.bucket(s3.bucket()).key("nobody/a"), RequestBody.fromBytes(new byte[1])));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void aMissingBucketIs404NoSuchBucket() {
        NoSuchBucketException e =
                assertThrows(NoSuchBucketException.class, () -> client.listObjectsV2(b -> b.bucket("no-such-bucket")));
        assertEquals(404, e.statusCode());
        assertEquals("NoSuchBucket", e.awsErrorDetails().errorCode());
    }

    @Test
    void anUploadToAMissingBucketIs404NoSuchBucket() {
        NoSuchBucketException e = assertThrows(
                NoSuchBucketException.class,
                () -> client.putObject(b -> b.bucket("no-such-bucket").key("a"), RequestBody.fromBytes(new byte[1])));
        assertEquals(404, e.statusCode());
    }

    @Test
    void storedObjectsStayPrivateToAnonymousRequests() throws IOException {
        put(client, "private/a.txt", new byte[] {1});
        // the filesystem backend derives public-read from the file mode: objects it writes are owner-only
        assertFalse(Files.getPosixFilePermissions(s3.objectFile("private/a.txt"))
                .contains(PosixFilePermission.OTHERS_READ));
        HttpURLConnection c = (HttpURLConnection) s3.endpoint()
                .resolve("/" + s3.bucket() + "/private/a.txt")
                .toURL()
                .openConnection();
        try {
            assertEquals(403, c.getResponseCode());
        } finally {
            c.disconnect();
        }
    }

    static S3Client clientOf(RealS3 server) {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(1))
                        .build())
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.identity(), server.secret())))
                .build();
    }

    @Test
    void aHungServerIsAnSdkClientExceptionCausedBySocketTimeout(@TempDir Path other) throws Exception {
        try (RealS3 hung = new RealS3(other);
                S3Client c = clientOf(hung)) {
            hung.pause();
            SdkClientException e =
                    assertThrows(SdkClientException.class, () -> c.listObjectsV2(b -> b.bucket(hung.bucket())));
            // the socket timeout of UrlConnectionHttpClient is what ends the wait (retried by the SDK's default
            // strategy, 3 attempts in all)
            assertInstanceOf(SocketTimeoutException.class, e.getCause(), () -> String.valueOf(e));
            assertTrue(e.getMessage().contains("SDK Attempt Count: 3"), e::getMessage);
        }
    }

    @Test
    void aStoppedServerIsAnSdkClientExceptionCausedByConnectException(@TempDir Path other) throws Exception {
        try (RealS3 gone = new RealS3(other);
                S3Client c = S3Client.builder()
                        .httpClient(UrlConnectionHttpClient.builder()
                                .connectionTimeout(Duration.ofSeconds(1))
                                .build())
                        .endpointOverride(gone.endpoint())
                        .forcePathStyle(true)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(gone.identity(), gone.secret())))
                        .build()) {
            gone.kill();
            SdkClientException e =
                    assertThrows(SdkClientException.class, () -> c.listObjectsV2(b -> b.bucket(gone.bucket())));
            // a client-side failure (not an S3Exception, so no status code): the cause says what happened
            assertInstanceOf(ConnectException.class, e.getCause(), () -> String.valueOf(e));
        }
    }
}
