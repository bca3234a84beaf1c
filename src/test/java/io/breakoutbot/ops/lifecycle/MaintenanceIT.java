package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.ItHome.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Maintenance and Backup MXBeans of the deployed WAR, through a real remote JMX connector with the users
 * {@code deploy/run.sh} creates, and {@code jmx/opsctl} against the same server. (Backups share this
 * deployment: each deployment boots a server.)
 */
@ExtendWith(ArquillianExtension.class)
class MaintenanceIT {

    static final ObjectName NAME = name();

    @Deployment(testable = false)
    static WebArchive deployment() {
        ItHome.prepare();
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")));
    }

    static ObjectName name() {
        try {
            return new ObjectName(MaintenanceMXBean.OBJECT_NAME);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    static MaintenanceMXBean proxy(JMXConnector connector) throws IOException {
        return JMX.newMXBeanProxy(connector.getMBeanServerConnection(), NAME, MaintenanceMXBean.class);
    }

    static Path write(String name, int bytes, Instant modified) throws IOException {
        Path file = ItHome.logs().resolve(name);
        Files.writeString(file, "x".repeat(bytes), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    static Set<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(ItHome.logs())) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void adminSeesTheMBeanWithItsSettingsAndSchedules() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MBeanServerConnection server = admin.getMBeanServerConnection();
            MaintenanceMXBean maintenance = proxy(admin);
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<ScheduleInfo> schedules = maintenance.getSchedules();
            Instant after = Instant.now();
            OffsetDateTime rotation = OffsetDateTime.parse(schedules.get(0).nextRun());
            Instant sizeCheck = OffsetDateTime.parse(schedules.get(2).nextRun()).toInstant();
            assertAll(
                    // the next runs are the container's timers' own, asked over JMX from outside any bean call
                    () -> assertEquals(
                            List.of(2, 0), List.of(rotation.getHour(), rotation.getMinute()), rotation::toString),
                    () -> assertTrue(rotation.toInstant().isAfter(after), rotation::toString),
                    () -> assertTrue(
                            sizeCheck.isAfter(before) && !sizeCheck.isAfter(after.plusSeconds(2)),
                            "every 2 s: " + sizeCheck + " asked between " + before + " and " + after),
                    () -> assertEquals("off", schedules.get(3).cron()),
                    () -> assertEquals("", schedules.get(3).nextRun(), "no timer, no next run"));
            assertAll(
                    () -> assertTrue(server.isRegistered(NAME)),
                    () -> assertEquals(ItHome.logs().toString(), maintenance.getLogDirectory()),
                    () -> assertEquals(7, server.getAttribute(NAME, "Backups"), "from ops.properties"),
                    () -> assertEquals("50MB", maintenance.getMaxTotalSize()),
                    () -> assertTrue(server.getMBeanInfo(NAME).getDescription().startsWith("Log lifecycle")),
                    () -> assertEquals(
                            "days",
                            operation(server, "cleanup").getSignature()[0].getName()),
                    () -> assertEquals(
                            List.of("rotation", "retention", "sizeCheck", "archive"),
                            maintenance.getSchedules().stream()
                                    .map(ScheduleInfo::job)
                                    .toList()),
                    () -> assertEquals(
                            "*/2 * * * * *", maintenance.getSchedules().get(2).cron()));
        }
    }

    static javax.management.MBeanOperationInfo operation(MBeanServerConnection server, String name) throws Exception {
        for (var op : server.getMBeanInfo(NAME).getOperations()) {
            if (op.getName().equals(name)) {
                return op;
            }
        }
        throw new AssertionError("no operation " + name);
    }

    @Test
    void readerReadsButIsRefusedCleanupAndChanges() throws Exception {
        write(
                "reader-" + UUID.randomUUID() + ".log.20261001-000000.000.gz",
                10,
                Instant.now().minus(Duration.ofDays(60)));
        Set<String> before = listing();
        try (JMXConnector reader = ItHome.connect(ItHome.READER, ItHome.READER_PASSWORD)) {
            MBeanServerConnection server = reader.getMBeanServerConnection();
            assertEquals(ItHome.logs().toString(), server.getAttribute(NAME, "LogDirectory"));
            assertThrows(
                    SecurityException.class,
                    () -> server.invoke(NAME, "cleanup", new Object[] {1}, new String[] {"int"}));
            assertThrows(SecurityException.class, () -> server.setAttribute(NAME, new Attribute("Backups", 1)));
        }
        assertTrue(listing().containsAll(before), "nothing deleted");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThrows(SecurityException.class, () -> ItHome.connect(ItHome.ADMIN, "wrong"));
    }

    static JMXServiceURL url() throws IOException {
        return new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + System.getProperty("it.jmx.port") + "/jmxrmi");
    }

