package io.breakoutbot.ops.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.jobs.JobBusyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jmx/opsctl} in-process: exit codes, the one-line errors and the printed answers, and offline the
 * files on disk. Offline runs use the wall clock (there is no server to inject one), so files are dated
 * relative to now, far from every limit.
 */
class OpsctlTest {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    Path logs;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Opsctl cut;

    @BeforeEach
    void setUp() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        cut = new Opsctl(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("OPS_HOME", tmp.resolve("home").toString()));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> outLines() {
        return out().lines().toList();
    }

    static Instant daysAgo(long days) {
        return Instant.now().minus(Duration.ofDays(days));
    }

    Path write(String name, int bytes, Instant modified) throws IOException {
        Path file = Files.writeString(logs.resolve(name), "x".repeat(bytes), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** A generation named and dated the way the rotation leaves it. */
    String generation(String log, Instant at, int bytes, String suffix) throws IOException {
        String name = log + "." + STAMP.format(at) + ".000" + suffix;
        write(name, bytes, at);
        return name;
    }

    List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of(), "opsctl: give an action"),
                Arguments.of(List.of("--stats", "--cleanup"), "opsctl: give one action, not both --stats and --cleanup"),
                Arguments.of(List.of("--stats", "--verbose"), "opsctl: unknown argument '--verbose'"),
                Arguments.of(List.of("--cleanup", "--days"), "opsctl: --days needs a value"),
                Arguments.of(List.of("--cleanup", "--days", "--offline"), "opsctl: --days needs a value"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExit64WithOneLineAndTheUsage(List<String> args, String message) {
        int exit = cut.run(args.toArray(String[]::new));

        assertAll(
                () -> assertEquals(64, exit),
                () -> assertEquals(message + "\n" + Opsctl.USAGE_TEXT, err()),
                () -> assertEquals("", out()));
    }

    @Test
    void offlineStatsPrintTheDirectoryTotalsAndOneLinePerLog() throws IOException {
        write("api.log", 100, Instant.now().minusSeconds(3600));
        generation("api.log", daysAgo(1), 200, "");
        write("bot.log", 50, Instant.now().minusSeconds(600));
        write("notes.txt", 7, daysAgo(400));

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--stats"});

        List<String> lines = outLines();
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals("directory  " + logs.toAbsolutePath(), lines.get(0)),
                () -> assertEquals("total      357 bytes in 4 files (7 bytes in files no log pattern matches)", lines.get(1)),
                () -> assertTrue(lines.get(2).startsWith("oldest     notes.txt "), lines.get(2)),
                () -> assertTrue(lines.get(3).startsWith("newest     bot.log "), lines.get(3)),
                () -> assertEquals("freed by last cleanup  0 bytes", lines.get(4)),
                () -> assertEquals(List.of("log", "active bytes", "rotated", "rotated bytes"),
                        List.of(lines.get(5).trim().split("\\s{2,}"))),
                () -> assertEquals(List.of("api.log", "100", "1", "200"), List.of(lines.get(6).split("\\s+"))),
                () -> assertEquals(List.of("bot.log", "50", "0", "0"), List.of(lines.get(7).split("\\s+"))),
                () -> assertEquals(8, lines.size(), out()));
    }

    @Test
    void offlineCleanupDeletesExactlyTheOldRotatedGenerations() throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        write("api.log", 20, daysAgo(30));                          // active: never deleted, however old
        String tenDays = generation("bot.log", daysAgo(10), 1000, "");
        String eightDays = generation("bot.log", daysAgo(8), 400, ".gz");
        String monthOld = generation("api.log", daysAgo(30), 300, ".gz");
        String twoDays = generation("bot.log", daysAgo(2), 500, "");
        write("notes.txt", 7, daysAgo(400));                         // no log pattern: never deleted

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "7"});

        List<String> lines = outLines();
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals(List.of("api.log", "bot.log", twoDays, "notes.txt"), names()),
                () -> assertEquals(500, Files.size(logs.resolve(twoDays))),
                () -> assertEquals(4, lines.size(), out()),
                () -> assertEquals(Stream.of(monthOld, eightDays, tenDays).sorted().toList(), lines.subList(0, 3).stream()
                        .map(l -> l.split(" ")[1]).sorted().toList()),
                () -> assertTrue(lines.subList(0, 3).stream().allMatch(l -> l.startsWith("deleted ")
                        && l.endsWith(", more than 7 days ago")), out()),
                () -> assertTrue(lines.stream().anyMatch(l -> l.startsWith("deleted " + tenDays
                        + " (1000 bytes): last modified ")), out()),
                () -> assertEquals("deleted 3 files, 1700 bytes; 537 bytes remain in " + logs.toAbsolutePath(),
                        lines.get(3)));
    }

    @Test
    void offlinePreviewListsTheSameFilesAndDeletesNothing() throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        String tenDays = generation("bot.log", daysAgo(10), 1000, "");
        String twoDays = generation("bot.log", daysAgo(2), 500, "");
        List<String> before = names();

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--preview", "--days", "7"});

        List<String> lines = outLines();
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals(before, names()),
                () -> assertEquals(List.of("bot.log", tenDays, twoDays), names()),
                () -> assertEquals(2, lines.size(), out()),
                () -> assertTrue(lines.get(0).startsWith("would delete " + tenDays + " (1000 bytes): last modified "),
                        lines.get(0)),
                () -> assertEquals("would delete 1 files, 1000 bytes; 510 bytes remain in " + logs.toAbsolutePath(),
                        lines.get(1)));
    }

    @Test
    void offlineDaysOutOfRangeExit65WithTheSentenceAndDeleteNothing() throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        generation("bot.log", daysAgo(10), 1000, "");
        List<String> before = names();

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "-1"});

        assertAll(
                () -> assertEquals(65, exit),
                () -> assertEquals("opsctl: Days must be from 1 to 3650 (ten years), not -1.\n", err()),
                () -> assertEquals("", out()),
                () -> assertEquals(before, names()));
    }

    static Stream<Arguments> badOfflineArguments() {
        return Stream.of(
                Arguments.of(List.of("--offline", "--stats"), "opsctl: --offline needs --log-dir DIR"),
                Arguments.of(List.of("--offline", "--log-dir", "LOGS", "--setup"),
                        "opsctl: --setup reconfigures a running server; it has no offline form"),
                Arguments.of(List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--days", "seven"),
                        "opsctl: --days must be a whole number of days, not 'seven'."),
                Arguments.of(List.of("--offline", "--log-dir", "LOGS/missing", "--stats"),
                        "opsctl: log directory LOGS/missing does not exist"),
                Arguments.of(List.of("--offline", "--log-dir", "LOGS", "--rotate", "../etc/passwd"),
                        "opsctl: '../etc/passwd' is not a log file name: give the name of a log in LOGS, without a directory."));
    }

    @ParameterizedTest
    @MethodSource("badOfflineArguments")
    void badOfflineArgumentsExit65WithOneLine(List<String> args, String message) throws IOException {
        write("bot.log", 10, daysAgo(1));
        List<String> before = names();
        String[] resolved = args.stream().map(a -> a.replace("LOGS", logs.toString())).toArray(String[]::new);

        int exit = cut.run(resolved);

        assertAll(
                () -> assertEquals(65, exit),
                () -> assertEquals(message.replace("LOGS", logs.toString()) + "\n", err()),
                () -> assertEquals("", out()),
                () -> assertEquals(before, names()),
                () -> assertEquals(10, Files.size(logs.resolve("bot.log"))));
    }

    @Test
    void onlineWithoutACredentialsFileExit69() {
        int exit = cut.run(new String[] {"--stats"});

        assertAll(
                () -> assertEquals(69, exit),
                () -> assertEquals("opsctl: cannot read the JMX credentials file " + tmp.resolve("home/jmx/credentials")
                        + "; give --password-file or set OPS_HOME\n", err()),
                () -> assertEquals("", out()));
    }

    @Test
    void onlineWithAUserNotInTheCredentialsFileExit65() throws IOException {
        Path credentials = Files.writeString(tmp.resolve("credentials"), "# users\nops-reader r\n");

        int exit = cut.run(new String[] {"--stats", "--password-file", credentials.toString()});

        assertAll(
                () -> assertEquals(65, exit),
                () -> assertEquals("opsctl: user 'ops-admin' is not in " + credentials + "\n", err()));
    }

    @Test
    void onlineToAClosedPortExit69WithOneLine() throws IOException {
        Path credentials = Files.writeString(tmp.resolve("credentials"), "ops-admin x\n");

        // loopback port 1: nobody listens, the connection is refused at once
        int exit = cut.run(new String[] {"--cleanup", "--days", "7", "--jmx", "127.0.0.1:1",
                "--password-file", credentials.toString()});

        assertAll(
                () -> assertEquals(69, exit),
                () -> assertEquals(1, err().lines().count(), err()),
                () -> assertTrue(err().startsWith("opsctl: cannot reach the server's JMX at 127.0.0.1:1 ("), err()),
                () -> assertTrue(err().endsWith("); is it running? Use --offline --log-dir DIR without a server.\n"), err()),
                () -> assertEquals("", out()));
    }

    @Test
    void anotherRunningJobIsExit75ForMaintenanceAndBackups() {
        assertTrue(Opsctl.busy(new JobBusyException("Maintenance job 'retention'", "'cleanup' was not started")
                .overJmx().getMessage()));
        assertTrue(Opsctl.busy(new JobBusyException("Backup job 'drill since 2026-11-29T05:00:00Z'", "'backup' was not started")
                .overJmx().getMessage()));
        assertTrue(Opsctl.busy("Maintenance job 'setup' is still running, so 'cleanup' was not started; try again when it ends."),
                "the words on the wire, which opsctl of another version reads too");
        assertFalse(Opsctl.busy("the backup could not be written"));
        assertFalse(Opsctl.busy(null));
    }
}
