package io.breakoutbot.ops.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.backup.BackupInfo;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupMXBean;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.backup.RestoreResult;
import io.breakoutbot.ops.bot.BotMXBean;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotStatus;
import io.breakoutbot.ops.bot.RestartGuard;
import io.breakoutbot.ops.jobs.JobBusyException;
import io.breakoutbot.ops.lifecycle.MaintenanceMXBean;
import io.breakoutbot.ops.lifecycle.RotationResult;
import io.breakoutbot.ops.lifecycle.SweepResult;
import io.breakoutbot.ops.monitoring.MetricState;
import io.breakoutbot.ops.monitoring.ResourceMetricsMXBean;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code jmx/opsctl} in-process: exit codes, the one-line errors and the printed answers, and offline the
 * files on disk. Offline runs use the wall clock (there is no server to inject one), so files are dated
 * relative to now, far from every limit.
 */
class OpsctlTest {

    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    Path logs;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Opsctl cut;

    @BeforeEach
    void setUp() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        cut = new Opsctl(
                new PrintStream(out, true, StandardCharsets.UTF_8),
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
        return write(logs, name, bytes, modified);
    }

    static Path write(Path dir, String name, int bytes, Instant modified) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "x".repeat(bytes), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    String generation(String log, Instant at, int bytes, String suffix) throws IOException {
        return generation(logs, log, at, bytes, suffix);
    }

    /** A generation named and dated the way the rotation leaves it. */
    static String generation(Path dir, String log, Instant at, int bytes, String suffix) throws IOException {
        String name = log + "." + STAMP.format(at) + ".000" + suffix;
        write(dir, name, bytes, at);
        return name;
    }

