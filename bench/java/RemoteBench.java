package io.breakoutbot.ops.remote;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Java half of {@code bench/remote}: one upload of FILE through the production path,
 * {@code Bucket.put(key, file, size, metadata)} (one streamed PUT up to {@code ops.remote.multipartThreshold}, else a
 * multipart upload of {@code ops.remote.partSize} parts; the ETag checked against the MD5 of the bytes sent, or a
 * re-read), as {@code RemoteCopies} uploads a backup. The script compiles it with {@code javac} against
 * {@code target/classes} (it is in Bucket's package, and the single-file launcher's class loader would not share
 * that package with the built classes) and times {@code curl} itself.
 *
 * <p>{@code put ENDPOINT BUCKET KEY FILE IDENTITY SECRET PART_BYTES THRESHOLD_BYTES RESULT}: writes {@code name=value}
 * lines the script sources: the time of {@code put} inside this JVM, the process CPU time it took (all threads), and
 * whether the ETag check passed without a re-read.
 */
public final class RemoteBench {

    public static void main(String[] args) throws Exception {
        if (args.length != 10 || !args[0].equals("put")) {
            System.err.println(
                    "usage: RemoteBench put ENDPOINT BUCKET KEY FILE IDENTITY SECRET PART_BYTES THRESHOLD_BYTES"
                            + " RESULT");
            System.exit(2);
        }
        Path file = Path.of(args[4]);
        RemoteSettings settings = new RemoteSettings(
                args[2],
                "",
                URI.create(args[1]),
                "us-east-1",
                true,
                null,
                "bench",
                Duration.ofDays(8),
                0,
                Integer.parseInt(args[7]),
                Long.parseLong(args[8]),
                Duration.ofSeconds(120),
                Duration.ofMinutes(1),
                file.resolveSibling("remote-state.json"),
                RemoteSettings.Drills.LOCAL);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Bucket bucket = new Bucket(
                settings,
                Executors.defaultThreadFactory(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(args[5], args[6])))) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Bucket.Stored stored;
            stored = bucket.put(args[3], file, Files.size(file), Map.of());
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            if (stored.bytes() != Files.size(file)) {
                throw new IllegalStateException("stored " + stored.bytes() + " of " + Files.size(file) + " bytes");
            }
            Files.writeString(
                    Path.of(args[9]),
                    String.format(
                            Locale.ROOT,
                            "ours_s=%.3f%nours_cpu_s=%.3f%nours_reread=%s%nours_sha256=%s%n",
                            (t1 - t0) / 1e9,
                            (cpu1 - cpu0) / 1e9,
                            stored.reread(),
                            stored.sha256()));
        }
    }
}
