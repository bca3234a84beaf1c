package io.breakoutbot.ops.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code jmx/opsctl} script as an operator or cron runs it, against the packaged WAR's classes and
 * without a server: exit codes, what it prints, and the files it leaves. Runs from the project root.
 */
class OpsctlIT {

    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final Pattern ROTATED = Pattern.compile("rotated (\\S+) -> (\\S+)");

    @TempDir
    Path tmp;

    record Run(int exit, List<String> out, String err) {}

    Run opsctl(String... args) throws IOException, InterruptedException {
        return opsctl(Map.of(), args);
    }

    /** With these environment variables besides OPS_HOME, which is {@code home/} in the test's directory. */
    Run opsctl(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("jmx/opsctl"));
        command.addAll(List.of(args));
        Path stderr = tmp.resolve("opsctl.stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("OPS_HOME", tmp.resolve("home").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "opsctl did not end within 60 s");
        return new Run(process.exitValue(), out.lines().toList(), Files.readString(stderr));
    }

    Path logs() throws IOException {
        return Files.createDirectories(tmp.resolve("logs"));
    }

    static Path write(Path dir, String name, String content, Instant modified) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** The directory's entries, sorted, without {@code .summaries/}: the generations' summaries, not a log. */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(".summaries"))
                    .sorted()
                    .toList();
        }
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    /** Built, the script hands --help to picocli: the actions, every option and the exit codes. */
    @Test
    void helpExitsZeroAndShowsTheActionsTheOptionsAndTheExitCodes() throws Exception {
        Run run = opsctl("--help");

        assertAll(
                () -> assertEquals(0, run.exit(), run.err()),
                () -> assertEquals("usage: opsctl ACTION [OPTIONS]", run.out().get(0)),
                () -> assertTrue(
                        run.out().contains("Actions (give one):"), run.out().toString()),
                () -> assertTrue(
                        run.out().stream().anyMatch(l -> l.matches(" +--cleanup +the log cleanup: .*")),
                        run.out().toString()),
                () -> assertTrue(
                        run.out().stream().anyMatch(l -> l.matches(" +--dry-run +--restore: .*")),
                        run.out().toString()),
                () -> assertTrue(
                        run.out().contains("Exit codes (sysexits.h):"),
                        run.out().toString()),
                () -> assertTrue(
                        run.out().stream().anyMatch(l -> l.matches(" +75 +busy: .*")),
                        run.out().toString()),
                () -> assertEquals("", run.err()));
    }

    /**
     * Before the first build the script prints its own header rather than building the WAR just to show help: the
     * header is the same command lines, and says where the rest is.
     */
    @Test
    void helpBeforeTheFirstBuildIsTheScriptsHeaderAndBuildsNothing() throws Exception {
        Path fresh = Files.createDirectories(tmp.resolve("fresh/jmx"));
        Files.copy(Path.of("jmx/opsctl"), fresh.resolve("opsctl"), StandardCopyOption.COPY_ATTRIBUTES);
        Process process = new ProcessBuilder(fresh.resolve("opsctl").toString(), "--help").start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();

        assertAll(
                () -> assertTrue(process.waitFor(60, TimeUnit.SECONDS)),
                () -> assertEquals(0, process.exitValue(), err),
                () -> assertTrue(lines.get(0).startsWith("Operator client for breakout-ops"), out),
                () -> assertTrue(
                        lines.stream()
                                .map(String::strip)
                                .toList()
                                .contains(
                                        "jmx/opsctl --cleanup --days 7          the log cleanup: all retention rules, age limit 7 days"),
                        out),
                // the header comment, then the pointer, and nothing of the script after it
                () -> assertEquals(
                        "over SSL when jmx/ssl-setup has written $OPS_HOME/jmx/client-ssl.properties.",
                        lines.get(lines.size() - 2)),
                () -> assertEquals(
                        "Every option and the exit codes: jmx/opsctl --help once the WAR is built (mvn package).",
                        lines.get(lines.size() - 1)),
                () -> assertEquals(17, lines.size(), out),
                () -> assertEquals("", err),
                () -> assertEquals(List.of("jmx"), names(tmp.resolve("fresh")), "no target/: nothing was built"));
    }

    /** picocli and the JSON writer load from the WAR's WEB-INF/lib and classes, as the script runs them. */
    @Test
    void offlineStatsAsJsonThroughTheScript() throws Exception {
        Path logs = logs();
        write(logs, "bot.log", "bot line\n", Instant.now().minusSeconds(60));

        Run run = opsctl("--offline", "--log-dir", logs.toString(), "--stats", "--json");

        JsonObject stats;
        try (JsonReader reader = Json.createReader(new StringReader(String.join("\n", run.out())))) {
            stats = reader.readObject();
        }
        assertAll(
                () -> assertEquals(0, run.exit(), run.err()),
                () -> assertEquals("", run.err()),
                () -> assertEquals(1, run.out().size(), run.out().toString()),
                () -> assertEquals(logs.toAbsolutePath().normalize().toString(), stats.getString("directory")),
                () -> assertEquals(9, stats.getJsonNumber("totalBytes").longValueExact()),
                () -> assertEquals(
                        "bot.log", stats.getJsonArray("logs").getJsonObject(0).getString("log")));
    }

    /** --cleanup --dry-run used to delete; now it is a usage error and every file stays. */
    @Test
    void cleanupWithDryRunExits64ThroughTheScriptAndDeletesNothing() throws Exception {
        Path logs = logs();
        String old = activeAndTenDaysOld(logs);

        Run run = opsctl("--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "7", "--dry-run");

        assertAll(
                () -> assertEquals(64, run.exit()),
                () -> assertTrue(
                        run.err()
                                .startsWith("opsctl: --dry-run does not go with --cleanup --offline; it goes with "
                                        + "--restore\nusage: opsctl ACTION"),
                        run.err()),
                () -> assertEquals(List.of(), run.out()),
                () -> assertEquals(List.of("bot.log", old), names(logs)));
    }

    @Test
    void offlineRotateMovesEachLogToAGenerationAndLeavesAnEmptyActiveFile() throws Exception {
        Path logs = logs();
        // written just now: its generation stays plain through the quiet period, a writer may still hold it
        write(logs, "bot.log", "bot line 1\nbot line 2\n", Instant.now());
        // quiet for an hour: its generation is compressed at once
        write(logs, "worker.log", "worker line\n", Instant.now().minusSeconds(3600));
        write(logs, "empty.log", "", Instant.now().minusSeconds(3600));

        Run run = opsctl("--offline", "--log-dir", logs.toString(), "--rotate");

        List<String> rotated = run.out().stream()
                .map(ROTATED::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1) + " -> " + m.group(2))
                .sorted()
                .toList();
        String bot = rotated.isEmpty() ? "" : rotated.get(0).substring("bot.log -> ".length());
        String worker = rotated.size() < 2 ? "" : rotated.get(1).substring("worker.log -> ".length());
        assertAll(
                () -> assertEquals(0, run.exit(), run.err()),
                () -> assertEquals("", run.err()),
                () -> assertEquals(2, rotated.size(), run.out().toString()),
                () -> assertTrue(bot.matches("bot\\.log\\.\\d{8}-\\d{6}\\.000"), bot),
                () -> assertTrue(worker.matches("worker\\.log\\.\\d{8}-\\d{6}\\.000"), worker),
                () -> assertTrue(
                        run.out().contains("compressed " + worker + ".gz"),
                        run.out().toString()),
                () -> assertEquals(
                        "2 rotated, 1 compressed, 0 failures",
                        run.out().get(run.out().size() - 1)),
                () -> assertEquals(4, run.out().size(), run.out().toString()),
                () -> assertEquals(
                        Set.of("bot.log", bot, "empty.log", "worker.log", worker + ".gz"), Set.copyOf(names(logs))),
                () -> assertEquals("bot line 1\nbot line 2\n", Files.readString(logs.resolve(bot))),
                () -> assertEquals(
                        "worker line\n", new String(gunzip(logs.resolve(worker + ".gz")), StandardCharsets.UTF_8)),
                () -> assertEquals(0, Files.size(logs.resolve("bot.log"))),
                () -> assertEquals(0, Files.size(logs.resolve("worker.log"))),
                () -> assertEquals(0, Files.size(logs.resolve("empty.log"))));
    }

    @Test
    void offlineCleanupDeletesTheGenerationsOlderThanTheDaysGiven() throws Exception {
        Path logs = logs();
        write(logs, "bot.log", "active\n", Instant.now().minusSeconds(60));
        Instant tenDays = Instant.now().minus(Duration.ofDays(10));
        Instant eightDays = Instant.now().minus(Duration.ofDays(8));
        Instant twoDays = Instant.now().minus(Duration.ofDays(2));
        String old = "bot.log." + STAMP.format(tenDays) + ".000";
        String older = "bot.log." + STAMP.format(eightDays) + ".000.gz";
        String recent = "bot.log." + STAMP.format(twoDays) + ".000";
        write(logs, old, "ten days ago\n", tenDays);
        write(logs, older, "eight days ago\n", eightDays);
        write(logs, recent, "two days ago\n", twoDays);
        write(logs, "README.txt", "not a log\n", Instant.now().minus(Duration.ofDays(400)));

        Run run = opsctl("--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "7");

        assertAll(
                () -> assertEquals(0, run.exit(), run.err()),
                () -> assertEquals("", run.err()),
                () -> assertEquals(List.of("README.txt", "bot.log", recent), names(logs)),
                () -> assertEquals("two days ago\n", Files.readString(logs.resolve(recent))),
                () -> assertEquals("active\n", Files.readString(logs.resolve("bot.log"))),
                () -> assertEquals(3, run.out().size(), run.out().toString()),
                () -> assertTrue(
                        run.out().stream().anyMatch(l -> l.startsWith("deleted " + old + " (13 bytes): ")),
                        run.out().toString()),
                () -> assertTrue(
                        run.out().stream().anyMatch(l -> l.startsWith("deleted " + older + " (15 bytes): ")),
                        run.out().toString()),
                () -> assertEquals(
                        "deleted 2 files, 28 bytes; 30 bytes remain in "
                                + logs.toAbsolutePath().normalize(),
                        run.out().get(2)));
    }

    /** An active log and a generation ten days old, which a cleanup with --days 7 would delete; its name. */
    static String activeAndTenDaysOld(Path logs) throws IOException {
        write(logs, "bot.log", "active\n", Instant.now().minusSeconds(60));
        String old = "bot.log." + STAMP.format(Instant.now().minus(Duration.ofDays(10))) + ".000";
        write(logs, old, "ten days ago\n", Instant.now().minus(Duration.ofDays(10)));
        return old;
    }

    /**
     * The server's settings load from WEB-INF (MicroProfile Config is not there): ops.properties, and the -Dops.* of
     * OPS_JAVA_OPTS, which the script passes on as run.sh passes them to the server, over the file.
     */
    @Test
    void offlineCleanupThroughTheScriptKeepsWhatTheServersSettingsKeep() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/logs")).getParent();
        Files.writeString(home.resolve("ops.properties"), "ops.logs.backups=1000\n");
        List<String> generations = new ArrayList<>();
        write(home.resolve("logs"), "bot.log", "active\n", Instant.now().minusSeconds(60));
        for (int day = 1; day <= 10; day++) {
            Instant at = Instant.now().minus(Duration.ofDays(day));
            generations.add("bot.log." + STAMP.format(at) + ".000");
            write(home.resolve("logs"), generations.get(day - 1), "day " + day + "\n", at);
        }

        Run byFile = opsctl("--offline", "--cleanup", "--days", "30");
        List<String> afterFile = names(home.resolve("logs"));
        Run byProperty = opsctl(
                Map.of("OPS_JAVA_OPTS", "-Xmx64m -Dops.logs.backups=3"), "--offline", "--cleanup", "--days", "30");

        assertAll(
                () -> assertEquals(0, byFile.exit(), byFile.err()),
                () -> assertEquals(11, afterFile.size(), afterFile.toString()),
                () -> assertEquals(
                        "deleted 0 files, 0 bytes; 68 bytes remain in " + home.resolve("logs"),
                        byFile.out().get(byFile.out().size() - 1)),
                () -> assertEquals(0, byProperty.exit(), byProperty.err()),
                () -> assertEquals(
                        Stream.concat(Stream.of("bot.log"), generations.subList(0, 3).stream())
                                .sorted()
                                .toList(),
                        names(home.resolve("logs"))));
    }

    /** The lock as run.sh holds it, tested through the script with the PATH an operator has. */
    @Test
    void offlineOnARunningServersDirectoryExits75ThroughTheScript() throws Exception {
        Path home = tmp.resolve("home");
        Path logs = Files.createDirectories(home.resolve("logs"));
        String old = activeAndTenDaysOld(logs);
        Path lock = Files.createDirectories(home.resolve("run")).resolve("instance.lock");
        Process server = new ProcessBuilder(
                        "bash",
                        "-c",
                        "exec 8> \"$1\" && flock -n 8 && echo held && exec sleep 60",
                        "server",
                        lock.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertEquals("held", new String(server.getInputStream().readNBytes(4), StandardCharsets.UTF_8));

            Run run = opsctl("--offline", "--cleanup", "--days", "7");

            assertAll(
                    () -> assertEquals(75, run.exit(), run.err()),
                    () -> assertEquals(
                            "opsctl: a server runs with OPS_HOME=" + home + " (it holds " + lock + ") and manages "
                                    + logs + ": use opsctl without --offline, or give --force to run anyway\n",
                            run.err()),
                    () -> assertEquals(List.of("bot.log", old), names(logs)));
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void offlineBadDaysExit65ThroughTheScriptAndDeleteNothing() throws Exception {
        Path logs = logs();
        String old = activeAndTenDaysOld(logs);

        Run run = opsctl("--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "-1");

        assertAll(
                () -> assertEquals(65, run.exit()),
                () -> assertEquals("opsctl: Days must be from 1 to 3650 (ten years), not -1.\n", run.err()),
                () -> assertEquals(List.of(), run.out()),
                () -> assertEquals(List.of("bot.log", old), names(logs)));
    }

    @Test
    void usageErrorExits64WithTheUsage() throws Exception {
        Run run = opsctl("--stats", "--cleanup");

        assertAll(
                () -> assertEquals(64, run.exit()),
                () -> assertTrue(
                        run.err()
                                .startsWith(
                                        "opsctl: give one action, not both --stats and --cleanup\nusage: opsctl ACTION"),
                        run.err()),
                () -> assertEquals(List.of(), run.out()));
    }
}
