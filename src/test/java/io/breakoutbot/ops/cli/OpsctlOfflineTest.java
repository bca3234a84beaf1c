package io.breakoutbot.ops.cli;

import static io.breakoutbot.ops.cli.OpsctlTest.daysAgo;
import static io.breakoutbot.ops.cli.OpsctlTest.generation;
import static io.breakoutbot.ops.cli.OpsctlTest.names;
import static io.breakoutbot.ops.cli.OpsctlTest.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code opsctl --offline} on the log directory of a server's home: where the command line says nothing, the
 * server's settings ({@code $OPS_HOME/ops.properties}, {@code OPS_*}, {@code -Dops.*}) decide, and while a server
 * holds the instance lock of that home it refuses. The lock is held as {@code deploy/run.sh} holds it, by a real
 * process with flock(1); the files are real and dated relative to now.
 */
class OpsctlOfflineTest {

    /** Generations of bot.log, ten hours apart: all younger than 30 days, and 57 more than the default keeps. */
    static final int GENERATIONS = 62;

    @TempDir
    Path tmp;

    Path home;
    Path serverLogs;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> systemProperties = new HashMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** Holds the instance lock, as the server's JVM does; null when no server runs. */
    Process server;

    @BeforeEach
    void setUp() throws IOException {
        home = tmp.resolve("home");
        serverLogs = Files.createDirectories(home.resolve("logs"));
        env.put("OPS_HOME", home.toString());
        env.put("PATH", System.getenv("PATH"));
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the lock holder did not end");
        }
    }

    int opsctl(String... args) {
        out.reset();
        err.reset();
        return new Opsctl(
                        InputStream.nullInputStream(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env,
                        systemProperties)
                .run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void settings(String... lines) throws IOException {
        Files.writeString(home.resolve("ops.properties"), String.join("\n", lines) + "\n");
    }

    /** bot.log and {@link #GENERATIONS} gzipped generations of 100 bytes; their names, oldest first. */
    List<String> botLogWithGenerations(Path dir) throws IOException {
        write(dir, "bot.log", 10, Instant.now().minusSeconds(60));
        List<String> generations = new ArrayList<>();
        for (int i = GENERATIONS; i >= 1; i--) {
            generations.add(generation(dir, "bot.log", Instant.now().minus(Duration.ofHours(10L * i)), 100, ".gz"));
        }
        return generations;
    }

    /** A server's instance lock, taken as deploy/run.sh takes it and held by the process that run.sh becomes. */
    void startServer(Path serverHome) throws IOException {
        Path lock = Files.createDirectories(serverHome.resolve("run")).resolve("instance.lock");
        server = new ProcessBuilder(
                        "bash",
                        "-c",
                        "exec 8> \"$1\" && flock -n 8 && echo held && exec sleep 60",
                        "server",
                        lock.toString())
                .redirectErrorStream(true)
                .start();
        String first =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("held", first, "the stand-in server could not take " + lock);
    }

    @Test
    void cleanupKeepsWhatTheServerKeepsWithItsOpsProperties() throws IOException {
        settings("# the server keeps a thousand generations of each log", "ops.logs.backups=1000");
        List<String> generations = botLogWithGenerations(serverLogs);
        String fortyDays = generation(serverLogs, "bot.log", daysAgo(40), 100, ".gz");

        int exit = opsctl("--offline", "--cleanup", "--days", "30");

        List<String> kept = new ArrayList<>(generations);
        kept.add("bot.log");
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals(kept.stream().sorted().toList(), names(serverLogs)),
                () -> assertTrue(out().startsWith("deleted " + fortyDays + " (100 bytes): last modified "), out()),
                () -> assertTrue(
                        out().endsWith("deleted 1 files, 100 bytes; " + (GENERATIONS * 100 + 10) + " bytes remain in "
                                + serverLogs + "\n"),
                        out()));
    }

    @Test
    void anExplicitOptionWinsOverTheServersSetting() throws IOException {
        settings("ops.logs.backups=1000");
        List<String> generations = botLogWithGenerations(serverLogs);

        int exit =
                opsctl("--offline", "--log-dir", serverLogs.toString(), "--cleanup", "--days", "30", "--backups", "5");

        List<String> kept = new ArrayList<>(generations.subList(GENERATIONS - 5, GENERATIONS));
        kept.add("bot.log");
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals(kept.stream().sorted().toList(), names(serverLogs)),
                () -> assertTrue(
                        out().endsWith("deleted 57 files, 5700 bytes; 510 bytes remain in " + serverLogs + "\n"),
                        out()));
    }

    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of("the default", List.of(), Map.of(), Map.of(), 5),
                Arguments.of("the file", List.of("ops.logs.backups=1000"), Map.of(), Map.of(), 1000),
                Arguments.of(
                        "the environment over the file",
                        List.of("ops.logs.backups=1000"),
                        Map.of("OPS_LOGS_BACKUPS", "20"),
                        Map.of(),
                        20),
                Arguments.of(
                        "MicroProfile Config's other name for it",
                        List.of("ops.logs.backups=1000"),
                        Map.of("ops_logs_backups", "30"),
                        Map.of(),
                        30),
                Arguments.of(
                        "a system property over both",
                        List.of("ops.logs.backups=1000"),
                        Map.of("OPS_LOGS_BACKUPS", "20"),
                        Map.of("ops.logs.backups", "10"),
                        10));
    }

    /** The server's order of sources: system properties, then the environment, then ops.properties, then defaults. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void theSourcesCountInTheServersOrder(
            String what, List<String> file, Map<String, String> variables, Map<String, String> properties, int backups)
            throws IOException {
        settings(file.toArray(String[]::new));
        env.putAll(variables);
        systemProperties.putAll(properties);
        botLogWithGenerations(serverLogs);

        int exit = opsctl("--offline", "--preview", "--days", "30");

        String last = out().lines().reduce((a, b) -> b).orElse("");
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertTrue(
                        last.startsWith("would delete " + Math.max(GENERATIONS - backups, 0) + " files, "), out()),
                () -> assertEquals(GENERATIONS + 1, names(serverLogs).size()));
    }

    /** The size cap, its order, the rotation rules and compression are the server's too. */
    @Test
    void theSizeCapItsOrderTheRulesAndCompressionAreTheServers() throws IOException {
        settings(
                "ops.retention.maxTotalSize=2500B",
                "ops.retention.deleteFirst=worker.out,*",
                "ops.rotation.rules=*.out 1MB",
                "ops.logs.compress=false");
        write(serverLogs, "bot.out", 10, Instant.now().minusSeconds(3600));
        write(serverLogs, "worker.out", 10, Instant.now().minusSeconds(3600));
        String botOld = generation(serverLogs, "bot.out", daysAgo(3), 1000, "");
        String workerNew = generation(serverLogs, "worker.out", daysAgo(1), 1000, "");
        String workerOld = generation(serverLogs, "worker.out", daysAgo(2), 1000, "");

        int cleanup = opsctl("--offline", "--cleanup");
        String swept = out();
        int rotate = opsctl("--offline", "--rotate", "bot.out");
        String rotated = out();

        List<String> left = names(serverLogs);
        assertAll(
                () -> assertEquals(0, cleanup, err()),
                // 3020 bytes over 2500: worker.out gives first, its oldest first, although bot.out's is older
                () -> assertTrue(swept.startsWith("deleted " + workerOld + " (1000 bytes): "), swept),
                () -> assertTrue(
                        swept.endsWith("deleted 1 files, 1000 bytes; 2020 bytes remain in " + serverLogs + "\n"),
                        swept),
                () -> assertEquals(0, rotate, err()),
                // quiet for an hour, so the default would have gzipped it at once
                () -> assertTrue(rotated.endsWith("1 rotated, 0 compressed, 0 failures\n"), rotated),
                () -> assertEquals(5, left.size(), left.toString()),
                () -> assertTrue(
                        left.containsAll(List.of("bot.out", "worker.out", botOld, workerNew)), left.toString()),
                () -> assertTrue(left.stream().noneMatch(n -> n.endsWith(".gz")), left.toString()));
    }

    @Test
    void withoutLogDirItRunsOnTheServersLogDirectory() throws IOException {
        write(serverLogs, "bot.log", 42, Instant.now().minusSeconds(60));

        int exit = opsctl("--offline", "--stats");

        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertTrue(
                        out().startsWith("directory  " + serverLogs + "\ntotal      42 bytes in 1 files"), out()));
    }

    @Test
    void archivesOfTheServersLogsGoWhereTheServerPutsThem() throws IOException {
        Path elsewhere = tmp.resolve("elsewhere/archives");
        settings("ops.archive.dir=" + elsewhere);
        write(serverLogs, "bot.log", 42, Instant.now().minusSeconds(60));

        int exit = opsctl("--offline", "--archive");

        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertTrue(out().startsWith("archive " + elsewhere.resolve("logs_archive_")), out()),
                () -> assertEquals(1, names(elsewhere).size(), names(elsewhere).toString()));
    }

    @Test
    void whileAServerHoldsTheLockItRefusesWith75AndDeletesNothing() throws IOException {
        botLogWithGenerations(serverLogs);
        List<String> before = names(serverLogs);
        startServer(home);

        int exit = opsctl("--offline", "--cleanup", "--days", "30", "--backups", "1");

        Path lock = home.resolve("run/instance.lock");
        assertAll(
                () -> assertEquals(75, exit, err()),
                () -> assertEquals(
                        "opsctl: a server runs with OPS_HOME=" + home + " (it holds " + lock + ") and manages "
                                + serverLogs + ": use opsctl without --offline, or give --force to run anyway\n",
                        err()),
                () -> assertEquals("", out()),
                () -> assertEquals(before, names(serverLogs)));
    }

    /** The same directory through a link is the same directory. */
    @Test
    void aLinkToTheServersLogDirectoryIsRefusedToo() throws IOException {
        botLogWithGenerations(serverLogs);
        List<String> before = names(serverLogs);
        Path link = Files.createSymbolicLink(tmp.resolve("bot-logs"), serverLogs);
        startServer(home);

        int exit = opsctl("--offline", "--log-dir", link.toString(), "--cleanup", "--days", "30", "--backups", "1");

        assertAll(
                () -> assertEquals(75, exit, err()),
                () -> assertTrue(err().startsWith("opsctl: a server runs with OPS_HOME=" + home + " "), err()),
                () -> assertEquals(before, names(serverLogs)));
    }

    @Test
    void forceRunsAnywayWhileTheServerHoldsTheLock() throws IOException {
        List<String> generations = botLogWithGenerations(serverLogs);
        startServer(home);

        int exit = opsctl("--offline", "--cleanup", "--days", "30", "--backups", "1", "--force");

        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals(List.of("bot.log", generations.get(GENERATIONS - 1)), names(serverLogs)));
    }

    /** The server's lock says nothing about a directory it does not manage. */
    @Test
    void anUnrelatedDirectoryRunsWhileTheServerHoldsTheLock() throws IOException {
        Path unrelated = Files.createDirectories(tmp.resolve("bot/logs"));
        List<String> generations = botLogWithGenerations(unrelated);
        startServer(home);

        int exit =
                opsctl("--offline", "--log-dir", unrelated.toString(), "--cleanup", "--days", "30", "--backups", "1");

        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals(List.of("bot.log", generations.get(GENERATIONS - 1)), names(unrelated)));
    }

    /** An unrelated directory archived into the server's archive directory would take part in its pruning. */
    @Test
    void archivingIntoTheServersArchiveDirectoryIsRefusedWhileItRuns() throws IOException {
        Path unrelated = Files.createDirectories(tmp.resolve("bot/logs"));
        write(unrelated, "bot.log", 42, Instant.now().minusSeconds(60));
        Path archives = Files.createDirectories(home.resolve("archives"));
        startServer(home);

        int exit = opsctl(
                "--offline", "--log-dir", unrelated.toString(), "--archive", "--archive-dir", archives.toString());

        assertAll(
                () -> assertEquals(75, exit, err()),
                () -> assertTrue(
                        err().endsWith(") and manages " + archives
                                + ": use opsctl without --offline, or give --force to run anyway\n"),
                        err()),
                () -> assertEquals(List.of(), names(archives)));
    }

    /** The lock file stays when a server stops; nobody holds it then. */
    @Test
    void aLockNobodyHoldsIsNoServer() throws IOException, InterruptedException {
        botLogWithGenerations(serverLogs);
        startServer(home);
        server.destroyForcibly();
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));

        int exit = opsctl("--offline", "--cleanup", "--days", "30", "--backups", "1");

        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertTrue(Files.exists(home.resolve("run/instance.lock"))),
                () -> assertEquals(
                        2, names(serverLogs).size(), names(serverLogs).toString()));
    }

    @Test
    void withoutFlockItCannotTellAndSaysSoUnlessForced() throws IOException {
        botLogWithGenerations(serverLogs);
        List<String> before = names(serverLogs);
        startServer(home);
        env.put("PATH", Files.createDirectories(tmp.resolve("empty-bin")).toString());

        int refused = opsctl("--offline", "--cleanup", "--days", "30", "--backups", "1");
        String said = err();
        List<String> after = names(serverLogs);
        int forced = opsctl("--offline", "--cleanup", "--days", "30", "--backups", "1", "--force");

        assertAll(
                () -> assertEquals(69, refused),
                () -> assertEquals(
                        "opsctl: cannot tell whether a server holds " + home.resolve("run/instance.lock")
                                + ": flock is not on PATH (install util-linux), or give --force to run anyway\n",
                        said),
                () -> assertEquals(before, after),
                () -> assertEquals(0, forced, err()),
                () -> assertEquals(2, names(serverLogs).size()));
    }

    /**
     * The log directory of another home, as a forgotten OPS_HOME gives it (jmx/opsctl defaults to the
     * repository's var/): its server's settings are not the ones read, so it is refused, server or not.
     */
    @Test
    void theLogDirectoryOfAnotherHomeIsRefusedWithTheFix() throws IOException {
        Path other = tmp.resolve("other");
        Path otherLogs = Files.createDirectories(other.resolve("logs"));
        Files.createDirectories(other.resolve("run"));
        Files.writeString(other.resolve("run/instance.lock"), "");
        botLogWithGenerations(otherLogs);
        List<String> before = names(otherLogs);

        int exit = opsctl("--offline", "--log-dir", otherLogs.toString(), "--cleanup", "--days", "30");

        assertAll(
                () -> assertEquals(65, exit),
                () -> assertEquals(
                        "opsctl: " + otherLogs + " is the log directory of OPS_HOME=" + other
                                + " (it has run/instance.lock), not of OPS_HOME=" + home + ": set OPS_HOME=" + other
                                + " so that its server's settings apply\n",
                        err()),
                () -> assertEquals(before, names(otherLogs)));
    }

    @Test
    void anInvalidSettingIs78NamingItAndDeletesNothing() throws IOException {
        settings("ops.logs.backups=0");
        botLogWithGenerations(serverLogs);
        List<String> before = names(serverLogs);

        int exit = opsctl("--offline", "--cleanup", "--days", "30", "--backups", "5");

        assertAll(
                () -> assertEquals(78, exit),
                () -> assertEquals(
                        "opsctl: Invalid setting ops.logs.backups='0': must be a whole number from 1 to 1000\n", err()),
                () -> assertEquals("", out()),
                () -> assertEquals(before, names(serverLogs)));
    }
}
