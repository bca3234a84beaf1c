package io.breakoutbot.ops.remote;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how off-host copies go; validated once, each problem one sentence naming the value.
 *
 * @param bucket          the bucket, from {@code ops.remote.url} ({@code s3://bucket/prefix})
 * @param prefix          the key prefix below the bucket, without leading or trailing slash, possibly empty
 * @param endpoint        the S3 endpoint for stores other than AWS (MinIO, Ceph, S3Proxy), or null for AWS
 * @param region          the signing region, e.g. {@code us-east-1}
 * @param pathStyle       {@code http://endpoint/bucket/key} rather than {@code http://bucket.endpoint/key}
 * @param credentialsFile an AWS credentials file of mode 600 ({@code [default]}, {@code aws_access_key_id},
 *                        {@code aws_secret_access_key}), or null for the {@code AWS_ACCESS_KEY_ID} and
 *                        {@code AWS_SECRET_ACCESS_KEY} environment variables
 * @param host            this host's folder below the prefix, so that hosts sharing a bucket never collide
 * @param staleAfter      health is DEGRADED when the newest verified remote backup is older than this
 * @param keepLocal       once their remote copies are verified, at most this many local backups are kept; 0 off
 * @param partSize        bytes per multipart part, 5 MiB to 1 GiB; content that fits one part is one PUT
 * @param multipartThreshold a file of at most this many bytes is one PUT streamed from the disk, a larger one a
 *                        multipart upload; 1 byte to 5 GiB (S3's limit for one PUT)
 * @param timeout         how long a request may wait for the connection or for the next bytes
 * @param interval        how often the copies are compared and what is missing is uploaded
 * @param stateFile       where the last results are kept across restarts
 * @param drills          which copy the scheduled restore drill takes
 */
public record RemoteSettings(
        String bucket,
        String prefix,
        URI endpoint,
        String region,
        boolean pathStyle,
        Path credentialsFile,
        String host,
        Duration staleAfter,
        int keepLocal,
        int partSize,
        long multipartThreshold,
        Duration timeout,
        Duration interval,
        Path stateFile,
        Drills drills) {

    public static final int MIN_PART = 5 << 20;
    public static final int MAX_PART = 1 << 30;
    /** S3's limit for one PUT, in bytes. */
    public static final long MAX_SINGLE_PUT = 5L << 30;

    /** Which copy the scheduled restore drill takes when a remote is configured. */
    public enum Drills {
        /** local and remote in turn */
        ALTERNATE,
        /** always the remote copy */
        REMOTE,
        /** always the local copy, as without a remote */
        LOCAL;

        public static Drills parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be alternate, remote or local");
            }
        }
    }

    /** S3's rules for bucket names, which every S3-compatible store follows. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public RemoteSettings {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException(
                    "The bucket '" + bucket + "' is not an S3 bucket name (3 to 63 of " + "a-z, 0-9, '.' and '-').");
        }
        prefix = prefix == null ? "" : prefix;
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("The prefix '" + prefix + "' may not start or end with '/'.");
        }
        if (endpoint != null
                && (!endpoint.isAbsolute()
                        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                        || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("The endpoint '" + endpoint + "' must be an http or https URL.");
        }
        Objects.requireNonNull(region, "region");
        if (credentialsFile != null && !credentialsFile.isAbsolute()) {
            throw new IllegalArgumentException("The credentials file '" + credentialsFile + "' must be absolute.");
        }
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(
                    "The host name '" + host + "' must be 1 to 63 of letters, digits, '.', '_' and '-'.");
        }
        if (keepLocal < 0) {
            throw new IllegalArgumentException("keepLocal cannot be negative, was " + keepLocal + ".");
        }
        if (partSize < MIN_PART || partSize > MAX_PART) {
            throw new IllegalArgumentException("The part size must be 5MB to 1GB, was " + partSize + " bytes.");
        }
        if (multipartThreshold < 1 || multipartThreshold > MAX_SINGLE_PUT) {
            throw new IllegalArgumentException(
                    "The multipart threshold must be 1B to 5GB, was " + multipartThreshold + " bytes.");
        }
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(stateFile, "stateFile");
        Objects.requireNonNull(drills, "drills");
    }

    /**
     * @return bucket and prefix of an {@code s3://bucket[/prefix]} URL, the prefix without its slashes
     * @throws IllegalArgumentException for anything else, saying what a valid value looks like
     */
    public static String[] parseUrl(String url) {
        if (url == null || !url.startsWith("s3://")) {
            throw new IllegalArgumentException("must be an s3:// URL, e.g. s3://my-bucket/breakout-ops");
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("names the bucket '" + bucket
                    + "', which is not an S3 bucket name (3 to 63 of a-z, 0-9, '.', '-')");
        }
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("has an empty path segment in its prefix");
        }
        return new String[] {bucket, prefix};
    }

    /** @throws IllegalArgumentException unless {@code text} is an http or https URL with a host */
    public static URI endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http or https URL with a host, e.g. http://127.0.0.1:9000");
        }
        return uri;
    }

    /** @throws IllegalArgumentException unless {@code text} can name a folder: 1 to 63 letters, digits, . _ - */
    public static String host(String text) {
        if (!HOST.matcher(text).matches()) {
            throw new IllegalArgumentException("must be 1 to 63 of letters, digits, '.', '_' and '-'");
        }
        return text;
    }

    /**
     * Resolves the credentials now, so that a missing or loose file, or absent environment variables, stop the start
     * instead of the first upload.
     *
     * @throws IllegalArgumentException saying what is missing
     */
    public static void checkCredentials(RemoteSettings settings) {
        try {
            Bucket.credentials(settings).resolveCredentials();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IllegalArgumentException("is empty and the environment has no AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY; set one or the other");
        }
    }

    /** {@code s3://bucket/prefix/host/}, where this host's copies live. */
    public String location() {
        return "s3://" + bucket + "/" + hostPrefix();
    }

    /** The key prefix of this host's copies, ending in a slash. */
    public String hostPrefix() {
        return (prefix.isEmpty() ? "" : prefix + "/") + host + "/";
    }

    /** Where the store answers, for messages: the endpoint, or AWS in the region. */
    public String where() {
        return endpoint == null ? "AWS S3 (" + region + ")" : endpoint.toString();
    }
}
