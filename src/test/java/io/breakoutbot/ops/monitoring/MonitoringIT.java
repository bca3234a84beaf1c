package io.breakoutbot.ops.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.alerts.AlertmanagerPayload;
import io.breakoutbot.ops.alerts.AlertsMXBean;
import io.breakoutbot.ops.alerts.RealAlertmanager;
import io.breakoutbot.ops.lifecycle.MaintenanceMXBean;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.management.JMX;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resource monitoring in the deployed WAR: the MXBeans over real remote JMX, and alerts delivered to real
 * HTTP receivers on loopback, and pushed to a real Alertmanager. Each test breaches for alerts of its own
 * (memory:critical, disk:critical, disk:warning,
 * fds:warning, and memory:warning then fds:critical), so the five-minute window of one test's alert never
 * hides another's; each puts the thresholds back and removes its receiver.
 */
@ExtendWith(ArquillianExtension.class)
class MonitoringIT {

    /** A real Alertmanager the server pushes every alert to, started before the server reads its settings. */
    static RealAlertmanager alertmanager;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        alertmanager = new RealAlertmanager(
                Files.createTempDirectory("monitoring-it-alertmanager"), RealAlertmanager.quietRoute(), null, null);
        ItHome.prepare("ops.alerts.alertmanagers=" + alertmanager.url() + "\n"
                + "ops.alerts.instance=monitoring-it\n"
                + "ops.alerts.labels=env=it\n"
                + "ops.alerts.externalUrl=http://ops.example/\n");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")));
    }

    @AfterAll
    static void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    /**
     * A webhook receiver on loopback. For each metric it answers with the given statuses in turn (the last
     * one repeats), so an alert about another metric (a busy CI machine may really breach CPU) never takes
     * the answer meant for the one under test.
     */
    static final class Receiver implements AutoCloseable {

        final HttpServer server;
        final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
        final List<String> keys = new CopyOnWriteArrayList<>();
        final java.util.Map<String, AtomicInteger> requests = new java.util.concurrent.ConcurrentHashMap<>();

        Receiver(int... statuses) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonObject body;
                try (JsonReader reader = Json.createReader(new StringReader(text))) {
                    body = reader.readObject();
                }
                String metric = body.getJsonObject("commonLabels").getString("metric", "");
                int n = requests.computeIfAbsent(metric, m -> new AtomicInteger())
                        .getAndIncrement();
                int status = statuses[Math.min(n, statuses.length - 1)];
                if (status == 200) {
                    bodies.add(body);
                    keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        int requests(String metric) {
            return requests.getOrDefault(metric, new AtomicInteger()).get();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<JsonObject> firing(String metric) {
            return bodies.stream()
                    .flatMap(b -> b.getJsonArray("alerts").getValuesAs(JsonObject.class).stream())
                    .filter(a -> a.getString("status").equals("firing"))
                    .filter(a -> a.getJsonObject("labels").getString("metric").equals(metric))
                    .toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static <T> T proxy(JMXConnector c, String name, Class<T> type) throws Exception {
        return JMX.newMXBeanProxy(c.getMBeanServerConnection(), new ObjectName(name), type);
    }

    @Test
    void metricsAreSampledAndReadableByTheReader() throws Exception {
        try (JMXConnector reader = ItHome.connect(ItHome.READER, ItHome.READER_PASSWORD)) {
            ResourceMetricsMXBean metrics =
                    proxy(reader, ResourceMetricsMXBean.OBJECT_NAME, ResourceMetricsMXBean.class);
            ThresholdsMXBean thresholds = proxy(reader, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.getHistorySize() >= 2);
            SampleView latest = metrics.getLatest();
            assertAll(
                    () -> assertTrue(latest.memoryPercent() > 0 && latest.memoryPercent() <= 100, latest.toString()),
                    () -> assertTrue(
                            latest.disks().get(0).path().equals(ItHome.path().toString()), latest.toString()),
                    () -> assertTrue(latest.threads() > 10),
                    () -> assertEquals(
                            List.of("cpu", "memory", "disk", "fds", "bot.cpu", "bot.memory", "bot.fds", "bot.threads"),
                            metrics.getStates().stream()
                                    .map(MetricState::metric)
                                    .toList()),
                    () -> assertEquals("count", metrics.getStates().get(7).unit()),
                    () -> assertEquals(80.0, thresholds.getBotCpuWarning()),
                    () -> assertEquals(1000, thresholds.getBotThreadsCritical()),
                    () -> assertEquals(75.0, thresholds.getMemoryWarning()),
                    () -> assertEquals(90.0, thresholds.getDiskCritical()),
                    () -> assertEquals(
                            ItHome.path().resolve("state/thresholds.properties").toString(),
                            thresholds.getStateFile()));
            assertThrows(
                    SecurityException.class,
                    () -> thresholds.setCpuWarning(10),
                    "the reader may not change thresholds");
        }
    }

    static Object units(MBeanInfo info, String attribute) {
        return Arrays.stream(info.getAttributes())
                .filter(a -> a.getName().equals(attribute))
                .findFirst()
                .orElseThrow()
                .getDescriptor()
                .getFieldValue("units");
    }

    static int impact(MBeanInfo info, String operation) {
        return Arrays.stream(info.getOperations())
                .filter(o -> o.getName().equals(operation))
                .findFirst()
                .orElseThrow()
                .getImpact();
    }

    /**
     * What JConsole shows ops-reader: the units and impacts of our MXBeans, but no thread list, since the
     * JDK's access file refuses every operation to a readonly user, the JDK's getThreadInfo and our INFO
     * stats() alike; the Stats attribute is the readable form.
     */
    @Test
    void theReaderSeesUnitsAndImpactsButNoOperationRuns() throws Exception {
        try (JMXConnector reader = ItHome.connect(ItHome.READER, ItHome.READER_PASSWORD)) {
            MBeanServerConnection server = reader.getMBeanServerConnection();
            MBeanInfo metrics = server.getMBeanInfo(new ObjectName(ResourceMetricsMXBean.OBJECT_NAME));
            MBeanInfo maintenance = server.getMBeanInfo(new ObjectName(MaintenanceMXBean.OBJECT_NAME));
            MBeanInfo alerts = server.getMBeanInfo(new ObjectName(AlertsMXBean.OBJECT_NAME));
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
                    server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            long[] ids = threads.getAllThreadIds(); // an attribute: allowed
            assertAll(
                    () -> assertEquals("percent", units(metrics, "CpuPercent")),
                    () -> assertEquals("bytes", units(metrics, "BotResidentMemoryBytes")),
                    () -> assertEquals("count", units(metrics, "Threads")),
                    () -> assertEquals("days", units(maintenance, "MaxAgeDays")),
                    () -> assertEquals(MBeanOperationInfo.INFO, impact(maintenance, "stats")),
                    () -> assertEquals(MBeanOperationInfo.INFO, impact(maintenance, "cleanupPreview")),
                    () -> assertEquals(MBeanOperationInfo.ACTION, impact(maintenance, "cleanup")),
                    () -> assertEquals(MBeanOperationInfo.ACTION, impact(alerts, "sendTestAlert")),
                    () -> assertTrue(ids.length > 0),
                    () -> assertThrows(SecurityException.class, () -> threads.getThreadInfo(ids[0])),
                    () -> assertThrows(
                            SecurityException.class,
                            () -> proxy(reader, MaintenanceMXBean.OBJECT_NAME, MaintenanceMXBean.class)
                                    .stats()),
                    () -> assertTrue(proxy(reader, MaintenanceMXBean.OBJECT_NAME, MaintenanceMXBean.class)
                                    .getStats()
                            != null));
        }
    }

    /**
     * The threads our code starts in the server (the log queue's writer, each log file's housekeeping, the webhook
     * sender) come from the container's ManagedThreadFactory: each runs inside the container's managed thread,
     * under its own name, and logback's own queue worker is gone.
     */
    @Test
    void ourLongLivedThreadsAreTheContainers() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
                    admin.getMBeanServerConnection(), ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            Map<String, List<ThreadInfo>> byName = Arrays.stream(threads.dumpAllThreads(false, false))
                    .collect(Collectors.groupingBy(ThreadInfo::getThreadName));
            List<String> ours = List.of(
                    "log-queue",
                    "ops-webhooks",
                    "log-housekeeping-api.log",
                    "log-housekeeping-errors.log",
                    "log-housekeeping-general.log",
                    "log-housekeeping-metrics.log",
                    "log-housekeeping-audit.log");
            for (String name : ours) {
                List<ThreadInfo> named = byName.getOrDefault(name, List.of());
                assertEquals(1, named.size(), name + " runs once: " + byName.keySet());
                List<String> frames = Arrays.stream(named.get(0).getStackTrace())
                        .map(StackTraceElement::getClassName)
                        .toList();
                assertTrue(
                        frames.stream().anyMatch(c -> c.contains("ManagedThread")),
                        name + " is one of the container's managed threads: " + frames);
            }
            assertTrue(
                    byName.keySet().stream().noneMatch(n -> n.startsWith("AsyncAppender-Worker")),
                    byName.keySet().toString());
        }
    }

    @Test
    void invalidThresholdEditsAreRefusedWithASentence() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = proxy(admin, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            IllegalArgumentException above =
                    assertThrows(IllegalArgumentException.class, () -> thresholds.setCpuWarning(95));
            assertEquals(
                    "The warning level (95.0) must be below the critical level (80.0); both are percentages "
                            + "from 0 to 100.",
                    above.getMessage());
            IllegalArgumentException unknown =
                    assertThrows(IllegalArgumentException.class, () -> thresholds.setLevels("gpu", 1, 2));
            assertEquals(
                    "There is no metric 'gpu'; the metrics are cpu, memory, disk, fds, bot.cpu, bot.memory, bot.fds "
                            + "and bot.threads.",
                    unknown.getMessage());
            assertEquals(70.0, thresholds.getCpuWarning(), "nothing changed");
        }
    }

    @Test
    void aBreachIsNotifiedOverJmxAndAlertedOnceToTheWebhook() throws Exception {
        try (Receiver receiver = new Receiver(200);
                JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            MBeanServerConnection server = admin.getMBeanServerConnection();
            ThresholdsMXBean thresholds = proxy(admin, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            AlertsMXBean alerts = proxy(admin, AlertsMXBean.OBJECT_NAME, AlertsMXBean.class);
            List<Notification> notifications = new CopyOnWriteArrayList<>();
            NotificationListener listener = (n, handback) -> notifications.add(n);
            ObjectName metrics = new ObjectName(ResourceMetricsMXBean.OBJECT_NAME);
            server.addNotificationListener(metrics, listener, null, null);
            alerts.addWebhook(receiver.url());
            try {
                thresholds.setLevels("memory", 1, 2);

                await().atMost(Duration.ofSeconds(15))
                        .until(() -> receiver.firing("memory").size() >= 1);
                await().during(Duration.ofSeconds(4))
                        .atMost(Duration.ofSeconds(6))
                        .until(() -> receiver.firing("memory").size() == 1);
                JsonObject alert = receiver.firing("memory").get(0);
                JsonObject body = receiver.bodies.stream()
                        .filter(b -> b.getJsonObject("commonLabels")
                                .getString("metric", "")
                                .equals("memory"))
                        .findFirst()
                        .orElseThrow();
                assertAll(
                        () -> assertEquals("4", body.getString("version")),
                        () -> assertEquals("breakout-ops", body.getString("receiver")),
                        () -> assertEquals(
                                "critical", alert.getJsonObject("labels").getString("severity")),
                        () -> assertEquals(
                                "ResourceThreshold",
                                alert.getJsonObject("labels").getString("alertname")),
                        () -> assertEquals("0001-01-01T00:00:00Z", alert.getString("endsAt")),
                        () -> assertTrue(alert.getString("fingerprint").matches("[0-9a-f]{16}")),
                        () -> assertTrue(receiver.keys.get(0) != null
                                && !receiver.keys.get(0).isBlank()));

                await().atMost(Duration.ofSeconds(5))
                        .until(() -> notifications.stream()
                                .anyMatch(n -> n.getType().equals(ResourceMetricsMXBean.CRITICAL)
                                        && "memory".equals(((CompositeData) n.getUserData()).get("metric"))));
                assertTrue(
                        alerts.getActiveAlerts().stream().anyMatch(a -> a.key().equals("memory:critical")));
                JsonObject monitoring = apiJson("monitoring?minutes=1");
                assertTrue(
                        monitoring.getJsonArray("alertHistory").getValuesAs(JsonObject.class).stream()
                                .anyMatch(a -> a.getString("key").equals("memory:critical")),
                        "REST shows the sent alert: " + monitoring);
                ItHome.awaitLogged("audit.log", "\"action\":\"set-threshold\""); // the change is audited
                ItHome.awaitLogged("errors.log", "Critical alert memory:critical");
                ItHome.awaitLogged("metrics.log", "\"alert\":\"memory:critical\"");
            } finally {
                thresholds.resetToDefaults();
                alerts.removeWebhook(receiver.url());
                server.removeNotificationListener(metrics, listener);
            }
        }
    }

    @Test
    void aBreachReachesARealAlertmanagerWithOurLabels() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = proxy(admin, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            try {
                thresholds.setLevels("disk", 0, 99.9);

                JsonObject alert = await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> alertmanager.alerts().getValuesAs(JsonObject.class).stream()
                                        .filter(a -> a.getJsonObject("labels")
                                                        .getString("metric", "")
                                                        .equals("disk")
                                                && a.getJsonObject("labels")
                                                        .getString("severity", "")
                                                        .equals("warning"))
                                        .findFirst(),
                                Optional::isPresent)
                        .orElseThrow();
                Map<String, String> labels = alert.getJsonObject("labels").keySet().stream()
                        .collect(Collectors.toMap(
                                k -> k, k -> alert.getJsonObject("labels").getString(k)));
                assertAll(
                        () -> assertEquals(
                                Map.of(
                                        "alertname", "ResourceThreshold",
                                        "metric", "disk",
                                        "severity", "warning",
                                        "service", "breakout-ops",
                                        "instance", "monitoring-it",
                                        "env", "it"),
                                labels),
                        () -> assertEquals(AlertmanagerPayload.fingerprint(labels), alert.getString("fingerprint")),
                        () -> assertEquals("http://ops.example/", alert.getString("generatorURL")),
                        () -> assertEquals(
                                "active", alert.getJsonObject("status").getString("state")));
                ItHome.awaitLogged("metrics.log", "\"fingerprint\":\"" + alert.getString("fingerprint") + "\"");
                JsonObject component = apiHealth().getJsonArray("components").getValuesAs(JsonObject.class).stream()
                        .filter(c -> c.getString("name").equals("alerts"))
                        .findFirst()
                        .orElseThrow();
                assertEquals("UP", component.getString("status"), component.toString());
            } finally {
                thresholds.resetToDefaults();
            }
        }
    }

    @Test
    void aReceiverAnswering500Then200GetsExactlyOneDelivery() throws Exception {
        try (Receiver receiver = new Receiver(500, 200);
                JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = proxy(admin, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            AlertsMXBean alerts = proxy(admin, AlertsMXBean.OBJECT_NAME, AlertsMXBean.class);
            alerts.addWebhook(receiver.url());
            try {
                thresholds.setLevels("disk", 0, 0.5);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> receiver.firing("disk").size() >= 1);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.firing("disk").size() == 1);
                assertEquals(2, receiver.requests("disk"), "one 500, then the retry that was accepted");
                assertTrue(alerts.getRetries() >= 1);
            } finally {
                thresholds.resetToDefaults();
                alerts.removeWebhook(receiver.url());
            }
        }
    }

    @Test
    void webhookTokensAreMaskedForEveryReaderAndTheMaskedFormRemovesIt() throws Exception {
        String url = "http://127.0.0.1:9/services/T0/SECRETPATH?token=SECRETQUERY";
        String shown = "http://127.0.0.1:9/services/…?…";
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD);
                JMXConnector reader = ItHome.connect(ItHome.READER, ItHome.READER_PASSWORD)) {
            AlertsMXBean asAdmin = proxy(admin, AlertsMXBean.OBJECT_NAME, AlertsMXBean.class);
            AlertsMXBean asReader = proxy(reader, AlertsMXBean.OBJECT_NAME, AlertsMXBean.class);
            asAdmin.addWebhook(url);
            try {
                List<String> seen = List.of(asReader.getWebhooks());
                assertTrue(seen.contains(shown), seen.toString());
                assertTrue(seen.stream().noneMatch(u -> u.contains("SECRET")), seen.toString());
            } finally {
                assertTrue(asAdmin.removeWebhook(shown), "the form Webhooks shows names the URL");
            }
            assertFalse(List.of(asAdmin.getWebhooks()).contains(shown));
            String audit = ItHome.awaitLogged("audit.log", "\"action\":\"remove-webhook\""); // removal audited
            assertFalse(audit.contains("SECRET"), "no token in the audit trail");
        }
    }

    @Test
    void aReceiverThatHangsDoesNotStopTheSampler() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/hook", exchange -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hanging.start();
        String url = "http://127.0.0.1:" + hanging.getAddress().getPort() + "/hook";
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ResourceMetricsMXBean metrics =
                    proxy(admin, ResourceMetricsMXBean.OBJECT_NAME, ResourceMetricsMXBean.class);
            AlertsMXBean alerts = proxy(admin, AlertsMXBean.OBJECT_NAME, AlertsMXBean.class);
            alerts.addWebhook(url);
            try {
                alerts.sendTestAlert();
                String before = metrics.getLatest().at();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !metrics.getLatest().at().equals(before));
                String next = metrics.getLatest().at();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !metrics.getLatest().at().equals(next));
            } finally {
                alerts.removeWebhook(url);
                release.countDown();
                hanging.stop(0);
            }
        }
    }

    @ArquillianResource
    URL deployed;

    HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + deployed.getPort() + deployed.getPath() + "api/" + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    JsonObject apiJson(String path) throws Exception {
        HttpResponse<String> response = api(path);
        assertEquals(200, response.statusCode(), response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    JsonObject apiHealth() throws Exception {
        return apiJson("health");
    }

    List<JsonObject> alertHistory() throws Exception {
        return apiJson("monitoring?minutes=1").getJsonArray("alertHistory").getValuesAs(JsonObject.class);
    }

    /** Waits for a FIRING of {@code key} in the alert history that was not in {@code before}. */
    JsonObject awaitNewAlert(String key, List<JsonObject> before) {
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> alertHistory().stream()
                                .filter(a -> a.getString("key").equals(key) && !before.contains(a))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    @Test
    void metricsHealthAndMonitoringServeWhatTheSamplerKeeps() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        apiJson("monitoring?minutes=1").getJsonArray("history").size() >= 2);
        // two alerts of its own, one after the other, for the alert history to show most recent first
        List<JsonObject> before = alertHistory();
        JsonObject first;
        JsonObject second;
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = proxy(admin, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            try {
                thresholds.setLevels("memory", 1, 99); // memory in use is between 1% and 99%: warning
                first = awaitNewAlert("memory:warning", before);
                thresholds.setLevels("fds", 0, 1); // a JVM has more than 1% of its descriptors open: critical
                second = awaitNewAlert("fds:critical", before);
            } finally {
                thresholds.resetToDefaults();
            }
        }
        JsonObject metrics = apiJson("metrics/health");
        JsonObject monitoring = apiJson("monitoring?minutes=5");
        List<JsonObject> alertHistory = monitoring.getJsonArray("alertHistory").getValuesAs(JsonObject.class);
        int firstAt = alertHistory.indexOf(first);
        int secondAt = alertHistory.indexOf(second);
        assertAll(
                () -> assertTrue(metrics.getJsonNumber("sampleAgeSeconds").doubleValue() < 5, metrics.toString()),
                () -> assertEquals(8, metrics.getJsonArray("metrics").size()),
                () -> assertTrue(metrics.getJsonObject("sample")
                                .getJsonNumber("memoryPercent")
                                .doubleValue()
                        > 0),
                () -> assertTrue(monitoring.getJsonNumber("uptimeSeconds").longValue() >= 0),
                () -> assertTrue(monitoring
                                .getJsonObject("jvm")
                                .getJsonNumber("heapUsedBytes")
                                .longValue()
                        > 0),
                () -> assertEquals(5, monitoring.getJsonArray("logVolume").size(), "one entry per minute"),
                () -> assertTrue(monitoring.getJsonArray("logVolume").getValuesAs(JsonObject.class).stream()
                        .anyMatch(m -> m.getJsonObject("perFile")
                                .getJsonObject("metrics.log")
                                .containsKey("INFO"))),
                () -> assertEquals(4, monitoring.getJsonArray("timers").size()),
                () -> assertTrue(monitoring.containsKey("deliveries")),
                () -> assertEquals(
                        List.of(
                                "alertmanagerFailed",
                                "alertmanagerRetried",
                                "alertmanagerSent",
                                "alertmanagers",
                                "dropped",
                                "failed",
                                "retried",
                                "sent",
                                "webhooks"),
                        monitoring.getJsonObject("deliveries").keySet().stream()
                                .sorted()
                                .toList(),
                        "webhook and Alertmanager counters"),
                () -> assertEquals(
                        List.of("", ""),
                        List.of(first.getString("endsAt"), second.getString("endsAt")),
                        "both as they fired"),
                () -> assertTrue(secondAt >= 0 && secondAt < firstAt, "most recent first: " + alertHistory),
                () -> assertTrue(
                        before.stream().filter(alertHistory::contains).allMatch(a -> alertHistory.indexOf(a) > firstAt),
                        "the alerts sent before the test come after its own: " + alertHistory),
                () -> assertTrue(alertHistory.size() <= 20, "bounded"),
                () -> assertTrue(
                        monitoring
                                .getJsonObject("logDirectory")
                                .getJsonArray("logs")
                                .getValuesAs(JsonObject.class)
                                .stream()
                                .map(l -> l.getString("log"))
                                .collect(Collectors.toSet())
                                .containsAll(Set.of("api.log", "metrics.log", "errors.log", "general.log")),
                        "per log"),
                () -> assertTrue(monitoring
                                .getJsonObject("logDirectory")
                                .getJsonNumber("totalBytes")
                                .longValue()
                        > 0),
                () -> assertEquals(
                        0, monitoring.getJsonNumber("logEventsDropped").longValue()));
    }

    @Test
    void aBadMinutesParameterIsA400NamingIt() throws Exception {
        for (String bad : List.of("0", "61", "ten", "-5")) {
            HttpResponse<String> response = api("monitoring?minutes=" + bad);
            assertEquals(400, response.statusCode(), response.body());
            JsonObject body;
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                body = reader.readObject();
            }
            assertAll(
                    () -> assertEquals(400, body.getInt("status")),
                    () -> assertEquals("minutes", body.getString("parameter")),
                    () -> assertTrue(
                            body.getString("message").startsWith("minutes must be a whole number from 1 to 60"),
                            body.toString()));
        }
    }

    @Test
    void aLowWarningLevelMakesApiHealthDegradedWithTheReason() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = proxy(admin, ThresholdsMXBean.OBJECT_NAME, ThresholdsMXBean.class);
            try {
                thresholds.setLevels("fds", 0, 99);
                JsonObject health = await().atMost(Duration.ofSeconds(10))
                        .until(
                                this::apiHealth,
                                h -> h.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                                        .anyMatch(c -> c.getString("reason").contains("fds at")));
                JsonObject resources = health.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                        .filter(c -> c.getString("name").equals("resources"))
                        .findFirst()
                        .orElseThrow();
                assertAll(
                        () -> assertEquals("DEGRADED", health.getString("status")),
                        () -> assertEquals("DEGRADED", resources.getString("status")),
                        () -> assertTrue(
                                resources.getString("reason").contains("over the warning level of 0%"),
                                resources.toString()));
            } finally {
                thresholds.resetToDefaults();
            }
        }
    }

    @Test
    void webhooksOnMetadataAddressesAreRefused() throws Exception {
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            AlertsMXBean alerts = proxy(admin, AlertsMXBean.OBJECT_NAME, AlertsMXBean.class);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> alerts.addWebhook("http://169.254.169.254/latest/meta-data"));
            assertTrue(e.getMessage().contains("169.254.169.254"), e.getMessage());
            assertTrue(List.of(alerts.getWebhooks()).stream().noneMatch(u -> u.contains("169.254")));
            assertEquals(
                    List.of(alertmanager.url()),
                    List.of(alerts.getAlertmanagers()),
                    "the configured Alertmanager, as operators wrote it");
        }
    }
}
