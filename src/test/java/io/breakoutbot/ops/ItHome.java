package io.breakoutbot.ops;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The {@code OPS_HOME} the ITs' Payara Micro runs with, written before it starts: settings in
 * {@code ops.properties} (a two-second size check, so the timer can be seen firing; one-second samples;
 * webhooks on loopback, where the tests' receivers listen) and the JMX
 * credentials {@code deploy/run.sh} would have created.
 */
public final class ItHome {

    public static final String ADMIN = "ops-admin";
    public static final String ADMIN_PASSWORD = "it-admin-secret";
    public static final String READER = "ops-reader";
    public static final String READER_PASSWORD = "it-reader-secret";

    private ItHome() {}

    /** A JSON object from a response body: every REST IT reads them. */
    public static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    public static Path path() {
        return Path.of(System.getProperty("it.ops.home")).toAbsolutePath();
    }

    public static Path logs() {
        return path().resolve("logs");
    }

    public static synchronized void prepare() {
        prepare("");
    }

    /** @param extraSettings lines added to {@code ops.properties}, for a test class that needs more */
    public static synchronized void prepare(String extraSettings) {
        awaitJmxPortFree();
        try {
            Path home = Files.createDirectories(path());
            Files.writeString(home.resolve("ops.properties"), """
                    ops.logs.backups=7
                    ops.schedule.sizeCheck=*/2 * * * * *
                    ops.monitor.interval=1s
                    ops.alerts.allowPrivateTargets=true
                    """ + extraSettings);
            // the default backup sources besides logs/: a missing one fails the backup
            Files.createDirectories(home.resolve("data"));
            if (!Files.exists(home.resolve(".env"))) {
                writePrivate(home.resolve(".env"), "EXCHANGE_API_KEY=it-key\n");
            }
            // every run starts from the default thresholds, whatever an earlier run left
            Files.deleteIfExists(home.resolve("state").resolve("thresholds.properties"));
            Path jmx = Files.createDirectories(home.resolve("jmx"));
            String users = ADMIN + " " + ADMIN_PASSWORD + "\n" + READER + " " + READER_PASSWORD + "\n";
            writePrivate(jmx.resolve("jmxremote.password"), users);
            writePrivate(jmx.resolve("credentials"), users);
            writePrivate(jmx.resolve("jmxremote.access"), ADMIN + " readwrite\n" + READER + " readonly\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The content of one of our log files once it holds {@code fragment}: lines are written by the log
     * queue's own thread, a moment after the call that logged them has returned.
     */
    public static String awaitLogged(String file, String fragment) {
        return org.awaitility.Awaitility.await(file + " holds " + fragment)
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(logs().resolve(file)), text -> text.contains(fragment));
    }

    /**
     * The container stops the previous test class's server with a SIGTERM and does not wait for it; a new
     * server on the same JMX port dies at start ("Port already in use") while the old one still shuts down,
     * and that shows only as the 180 s start-up timeout. So each deployment waits until the port is free.
     */
    private static void awaitJmxPortFree() {
        int port = Integer.getInteger("it.jmx.port");
        org.awaitility.Awaitility.await("JMX port " + port + " free")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try (ServerSocket probe = new ServerSocket()) {
                        probe.setReuseAddress(true); // as the JMX agent's socket: TIME_WAIT does not count
                        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                        return true;
                    } catch (IOException inUse) {
                        return false;
                    }
                });
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    public static JMXConnector connect(String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + System.getProperty("it.jmx.port") + "/jmxrmi");
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }
}
