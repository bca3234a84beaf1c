package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MDC;

class LogPipelineTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T17:43:29Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    LoggerContext context = new LoggerContext();
    PlainThreads threads = new PlainThreads();
    LogPipeline cut;

    @AfterEach
    void stop() {
        MDC.clear();
        if (cut != null) {
            cut.stop();
        }
    }

    void start(long maxFileSize, int backups, boolean compress) {
        context.setMDCAdapter(MDC.getMDCAdapter());
        cut = LogPipeline.start(
                context,
                new LogSettings(dir, Level.DEBUG, maxFileSize, backups, compress, 1024, false, 7),
                CLOCK,
                threads);
    }

    Logger logger(String name) {
        return context.getLogger(name);
    }

    List<JsonObject> lines(String file) throws IOException {
        List<JsonObject> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8)) {
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                parsed.add(reader.readObject());
            }
        }
        return parsed;
    }

    List<String> messages(String file) throws IOException {
        return lines(file).stream().map(o -> o.getString("message")).toList();
    }

    @Test
    void theWriterAndEachFilesHousekeepingRunOnThreadsFromTheFactoryHandedIn() {
        start(1 << 20, 5, true);

        assertEquals(
                Set.of(
                        "log-queue",
                        "log-housekeeping-api.log",
                        "log-housekeeping-errors.log",
                        "log-housekeeping-general.log",
                        "log-housekeeping-metrics.log",
                        "log-housekeeping-audit.log"),
                Set.copyOf(threads.names()));
        assertEquals(6, threads.names().size(), "one each: " + threads.names());
    }

    @Test
    void errorFromApiLandsInErrorsLogOnly() throws IOException {
        start(1 << 20, 5, false);
        logger("io.breakoutbot.ops.api.RequestLog").error("upstream failed");
        cut.stop();

        assertAll(
                () -> assertEquals(List.of("upstream failed"), messages("errors.log")),
                () -> assertEquals(List.of(), messages("api.log")),
                () -> assertEquals(List.of(), messages("general.log")),
                () -> assertEquals(List.of(), messages("metrics.log")),
                () -> assertEquals("api", lines("errors.log").get(0).getString("component")));
    }

    @Test
    void eachComponentGoesToItsFile() throws IOException {
        start(1 << 20, 5, false);
        logger("io.breakoutbot.ops.api.RequestLog").info("api by package");
        logger("api").warn("api by logger name");
        logger("io.breakoutbot.ops.monitoring.Sampler").info("monitoring");
        logger("metrics").info("metrics by logger name");
        logger("io.breakoutbot.ops.lifecycle.Sweep").info("lifecycle");
        logger("oshi.hardware.CentralProcessor").info("third party");
        logger("io.breakoutbot.ops.logs.X").error("error from logs");
        MDC.put("component", "Metrics");
        logger("io.breakoutbot.ops.backup.Writer").info("metrics by MDC");
        cut.stop();

        assertAll(
                () -> assertEquals(List.of("api by package", "api by logger name"), messages("api.log")),
                () -> assertEquals(
                        List.of("monitoring", "metrics by logger name", "metrics by MDC"), messages("metrics.log")),
                () -> assertEquals(List.of("lifecycle", "third party"), messages("general.log")),
                () -> assertEquals(List.of("error from logs"), messages("errors.log")),
                () -> assertEquals(
                        List.of("lifecycle", "general"),
                        lines("general.log").stream()
                                .map(o -> o.getString("component"))
                                .toList()),
                () -> assertEquals("metrics", lines("metrics.log").get(2).getString("component")));
    }

    @Test
    void auditTrailLandsInAuditLogWhateverItsLevelOrTheCallersComponent() throws IOException {
        start(1 << 20, 5, false);
        Audit audit = new Audit(logger("io.breakoutbot.ops.audit.Audit"));
        MDC.put("component", "api"); // a request thread, as a REST login failure is audited
        audit.record(
                new AuditEntry("mallory", "login", "rest", Map.of("remote", "10.0.0.9"), "failure: wrong credentials"));
        logger("io.breakoutbot.ops.api.RequestLog").info("GET /api/logs 401");
        MDC.remove("component");
        audit.record(new AuditEntry("alice", "cleanup", "/var/logs", Map.of("days", 3), "success"));
        cut.stop();

        List<JsonObject> audited = lines("audit.log");
        assertAll(
                () -> assertEquals(
                        List.of("mallory login rest: failure: wrong credentials", "alice cleanup /var/logs: success"),
                        messages("audit.log")),
                () -> assertEquals(
                        List.of("audit", "audit"),
                        audited.stream().map(o -> o.getString("component")).toList()),
                () -> assertEquals(
                        List.of("WARN", "INFO"),
                        audited.stream().map(o -> o.getString("level")).toList()),
                () -> assertTrue(
                        audited.get(1)
                                .getString("timestamp")
                                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                        "UTC"),
                () -> assertEquals("alice", audited.get(1).getString("actor")),
                () -> assertEquals(3, audited.get(1).getJsonObject("parameters").getInt("days")),
                () -> assertEquals(
                        "10.0.0.9", audited.get(0).getJsonObject("parameters").getString("remote")),
                () -> assertEquals(List.of("GET /api/logs 401"), messages("api.log"), "the caller's component is back"),
                () -> assertEquals(List.of(), messages("general.log")),
                () -> assertEquals(List.of(), messages("errors.log")));
    }

    @Test
    void auditGenerationsYoungerThanItsDaysOutliveTheCountRule() throws IOException {
        Instant now = CLOCK.instant();
        List<String> old = List.of(
                generation("audit.log", now.minus(Duration.ofDays(9))),
                generation("audit.log", now.minus(Duration.ofDays(7)).minusSeconds(1)));
        List<String> young = List.of(
                generation("audit.log", now.minus(Duration.ofDays(7)).plusSeconds(60)),
                generation("audit.log", now.minus(Duration.ofDays(1))),
                generation("audit.log", now.minusSeconds(3600)));
        List<String> general = List.of(
                generation("general.log", now.minus(Duration.ofDays(2))),
                generation("general.log", now.minusSeconds(3600)));

        start(1 << 20, 1, false); // housekeeping runs at start: one generation per log, the floor aside
        cut.stop();

        List<String> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.map(p -> p.getFileName().toString()).toList();
        }
        assertAll(
                () -> assertTrue(left.containsAll(young), left::toString),
                () -> assertEquals(
                        List.of(), old.stream().filter(left::contains).toList(), "past the floor, the count rules"),
                () -> assertEquals(
                        List.of(general.get(1)),
                        general.stream().filter(left::contains).toList()));
    }

    /** Writes a plain rotated generation of {@code log} named and modified at {@code at}; returns its name. */
    String generation(String log, Instant at) throws IOException {
        String name = log + "."
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(at) + ".000";
        Path file = Files.writeString(dir.resolve(name), "{\"message\":\"" + name + "\"}\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(at));
        return name;
    }

    @Test
    void lineHasTheDocumentedFields() throws IOException {
        start(1 << 20, 5, false);
        MDC.put("requestId", "r-17");
        logger("io.breakoutbot.ops.health.HealthServlet")
                .atWarn()
                .addKeyValue("durationMs", 12)
                .addKeyValue("params", Map.of("days", 7))
                .setCause(new IllegalStateException("boom"))
                .log("slow {}", "check");
        cut.stop();

        JsonObject line = lines("general.log").get(0);
        assertAll(
                () -> assertTrue(
                        line.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                        line.getString("timestamp")),
                () -> assertEquals("WARN", line.getString("level")),
                () -> assertEquals("health", line.getString("component")),
                () -> assertEquals("io.breakoutbot.ops.health.HealthServlet", line.getString("logger")),
                () -> assertEquals(Thread.currentThread().getName(), line.getString("thread")),
                () -> assertEquals("slow check", line.getString("message")),
                () -> assertEquals("r-17", line.getString("requestId")),
                () -> assertEquals(12, line.getInt("durationMs")),
                () -> assertEquals(7, line.getJsonObject("params").getInt("days")),
                () -> assertTrue(
                        line.getString("stackTrace").startsWith("java.lang.IllegalStateException: boom"),
                        line.getString("stackTrace")));
    }

    @Test
    void hostileMessagesStayOneValidJsonLine() throws IOException {
        List<String> hostile = List.of(
                "quote \" backslash \\ slash /",
                "new\nline\r\nand\ttab",
                "bell \u0007 nul \u0000 escape \u001b[31m del \u007f",
                "non-ASCII: Grüße, 日本語, emoji 📈, RTL \u202e",
                "separators \u2028 \u2029",
                "lone surrogates \ud800 and \udc00",
                "{\"level\":\"ERROR\"} injected",
                "");
        start(1 << 20, 5, false);
        Logger log = logger("io.breakoutbot.ops.logs.Hostile");
        MDC.put("message", "mdc \"clash\"");
        hostile.forEach(log::info);
        cut.stop();

        List<String> raw = Files.readAllLines(dir.resolve("general.log"), StandardCharsets.UTF_8);
        List<JsonObject> parsed = lines("general.log");
        List<String> expected = hostile.stream()
                .map(m -> m.replace('\ud800', '\ufffd').replace('\udc00', '\ufffd'))
                .toList();
        assertAll(
                () -> assertEquals(hostile.size(), raw.size(), "one line per event"),
                () -> assertEquals(
                        expected,
                        parsed.stream().map(o -> o.getString("message")).toList()),
                () -> assertEquals("mdc \"clash\"", parsed.get(0).getString("_message")));
    }

    @Test
    void rotationKeepsExactlyTheConfiguredBackupsAtTheConfiguredSize() throws IOException, InterruptedException {
        long maxFileSize = 4096;
        start(maxFileSize, 5, true);
        Logger log = logger("io.breakoutbot.ops.logs.Volume");
        for (int i = 0; i < 2000; i++) {
            log.info("line {} {}", i, "x".repeat(80));
        }
        cut.stop();

        List<Path> rotated;
        try (Stream<Path> files = Files.list(dir)) {
            rotated = files.filter(p -> p.getFileName().toString().startsWith("general.log."))
                    .sorted()
                    .toList();
        }
        assertEquals(5, rotated.size(), rotated::toString);
        for (Path gz : rotated) {
            assertTrue(
                    gz.getFileName().toString().matches("general\\.log\\.20261128-174329\\.\\d{3}\\.gz"),
                    gz.toString());
            Process test =
                    new ProcessBuilder("gzip", "-t", gz.toString()).inheritIO().start();
            assertEquals(0, test.waitFor(), "gzip -t " + gz);
            Process size = new ProcessBuilder("sh", "-c", "gzip -dc '" + gz + "' | wc -c").start();
            long bytes = Long.parseLong(new String(size.getInputStream().readAllBytes()).trim());
            assertTrue(bytes >= maxFileSize && bytes < maxFileSize + 200, gz + " holds " + bytes + " bytes");
        }
        // the newest generations are kept: the last rotated file ends where the active one begins
        assertTrue(messages("general.log").get(0).startsWith("line "), "active file continues the sequence");
    }

    @Test
    void rotatingOneFileLeavesTheOthersAlone() throws IOException {
        start(1 << 20, 5, false);
        logger("io.breakoutbot.ops.api.RequestLog").info("api");
        logger("io.breakoutbot.ops.monitoring.Sampler").info("metrics");
        logger("io.breakoutbot.ops.lifecycle.Sweep").info("general");
        logger("io.breakoutbot.ops.lifecycle.Sweep").error("error");
        logger("io.breakoutbot.ops.audit.Audit").info("audit");
        org.awaitility.Awaitility.await()
                .until(() -> Stream.of(LogSegment.values())
                        .allMatch(s -> dir.resolve(s.fileName()).toFile().length() > 0));

        List<String> failures = cut.rotate(java.util.EnumSet.of(LogSegment.GENERAL));
        cut.stop();

        List<String> generations;
        try (Stream<Path> files = Files.list(dir)) {
            generations = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches(".*\\.log\\..*"))
                    .toList();
        }
        assertAll(
                () -> assertEquals(List.of(), failures),
                () -> assertEquals(List.of("general.log.20261128-174329.000"), generations),
                () -> assertEquals(
                        List.of("general"),
                        lines("general.log.20261128-174329.000").stream()
                                .map(o -> o.getString("message"))
                                .toList()),
                () -> assertEquals(List.of("api"), messages("api.log")),
                () -> assertEquals(List.of("metrics"), messages("metrics.log")),
                () -> assertEquals(List.of("error"), messages("errors.log")),
                () -> assertEquals(List.of("audit"), messages("audit.log")));
    }

    @Test
    void concurrentLinesSurviveRotationExactlyOnce() throws Exception {
        start(16 << 10, 1000, true);
        Logger log = logger("io.breakoutbot.ops.lifecycle.Writer");
        int threads = 4;
        int perThread = 5000;
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.info("seq {}-{}", id, i);
                }
            });
            writers[t].start();
        }
        for (Thread w : writers) {
            w.join();
        }
        cut.stop();

        Map<String, Integer> seen = new java.util.HashMap<>();
        int rotatedFiles = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("general.log"))
                    .toList()) {
                rotatedFiles += file.toString().endsWith(".gz") ? 1 : 0;
                java.io.InputStream in = Files.newInputStream(file);
                if (file.toString().endsWith(".gz")) {
                    in = new java.util.zip.GZIPInputStream(in);
                }
                try (var reader =
                        new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                    reader.lines()
                            .map(l -> l.replaceAll(".*\"message\":\"seq ([0-9]+-[0-9]+)\".*", "$1"))
                            .forEach(k -> seen.merge(k, 1, Integer::sum));
                }
            }
        }
        assertTrue(rotatedFiles >= 50, "rotations: " + rotatedFiles);
        assertEquals(threads * perThread, seen.size(), "every line present");
        assertEquals(
                List.of(),
                seen.entrySet().stream().filter(e -> e.getValue() != 1).toList(),
                "no duplicates");
    }

    @Test
    void startFinishesWhatACrashInterrupted(@TempDir Path elsewhere) throws IOException {
        Path interrupted = Files.writeString(dir.resolve("general.log.20261127-230000.000.gz.tmp"), "half a gzip");
        Path leftPlain = Files.writeString(dir.resolve("general.log.20261127-230000.001"), "{\"message\":\"kept\"}\n");
        Path outside = Files.writeString(elsewhere.resolve("precious.log"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("general.log.20261101-000000.000.gz"), outside);
        Path unrelated = Files.writeString(dir.resolve("general.log.bak"), "mine");

        start(1 << 20, 1, true);
        cut.stop();

        assertAll(
                () -> assertFalse(Files.exists(interrupted), "interrupted temp swept"),
                () -> assertFalse(Files.exists(leftPlain), "plain generation compressed"),
                () -> assertTrue(Files.isRegularFile(dir.resolve("general.log.20261127-230000.001.gz"))),
                () -> assertTrue(Files.isSymbolicLink(link), "a link is never deleted or followed"),
                () -> assertEquals("x", Files.readString(outside)),
                () -> assertEquals("mine", Files.readString(unrelated)));
    }
}
