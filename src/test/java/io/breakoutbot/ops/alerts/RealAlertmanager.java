package io.breakoutbot.ops.alerts;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code prometheus-alertmanager} (0.25), started on a free loopback port with its own config and storage
 * under a test's directory; killed by its process handle. {@code .ci/run} installs it.
 */
public final class RealAlertmanager implements AutoCloseable {

    static final String BINARY = "/usr/bin/prometheus-alertmanager";

    final Path dir;
    final int port;
    final Integer clusterPort;
    final Integer peerPort;
    private Process process;

    /**
     * @param route       the route and receivers, YAML; e.g. {@link #quietRoute()}
     * @param clusterPort gossip port, or null for a single node
     * @param peerPort    another node's gossip port to join, or null
     */
    public RealAlertmanager(Path dir, String route, Integer clusterPort, Integer peerPort) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        this.clusterPort = clusterPort;
        this.peerPort = peerPort;
        Files.writeString(dir.resolve("alertmanager.yml"), route);
        start();
    }

    /** A route that notifies no one: alerts are only stored. */
    public static String quietRoute() {
        return """
                route:
                  receiver: none
                  group_by: ['alertname', 'instance']
                receivers:
                  - name: none
                """;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                BINARY,
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=" + (clusterPort == null ? "" : "127.0.0.1:" + clusterPort)));
        if (clusterPort != null) {
            command.add("--cluster.advertise-address=127.0.0.1:" + clusterPort);
        }
        if (peerPort != null) {
            command.add("--cluster.peer=127.0.0.1:" + peerPort);
            command.add("--cluster.reconnect-interval=1s");
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("alertmanager.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> get("/-/ready").startsWith("OK"));
    }

    /** Kills it at once, as a crash would: its alerts, held only in memory, are gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The alerts it holds that have not ended. */
    public JsonArray alerts() throws IOException {
        try (var reader = Json.createReader(new StringReader(get("/api/v2/alerts")))) {
            return reader.readArray();
        }
    }

    JsonObject status() throws IOException {
        try (var reader = Json.createReader(new StringReader(get("/api/v2/status")))) {
            return reader.readObject();
        }
    }

    /** {@code alertmanager_alerts_received_total{status=...,version="v2"}}. */
    long received(String status) throws IOException {
        Matcher m = Pattern.compile(
                        "alertmanager_alerts_received_total\\{status=\"" + status + "\",version=\"v2\"} (\\d+)")
                .matcher(get("/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    String get(String path) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("alertmanager.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