    List<String> names() throws IOException {
        return names(logs);
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

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of(), "opsctl: give an action"),
                Arguments.of(
                        List.of("--stats", "--cleanup"), "opsctl: give one action, not both --stats and --cleanup"),
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
                () -> assertEquals(
                        "total      357 bytes in 4 files (7 bytes in files no log pattern matches)", lines.get(1)),
                () -> assertTrue(lines.get(2).startsWith("oldest     notes.txt "), lines.get(2)),
                () -> assertTrue(lines.get(3).startsWith("newest     bot.log "), lines.get(3)),
                () -> assertEquals("freed by last cleanup  0 bytes", lines.get(4)),
                () -> assertEquals(
                        List.of("log", "active bytes", "rotated", "rotated bytes"),
                        List.of(lines.get(5).trim().split("\\s{2,}"))),
                () -> assertEquals(
                        List.of("api.log", "100", "1", "200"),
                        List.of(lines.get(6).split("\\s+"))),
                () -> assertEquals(
                        List.of("bot.log", "50", "0", "0"), List.of(lines.get(7).split("\\s+"))),
                () -> assertEquals(8, lines.size(), out()));
    }

    @Test
    void offlineCleanupDeletesExactlyTheOldRotatedGenerations() throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        write("api.log", 20, daysAgo(30)); // active: never deleted, however old
        String tenDays = generation("bot.log", daysAgo(10), 1000, "");
        String eightDays = generation("bot.log", daysAgo(8), 400, ".gz");
        String monthOld = generation("api.log", daysAgo(30), 300, ".gz");
        String twoDays = generation("bot.log", daysAgo(2), 500, "");
        write("notes.txt", 7, daysAgo(400)); // no log pattern: never deleted

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "7"});

        List<String> lines = outLines();
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals(List.of("api.log", "bot.log", twoDays, "notes.txt"), names()),
                () -> assertEquals(500, Files.size(logs.resolve(twoDays))),
                () -> assertEquals(4, lines.size(), out()),
                () -> assertEquals(
                        Stream.of(monthOld, eightDays, tenDays).sorted().toList(),
                        lines.subList(0, 3).stream()
                                .map(l -> l.split(" ")[1])
                                .sorted()
                                .toList()),
                () -> assertTrue(
                        lines.subList(0, 3).stream()
                                .allMatch(l -> l.startsWith("deleted ") && l.endsWith(", more than 7 days ago")),
                        out()),
                () -> assertTrue(
                        lines.stream()
                                .anyMatch(l -> l.startsWith("deleted " + tenDays + " (1000 bytes): last modified ")),
                        out()),
                () -> assertEquals(
                        "deleted 3 files, 1700 bytes; 537 bytes remain in " + logs.toAbsolutePath(), lines.get(3)));
    }

    @Test
    void offlineCleanupKeepsTheAuditTrailForItsDays() throws IOException {
        write("audit.log", 10, Instant.now().minusSeconds(60));
        String threeDays = generation("audit.log", daysAgo(3), 100, ".gz");
        String tenDays = generation("audit.log", daysAgo(10), 100, ".gz");

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--cleanup", "--days", "1"});

        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals(List.of("audit.log", threeDays), names()),
                () -> assertTrue(out().startsWith("deleted " + tenDays + " "), out()));
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
                () -> assertTrue(
                        lines.get(0).startsWith("would delete " + tenDays + " (1000 bytes): last modified "),
                        lines.get(0)),
                () -> assertEquals(
                        "would delete 1 files, 1000 bytes; 510 bytes remain in " + logs.toAbsolutePath(),
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
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--days", "seven"),
                        "opsctl: --days must be a whole number of days, not 'seven'."),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS/missing", "--stats"),
                        "opsctl: log directory LOGS/missing does not exist"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--rotate", "../etc/passwd"),
                        "opsctl: '../etc/passwd' is not a log file name: give the name of a log in LOGS, without a directory."));
    }

    @ParameterizedTest
    @MethodSource("badOfflineArguments")
    void badOfflineArgumentsExit65WithOneLine(List<String> args, String message) throws IOException {
        write("bot.log", 10, daysAgo(1));
        List<String> before = names();
        String[] resolved =
                args.stream().map(a -> a.replace("LOGS", logs.toString())).toArray(String[]::new);

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
                () -> assertEquals(
                        "opsctl: cannot read the JMX credentials file " + tmp.resolve("home/jmx/credentials")
                                + "; give --password-file or set OPS_HOME\n",
                        err()),
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
        int exit = cut.run(new String[] {
            "--cleanup", "--days", "7", "--jmx", "127.0.0.1:1", "--password-file", credentials.toString()
        });

        assertAll(
                () -> assertEquals(69, exit),
                () -> assertEquals(1, err().lines().count(), err()),
                () -> assertTrue(err().startsWith("opsctl: cannot reach the server's JMX at 127.0.0.1:1 ("), err()),
                () -> assertTrue(
                        err().endsWith("); is it running? Use --offline --log-dir DIR without a server.\n"), err()),
                () -> assertEquals("", out()));
    }

    @Test
    void anotherRunningJobIsExit75ForMaintenanceAndBackups() {
        assertTrue(Opsctl.busy(new JobBusyException("Maintenance job 'retention'", "'cleanup' was not started")
                .overJmx()
                .getMessage()));
        assertTrue(Opsctl.busy(
                new JobBusyException("Backup job 'drill since 2026-11-29T05:00:00Z'", "'backup' was not started")
                        .overJmx()
                        .getMessage()));
        assertTrue(
                Opsctl.busy(
                        "Maintenance job 'setup' is still running, so 'cleanup' was not started; try again when it ends."),
                "the words on the wire, which opsctl of another version reads too");
        assertFalse(Opsctl.busy("the backup could not be written"));
        assertFalse(Opsctl.busy(null));
    }

    static Stream<Arguments> optionsTheActionDoesNotTake() {
        return Stream.of(
                // a common slip: --dry-run belongs to --restore, and --cleanup used to go on and delete
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--days", "7", "--dry-run"),
                        "--dry-run does not go with --cleanup --offline; it goes with --restore"),
                Arguments.of(
                        List.of("--log-dir", "LOGS", "--cleanup", "--days", "7"),
                        "--log-dir does not go with --cleanup without --offline"),
                // there is no lock to overrule over JMX: the server runs the job
                Arguments.of(
                        List.of("--cleanup", "--days", "7", "--force"),
                        "--force does not go with --cleanup without --offline"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--target", "LOGS"),
                        "--target does not go with --cleanup --offline; it goes with --restore"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--json"),
                        "--json does not go with --cleanup --offline; it goes with --metrics, --stats, --preview, --list-backups,"
                                + " --bot-status"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--jmx", "127.0.0.1:1"),
                        "--jmx does not go with --cleanup --offline"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--archive-dir", "LOGS"),
                        "--archive-dir does not go with --cleanup --offline; it goes with --archive --offline"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--rotate", "--days", "7"),
                        "--days does not go with --rotate --offline; it goes with --cleanup, --preview"),
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--cleanup", "--role", "ops-admin"),
                        "--role does not go with --cleanup --offline; it goes with user add"),
                // 65 before the table: the offline code found it, after parsing
                Arguments.of(
                        List.of("--offline", "--log-dir", "LOGS", "--setup"),
                        "--setup reconfigures a running server; it has no offline form"));
    }

    @ParameterizedTest
    @MethodSource("optionsTheActionDoesNotTake")
    void anOptionTheActionDoesNotTakeExits64NamingBothAndDeletesNothing(List<String> args, String message)
            throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        String old = generation("bot.log", daysAgo(10), 1000, "");
        List<String> before = names();
        String[] resolved =
                args.stream().map(a -> a.replace("LOGS", logs.toString())).toArray(String[]::new);

        int exit = cut.run(resolved);

        assertAll(
                () -> assertEquals(64, exit),
                () -> assertEquals("opsctl: " + message + "\n" + Opsctl.USAGE_TEXT, err()),
                () -> assertEquals("", out()),
                () -> assertEquals(before, names()),
                () -> assertEquals(1000, Files.size(logs.resolve(old))),
                () -> assertEquals(10, Files.size(logs.resolve("bot.log"))),
                () -> assertEquals(
                        List.of("logs"),
                        Stream.of(tmp.toFile().list()).sorted().toList(),
                        "nothing written next to the logs, such as archives/"));
    }

    /** The option that picocli knows, wherever it is declared: the top level or a user command. */
    static OptionSpec spec(CommandLine model, String option) {
        OptionSpec top = model.getCommandSpec().findOption(option);
        return top != null
                ? top
                : model.getSubcommands()
                        .get("user")
                        .getSubcommands()
                        .get("add")
                        .getCommandSpec()
                        .findOption(option);
    }

    /**
     * The rule for every pair of the table: each action, online and offline, with each option it does not take is
     * a usage error that names the option and the action, found before anything runs (there is no server here,
     * and nothing to delete but the log directory's files).
     */
    @Test
    void everyOptionAnActionDoesNotTakeIsAUsageErrorNamingBoth() throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        String old = generation("bot.log", daysAgo(10), 1000, "");
        CommandLine model = cut.commandLine();
        Set<String> options = OptionTable.ROWS.values().stream()
                .flatMap(r ->
                        Stream.concat(r.online().stream(), r.offline() == null ? Stream.empty() : r.offline().stream()))
                .collect(Collectors.toCollection(TreeSet::new));
        int pairs = 0;
        for (OptionTable.Row row : OptionTable.ROWS.values()) {
            for (boolean offline : List.of(false, true)) {
                if (offline && row.offline() == null) {
                    continue;
                }
                List<String> base = new ArrayList<>(List.of(row.action().split(" ")));
                if (row.action().startsWith("user ") && !row.action().equals("user list")) {
                    base.add("bob");
                }
                if (OptionTable.ARGUMENT.containsKey(row.action())) {
                    base.add("bot_backup_20261129_040000.tar.gz");
                }
                if (row.action().equals("--restore")) {
                    base.addAll(List.of("--target", tmp.toString()));
                }
                if (offline) {
                    base.addAll(List.of("--offline", "--log-dir", logs.toString()));
                }
                for (String option : options) {
                    // --offline without --log-dir is the offline form, which says what it misses (65)
                    if (base.contains(option)
                            || row.takes(offline).contains(option)
                            || option.equals("--offline") && row.offline() != null) {
                        continue;
                    }
                    List<String> args = new ArrayList<>(base);
                    args.add(option);
                    if (spec(model, option).arity().min() > 0) {
                        args.add("x");
                    }
                    out.reset();
                    err.reset();

                    int exit = cut.run(args.toArray(String[]::new));

                    String line = err().lines().findFirst().orElse("");
                    String what = String.join(" ", args);
                    assertEquals(64, exit, what + ": " + err());
                    assertTrue(
                            line.startsWith("opsctl: ")
                                    && line.contains(row.action())
                                    && (line.contains(option)
                                            || option.equals("--offline") && line.contains("no offline form")),
                            what + ": " + line);
                    assertEquals("", out(), what);
                    pairs++;
                }
            }
        }
        assertTrue(pairs > 150, "pairs tried: " + pairs);
        assertEquals(List.of("bot.log", old), names());
    }

    /** Every option the table judges is one picocli parses, and the other way round: neither can drift. */
    @Test
    void theTableAndPicocliKnowTheSameOptions() {
        CommandLine model = cut.commandLine();
        Set<String> parsed = names(model.getCommandSpec().options());
        Set<String> tabled = new TreeSet<>();
        OptionTable.ROWS.values().stream()
                .filter(r -> OptionTable.isAction(r.action()))
                .forEach(r -> {
                    tabled.add(r.action());
                    tabled.addAll(r.online());
                    if (r.offline() != null) {
                        tabled.addAll(r.offline());
                    }
                });
        assertEquals(tabled, parsed);
        for (String verb : List.of("add", "remove", "list")) {
            CommandLine user =
                    model.getSubcommands().get("user").getSubcommands().get(verb);
            assertEquals(
                    new TreeSet<>(OptionTable.ROWS.get("user " + verb).online()),
                    names(user.getCommandSpec().options()),
                    verb);
        }
    }

    static Set<String> names(List<OptionSpec> options) {
        return options.stream()
                .map(OptionSpec::longestName)
                .filter(n -> !n.equals("--help"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void helpListsTheActionsTheOptionsAndTheExitCodes() {
        int exit = cut.run(new String[] {"--help"});

        String help = out();
        Set<Integer> codes = help.lines()
                .dropWhile(l -> !l.startsWith("Exit codes"))
                .skip(1)
                .takeWhile(l -> !l.isBlank())
                .map(l -> Integer.parseInt(l.trim().split("\\s+", 2)[0]))
                .collect(Collectors.toSet());
        assertAll(
                () -> assertEquals(0, exit),
                () -> assertEquals("", err()),
                () -> assertTrue(help.startsWith(Opsctl.USAGE_TEXT), help),
                () -> assertEquals(
                        Set.of(
                                Opsctl.OK,
                                Opsctl.USAGE,
                                Opsctl.BAD_ARGUMENT,
                                Opsctl.UNAVAILABLE,
                                Opsctl.FAILED,
                                Opsctl.BUSY,
                                Opsctl.NOT_ALLOWED,
                                Opsctl.CONFIG),
                        codes,
                        help),
                () -> assertTrue(
                        help.lines()
                                .anyMatch(l -> l.matches("  75 +busy: another maintenance or backup job is running.*")),
                        help),
                () -> assertTrue(
                        help.lines().anyMatch(l -> l.matches("  64 +usage: .*an option its action does not take")),
                        help),
                () -> assertTrue(help.lines().anyMatch(l -> l.matches("  user +the REST users.*")), help),
                () -> assertTrue(
                        OptionTable.ROWS.values().stream()
                                .filter(r -> OptionTable.isAction(r.action()))
                                .flatMap(r -> Stream.concat(Stream.of(r.action()), r.online().stream()))
                                .allMatch(o -> help.lines().anyMatch(l -> l.startsWith("      " + o + " "))),
                        help));
    }

    @Test
    void offlineStatsAsJson() throws IOException {
        write("api.log", 100, Instant.now().minusSeconds(3600));
        generation("api.log", daysAgo(1), 200, "");
        write("bot.log", 50, Instant.now().minusSeconds(600));
        write("notes.txt", 7, daysAgo(400));

        int exit = cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--stats", "--json"});

        JsonObject stats = json();
        JsonArray perLog = stats.getJsonArray("logs");
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals("", err()),
                () -> assertEquals(1, outLines().size(), out()),
                () -> assertEquals(logs.toAbsolutePath().toString(), stats.getString("directory")),
                () -> assertEquals(357, stats.getJsonNumber("totalBytes").longValueExact()),
                () -> assertEquals(4, stats.getInt("files")),
                () -> assertEquals(7, stats.getJsonNumber("unmanagedBytes").longValueExact()),
                () -> assertEquals("notes.txt", stats.getString("oldestFile")),
                () -> assertEquals("bot.log", stats.getString("newestFile")),
                () -> assertEquals(0, stats.getJsonNumber("bytesFreedLastRun").longValueExact()),
                () -> assertEquals(2, perLog.size()),
                () -> assertEquals(
                        Json.createObjectBuilder()
                                .add("log", "api.log")
                                .add("activeBytes", 100)
                                .add("rotatedFiles", 1)
                                .add("rotatedBytes", 200)
                                .build(),
                        perLog.getJsonObject(0)),
                () -> assertEquals(
                        Json.createObjectBuilder()
                                .add("log", "bot.log")
                                .add("activeBytes", 50)
                                .add("rotatedFiles", 0)
                                .add("rotatedBytes", 0)
                                .build(),
                        perLog.getJsonObject(1)));
    }

    @Test
    void offlinePreviewAsJsonListsTheFilesAndDeletesNothing() throws IOException {
        write("bot.log", 10, Instant.now().minusSeconds(60));
        String tenDays = generation("bot.log", daysAgo(10), 1000, "");
        String twoDays = generation("bot.log", daysAgo(2), 500, "");

        int exit =
                cut.run(new String[] {"--offline", "--log-dir", logs.toString(), "--preview", "--days", "7", "--json"});

        JsonObject preview = json();
        JsonArray removed = preview.getJsonArray("removed");
        assertAll(
                () -> assertEquals(0, exit, err()),
                () -> assertEquals(List.of("bot.log", tenDays, twoDays), names()),
                () -> assertEquals(1, outLines().size(), out()),
                () -> assertTrue(preview.getBoolean("preview")),
                () -> assertEquals(logs.toAbsolutePath().toString(), preview.getString("directory")),
                () -> assertEquals(1, removed.size()),
                () -> assertEquals(tenDays, removed.getJsonObject(0).getString("name")),
                () -> assertEquals("bot.log", removed.getJsonObject(0).getString("log")),
                () -> assertEquals(1000, removed.getJsonObject(0).getInt("bytes")),
                () -> assertTrue(
                        removed.getJsonObject(0).getString("reason").endsWith("more than 7 days ago"),
                        removed.toString()),
                () -> assertEquals(List.of(), preview.getJsonArray("skipped")),
                () -> assertEquals(1000, preview.getJsonNumber("bytesFreed").longValueExact()),
                () -> assertEquals(510, preview.getJsonNumber("bytesRemaining").longValueExact()));
    }

    JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(out()))) {
            return reader.readObject();
        }
    }

    /** opsctl against the stand-in server, as ops-admin with its password. */
    int online(FakeServer server, String... args) throws IOException {
        Path credentials = Files.writeString(tmp.resolve("credentials"), "ops-admin " + FakeServer.PASSWORD + "\n");
        return cut.run(Stream.concat(
                        Stream.of(args),
                        Stream.of("--jmx", server.address(), "--password-file", credentials.toString()))
                .toArray(String[]::new));
    }

    @Test
    void metricsAsJsonThroughJmxWithAnUnreadableMetricAsNull() throws Exception {
        Map<String, Object> answers = Map.of(
                "getStates",
                List.of(
                        new MetricState("cpu", "OK", 12.5, 80, 95),
                        new MetricState("fds", "UNAVAILABLE", Double.NaN, 80, 95)),
                "getThreads",
                42,
                "getHistorySize",
                360);
        try (FakeServer server = new FakeServer(answers)) {
            int exit = online(server, "--metrics", "--json");

            JsonObject metrics = json();
            JsonArray states = metrics.getJsonArray("states");
            assertAll(
                    () -> assertEquals(0, exit, err()),
                    () -> assertEquals(1, outLines().size(), out()),
                    () -> assertEquals(42, metrics.getInt("threads")),
                    () -> assertEquals(360, metrics.getInt("historySize")),
                    () -> assertEquals(2, states.size()),
                    () -> assertEquals("cpu", states.getJsonObject(0).getString("metric")),
                    () -> assertEquals("OK", states.getJsonObject(0).getString("state")),
                    () -> assertEquals(
                            12.5, states.getJsonObject(0).getJsonNumber("value").doubleValue()),
                    () -> assertEquals(
                            80, states.getJsonObject(0).getJsonNumber("warning").doubleValue()),
                    () -> assertEquals(
                            95,
                            states.getJsonObject(0).getJsonNumber("critical").doubleValue()),
                    () -> assertEquals("UNAVAILABLE", states.getJsonObject(1).getString("state")),
                    () -> assertTrue(states.getJsonObject(1).isNull("value"), states.toString()));
        }
    }

    @Test
    void listBackupsAsJsonThroughJmx() throws Exception {
        BackupListing listing = new BackupListing(
                "/srv/ops/backups",
                List.of(
                        new BackupInfo(
                                "bot_backup_20261129_040000.tar.gz", "2026-11-29T04:00:00Z", 1234, false, true, true),
                        new BackupInfo(
                                "bot_backup_20261122_040000.tar.gz.enc",
                                "2026-11-22T04:00:00Z",
                                999,
                                true,
                                false,
                                false)),
                2300);
        try (FakeServer server = new FakeServer(Map.of("list", listing))) {
            int exit = online(server, "--list-backups", "--json");

            JsonObject json = json();
            JsonArray backups = json.getJsonArray("backups");
            assertAll(
                    () -> assertEquals(0, exit, err()),
                    () -> assertEquals(1, outLines().size(), out()),
                    () -> assertEquals("/srv/ops/backups", json.getString("directory")),
                    () -> assertEquals(2300, json.getJsonNumber("totalBytes").longValueExact()),
                    () -> assertEquals(
                            Json.createObjectBuilder()
                                    .add("name", "bot_backup_20261129_040000.tar.gz")
                                    .add("created", "2026-11-29T04:00:00Z")
                                    .add("bytes", 1234)
                                    .add("encrypted", false)
                                    .add("checksum", true)
                                    .add("verified", true)
                                    .build(),
                            backups.getJsonObject(0)),
                    () -> assertTrue(backups.getJsonObject(1).getBoolean("encrypted")),
                    () -> assertFalse(backups.getJsonObject(1).getBoolean("checksum")));
        }
    }

    static BackupListing remoteListing() {
        return new BackupListing(
                "s3://ops-backups/prod/host-a/backups/",
                List.of(
                        new BackupInfo(
                                "bot_backup_20261129_040000.tar.gz.enc",
                                "2026-11-29T04:00:00Z",
                                5000,
                                true,
                                false,
                                false),
                        new BackupInfo(
                                "bot_backup_20261122_040000.tar.gz.enc",
                                "2026-11-22T04:00:00Z",
                                4000,
                                true,
                                true,
                                true),
                        new BackupInfo(
                                "bot_backup_20261115_040000.tar.gz", "2026-11-15T04:00:00Z", 3000, false, true, false)),
                12_200);
    }

    @Test
    void listBackupsRemoteShowsThisHostsCopiesNewestFirst() throws Exception {
        try (FakeServer server = new FakeServer(Map.of("listRemote", remoteListing()))) {
            int exit = online(server, "--list-backups", "--remote");

            assertAll(
                    () -> assertEquals(0, exit, err()),
                    () -> assertEquals(
                            List.of(
                                    String.format(
                                            "%-44s %14d %s",
                                            "bot_backup_20261129_040000.tar.gz.enc", 5000, "incomplete, no .sha256"),
                                    String.format(
                                            "%-44s %14d %s", "bot_backup_20261122_040000.tar.gz.enc", 4000, "verified"),
                                    String.format(
                                            "%-44s %14d %s", "bot_backup_20261115_040000.tar.gz", 3000, "not verified"),
                                    "3 remote copies, 12200 bytes in s3://ops-backups/prod/host-a/backups/"),
                            outLines()),
                    () -> assertEquals(List.of("listRemote"), server.calls, "never the local list()"));
        }
    }

    @Test
    void listBackupsRemoteAsJsonThroughJmx() throws Exception {
        try (FakeServer server = new FakeServer(Map.of("listRemote", remoteListing()))) {
            int exit = online(server, "--list-backups", "--remote", "--json");

            JsonObject json = json();
            JsonArray backups = json.getJsonArray("backups");
            assertAll(
                    () -> assertEquals(0, exit, err()),
                    () -> assertEquals(1, outLines().size(), out()),
                    () -> assertEquals("s3://ops-backups/prod/host-a/backups/", json.getString("directory")),
                    () -> assertEquals(12_200, json.getJsonNumber("totalBytes").longValueExact()),
                    () -> assertEquals(3, backups.size()),
                    () -> assertEquals(
                            Json.createObjectBuilder()
                                    .add("name", "bot_backup_20261122_040000.tar.gz.enc")
                                    .add("created", "2026-11-22T04:00:00Z")
                                    .add("bytes", 4000)
                                    .add("encrypted", true)
                                    .add("checksum", true)
                                    .add("verified", true)
                                    .build(),
                            backups.getJsonObject(1)),
                    () -> assertFalse(backups.getJsonObject(0).getBoolean("checksum")));
        }
    }

    @Test
    void listBackupsRemoteWithoutARemoteIsExit65WithTheServersSentence() throws Exception {
        IllegalArgumentException none = new IllegalArgumentException(
                "No remote is configured: set ops.remote.url (s3://bucket/prefix) to keep copies off this host.");
        try (FakeServer server = new FakeServer(Map.of("listRemote", none))) {
            int exit = online(server, "--list-backups", "--remote");

            assertAll(
                    () -> assertEquals(65, exit),
                    () -> assertEquals("opsctl: " + none.getMessage() + "\n", err()),
                    () -> assertEquals("", out()));
        }
    }

    static RestoreResult restored(boolean ok, String message) {
        return new RestoreResult(
                "bot_backup_20261122_040000.tar.gz.enc",
                "/srv/ops",
                false,
                ok,
                ok ? 12 : 0,
                ok ? 3 : 0,
                0,
                ok ? 4096 : 0,
                250,
                List.of(),
                "",
                message);
    }

    @Test
    void restoreFromRemoteRestoresTheRemoteCopyIntoTheAbsoluteTarget() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("restored"));
        RestoreResult ok = restored(true, "restored 12 files into " + target);
        try (FakeServer server = new FakeServer(Map.of("restoreFromRemote", ok))) {
            int exit = online(
                    server,
                    "--restore",
                    "bot_backup_20261122_040000.tar.gz.enc",
                    "--from-remote",
                    "--target",
                    tmp.resolve("restored/../restored").toString(),
                    "--dry-run");

            assertAll(
                    () -> assertEquals(0, exit, err()),
                    () -> assertEquals("ok restored 12 files into " + target + "\n", out()),
                    () -> assertEquals(
                            List.of("restoreFromRemote[bot_backup_20261122_040000.tar.gz.enc, " + target + ", true]"),
                            server.calls,
                            "the remote restore, never the local one"));
        }
    }

    /** A remote copy that does not match its .sha256 is never restored: the server says so and cron hears 70. */
    @Test
    void restoreFromRemoteWithAChecksumMismatchExits70() throws Exception {
        RestoreResult refused = restored(
                false,
                "bot_backup_20261122_040000.tar.gz.enc does not match its .sha256 in s3://ops-backups/prod/host-a/;"
                        + " nothing was restored");
        try (FakeServer server = new FakeServer(Map.of("restoreFromRemote", refused))) {
            int exit = online(
                    server,
                    "--restore",
                    "bot_backup_20261122_040000.tar.gz.enc",
                    "--from-remote",
                    "--target",
                    tmp.toString());

            assertAll(
                    () -> assertEquals(70, exit, err()),
                    () -> assertEquals("FAILED " + refused.message() + "\n", out()),
                    () -> assertEquals(
                            List.of("restoreFromRemote[bot_backup_20261122_040000.tar.gz.enc, " + tmp + ", false]"),
                            server.calls));
        }
    }

    @Test
    void drillRemoteExits0OnlyWhenTheDrillPassed() throws Exception {
        DrillResult passed = new DrillResult(
                "s3://ops-backups/prod/host-a/backups/bot_backup_20261122_040000.tar.gz.enc",
                "2026-12-01T05:00:00Z",
                true,
                1500,
                12,
                4096,
                "restored 12 files, every checksum matched");
        DrillResult none = new DrillResult(
                "s3://ops-backups/prod/host-a/",
                "2026-12-01T05:00:00Z",
                false,
                0,
                0,
                0,
                "no complete remote copy to drill in s3://ops-backups/prod/host-a/");
        try (FakeServer server = new FakeServer(Map.of("drillRemote", passed))) {
            assertEquals(0, online(server, "--drill", "--remote"), err());
            assertEquals("ok restored 12 files, every checksum matched (1500 ms)\n", out());
            assertEquals(List.of("drillRemote"), server.calls, "never the local drillNow()");
        }
        out.reset();
        try (FakeServer server = new FakeServer(Map.of("drillRemote", none))) {
            assertEquals(70, online(server, "--drill", "--remote"), err());
            assertEquals("FAILED no complete remote copy to drill in s3://ops-backups/prod/host-a/ (0 ms)\n", out());
        }
    }

    static Stream<Arguments> remoteOptionsElsewhere() {
        return Stream.of(
                Arguments.of(
                        List.of("--backup", "--remote"),
                        "--remote does not go with --backup; it goes with --list-backups, --drill"),
                Arguments.of(
                        List.of("--restore", "bot_backup_20261122_040000.tar.gz", "--target", "/srv/ops", "--remote"),
                        "--remote does not go with --restore; it goes with --list-backups, --drill"),
                Arguments.of(
                        List.of("--list-backups", "--from-remote"),
                        "--from-remote does not go with --list-backups; it goes with --restore"),
                Arguments.of(
                        List.of("--drill", "--from-remote"),
                        "--from-remote does not go with --drill; it goes with --restore"),
                Arguments.of(
                        List.of("--verify", "bot_backup_20261122_040000.tar.gz", "--remote"),
                        "--remote does not go with --verify; it goes with --list-backups, --drill"));
    }

    /** --remote and --from-remote are refused, never ignored, where they do not belong: the server is not asked. */
    @ParameterizedTest
    @MethodSource("remoteOptionsElsewhere")
    void aRemoteOptionOnAnotherActionIsRefusedBeforeTheServerIsAsked(List<String> args, String message)
            throws Exception {
        try (FakeServer server = new FakeServer(Map.of())) {
            int exit = online(server, args.toArray(String[]::new));

            assertAll(
                    () -> assertEquals(64, exit),
                    () -> assertEquals("opsctl: " + message + "\n" + Opsctl.USAGE_TEXT, err()),
                    () -> assertEquals("", out()),
                    () -> assertEquals(List.of(), server.calls));
        }
    }

    /** The same slip against a server: refused before the cleanup is asked for. */
    @Test
    void cleanupWithDryRunIsRefusedBeforeTheServerIsAsked() throws Exception {
        SweepResult none = new SweepResult("/logs", "2026-12-04T00:00:00Z", false, List.of(), List.of(), 0, 0);
        try (FakeServer server = new FakeServer(Map.of("cleanup", none))) {
            int refused = online(server, "--cleanup", "--days", "7", "--dry-run");
            List<String> before = List.copyOf(server.calls);
            int ran = online(server, "--cleanup", "--days", "7");

            assertAll(
                    () -> assertEquals(64, refused),
                    () -> assertTrue(
                            err().startsWith("opsctl: --dry-run does not go with --cleanup; it goes with --restore\n"),
                            err()),
                    () -> assertEquals(List.of(), before, "nothing was asked of the server"),
                    () -> assertEquals(0, ran, err()),
                    () -> assertEquals(List.of("cleanup[7]"), server.calls));
        }
    }

    /** Without --days the server's own age limit applies, as offline, not a number opsctl made up. */
    @Test
    void cleanupWithoutDaysAsksTheServerForItsAgeLimit() throws Exception {
        SweepResult none = new SweepResult("/logs", "2026-12-04T00:00:00Z", false, List.of(), List.of(), 0, 0);
        try (FakeServer server = new FakeServer(Map.of("getMaxAgeDays", 30, "cleanup", none, "cleanupPreview", none))) {
            int cleanup = online(server, "--cleanup");
            int preview = online(server, "--preview");

            assertAll(
                    () -> assertEquals(0, cleanup, err()),
                    () -> assertEquals(0, preview, err()),
                    () -> assertEquals(
                            List.of("getMaxAgeDays", "cleanup[30]", "getMaxAgeDays", "cleanupPreview[30]"),
                            server.calls));
        }
    }

    @Test
    void anotherRunningJobOnTheServerIsExit75WithItsSentence() throws Exception {
        IllegalStateException busy = new JobBusyException(
                        "Backup job 'drill since 2026-11-29T05:00:00Z'", "'backup' was not started")
                .overJmx();
        try (FakeServer server = new FakeServer(Map.of("backupNow", busy))) {
            int exit = online(server, "--backup");

            assertAll(
                    () -> assertEquals(75, exit),
                    () -> assertEquals("opsctl: " + busy.getMessage() + "\n", err()),
                    () -> assertEquals("", out()));
        }
    }

    static BotState botState(BotStatus status, String reason) {
        return new BotState(
                status,
                reason,
                4242,
                status != BotStatus.DOWN,
                200,
                12,
                "ok",
                "2026-12-04T10:00:00Z",
                status == BotStatus.DOWN ? 2 : 0,
                1,
                "2026-12-04T09:00:00Z",
                0,
                "exit code 0 after 1.5 s",
                "",
                RestartGuard.ACTIVE,
                false,
                "",
                3.5,
                50_000_000,
                7,
                12,
                1024);
    }

    @Test
    void aRotationWithAFailureExits70AndSaysWhich() throws Exception {
        RotationResult partly = new RotationResult(
                "2026-12-04T10:00:00Z",
                List.of("bot.log -> bot.log.1"),
                List.of(),
                List.of("worker.log: permission denied"),
                List.of());
        try (FakeServer server = new FakeServer(Map.of("rotateNow", partly))) {
            int exit = online(server, "--rotate");

            assertAll(
                    () -> assertEquals(70, exit, err()),
                    () -> assertEquals(
                            List.of(
                                    "rotated bot.log -> bot.log.1",
                                    "failed worker.log: permission denied",
                                    "1 rotated, 0 compressed, 1 failures"),
                            outLines()));
        }
    }

    @Test
    void botStatusPrintsTheState() throws Exception {
        BotState up = botState(BotStatus.UP, "http://127.0.0.1:8000/api/health answered HTTP 200 in 12 ms");
        try (FakeServer server = new FakeServer(Map.of("getState", up))) {
            int exit = online(server, "--bot-status");

            assertAll(
                    () -> assertEquals(0, exit, err()),
                    () -> assertEquals(
                            List.of(
                                    "bot      UP: http://127.0.0.1:8000/api/health answered HTTP 200 in 12 ms",
                                    "process  pid 4242, cpu 3.5%, resident 50000000 bytes, 7 threads, 12 open files",
                                    "http     200 in 12 ms, status ok",
                                    "checked  2026-12-04T10:00:00Z, 0 failed in a row",
                                    "restarts 1, ACTIVE; last 2026-12-04T09:00:00Z: exit code 0 after 1.5 s"),
                            outLines()));
        }
    }

    @Test
    void botStatusAsJsonExits70WhenTheBotIsDown() throws Exception {
        BotState down =
                botState(BotStatus.DOWN, "pid 4242 is stopped (SIGSTOP or a debugger): alive but not answering");
        try (FakeServer server = new FakeServer(Map.of("getState", down))) {
            int exit = online(server, "--bot-status", "--json");

            JsonObject json = json();
            assertAll(
                    () -> assertEquals(70, exit, err()),
                    () -> assertEquals("DOWN", json.getString("status")),
                    () -> assertEquals(2, json.getInt("consecutiveFailures")),
                    () -> assertEquals("ACTIVE", json.getString("restartGuard")));
        }
    }

    @Test
    void botRestartExits0OnlyWhenTheCommandDid() throws Exception {
        try (FakeServer server =
                new FakeServer(Map.of("restartNow", "Bot restarted: exit code 0 after 1.0 s; output: started"))) {
            assertEquals(0, online(server, "--bot-restart"), err());
            assertEquals("Bot restarted: exit code 0 after 1.0 s; output: started\n", out());
        }
        try (FakeServer server = new FakeServer(
                Map.of("restartNow", "Bot restart failed: exit code 1 after 0.1 s; output: no config"))) {
            assertEquals(70, online(server, "--bot-restart"), err());
        }
        IllegalStateException busy =
                new JobBusyException("The bot's restart command", "another restart was not started").overJmx();
        try (FakeServer server = new FakeServer(Map.of("restartNow", busy, "resumeRestarts", "resumed"))) {
            int exit = online(server, "--bot-restart");
            int resumed = online(server, "--bot-resume");

            assertAll(
                    () -> assertEquals(75, exit),
                    () -> assertTrue(err().startsWith("opsctl: " + busy.getMessage() + "\n"), err()),
                    () -> assertEquals(0, resumed, err()),
                    () -> assertEquals(List.of("restartNow", "resumeRestarts"), server.calls));
        }
    }

    /**
     * A real RMI connector on loopback that checks the password as the server's does, with stand-ins for its three
     * MXBeans: each answers the operations named in {@code answers} (a RuntimeException is thrown) and records calls.
     */
    static final class FakeServer implements AutoCloseable {

        static final String PASSWORD = "fake-server-password";

        final List<String> calls = new CopyOnWriteArrayList<>();
        private final Registry registry;
        private final JMXConnectorServer connector;
        private final int port;

        FakeServer(Map<String, Object> answers) throws Exception {
            MBeanServer beans = MBeanServerFactory.newMBeanServer();
            register(beans, ResourceMetricsMXBean.OBJECT_NAME, ResourceMetricsMXBean.class, answers);
            register(beans, BackupMXBean.OBJECT_NAME, BackupMXBean.class, answers);
            register(beans, MaintenanceMXBean.OBJECT_NAME, MaintenanceMXBean.class, answers);
            register(beans, BotMXBean.OBJECT_NAME, BotMXBean.class, answers);
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            registry = LocateRegistry.createRegistry(port);
            JMXAuthenticator passwords = credentials -> {
                if (credentials instanceof String[] c
                        && c.length == 2
                        && "ops-admin".equals(c[0])
                        && PASSWORD.equals(c[1])) {
                    return new Subject();
                }
                throw new SecurityException("wrong user or password");
            };
            connector = JMXConnectorServerFactory.newJMXConnectorServer(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"),
                    Map.of(JMXConnectorServer.AUTHENTICATOR, passwords),
                    beans);
            connector.start();
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        private <T> void register(MBeanServer beans, String name, Class<T> type, Map<String, Object> answers)
                throws Exception {
            T standIn = type.cast(Proxy.newProxyInstance(
                    type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "toString" -> {
                                return type.getSimpleName() + " stand-in";
                            }
                            default -> {
                                calls.add(method.getName() + (args == null ? "" : Arrays.toString(args)));
                                Object answer = answers.get(method.getName());
                                if (answer instanceof RuntimeException e) {
                                    throw e;
                                }
                                if (answer == null) {
                                    throw new UnsupportedOperationException(
                                            method.getName() + " is not part of this test");
                                }
                                return answer;
                            }
                        }
                    }));
            beans.registerMBean(new StandardMBean(standIn, type, true), new ObjectName(name));
        }

        @Override
        public void close() throws Exception {
            connector.stop();
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }
}
