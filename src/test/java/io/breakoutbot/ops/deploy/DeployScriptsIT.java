package io.breakoutbot.ops.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real {@code deploy/start}, {@code status}, {@code stop}, {@code restart} and {@code upgrade} scripts as
 * an operator or cron runs them, against a real Payara Micro they start from the packaged WAR, with an
 * {@code OPS_HOME} under {@code target/} and random free ports. No Arquillian: the scripts own the server.
 *
 * <p>Each boot costs 15 to 50 s on this machine, so the server is shared: every test first brings it into
 * the state it needs (running or stopped) through the scripts, and the order below only saves boots. Every
 * server a test saw is ended in {@link #endEverything()}, by pid and only after checking it is ours.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployScriptsIT {

    static final int STATUS_TIMEOUT_SECONDS = 8;
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    static Path home;
    static Path deployedWar;
    static int httpPort;
    static int jmxPort;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void freshHome() throws IOException {
        Path war = Path.of(System.getProperty("ops.war")).toAbsolutePath();
        home = war.resolveSibling("deploy-it-home");
        deleteTree(home);
        // a host's layout: the deployed WAR under $OPS_HOME/app, so run.sh never builds and upgrade has a
        // previous WAR to keep aside
        deployedWar = Files.createDirectories(home.resolve("app")).resolve("breakout-ops.war");
        Files.copy(war, deployedWar);
        // the default backup sources besides logs/: upgrade's backup fails without them
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve(".env"), "EXCHANGE_API_KEY=it-key\n");
        httpPort = freePort();
        do {
            jmxPort = freePort();
        } while (jmxPort == httpPort);
    }

    @AfterAll
    static void endEverything() throws Exception {
        try {
            run(Map.of(), "stop");
        } finally {
            for (long pid : SEEN) {
                if (isOurServer(pid)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        for (long pid : SEEN) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !isOurServer(pid));
        }
    }

    @Test
    @Order(1)
    void startStatusRefusedSecondStartStop() throws Exception {
        ensureStopped();

        Run start = run(Map.of(), "start");
        assertEquals(0, start.exit(), start.all());
        long pid = pid();
        assertTrue(isOurServer(pid), "the pid file names the JVM itself, not a wrapper: " + cmdline(pid));
        assertEquals(0, run(Map.of(), "status").exit());

        Run again = run(Map.of(), "start");
        assertAll(
                () -> assertEquals(2, again.exit(), again.all()),
                () -> assertTrue(again.out().contains("already running as pid " + pid), again.all()),
                () -> assertEquals(pid, pid(), "the pid file is untouched"),
                () -> assertTrue(isOurServer(pid)));

        Run stop = run(Map.of(), "stop");
        assertEquals(0, stop.exit(), stop.all());
        assertFalse(isOurServer(pid), "the JVM has exited when stop returns");
        assertFalse(Files.exists(pidFile()));
        Run status = run(Map.of(), "status");
        assertEquals(3, status.exit(), status.all());
        assertTrue(
                Files.readString(home.resolve("logs/general.log")).contains("breakout-ops stopping"),
                "SIGTERM shut it down cleanly: the shutdown line reached the log");

        // no server to take the backup: upgrade says so before touching anything
        byte[] before = Files.readAllBytes(deployedWar);
        Run upgrade = run(Map.of(), "upgrade", brokenWar().toString());
        assertAll(
                () -> assertEquals(3, upgrade.exit(), upgrade.all()),
                () -> assertTrue(upgrade.err().contains("the server is not running"), upgrade.all()),
                () -> assertTrue(upgrade.err().contains("--no-backup"), upgrade.all()),
                () -> assertArrayEquals(before, Files.readAllBytes(deployedWar), "the deployed WAR is unchanged"),
                () -> assertFalse(Files.exists(pidFile()), "nothing was started"));
    }

    @Test
    @Order(2)
    void restartFromStoppedAndFromRunning() throws Exception {
        ensureStopped();

        Run fromStopped = run(Map.of(), "restart");
        assertEquals(0, fromStopped.exit(), fromStopped.all());
        long first = pid();
        assertEquals(0, run(Map.of(), "status").exit());

        Run fromRunning = run(Map.of(), "restart");
        assertEquals(0, fromRunning.exit(), fromRunning.all());
        long second = pid();
        assertAll(
                () -> assertNotEquals(first, second),
                () -> assertFalse(isOurServer(first), "the old JVM is gone"),
                () -> assertEquals(0, run(Map.of(), "status").exit()));
    }

    @Test
    @Order(3)
    void statusFailsWithinItsTimeoutWhileTheServerHangs() throws Exception {
        ensureRunning();
        long pid = pid();

        signal("STOP", pid);
        try {
            long began = System.nanoTime();
            Run hung = run(Map.of(), "status");
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertAll(
                    () -> assertEquals(4, hung.exit(), hung.all()),
                    () -> assertTrue(
                            hung.err().contains("did not answer within " + STATUS_TIMEOUT_SECONDS + " s"), hung.all()),
                    () -> assertTrue(hung.err().contains("stopped (SIGSTOP)"), hung.all()),
                    () -> assertTrue(
                            took.compareTo(Duration.ofSeconds(STATUS_TIMEOUT_SECONDS + 3)) < 0,
                            "status gave up after its timeout, took " + took));
        } finally {
            signal("CONT", pid);
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> run(Map.of(), "status").exit() == 0);
        assertEquals(pid, pid(), "the same process is healthy again");
    }

    @Test
    @Order(4)
    void restartRecoversAStoppedServer() throws Exception {
        ensureRunning();
        long hung = pid();

        signal("STOP", hung);
        Run restart;
        try {
            restart = run(Map.of(), "restart");
        } finally {
            if (isOurServer(hung)) {
                signal("CONT", hung);
            }
        }
        Run done = restart;
        assertAll(
                () -> assertEquals(0, done.exit(), done.all()),
                () -> assertTrue(done.out().contains("pid " + hung + " is stopped"), done.all()),
                () -> assertFalse(isOurServer(hung), "the hung JVM is gone"),
                () -> assertNotEquals(hung, pid()),
                () -> assertEquals(0, run(Map.of(), "status").exit()));
    }

    @Test
    @Order(5)
    void upgradeRefusesToGoOnWhenTheBackupFails() throws Exception {
        ensureRunning();
        long pid = pid();
        byte[] before = Files.readAllBytes(deployedWar);

        // a JMX port with no server behind it: jmx/opsctl --backup cannot reach the server and exits 69
        Run upgrade = run(
                Map.of("OPS_JMX_PORT", String.valueOf(freePort())),
                "upgrade",
                brokenWar().toString());
        assertAll(
                () -> assertEquals(3, upgrade.exit(), upgrade.all()),
                () -> assertTrue(upgrade.err().contains("the backup failed"), upgrade.all()),
                () -> assertArrayEquals(before, Files.readAllBytes(deployedWar), "the deployed WAR is unchanged"),
                () -> assertEquals(pid, pid(), "the server was not restarted"),
                () -> assertEquals(0, run(Map.of(), "status").exit()));
    }

    @Test
    @Order(6)
    void upgradeRollsBackAWarThatFailsItsHealthCheck() throws Exception {
        ensureRunning();
        byte[] before = Files.readAllBytes(deployedWar);
        Path broken = brokenWar();

        Run upgrade = run(Map.of(), "upgrade", broken.toString());
        boolean archived;
        try (java.util.stream.Stream<Path> backups = Files.list(home.resolve("backups"))) {
            archived = backups.anyMatch(p -> p.getFileName().toString().endsWith(".tar.gz.sha256"));
        }
        assertAll(
                () -> assertTrue(upgrade.all().contains("verified"), "a verified backup came first: " + upgrade.all()),
                () -> assertTrue(archived, "the backup and its checksum are on disk"),
                () -> assertEquals(1, upgrade.exit(), upgrade.all()),
                () -> assertTrue(
                        upgrade.err().contains("answers 404"), "the new WAR was up but not healthy: " + upgrade.all()),
                () -> assertTrue(upgrade.err().contains("rolled back: the previous WAR serves again"), upgrade.all()),
                () -> assertArrayEquals(before, Files.readAllBytes(deployedWar), "the previous WAR is back"),
                () -> assertArrayEquals(
                        Files.readAllBytes(broken),
                        Files.readAllBytes(deployedWar.resolveSibling("breakout-ops.war.failed")),
                        "the failed WAR is kept for a look"));
        assertEquals(0, run(Map.of(), "status").exit());
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"version\""), "our application answers: " + health.body());
    }

    /**
     * A server whose /api/health is DOWN (503) runs and must stay up: that is when it alerts and cleans up.
     * Thresholds that put the disk at CRITICAL from the first sample make it DOWN; an upgrade to the same WAR
     * restarts it so: start must not end it, upgrade must not roll it back, status (and the systemd watchdog's
     * status --http) must call it running. Last, since it leaves the server DOWN.
     */
    @Test
    @Order(7)
    void aServerThatIsDownIsRunningAndStaysUp() throws Exception {
        ensureRunning();
        Path thresholds = Files.createDirectories(home.resolve("state")).resolve("thresholds.properties");
        Files.writeString(thresholds, "disk.warning=0\ndisk.critical=0.01\n");
        Path same = home.resolve("same.war");
        Files.copy(deployedWar, same, StandardCopyOption.REPLACE_EXISTING);
        try {
            // a sample every second, so the server is DOWN from about its first answer on
            Run upgrade = run(Map.of("OPS_MONITOR_INTERVAL", "1s"), "upgrade", "--no-backup", same.toString());
            assertEquals(0, upgrade.exit(), upgrade.all());
            assertTrue(upgrade.out().contains("upgraded"), upgrade.all());
            long pid = pid();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> run(Map.of(), "status").err().contains("DOWN"));
            Run status = run(Map.of(), "status");
            Run watchdog = run(Map.of(), "status", "--http");
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertAll(
                    () -> assertEquals(503, health.statusCode(), health.body()),
                    () -> assertEquals(0, status.exit(), status.all()),
                    () -> assertTrue(status.err().contains("pid " + pid + ", but DOWN"), status.all()),
                    () -> assertTrue(status.err().contains("\"disk\""), "names what is down: " + status.all()),
                    () -> assertEquals(0, watchdog.exit(), "the watchdog leaves it alone: " + watchdog.all()),
                    () -> assertEquals(pid, pid()),
                    () -> assertTrue(isOurServer(pid), "still running"));
            // Whether start's own first answer was the 503 is a race of about half a second (the first sample,
            // a second after the sampler starts, against the first answer; in our runs it was). When it was,
            // start must have said so and kept the server, as checked above.
            if (upgrade.out().contains("answers 503")) {
                assertTrue(upgrade.err().contains("pid " + pid + ", but DOWN"), upgrade.all());
            }
        } finally {
            Files.deleteIfExists(thresholds);
        }
    }

    /**
     * Without curl every health check would read as "no answer", without flock every lock as "another start
     * is running": the scripts name the missing tool instead, with 69. No server is started.
     */
    @Test
    @Order(8)
    void aMissingToolIsNamed() throws Exception {
        Path withoutCurl = pathWith("bash", "dirname", "basename", "flock", "setsid");
        Path withoutFlock = pathWith("bash", "dirname", "basename", "curl", "setsid");
        Run status = run(Map.of("PATH", withoutCurl.toString()), "status");
        Run start = run(Map.of("PATH", withoutFlock.toString()), "start");
        Run runSh = run(Map.of("PATH", withoutFlock.toString()), "run.sh");
        assertAll(
                () -> assertEquals(69, status.exit(), status.all()),
                () -> assertTrue(status.err().contains("needs curl"), status.all()),
                () -> assertEquals(69, start.exit(), start.all()),
                () -> assertTrue(start.err().contains("needs flock"), start.all()),
                () -> assertEquals(69, runSh.exit(), runSh.all()),
                () -> assertTrue(runSh.err().contains("needs flock"), runSh.all()));
    }

    /** A directory for PATH holding only the named programs (links to where this PATH finds them). */
    static Path pathWith(String... programs) throws IOException {
        Path dir = Files.createTempDirectory(home, "path");
        for (String program : programs) {
            Path found = Stream.of(System.getenv("PATH").split(":"))
                    .map(d -> Path.of(d, program))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(program + " is not on PATH"));
            Files.createSymbolicLink(dir.resolve(program), found.toAbsolutePath());
        }
        return dir;
    }

    /** A valid WAR without our application: Payara deploys it, and /api/health is a 404. */
    static Path brokenWar() throws IOException {
        Path war = home.resolve("broken.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write("<h1>not breakout-ops</h1>\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return war;
    }

    static void ensureRunning() throws Exception {
        if (run(Map.of(), "status").exit() != 0) {
            Run restart = run(Map.of(), "restart");
            assertEquals(0, restart.exit(), restart.all());
        }
    }

    static void ensureStopped() throws Exception {
        Run stop = run(Map.of(), "stop");
        assertEquals(0, stop.exit(), stop.all());
    }

    /** Runs deploy/SCRIPT with the test's settings (and {@code extra} over them), as cron would. */
    static Run run(Map<String, String> extra, String script, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(REPO.resolve("deploy").resolve(script).toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, script, ".out");
        Path err = Files.createTempFile(home, script, ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.remove("OPS_HTTP_ADDRESS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("OPS_HOME", home.toString());
        env.put("OPS_HTTP_PORT", String.valueOf(httpPort));
        env.put("OPS_JMX_PORT", String.valueOf(jmxPort));
        // C1 only and the serial collector: boots about a third faster on two shared cores; test-only
        env.put("OPS_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("OPS_STATUS_TIMEOUT", String.valueOf(STATUS_TIMEOUT_SECONDS));
        env.put("OPS_START_TIMEOUT", "150");
        env.put("OPS_READY_GRACE", "8");
        env.put("OPS_STOP_TIMEOUT", "30");
        env.putAll(extra);
        Process process = builder.start();
        if (!process.waitFor(400, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("deploy/" + script + " did not end within 400 s");
        }
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        if (Files.exists(pidFile())) {
            SEEN.add(pid());
        }
        return run;
    }

    static Path pidFile() {
        return home.resolve("run/ops.pid");
    }

    static long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile()).get(0).trim());
    }

    static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether pid is a live (not zombie) Payara Micro of this test's OPS_HOME. */
    static boolean isOurServer(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            String cmdline = cmdline(pid);
            return state != 'Z'
                    && state != 'X'
                    && cmdline.contains("payara-micro")
                    && cmdline.contains("-Dops.home=" + home + " ");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGSTOP and SIGCONT, which Java cannot send, to a pid checked to be our server. */
    static void signal(String name, long pid) throws IOException, InterruptedException {
        assertTrue(isOurServer(pid), "pid " + pid + " is not our server: " + cmdline(pid));
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
