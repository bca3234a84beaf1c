package io.breakoutbot.ops;

import static io.breakoutbot.ops.ItHome.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The packaged WAR on a real Payara Micro. Client-side tests call it over HTTP on loopback and read the
 * log files the server wrote; the in-container test logs through the application's own logback.
 */
@ExtendWith(ArquillianExtension.class)
class ServerIT {

    static final List<String> FILES = List.of("api.log", "metrics.log", "errors.log", "general.log", "audit.log");

    @Deployment(testable = true)
    static WebArchive deployment() {
        ItHome.prepare();
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")))
                .addAsLibraries(jarOf(Awaitility.class), jarOf(org.hamcrest.Matcher.class))
                .addClass(ItHome.class); // the in-container tests read JSON through it too
    }

    static File jarOf(Class<?> type) {
        try {
            return new File(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ArquillianResource
    URL deployed;

    /** Arquillian reports a non-loopback address; tests only ever talk to loopback. */
    URI loopback(String path) {
        return URI.create("http://127.0.0.1:" + deployed.getPort() + deployed.getPath() + path);
    }

    /** Where the server keeps its logs: the same directory seen from either JVM. */
    static Path logs() {
        return Path.of(System.getProperty("ops.home", System.getProperty("it.ops.home")), "logs");
    }

    static String read(String file) {
        try {
            return Files.readString(logs().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    HttpResponse<String> get(String path, String requestId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(loopback(path)).header("X-Request-Id", requestId));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @RunAsClient
    void healthAnswersUpWithVersionAndUptime() throws Exception {
        String id = "it-" + UUID.randomUUID();
        HttpResponse<String> response = get("api/health", id);

        JsonObject body = json(response.body());
        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertEquals(
                        "application/json",
                        response.headers().firstValue("Content-Type").orElse("")),
                () -> assertEquals(
                        id, response.headers().firstValue("X-Request-Id").orElse("")),
                // DEGRADED when this machine is busy enough to breach a warning level: still answering, 200
                () -> assertTrue(Set.of("UP", "DEGRADED").contains(body.getString("status")), body.toString()),
                () -> assertEquals(
                        Set.of("resources", "disk", "logs", "scheduler", "backup", "alerts"),
                        body.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                                .map(c -> c.getString("name"))
                                .collect(Collectors.toSet())),
                () -> assertTrue(body.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), body.toString()),
                () -> assertTrue(Instant.parse(body.getString("startedAt")).isBefore(Instant.now())),
                () -> assertTrue(body.getJsonNumber("uptimeSeconds").longValue() >= 0));
    }

    @Test
    @RunAsClient
    void everyApiRequestIsLoggedToApiLogWithoutCredentials() throws Exception {
        String id = "it-" + UUID.randomUUID();
        // a token nobody has: refused, and neither it nor the query's secret reaches a log
        HttpResponse<String> response = send(HttpRequest.newBuilder(loopback("api/health?token=abc123"))
                .header("X-Request-Id", id)
                .header("Authorization", "Bearer do-not-log-me"));
        assertEquals(401, response.statusCode());

        String line = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> read("api.log")
                                .lines()
                                .filter(l -> l.contains(id))
                                .findFirst()
                                .orElse(null),
                        l -> l != null);
        JsonObject entry = json(line);
        assertAll(
                () -> assertEquals("api", entry.getString("component")),
                () -> assertEquals("GET", entry.getString("method")),
                () -> assertTrue(entry.getString("path").endsWith("/api/health"), entry.toString()),
                () -> assertEquals("token=***", entry.getString("query")),
                () -> assertEquals(401, entry.getInt("status"), "refused requests are logged too"),
                () -> assertTrue(entry.getJsonNumber("durationMs").longValue() >= 0),
                () -> assertTrue(entry.containsKey("remote")),
                () -> assertFalse(line.contains("do-not-log-me"), line),
                () -> assertFalse(line.contains("abc123"), line));
        await().atMost(Duration.ofSeconds(10)).until(() -> read("audit.log").contains("\"action\":\"login\""));
        for (String file : FILES) {
            assertFalse(read(file).contains("do-not-log-me"), file);
        }
    }

    /** Payara serves MicroProfile Health at the server's root, not under the application. */
    HttpResponse<String> server(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/" + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @RunAsClient
    void microProfileHealthAgreesWithApiHealth() throws Exception {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> server("health/ready").statusCode() == 200);
        JsonObject ready = json(server("health/ready").body());
        String apiStatus =
                json(get("api/health", "it-" + UUID.randomUUID()).body()).getString("status");
        JsonObject check = ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("breakout-ops"))
                .findFirst()
                .orElseThrow();
        assertAll(
                () -> assertEquals("UP", ready.getString("status")),
                () -> assertEquals(apiStatus, check.getJsonObject("data").getString("status")),
                () -> assertEquals(200, server("health/live").statusCode()),
                () -> assertEquals(200, server("health/started").statusCode()));
    }

    /** promtool comes with Debian's prometheus package, which .ci/run installs. */
    static String promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool not found: install Debian's prometheus package (.ci/run does)", e);
        }
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool " + String.join(" ", args) + ": " + output);
        return output;
    }

