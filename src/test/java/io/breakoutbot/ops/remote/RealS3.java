package io.breakoutbot.ops.remote;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * S3Proxy ({@code org.gaul:s3proxy}, a real S3-compatible server) started as a child process on a free loopback port,
 * with jclouds' filesystem backend under a test's directory: a bucket is the directory {@code data/<bucket>} and an
 * object the plain file {@code data/<bucket>/<key>}, so a test can read the bytes the server stored. Requests must be
 * signed (AWS signature v2 or v4) with {@link #identity()} and {@link #secret()}, region {@code us-east-1}, path-style.
 *
 * <p>The jar is copied to {@code target/s3proxy/s3proxy.jar} by Maven ({@code process-test-resources}); it is never on
 * the test class path, whose Jetty, Guava and Jackson would clash with the copies it bundles.
 */
public final class RealS3 implements AutoCloseable {

    /** Where Maven copies the jar; surefire and failsafe pass it as the system property {@code s3proxy.jar}. */
    static final Path JAR = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));

    private final Path dir;
    private final String identity;
    private final String secret;
    private final String bucket;
    private final int port;
    private Process process;

    /** A server holding one empty bucket, {@code backups}, for identity {@code ops} with a fixed test secret. */
    public RealS3(Path dir) throws IOException {
        this(dir, "ops", "ops-test-secret", "backups");
    }

    /**
     * @param dir      its properties, log and stored objects ({@code data/}) go here; created if missing
     * @param identity the access key id it accepts
     * @param secret   the secret access key it accepts
     * @param bucket   a bucket created empty before the server starts
     */
    public RealS3(Path dir, String identity, String secret, String bucket) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("No S3Proxy jar at " + JAR.toAbsolutePath()
                    + ": run `mvn process-test-resources` once, which copies it there from Maven.");
        }
        this.dir = Files.createDirectories(dir);
        this.identity = identity;
        this.secret = secret;
        this.bucket = bucket;
        this.port = freePort();
        // The filesystem backend lists every directory under its base as a bucket, and takes a directory or file
        // that others may read for public-read: anonymous requests would then pass. Owner-only keeps it private.
        Files.createDirectories(data());
        Files.createDirectory(
                data().resolve(bucket),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        writeProperties(secret);
        start();
    }

    private void writeProperties(String credential) throws IOException {
        Files.writeString(
                dir.resolve("s3proxy.properties"),
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + identity,
                        "s3proxy.credential=" + credential,
                        // filesystem-nio2, which S3Proxy's log recommends, was tried: a completed multipart object
                        // got a plain MD5 ETag (no "-N") and requests after a kill and restart failed with 500
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data(),
                        ""));
    }

    /**
     * Restarts it accepting only {@code credential} as the secret, as a store whose key was rotated would:
     * clients with the old secret get 403. Same port and data.
     */
    public void acceptOnly(String credential) throws IOException, InterruptedException {
        kill();
        writeProperties(credential);
        start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The Java that runs this test, so the server needs nothing installed. */
    static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString());
    }

    void start() throws IOException {
        process = new ProcessBuilder(List.of(
                        java(),
                        "-Xmx256m",
                        // keeps logback's start-up report out of the log, so its tail shows S3Proxy's own lines
                        "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                        "-jar",
                        JAR.toAbsolutePath().toString(),
                        "--properties",
                        dir.resolve("s3proxy.properties").toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        try {
            // an unsigned request is refused with 403 once Jetty serves: that is the sign it is up
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> !process.isAlive() || status("/") == 403);
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException(
                    "S3Proxy did not answer on " + endpoint() + " within 30 s; " + logTail(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "S3Proxy stopped at start with exit code " + process.exitValue() + "; " + logTail());
        }
    }

    int status(String path) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /** {@code http://127.0.0.1:<port>}, for the client's endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String identity() {
        return identity;
    }

    public String secret() {
        return secret;
    }

    public String bucket() {
        return bucket;
    }

    /** The directory under which each bucket is a directory. */
    public Path data() {
        return dir.resolve("data");
    }

    /** Where the server keeps the object {@code key} of {@link #bucket()}: a plain file with the object's bytes. */
    public Path objectFile(String key) {
        return data().resolve(bucket).resolve(key);
    }

    /** Its standard output and error. */
    public Path log() {
        return dir.resolve("s3proxy.log");
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return "last lines of " + log() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the S3Proxy log " + log(), e);
        }
    }

    /** Kills it at once (SIGKILL), as a crash or a lost host would: a request in flight is cut off. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts it again after {@link #kill()} or {@link #close()}, on the same port and data. */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("S3Proxy is still running on " + endpoint());
        }
        start();
    }

    /**
     * Stops it without closing its port (SIGSTOP), as a hung server or a dropped network would: connections are
     * accepted by the kernel and requests then wait for an answer until the client's timeout.
     */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets it run again after {@link #pause()} (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("/bin/kill", signal, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("/bin/kill " + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                // a paused process would ignore SIGTERM until continued
                resume();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot continue S3Proxy " + process.pid(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