    static String chain(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getClass().getName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" / ");
        }
        return text.toString();
    }

    @Test
    void anonymousConnectionsAreRefused() {
        assertThrows(
                SecurityException.class,
                () -> JMXConnectorFactory.connect(url()).close());
        assertThrows(
                SecurityException.class,
                () -> JMXConnectorFactory.connect(url(), Map.of(JMXConnector.CREDENTIALS, new String[] {"", ""}))
                        .close());
    }

    /** CVE-2016-3427: credentials that are not strings were deserialized before authentication. */
    @Test
    void aMapCredentialIsRefusedBeforeItIsDeserialized() {
        Exception refused = assertThrows(
                Exception.class,
                () -> JMXConnectorFactory.connect(
                                url(),
                                Map.of(
                                        JMXConnector.CREDENTIALS,
                                        new java.util.HashMap<>(Map.of(ItHome.ADMIN, ItHome.ADMIN_PASSWORD))))
                        .close());
        assertTrue(chain(refused).contains("REJECTED"), chain(refused));
    }

    /** The JEP 290 filter: a class outside it never reaches readObject, even from the admin. */
    @Test
    void aParameterOutsideTheSerialFilterIsRefused() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MBeanServerConnection server = admin.getMBeanServerConnection();
            Exception refused = assertThrows(
                    Exception.class,
                    () -> server.invoke(NAME, "rotate", new Object[] {new java.io.File("general.log")}, new String[] {
                        String.class.getName()
                    }));
            assertTrue(chain(refused).contains("REJECTED"), chain(refused));
            // an allowed type on the same connection still works
            assertEquals(ItHome.logs().toString(), server.getAttribute(NAME, "LogDirectory"));
        }
    }

    /** Every operation and every writable attribute of every MBean of ours, the backup's included once it lands. */
    @Test
    void readonlyUserIsRefusedEveryOperationAndEveryChange() throws Exception {
        try (JMXConnector reader = ItHome.connect(ItHome.READER, ItHome.READER_PASSWORD)) {
            MBeanServerConnection server = reader.getMBeanServerConnection();
            Set<ObjectName> ours = server.queryNames(new ObjectName("io.breakoutbot.ops:*"), null);
            assertTrue(ours.size() >= 4, ours::toString);
            int refused = 0;
            for (ObjectName name : ours) {
                javax.management.MBeanInfo info = server.getMBeanInfo(name);
                for (javax.management.MBeanOperationInfo op : info.getOperations()) {
                    Object[] args = java.util.Arrays.stream(op.getSignature())
                            .map(p -> sample(p.getType()))
                            .toArray();
                    String[] types = java.util.Arrays.stream(op.getSignature())
                            .map(p -> p.getType())
                            .toArray(String[]::new);
                    assertThrows(
                            SecurityException.class,
                            () -> server.invoke(name, op.getName(), args, types),
                            name + " " + op.getName());
                    refused++;
                }
                for (javax.management.MBeanAttributeInfo attribute : info.getAttributes()) {
                    if (attribute.isWritable()) {
                        Object value = server.getAttribute(name, attribute.getName());
                        assertThrows(
                                SecurityException.class,
                                () -> server.setAttribute(name, new Attribute(attribute.getName(), value)),
                                name + " " + attribute.getName());
                        refused++;
                    }
                }
            }
            assertTrue(refused >= 20, "operations and attributes tried: " + refused);
        }
    }

    static Object sample(String type) {
        return switch (type) {
            case "int", "java.lang.Integer" -> 1;
            case "long", "java.lang.Long" -> 1L;
            case "double", "java.lang.Double" -> 1.0;
            case "boolean", "java.lang.Boolean" -> false;
            case "java.lang.String" -> "x";
            default -> null;
        };
    }

    @Test
    void cleanupRemovesWhatThePreviewListedAndNothingElse() throws Exception {
        String log = "bot-" + UUID.randomUUID() + ".log";
        Instant now = Instant.now();
        write(log, 100, now.minus(Duration.ofDays(400)));
        String old = log + ".20261001-000000.000.gz";
        String older = log + ".20260901-000000.000.gz";
        String recent = log + ".20261127-000000.000.gz";
        write(old, 100, now.minus(Duration.ofDays(20)));
        write(older, 100, now.minus(Duration.ofDays(40)));
        write(recent, 100, now.minus(Duration.ofDays(1)));
        write("notes-" + UUID.randomUUID() + ".txt", 100, now.minus(Duration.ofDays(400)));

        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MaintenanceMXBean maintenance = proxy(admin);
            Set<String> before = listing();
            SweepResult preview = maintenance.cleanupPreview(7);
            assertEquals(before, listing(), "a preview deletes nothing");
            Set<String> listed =
                    preview.removed().stream().map(RemovedFile::name).collect(Collectors.toSet());
            assertTrue(listed.containsAll(Set.of(old, older)), listed::toString);

            SweepResult cleanup = maintenance.cleanup(7);

            Set<String> removed =
                    cleanup.removed().stream().map(RemovedFile::name).collect(Collectors.toSet());
            Set<String> expected = new TreeSet<>(before);
            expected.removeAll(listed);
            assertAll(
                    () -> assertEquals(listed, removed),
                    () -> assertTrue(listing().containsAll(expected), "everything not listed is still there"),
                    () -> assertTrue(listing().stream().noneMatch(listed::contains), "everything listed is gone"),
                    () -> assertTrue(listing().contains(recent)),
                    () -> assertTrue(listing().contains(log), "the active file stays, however old"));
        }
        // cleanup is audited with its actor
        ItHome.awaitLogged("audit.log", "\"actor\":\"ops-admin\",\"action\":\"cleanup\"");
    }

    @Test
    void badArgumentsGetASentenceAndDeleteNothing() throws Exception {
        write(
                "bad-" + UUID.randomUUID() + ".log.20261001-000000.000.gz",
                10,
                Instant.now().minus(Duration.ofDays(60)));
        Set<String> before = listing();
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MaintenanceMXBean maintenance = proxy(admin);
            Map<String, org.junit.jupiter.api.function.Executable> calls = Map.of(
                    "Days must be from 1 to 3650 (ten years), not -1.",
                    () -> maintenance.cleanup(-1),
                    "Days must be from 1 to 3650 (ten years), not 100000.",
                    () -> maintenance.cleanup(100000),
                    "'../../etc/passwd' is not a log file name: give the name of a log in " + ItHome.logs()
                            + ", without a directory.",
                    () -> maintenance.rotate("../../etc/passwd"),
                    "Backups to keep must be from 1 to 1000, not 0.",
                    () -> maintenance.setBackups(0));
            for (var call : calls.entrySet()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call.getValue());
                assertEquals(call.getKey(), e.getMessage());
            }
            IllegalArgumentException unknown =
                    assertThrows(IllegalArgumentException.class, () -> maintenance.rotate("no-such.log"));
            assertTrue(
                    unknown.getMessage().startsWith("There is no log named 'no-such.log' in "), unknown.getMessage());
        }
        assertEquals(before, listing(), "nothing deleted or rotated");
    }

    @Test
    void rotateNowRollsOurFilesThroughLogbackAndOthersByRename() throws Exception {
        String bot = "rot-" + UUID.randomUUID() + ".log";
        Files.writeString(ItHome.logs().resolve(bot), "line 1\nline 2\n");
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            // Only non-empty logs rotate, and another test may just have rotated audit.log: an audited
            // change (unchanged value) writes a line to it first.
            MaintenanceMXBean maintenance = proxy(admin);
            maintenance.setBackups(maintenance.getBackups());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.size(ItHome.logs().resolve("audit.log")) > 0);
            RotationResult result = maintenance.rotateNow();

            String ours = result.rotated().stream()
                    .filter(r -> r.startsWith("audit.log (by logback) -> "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(result.rotated().toString()));
            String generation = ours.substring(ours.lastIndexOf(' ') + 1);
            String theirs = result.rotated().stream()
                    .filter(r -> r.startsWith(bot + " -> "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(result.rotated().toString()));
            assertAll(
                    () -> assertEquals("", Files.readString(ItHome.logs().resolve(bot)), "a new empty file"),
                    () -> assertEquals(
                            "line 1\nline 2\n",
                            Files.readString(ItHome.logs().resolve(theirs.substring(theirs.lastIndexOf(' ') + 1)))),
                    () -> await().atMost(Duration.ofSeconds(10))
                            .until(() -> Files.exists(ItHome.logs().resolve(generation + ".gz"))));
        }
        Process gzip = new ProcessBuilder("sh", "-c", "gzip -t " + ItHome.logs() + "/audit.log.*.gz").start();
        assertEquals(0, gzip.waitFor(), "every rotated audit.log is a valid gzip");
    }

    @Test
    void theSizeCheckTimerFires() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MaintenanceMXBean maintenance = proxy(admin);
            RunRecord run = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> maintenance.getLastRuns().stream()
                                    .filter(r -> r.job().equals("sizeCheck"))
                                    .findFirst()
                                    .orElse(null),
                            r -> r != null);
            assertAll(() -> assertEquals("scheduler", run.actor()), () -> assertEquals("success", run.outcome()));
        }
        // each run leaves a stats line in metrics.log
        ItHome.awaitLogged("metrics.log", "\"job\":\"sizeCheck\"");
    }

    @ArquillianResource
    URL deployed;

    java.net.http.HttpResponse<String> http(String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://127.0.0.1:" + deployed.getPort() + deployed.getPath() + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    List<jakarta.json.JsonObject> entries(String query) throws Exception {
        java.net.http.HttpResponse<String> response = http("api/logs?" + query);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body()).getJsonArray("entries").getValuesAs(jakarta.json.JsonObject.class);
    }

    /** The server writes the lines (one api.log line per request), rotates and gzips them itself. */
    @Test
    void logsApiPagesAcrossARotationWithoutDuplicatesOrGaps() throws Exception {
        String marker = "page-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            assertEquals(404, http("api/" + marker + "-" + i).statusCode());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> entries("component=api&q=" + marker).size() == 10);

        List<String> seen = new java.util.ArrayList<>();
        List<String> sources = new java.util.ArrayList<>();
        String cursor = null;
        boolean rotated = false;
        do {
            java.net.http.HttpResponse<String> response = http(
                    "api/logs?component=api&q=" + marker + "&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, response.statusCode(), response.body());
            jakarta.json.JsonObject page = json(response.body());
            page.getJsonArray("entries")
                    .getValuesAs(jakarta.json.JsonObject.class)
                    .forEach(e -> {
                        seen.add(e.getString("message").replaceAll(".*(" + marker + "-\\d).*", "$1"));
                        sources.add(e.getString("source"));
                    });
            cursor = page.containsKey("nextCursor") && !page.isNull("nextCursor") ? page.getString("nextCursor") : null;
            if (!rotated) {
                try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
                    proxy(admin).rotateNow(); // between the first and second page
                }
                rotated = true;
            }
        } while (cursor != null);

        assertEquals(10, seen.size(), seen::toString);
        assertEquals(10, Set.copyOf(seen).size(), "no entry twice: " + seen);
        assertTrue(
                sources.stream().anyMatch(s -> s.startsWith("api.log.")),
                "later pages read the rotated file: " + sources);
    }

    @Test
    void logsApiFiltersByLevelComponentTimeAndText() throws Exception {
        String marker = "filter-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        assertEquals(404, http("api/" + marker).statusCode());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> entries("q=" + marker).size() == 1);

        assertAll(
                () -> assertEquals(
                        1,
                        entries("component=api,audit&q=" + marker.toUpperCase()).size(),
                        "q ignores case"),
                () -> assertEquals(0, entries("component=audit&q=" + marker).size()),
                () -> assertEquals(
                        1,
                        entries("level=INFO&since=" + before + "&q=" + marker).size()),
                () -> assertEquals(0, entries("level=WARN&q=" + marker).size(), "a 404 is logged at INFO"),
                () -> assertEquals(0, entries("level=DEBUG,ERROR&q=" + marker).size()),
                () -> assertEquals(
                        0, entries("until=" + before + "&q=" + marker).size()),
                () -> assertTrue(entries("level=WARN&limit=1000").stream()
                        .allMatch(e -> Set.of("WARN", "ERROR").contains(e.getString("level")))));
    }

    @Test
    void logsApiAnswersBadParametersWith400NamingThem() throws Exception {
        java.util.Map<String, String> bad = java.util.Map.of(
                "limit=0",
                "limit",
                "limit=1001",
                "limit",
                "limit=ten",
                "limit",
                "since=yesterday",
                "since",
                "since=2026-11-28T10:00:00Z&until=2026-11-28T09:00:00Z",
                "since",
                "level=LOUD",
                "level",
                "level=INFO,LOUD",
                "level",
                "cursor=AAAAforged",
                "cursor");
        for (var e : bad.entrySet()) {
            java.net.http.HttpResponse<String> response = http("api/logs?" + e.getKey());
            assertEquals(400, response.statusCode(), e.getKey() + ": " + response.body());
            jakarta.json.JsonObject body = json(response.body());
            assertEquals(e.getValue(), body.getString("parameter"), e.getKey() + ": " + body);
            assertEquals(400, body.getInt("status"));
        }
    }

    @Test
    void opsctlStatsAgainstTheServer() throws Exception {
        ProcessBuilder command =
                new ProcessBuilder("jmx/opsctl", "--stats", "--user", ItHome.READER).redirectErrorStream(true);
        command.environment().put("OPS_HOME", ItHome.path().toString());
        command.environment().put("OPS_JMX_PORT", System.getProperty("it.jmx.port"));
        Process opsctl = command.start();
        String output = new String(opsctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, opsctl.waitFor(), output);
        assertTrue(output.contains("directory  " + ItHome.logs()), output);
        assertTrue(output.contains("general.log"), output);
    }

    /** The README's first steps: connect with jmx/opsctl and read the ResourceMetrics attributes. */
    @Test
    void opsctlReadsTheResourceMetrics() throws Exception {
        ProcessBuilder command = new ProcessBuilder("jmx/opsctl", "--metrics").redirectErrorStream(true);
        command.environment().put("OPS_HOME", ItHome.path().toString());
        command.environment().put("OPS_JMX_PORT", System.getProperty("it.jmx.port"));
        Process opsctl = command.start();
        String output = new String(opsctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, opsctl.waitFor(), output);
        for (String metric :
                List.of("cpu", "memory", "disk", "fds", "bot.cpu", "bot.memory", "bot.fds", "bot.threads")) {
            assertTrue(
                    output.lines()
                            .anyMatch(l ->
                                    l.startsWith(metric + " ") && l.matches(".*(OK|WARNING|CRITICAL|UNAVAILABLE).*")),
                    metric + ": " + output);
        }
        assertTrue(output.lines().anyMatch(l -> l.matches("threads +\\d+")), output);
    }

    @Test
    void backupVerifyAndDrillOverJmxShowInApiBackupsAndMetrics() throws Exception {
        Path data = ItHome.path().resolve("data").resolve("positions");
        Files.createDirectories(data);
        String marker = UUID.randomUUID().toString();
        Files.writeString(data.resolve("open-" + marker + ".json"), "{\"BTCUSDT\":0.5}");
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            io.breakoutbot.ops.backup.BackupMXBean backup = JMX.newMXBeanProxy(
                    admin.getMBeanServerConnection(),
                    new ObjectName(io.breakoutbot.ops.backup.BackupMXBean.OBJECT_NAME),
                    io.breakoutbot.ops.backup.BackupMXBean.class);
            io.breakoutbot.ops.backup.BackupRecord written = backup.backupNow();
            Path archive = Path.of(backup.getBackupDirectory()).resolve(written.name());
            Process tar = new ProcessBuilder("tar", "-tzf", archive.toString())
                    .redirectErrorStream(true)
                    .start();
            String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            io.breakoutbot.ops.backup.VerifyResult verified = backup.verify(written.name());
            io.breakoutbot.ops.backup.DrillResult drill = backup.drillNow();
            assertAll(
                    () -> assertTrue(written.verified(), written.toString()),
                    () -> assertTrue(
                            written.name().matches("bot_backup_\\d{8}_\\d{6}(_\\d+)?\\.tar\\.gz"), written.name()),
                    () -> assertEquals(0, tar.waitFor(), listing),
                    () -> assertTrue(listing.contains("data/positions/open-" + marker + ".json"), listing),
                    () -> assertTrue(
                            Files.readString(Path.of(archive + ".sha256")).endsWith(written.name() + "\n")),
                    () -> assertTrue(verified.ok(), verified.toString()),
                    () -> assertTrue(drill.ok(), drill.toString()),
                    () -> assertEquals(written.name(), drill.name(), "the drill restores the newest backup"),
                    () -> assertEquals("", backup.getLastFailure()),
                    () -> assertThrows(IllegalArgumentException.class, () -> backup.verify("../../etc/passwd")));

            jakarta.json.JsonObject view = json(http("api/backups").body());
            jakarta.json.JsonObject newest = view.getJsonArray("backups").getJsonObject(0);
            assertAll(
                    () -> assertEquals(written.name(), newest.getString("name")),
                    () -> assertTrue(newest.getBoolean("verified")),
                    () -> assertEquals(
                            drill.date(), view.getJsonObject("lastDrill").getString("date")),
                    () -> assertTrue(view.getJsonObject("lastDrill").getBoolean("ok")),
                    () -> assertEquals(
                            List.of("backup", "drill"),
                            view.getJsonArray("schedules").stream()
                                    .map(v -> v.asJsonObject().getString("job"))
                                    .toList()),
                    () -> assertTrue(
                            view.getJsonArray("schedules").stream()
                                    .allMatch(v -> OffsetDateTime.parse(
                                                    v.asJsonObject().getString("nextRun"))
                                            .toInstant()
                                            .isAfter(Instant.now().minusSeconds(5))),
                            view.getJsonArray("schedules").toString()),
                    () -> assertEquals(
                            view.getJsonArray("schedules").stream()
                                    .map(v -> v.asJsonObject().getString("nextRun"))
                                    .toList(),
                            backup.getSchedules().stream()
                                    .map(ScheduleInfo::nextRun)
                                    .toList(),
                            "JMX shows the same"));
            long taken = Instant.parse(written.created()).getEpochSecond();
            String metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://127.0.0.1:" + deployed.getPort() + "/metrics?scope=application"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body(); // Payara's, at the server's root
            assertTrue(
                    metrics.lines()
                            .anyMatch(l -> l.startsWith("ops_backup_newest_verified_timestamp_seconds")
                                    && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= taken),
                    metrics);
            assertTrue(
                    metrics.lines()
                            .anyMatch(l -> l.startsWith("ops_backup_last_success{")
                                    && l.contains("task=\"backup\"")
                                    && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) == 1),
                    metrics);
        }
    }

    @Test
    void setupReadsOpsPropertiesAgainAndRefusesABadValueAsAStartWould() throws Exception {
        Path file = ItHome.path().resolve("ops.properties");
        String before = Files.readString(file);
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MaintenanceMXBean maintenance = proxy(admin);
            Files.writeString(file, before + "ops.logs.level=LOUD\n");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, maintenance::setup);
            assertTrue(
                    refused.getMessage().contains("ops.logs.level")
                            && refused.getMessage().contains("LOUD"),
                    refused.getMessage());

            Files.writeString(file, before + "ops.logs.level=DEBUG\n");
            maintenance.setup();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(ItHome.logs().resolve("general.log"))
                            .contains("Logging reconfigured: level DEBUG"));
        } finally {
            Files.writeString(file, before);
            try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
                proxy(admin).setup();
            }
        }
    }
}