    /**
     * Series the deploy files may use that are left out until what they measure exists: no bot and no remote
     * are configured here (RemoteIT checks the remote's), and no backup or drill has run.
     */
    static final Set<String> LEFT_OUT_UNTIL_THEY_EXIST = Set.of(
            "ops_bot_up",
            "ops_bot_threads",
            "ops_bot_restarts_paused",
            "ops_backup_newest_verified_timestamp_seconds",
            "ops_backup_drill_last_success_timestamp_seconds",
            "ops_backup_last_success",
            "ops_job_last_success",
            "ops_remote_last_success",
            "ops_remote_newest_verified_timestamp_seconds");

    @Test
    @RunAsClient
    void prometheusMetricsPassPromtoolAndCoverTheDeployFiles() throws Exception {
        HttpResponse<String> metrics = server("metrics?scope=application");
        assertEquals(200, metrics.statusCode());
        promtool(metrics.body(), "check", "metrics");
        promtool(null, "check", "config", "deploy/prometheus/prometheus.yml");
        promtool(null, "check", "rules", "deploy/prometheus/alerts.yml");

        List<String> ours =
                metrics.body().lines().filter(l -> l.startsWith("ops_")).toList();
        Set<String> served = ours.stream().map(l -> l.replaceAll("[{ ].*", "")).collect(Collectors.toSet());
        String deploy = Files.readString(Path.of("deploy/grafana/breakout-ops.json"))
                + Files.readString(Path.of("deploy/prometheus/alerts.yml"));
        Set<String> used = java.util.regex.Pattern.compile("ops_[a-z_]+")
                .matcher(deploy)
                .results()
                .map(java.util.regex.MatchResult::group)
                .collect(Collectors.toSet());
        assertAll(
                () -> assertTrue(
                        used.stream().allMatch(u -> served.contains(u) || LEFT_OUT_UNTIL_THEY_EXIST.contains(u)),
                        "dashboard and rules use metrics that are not served: "
                                + used.stream()
                                        .filter(u -> !served.contains(u) && !LEFT_OUT_UNTIL_THEY_EXIST.contains(u))
                                        .toList()),
                () -> assertTrue(
                        served.containsAll(Set.of(
                                "ops_resource_ratio",
                                "ops_resource_state",
                                "ops_log_file_bytes",
                                "ops_alerts_active",
                                "ops_retention_freed_bytes",
                                "ops_threads",
                                "ops_open_file_descriptors",
                                "ops_bot_threads_warning",
                                "ops_start_time_seconds",
                                "ops_bot_restarts_total",
                                "ops_alert_deliveries_sent_total",
                                "ops_alert_deliveries_failed_total",
                                "ops_alert_deliveries_dropped_total",
                                "ops_alert_delivery_retries_total")),
                        served::toString),
                () -> assertTrue(
                        metrics.body().contains("# TYPE ops_alert_deliveries_failed_total counter"), metrics.body()),
                () -> assertTrue(
                        ours.stream()
                                .anyMatch(l -> l.startsWith("ops_alert_deliveries_failed_total{")
                                        && l.contains("receiver_kind=\"webhook\"")),
                        ours::toString),
                // "never" is a missing series, not NaN; and Prometheus' own job and instance stay unshadowed
                () -> assertEquals(
                        List.of(), ours.stream().filter(l -> l.endsWith("NaN")).toList()),
                () -> assertEquals(
                        List.of(),
                        ours.stream()
                                .filter(l -> l.contains("job=\"") || l.contains("instance=\""))
                                .toList()),
                () -> assertFalse(served.contains("ops_bot_up"), "no bot is configured here: its check is left out"));
    }

