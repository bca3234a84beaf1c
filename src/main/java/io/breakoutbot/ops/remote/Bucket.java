package io.breakoutbot.ops.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket as this service uses it: whole objects written once (a file up to {@code ops.remote.multipartThreshold}
 * as one PUT streamed from the disk, other content as one PUT when it fits a part, else a multipart upload), listed,
 * read as a stream, deleted. Every failure becomes a {@link RemoteException} whose message names the setting to
 * check or the store's answer.
 *
 * <p>An upload is checked end to end: a buffered PUT or a part carries its body's MD5 ({@code Content-MD5}), which
 * the store checks, and a streamed PUT has its MD5 computed as it is sent; the object's ETag must then be what S3
 * makes of those digests (the MD5 of the body, or of the parts' MD5s followed by the part count). A store whose
 * ETags are something else (AWS with KMS encryption) gets a re-read of the object instead. A multipart upload that is not completed is never an object, so a crash
 * leaves nothing that lists; {@link #abortUnfinished} clears what it left on the store.
 */
final class Bucket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bucket.class);
    /** Parts in flight at once besides the one being read: enough to keep the connection busy while reading. */
    private static final int PARTS_IN_FLIGHT = 2;
    /** S3 allows at most this many parts; larger content gets larger parts. */
    private static final int MAX_PARTS = 10_000;

    private final RemoteSettings settings;
    private final S3Client s3;
    private final ThreadFactory threads;

    Bucket(RemoteSettings settings, ThreadFactory threads) {
        this(settings, threads, credentials(settings));
    }

    Bucket(RemoteSettings settings, ThreadFactory threads, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.threads = threads;
        var builder = S3Client.builder()
                // The SDK hands a body over in small copies and the JDK writes what it is given: large writes save
                // a system call per few KiB of an upload (see BufferedConnection).
                .httpClient(UrlConnectionHttpClient.create(BufferedConnection.factory(settings.timeout())))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                // Content-MD5 and the ETag check cover integrity; the newer trailing checksums are not understood
                // by every S3-compatible store.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // No aws-chunked encoding with a signature per 128 KiB chunk, which some stores (S3Proxy) decode far
                // slower than a plain body; the payload is not signed (below).
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                // The body unsigned over plain http too, as over https (see UnsignedPayloadSigner): Content-MD5
                // or the ETag check is what covers the bytes.
                .putAuthScheme(UnsignedPayloadSigner.scheme());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
    }

    /**
     * The credentials file's {@code [default]} profile, or the standard environment variables.
     *
     * @throws IllegalArgumentException when the file is missing, readable by others, or holds no keys
     */
    static AwsCredentialsProvider credentials(RemoteSettings settings) {
        if (settings.credentialsFile() == null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        CredentialsFile.check(settings.credentialsFile());
        ProfileFile file = ProfileFile.builder()
                .content(settings.credentialsFile())
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                .profileFile(file)
                .profileName("default")
                .build();
        try {
            provider.resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("The credentials file " + settings.credentialsFile()
                    + " has no [default] profile with aws_access_key_id and aws_secret_access_key.");
        }
        return provider;
    }

    /**
     * An object as listed.
     *
     * @param key      the full key
     * @param bytes    its size
     * @param modified when the store last wrote it
     */
    record Listed(String key, long bytes, Instant modified) {
        String name() {
            return key.substring(key.lastIndexOf('/') + 1);
        }
    }

    /**
     * What an upload stored.
     *
     * @param key    the full key
     * @param bytes  bytes stored
     * @param sha256 hex SHA-256 of the bytes stored, computed while they were read
     * @param reread the ETag was not an MD5 form, so the object was read back to check it
     */
    record Stored(String key, long bytes, String sha256, boolean reread) {}

    /**
     * Uploads everything {@code content} yields under {@code key}: one PUT when it fits one part, else a multipart
     * upload whose parts are sent while the next is read. A failed multipart upload is aborted.
     *
     * @param sizeHint the content's size when known (to choose a part size under S3's part limit), else -1
     */
    Stored put(String key, InputStream content, long sizeHint, Map<String, String> metadata) throws IOException {
        int partSize = partSize(sizeHint);
        MessageDigest sha = digest("SHA-256");
        byte[] first = content.readNBytes(partSize);
        sha.update(first);
        byte[] second = first.length < partSize ? new byte[0] : content.readNBytes(partSize);
        if (second.length == 0) {
            String md5 = md5(first);
            putObject(key, metadata, r -> r.contentMD5(base64(md5)), body(first));
            return finish(key, first.length, HexFormat.of().formatHex(sha.digest()), md5);
        }
        return multipart(key, content, metadata, partSize, sha, first, second);
    }

    /**
     * Uploads the file, which must hold exactly {@code bytes} bytes: one PUT streamed from the file when
     * {@code bytes} is at most {@code ops.remote.multipartThreshold}, else {@link #put(String, InputStream, long,
     * Map)}.
     *
     * <p>The streamed PUT carries no {@code Content-MD5} (that would take a read of the file before sending): the MD5
     * and SHA-256 of the bytes sent are computed as they are sent, and the object's ETag (S3's MD5 of a single PUT)
     * must then be that MD5, or a read-back its SHA-256; an object that fails the check is deleted. A file that is
     * shorter or longer than {@code bytes} fails the upload.
     *
     * @param bytes the file's size in bytes, as the caller read it
     */
    Stored put(String key, Path file, long bytes, Map<String, String> metadata) throws IOException {
        if (bytes > settings.multipartThreshold()) {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return put(key, in, bytes, metadata);
            }
        }
        try (FileBody body = new FileBody(file, bytes, threads)) {
            try {
                putObject(
                        key,
                        metadata,
                        r -> r.contentLength(bytes),
                        RequestBody.fromContentProvider(body, bytes, "application/octet-stream"));
            } catch (FileBody.FileChangedException e) {
                // the SDK passes on what the body threw before a request was made
                throw new RemoteException(e.getMessage(), e);
            }
            FileBody.Sent sent = body.sent();
            try {
                return finish(key, bytes, sent.sha256(), sent.md5());
            } catch (RemoteException e) {
                try {
                    delete(key);
                } catch (IOException d) {
                    e.addSuppressed(d);
                }
                throw e;
            }
        }
    }

    /** One PUT of {@code body} under {@code key}, with what {@code more} adds to the request. */
    private void putObject(
            String key,
            Map<String, String> metadata,
            java.util.function.UnaryOperator<PutObjectRequest.Builder> more,
            RequestBody body)
            throws RemoteException {
        call(
                "upload " + key,
                () -> s3.putObject(
                                more.apply(PutObjectRequest.builder()
                                                .bucket(settings.bucket())
                                                .key(key)
                                                .metadata(metadata))
                                        .build(),
                                body)
                        .eTag());
    }

    private Stored multipart(
            String key,
            InputStream content,
            Map<String, String> metadata,
            int partSize,
            MessageDigest sha,
            byte[] first,
            byte[] second)
            throws IOException {
        String uploadId = call(
                "start the upload of " + key,
                () -> s3.createMultipartUpload(
                                r -> r.bucket(settings.bucket()).key(key).metadata(metadata))
                        .uploadId());
        ExecutorService senders = Executors.newFixedThreadPool(PARTS_IN_FLIGHT, threads);
        List<Future<Sent>> sent = new ArrayList<>();
        long bytes = 0;
        boolean done = false;
        try {
            byte[] part = first;
            byte[] next = second;
            int number = 0;
            while (part.length > 0) {
                if (next == null) {
                    next = content.readNBytes(partSize);
                }
                sha.update(next);
                number++;
                byte[] body = part;
                int partNumber = number;
                bytes += body.length;
                // At most PARTS_IN_FLIGHT parts wait to be sent: wait for the oldest before reading further.
                if (sent.size() >= PARTS_IN_FLIGHT) {
                    await(sent.get(sent.size() - PARTS_IN_FLIGHT));
                }
                // The part's MD5 is taken on the sender's thread, beside the reading thread's SHA-256 of the next.
                sent.add(senders.submit(() -> send(key, uploadId, partNumber, body)));
                part = next;
                next = null;
            }
            List<CompletedPart> parts = new ArrayList<>();
            MessageDigest ofParts = digest("MD5");
            for (Future<Sent> f : sent) {
                Sent s = await(f);
                parts.add(s.part());
                ofParts.update(s.md5());
            }
            call(
                    "complete the upload of " + key,
                    () -> s3.completeMultipartUpload(r -> r.bucket(settings.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .multipartUpload(m -> m.parts(parts)))
                            .eTag());
            done = true;
            return finish(
                    key, bytes, HexFormat.of().formatHex(sha.digest()), hex(ofParts.digest()) + "-" + parts.size());
        } finally {
            senders.shutdownNow();
            if (!done) {
                abort(key, uploadId);
            }
        }
    }

    /** A part as the store took it, with the MD5 of the bytes sent. */
    private record Sent(CompletedPart part, byte[] md5) {}

    private Sent send(String key, String uploadId, int partNumber, byte[] body) throws IOException {
        byte[] md5 = digest("MD5").digest(body);
        String etag = call(
                "upload part " + partNumber + " of " + key,
                () -> s3.uploadPart(
                                r -> r.bucket(settings.bucket())
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .contentMD5(Base64.getEncoder().encodeToString(md5)),
                                body(body))
                        .eTag());
        return new Sent(
                CompletedPart.builder().partNumber(partNumber).eTag(etag).build(), md5);
    }

    /** The bytes as a request body without the copy {@link RequestBody#fromBytes} makes; they are not changed. */
    private static RequestBody body(byte[] bytes) {
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
    }

    /** Checks the stored object's ETag against {@code expectedEtag}, or reads it back when its ETag is no MD5. */
    private Stored finish(String key, long bytes, String sha256, String expectedEtag) throws IOException {
        var head = call(
                "check " + key,
                () -> s3.headObject(r -> r.bucket(settings.bucket()).key(key)));
        String etag = unquote(head.eTag());
        if (head.contentLength() != bytes) {
            throw new RemoteException("The store holds " + head.contentLength() + " bytes for " + key + " where "
                    + bytes + " were sent; the upload is not trusted.");
        }
        if (etag.equalsIgnoreCase(expectedEtag)) {
            return new Stored(key, bytes, sha256, false);
        }
        // A multipart object whose ETag is one plain MD5 (S3Proxy's filesystem-nio2 backend gives the MD5 of the
        // whole object) cannot be checked against the parts' MD5s: it is read back like any other ETag form.
        boolean otherForm = expectedEtag.contains("-") && !etag.contains("-");
        if (!otherForm && etag.matches("[0-9a-fA-F]{32}(-\\d+)?")) {
            throw new RemoteException("The store's ETag for " + key + " is " + etag + " where " + expectedEtag
                    + " was expected from the bytes sent; the upload is not trusted.");
        }
        String reread = sha256Of(key);
        if (!reread.equals(sha256)) {
            throw new RemoteException("Reading " + key + " back gave SHA-256 " + reread + " where " + sha256
                    + " was sent; the upload is not trusted.");
        }
        return new Stored(key, bytes, sha256, true);
    }

    /** Uploads a small text object, e.g. a {@code .sha256} line, in one PUT with its MD5. */
    void putText(String key, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String md5 = md5(bytes);
        call(
                "upload " + key,
                () -> s3.putObject(r -> r.bucket(settings.bucket()).key(key).contentMD5(base64(md5)), body(bytes)));
    }

    /** A small object's text, at most {@code maxBytes}; null when there is no such object. */
    String readText(String key, int maxBytes) throws IOException {
        try (InputStream in = open(key)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new RemoteException("The object " + key + " is larger than the " + maxBytes
                        + " bytes it may have; it is not ours.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (RemoteException e) {
            if (e.getCause() instanceof S3Exception s && s.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The object's bytes as a stream; the caller closes it. */
    ResponseInputStream<GetObjectResponse> open(String key) throws IOException {
        return call(
                "read " + key,
                () -> s3.getObject(r -> r.bucket(settings.bucket()).key(key)));
    }

    /** SHA-256 of the object's bytes as read now, hex. */
    String sha256Of(String key) throws IOException {
        MessageDigest sha = digest("SHA-256");
        try (InputStream in = open(key)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (SdkException e) {
            throw translate("read " + key, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<Listed> list(String prefix) throws IOException {
        List<Listed> found = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call(
                    "list " + prefix,
                    () -> s3.listObjectsV2(ListObjectsV2Request.builder()
                            .bucket(settings.bucket())
                            .prefix(prefix)
                            .continuationToken(continuation)
                            .build()));
            for (S3Object o : page.contents()) {
                found.add(new Listed(o.key(), o.size(), o.lastModified()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return found;
    }

    /** Deletes one object; deleting one that is gone is no error (S3 answers 204 either way). */
    void delete(String key) throws IOException {
        call(
                "delete " + key,
                () -> s3.deleteObject(r -> r.bucket(settings.bucket()).key(key)));
    }

    /**
     * Aborts the multipart uploads below {@code prefix} that a crash left unfinished, so their parts stop
     * costing storage. Only one instance writes below a host's prefix, and never while this runs.
     *
     * @return the keys whose uploads were aborted
     */
    List<String> abortUnfinished(String prefix) throws IOException {
        List<String> aborted = new ArrayList<>();
        List<MultipartUpload> uploads = call(
                        "list the unfinished uploads below " + prefix,
                        () -> s3.listMultipartUploads(
                                r -> r.bucket(settings.bucket()).prefix(prefix)))
                .uploads();
        for (MultipartUpload upload : uploads) {
            abort(upload.key(), upload.uploadId());
            aborted.add(upload.key());
        }
        return aborted;
    }

    private void abort(String key, String uploadId) {
        try {
            call(
                    "abort the upload of " + key,
                    () -> s3.abortMultipartUpload(
                            r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)));
        } catch (IOException e) {
            LOG.warn("Could not abort the unfinished upload of {}; the next pass will: {}", key, e.getMessage());
        }
    }

    private int partSize(long sizeHint) {
        long needed = sizeHint <= 0 ? 0 : (sizeHint + MAX_PARTS - 1) / MAX_PARTS;
        return (int) Math.min(RemoteSettings.MAX_PART, Math.max(settings.partSize(), needed));
    }

    private interface Call<T> {
        T get();
    }

    private <T> T call(String what, Call<T> call) throws RemoteException {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /** One sentence: what was tried, where, and what to check. */
    RemoteException translate(String what, SdkException e) {
        String where = settings.where();
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            int status = s.statusCode();
            String message;
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                message = "The store at " + where + " refused to " + what + " (" + status + " " + code
                        + "): check the credentials (ops.remote.credentialsFile or AWS_ACCESS_KEY_ID) and the"
                        + " bucket's policy.";
            } else if ("NoSuchBucket".equals(code)) {
                message = "The bucket '" + settings.bucket() + "' does not exist at " + where
                        + " (ops.remote.url); create it first.";
            } else if (status == 507 || "QuotaExceeded".equals(code) || "EntityTooLarge".equals(code)) {
                message = "The store at " + where + " has no room to " + what + " (" + status + " " + code + ").";
            } else {
                message = "The store at " + where + " failed to " + what + ": " + status + " " + code + " "
                        + (s.awsErrorDetails() == null
                                ? s.getMessage()
                                : s.awsErrorDetails().errorMessage());
            }
            return new RemoteException(message, e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof FileBody.FileChangedException) {
            return new RemoteException(root.getMessage(), e);
        }
        if (root instanceof SocketTimeoutException || root instanceof InterruptedIOException) {
            return new RemoteException(
                    "No answer from " + where + " within ops.remote.timeout (" + settings.timeout() + ") to " + what
                            + ".",
                    e);
        }
        return new RemoteException(
                "Cannot " + what + " at " + where + ": " + root.getClass().getSimpleName() + ": " + root.getMessage(),
                e);
    }

    private <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new RemoteException("An upload part failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static String md5(byte[] bytes) {
        return hex(digest("MD5").digest(bytes));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String base64(String hexMd5) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hexMd5));
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