    /**
     * Debian's prometheus (the package that brings promtool) scrapes this server every second with the
     * rules of deploy/prometheus: the target is up, our series keep their labels, and every rule evaluates.
     */
    @Test
    @RunAsClient
    void realPrometheusScrapesAndEveryRuleEvaluates() throws Exception {
        Path dir = Files.createTempDirectory("it-prometheus");
        int port;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: breakout-ops
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(Path.of("deploy/prometheus/alerts.yml").toAbsolutePath(), deployed.getPort()));
        Process prometheus;
        try {
            prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("prometheus not found: install Debian's prometheus package (.ci/run does)", e);
        }
        String api = "http://127.0.0.1:" + port + "/api/v1/";
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> "1".equals(single(api, "up{job=\"breakout-ops\"}")));
            // our series arrive with Prometheus' job and instance, and nothing of ours was renamed exported_*
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> "1"
                            .equals(single(
                                    api,
                                    "count(ops_alert_deliveries_failed_total"
                                            + "{job=\"breakout-ops\",receiver_kind=\"webhook\"}) > 0 or vector(0)")));
            assertEquals(
                    "0",
                    single(
                            api,
                            "count({__name__=~\"ops_.+\",exported_job=~\".+\"}"
                                    + " or {__name__=~\"ops_.+\",exported_instance=~\".+\"}) or vector(0)"));

            List<JsonObject> rules = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(
                            () -> rules(api),
                            r -> !r.isEmpty()
                                    && r.stream()
                                            .allMatch(rule ->
                                                    rule.getString("health").equals("ok")));
            long defined = java.util.regex.Pattern.compile("(?m)^\\s+- alert: ")
                    .matcher(Files.readString(Path.of("deploy/prometheus/alerts.yml")))
                    .results()
                    .count();
            assertEquals(defined, rules.size(), rules::toString);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "Prometheus: " + Files.readString(dir.resolve("prometheus.log")) + "\nrules: " + rulesText(api), e);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The value of a query that yields one sample, as Prometheus writes it ("1"), or null without one. */
    static String single(String api, String query) throws IOException, InterruptedException {
        JsonObject answer = json(send(HttpRequest.newBuilder(
                        URI.create(api + "query?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8))))
                .body());
        var result = answer.getJsonObject("data").getJsonArray("result");
        return result.size() != 1
                ? null
                : result.getJsonObject(0).getJsonArray("value").getString(1);
    }

    static List<JsonObject> rules(String api) throws IOException, InterruptedException {
        return json(rulesText(api)).getJsonObject("data").getJsonArray("groups").getValuesAs(JsonObject.class).stream()
                .flatMap(g -> g.getJsonArray("rules").getValuesAs(JsonObject.class).stream())
                .toList();
    }

    static String rulesText(String api) {
        try {
            return send(HttpRequest.newBuilder(URI.create(api + "rules"))).body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    @Test
    @RunAsClient
    void openApiDocumentsTheEndpointsAndTheirParameters() throws Exception {
        HttpResponse<String> openapi = server("openapi");
        assertEquals(200, openapi.statusCode());
        assertAll(
                () -> assertTrue(openapi.body().contains("api/health:"), openapi.body()),
                () -> assertTrue(openapi.body().contains("api/monitoring:")),
                () -> assertTrue(openapi.body().contains("name: minutes")),
                () -> assertTrue(openapi.body().contains("minutes out of range"), "the 400 is documented"));
    }

    /** /api/health is a servlet, described by hand in META-INF/openapi.yaml: that text must not drift. */
    @Test
    @RunAsClient
    void openApiDescribesEveryFieldOfARealHealthAnswer() throws Exception {
        JsonObject api =
                json(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/openapi"))
                                .header("Accept", "application/json"))
                        .body());
        JsonObject schemas = api.getJsonObject("components").getJsonObject("schemas");
        JsonObject get = api.getJsonObject("paths").getJsonObject("/api/health").getJsonObject("get");
        JsonObject answer = json(get("api/health", "it-" + UUID.randomUUID()).body());
        Set<String> componentFields = answer.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .flatMap(c -> c.keySet().stream())
                .collect(Collectors.toSet());
        assertAll(
                () -> assertEquals(
                        Set.of("200", "401", "429", "503"),
                        get.getJsonObject("responses").keySet()),
                () -> assertEquals(
                        "#/components/schemas/HealthReport",
                        get.getJsonObject("responses")
                                .getJsonObject("200")
                                .getJsonObject("content")
                                .getJsonObject("application/json")
                                .getJsonObject("schema")
                                .getString("$ref")),
                () -> assertEquals(
                        answer.keySet(),
                        schemas.getJsonObject("HealthReport")
                                .getJsonObject("properties")
                                .keySet()),
                () -> assertEquals(
                        componentFields,
                        schemas.getJsonObject("ComponentHealth")
                                .getJsonObject("properties")
                                .keySet()),
                () -> assertTrue(
                        schemas.getJsonObject("HealthStatus")
                                .getJsonArray("enum")
                                .toString()
                                .contains(answer.getString("status")),
                        schemas.getJsonObject("HealthStatus").toString()));
    }

    @Test
    @RunAsClient
    void healthAnswersHeadWithoutABodyAndIsNeverCached() throws Exception {
        // HttpURLConnection, not HttpClient: Java 17's HttpClient reads a body after a HEAD made with method()
        HttpURLConnection head =
                (HttpURLConnection) loopback("api/health").toURL().openConnection();
        head.setRequestMethod("HEAD");
        int headStatus = head.getResponseCode();
        byte[] headBody;
        try (InputStream in = head.getInputStream()) {
            headBody = in.readAllBytes();
        }
        HttpResponse<String> get = get("api/health", "it-" + UUID.randomUUID());
        assertAll(
                () -> assertEquals(200, headStatus),
                () -> assertEquals(0, headBody.length),
                () -> assertEquals("application/json", head.getContentType()),
                () -> assertEquals(
                        "no-store",
                        get.headers().firstValue("Cache-Control").orElse(""),
                        "a status must not be served from a cache"),
                () -> assertEquals(
                        String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length),
                        get.headers().firstValue("Content-Length").orElse("")));
    }

    @Test
    @RunAsClient
    void unknownApiPathAnswersJson404() throws Exception {
        HttpResponse<String> response = get("api/no-such-thing", "it-" + UUID.randomUUID());
        assertEquals(404, response.statusCode());
        assertEquals(404, json(response.body()).getInt("status"));
    }

    @Test
    @RunAsClient
    void ourFilesExistAndHoldOnlyValidJsonLines() throws Exception {
        get("api/health", "it-" + UUID.randomUUID());
        for (String file : FILES) {
            assertTrue(Files.isRegularFile(logs().resolve(file)), file + " exists");
            for (String line : read(file).lines().toList()) {
                JsonObject entry = json(line);
                assertTrue(
                        entry.containsKey("timestamp")
                                && entry.containsKey("level")
                                && entry.containsKey("component")
                                && entry.containsKey("message"),
                        file + ": " + line);
            }
        }
    }

    @Test
    @RunAsClient
    void settingsComeFromOpsPropertiesAndAreAudited() {
        String lastAudit = read("audit.log")
                .lines()
                .filter(l -> l.contains("\"action\":\"apply-settings\""))
                .reduce((first, second) -> second)
                .orElseThrow();
        JsonObject parameters = json(lastAudit).getJsonObject("parameters");
        assertAll(
                () -> assertEquals("7", parameters.getString("ops.logs.backups")),
                () -> assertEquals("development", parameters.getString("ops.environment")),
                () -> assertEquals(
                        Path.of(System.getProperty("it.ops.home"))
                                .toAbsolutePath()
                                .toString(),
                        parameters.getString("ops.home")));
    }

    /** Runs inside Payara: OSHI and its JNA load from the WAR, not half from Payara's own copy. */
    @Test
    void oshiReadsTheHost() {
        oshi.SystemInfo system = new oshi.SystemInfo();
        assertTrue(system.getHardware().getMemory().getTotal() > 0);
        assertTrue(system.getOperatingSystem().getProcessCount() > 0);
        // Payara exports a JNA of its own; only payara-web.xml's child-first class loading keeps both halves ours
        assertAll(
                () -> assertTrue(
                        jarOf(com.sun.jna.Native.class).getName().startsWith("jna-"),
                        jarOf(com.sun.jna.Native.class).toString()),
                () -> assertTrue(
                        jarOf(com.sun.jna.platform.unix.LibC.class).getName().startsWith("jna-platform-"),
                        jarOf(com.sun.jna.platform.unix.LibC.class).toString()));
    }

    /** Runs inside Payara: the application's own logback routes the event. */
    @Test
    void errorFromApiComponentLandsInErrorsLogOnly() {
        String marker = "probe-" + UUID.randomUUID();
        LoggerFactory.getLogger("io.breakoutbot.ops.api.Probe").error("failing on purpose {}", marker);

        String line = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> read("errors.log")
                                .lines()
                                .filter(l -> l.contains(marker))
                                .findFirst()
                                .orElse(null),
                        l -> l != null);
        JsonObject entry = json(line);
        assertAll(
                () -> assertEquals("ERROR", entry.getString("level")),
                () -> assertEquals("api", entry.getString("component")),
                () -> assertFalse(read("api.log").contains(marker), "not in api.log"),
                () -> assertFalse(read("general.log").contains(marker), "not in general.log"));
    }
}
