package io.breakoutbot.ops.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.PlainThreads;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The push to Alertmanager against a stand-in on 127.0.0.1 that answers what each test scripts. */
class AlertmanagerSenderTest {

    static final DeliveryPolicy FAST = DeliveryPolicy.DEFAULTS
            .withAllowPrivate(true)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withRetries(2, Duration.ofMillis(20));

    MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    AlertRules rules = new AlertRules(clock, Duration.ZERO);
    AlertmanagerPayload payload = new AlertmanagerPayload(
            "bot-1", Map.of("env", "prod"), "https://ops-1.example/", AlertLabels.DEFAULT_GROUP_BY);
    List<StandIn> standIns = new ArrayList<>();
    AlertmanagerSender cut;
    Logger log = (Logger) LoggerFactory.getLogger(AlertmanagerSender.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();

    /** Records each POST (path, Authorization, body) and answers the next scripted status; the last repeats. */
    static final class StandIn implements AutoCloseable {
        record Request(String path, String authorization, JsonArray alerts) {}

        final List<Request> requests = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();
        volatile String answer = "";
        /** Runs as each request comes in, before the answer. */
        volatile Runnable onRequest = () -> {};

        final HttpServer server;

        StandIn(int port, int... statuses) throws IOException {
            for (int s : statuses) {
                this.statuses.add(s);
            }
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        Json.createReader(new StringReader(body)).readArray()));
                onRequest.run();
                int status = statuses.size() > 1 ? statuses.poll() : statuses.peek();
                byte[] text = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
                if (text.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(text);
                    }
                }
            }
        }

        /** The alerts of the last request, by fingerprint of their labels. */
        JsonObject last() {
            JsonArray alerts = requests.get(requests.size() - 1).alerts();
            return alerts.getJsonObject(alerts.size() - 1);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stop() {
        if (cut != null) {
            cut.close();
        }
        standIns.forEach(StandIn::close);
        log.detachAppender(logged);
    }

    StandIn standIn(int... statuses) throws IOException {
        StandIn s = new StandIn(0, statuses);
        standIns.add(s);
        return s;
    }

    AlertmanagerSender sender(Duration resend, AlertmanagerAuth auth, String... bases) {
        cut = new AlertmanagerSender(
                List.of(bases).stream().map(URI::create).toList(),
                payload,
                auth,
                FAST,
                resend,
                clock,
                new PlainThreads());
        return cut;
    }

    static Map<String, String> labels(JsonObject alert) {
        JsonObject labels = alert.getJsonObject("labels");
        return labels.keySet().stream().collect(java.util.stream.Collectors.toMap(k -> k, labels::getString));
    }

    @Test
    void aFiringAlertIsPostedWithOurLabelsAndEndsFourResendsAhead() throws IOException {
        StandIn am = standIn(200);
        sender(Duration.ofMinutes(1), AlertmanagerAuth.parse("basic ops:pa ss"), am.url() + "/am/");
        Notice firing = rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0);

        cut.submit(firing);

        await().atMost(Duration.ofSeconds(5)).until(() -> am.requests.size() == 1);
        StandIn.Request request = am.requests.get(0);
        JsonObject alert = request.alerts().getJsonObject(0);
        assertAll(
                () -> assertEquals("/am/api/v2/alerts", request.path()),
                () -> assertEquals(
                        "Basic " + Base64.getEncoder().encodeToString("ops:pa ss".getBytes(StandardCharsets.UTF_8)),
                        request.authorization()),
                () -> assertEquals(
                        Map.of(
                                "alertname", "ResourceThreshold",
                                "metric", "disk",
                                "severity", "critical",
                                "service", "breakout-ops",
                                "instance", "bot-1",
                                "env", "prod"),
                        labels(alert)),
                () -> assertEquals("2026-12-04T10:00:00Z", alert.getString("startsAt")),
                () -> assertEquals("2026-12-04T10:04:00Z", alert.getString("endsAt")),
                () -> assertEquals("https://ops-1.example/", alert.getString("generatorURL")),
                () -> assertEquals(1, cut.sent()));
        await().until(() -> cut.receivers().get(0).lastSuccess() != null);
        assertFalse(cut.receivers().get(0).lastFailed());
    }

    @Test
    void firingAlertsAreResentAndTheResolveCarriesItsEnd() throws IOException {
        StandIn am = standIn(200);
        sender(Duration.ofMillis(100), null, am.url());
        cut.submit(rules.update("cpu", Severity.CRITICAL, 97, 90).get(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> am.requests.size() >= 3);
        assertNull(am.requests.get(0).authorization());

        clock.advance(Duration.ofMinutes(2));
        Notice resolved = rules.update("cpu", Severity.OK, 40, 90).get(0);
        cut.submit(resolved);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> am.last().getString("endsAt").equals("2026-12-04T10:02:00Z"));
        int before = am.requests.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> am.requests.size() >= before + 2);
        assertEquals("2026-12-04T10:02:00Z", am.last().getString("endsAt"), "the resolve is re-sent as it is");

        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(5)).until(() -> cut.tracked() == 0);
    }

    @Test
    void a4xxIsLoggedWithItsBodyAndNotRetried() throws IOException, InterruptedException {
        StandIn am = standIn(400);
        am.answer = "{\"code\":400,\"message\":\"" + "x".repeat(3000) + "\"}";
        sender(Duration.ofMinutes(1), null, am.url());

        cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() == 1);
        String warning = logged.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("did not take"))
                .findFirst()
                .orElseThrow();
        assertAll(
                () -> assertTrue(warning.contains("HTTP 400: {\"code\":400"), warning),
                () -> assertTrue(warning.length() < 1300, "the first kilobyte only: " + warning.length()),
                () -> assertEquals(1, am.requests.size()),
                () -> assertEquals(0, cut.retried()),
                () -> assertTrue(cut.receivers().get(0).lastFailed()),
                () -> assertTrue(cut.receivers().get(0).lastError().startsWith("HTTP 400: {\"code\":400")),
                () -> assertTrue(warning.contains("x".repeat(1000)), "the log keeps the kilobyte health leaves out"),
                () -> assertEquals(
                        ReceiverState.ERROR_CHARS,
                        cut.receivers().get(0).lastError().length(),
                        "health gets the start of it"));
    }

    @Test
    void a5xxIsRetriedWithBackoffThenLeftForTheNextSend() throws IOException {
        StandIn am = standIn(503);
        sender(Duration.ofMinutes(1), null, am.url());

        cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() == 1);
        assertAll(
                () -> assertEquals(3, am.requests.size(), "the first attempt and two retries"),
                () -> assertEquals(2, cut.retried()),
                () -> assertEquals("HTTP 503", cut.receivers().get(0).lastError()));
    }

    @Test
    void anAlertmanagerThatWasDownGetsTheResolveWhenItIsBack() throws IOException {
        StandIn up = standIn(200);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        sender(Duration.ofMillis(200), null, up.url(), "http://127.0.0.1:" + port);
        cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));
        clock.advance(Duration.ofMinutes(1));
        cut.submit(rules.update("disk", Severity.OK, 50, 90).get(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() >= 1);
        assertTrue(cut.receivers().get(1).lastFailed());
        clock.advance(Duration.ofMinutes(20));

        StandIn back = new StandIn(port, 200);
        standIns.add(back);

        await().atMost(Duration.ofSeconds(10)).until(() -> !back.requests.isEmpty());
        assertEquals("2026-12-04T10:01:00Z", back.last().getString("endsAt"));
        await().atMost(Duration.ofSeconds(5)).until(() -> cut.tracked() == 0);
        assertFalse(cut.receivers().get(1).lastFailed());
    }

    @Test
    void anEventExpiresFourResendsAfterItStarted() throws IOException {
        StandIn am = standIn(200);
        sender(Duration.ofMinutes(1), null, am.url());
        AlertDispatch dispatch = new AlertDispatch(payload, new WebhookSender(FAST, new PlainThreads()), cut, clock);

        Notice event = dispatch.sendEvent("audit", Severity.CRITICAL, 99, 100, "audit.log lost 2 files");

        await().atMost(Duration.ofSeconds(5)).until(() -> am.requests.size() == 1);
        assertAll(
                () -> assertEquals("2026-12-04T10:04:00Z", am.last().getString("endsAt")),
                () -> assertEquals(
                        payload.fingerprint(event.alert()), event.alert().fingerprint()),
                () -> assertEquals("audit", am.last().getJsonObject("labels").getString("metric")));
        dispatch.sender().close();
    }

    @Test
    void aSteadyStreamOfAlertsDoesNotRestartTheRetriesOfAFailingAlertmanager() throws IOException {
        StandIn am = standIn(503);
        List<Notice> stream = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stream.add(rules.update("metric-" + i, Severity.CRITICAL, 95, 90).get(0));
        }
        sender(Duration.ofMinutes(1), null, am.url());
        // Every attempt is answered 503 just as the next alert comes in, the worst case for the retry count.
        AtomicInteger next = new AtomicInteger(1);
        am.onRequest = () -> {
            int i = next.getAndIncrement();
            if (i < stream.size()) {
                cut.submit(stream.get(i));
            }
        };

        cut.submit(stream.get(0));

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() >= 1);
        ReceiverState state = cut.receivers().get(0);
        assertAll(
                () -> assertTrue(state.lastFailed()),
                () -> assertEquals("HTTP 503", state.lastError()),
                () -> assertEquals(3, am.requests.size(), "the first attempt and two retries, then it waits"),
                () -> assertEquals(2, cut.retried()));
    }

    @Test
    void aSendThatThrowsIsLoggedAndTheNextAlertStillGoes() throws IOException {
        StandIn am = standIn(200);
        AtomicInteger breaks = new AtomicInteger(1);
        Clock breaking = new Clock() {
            @Override
            public Instant instant() {
                if (breaks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("a clock broken for this test");
                }
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        cut = new AlertmanagerSender(
                List.of(URI.create(am.url())),
                payload,
                null,
                FAST,
                Duration.ofMinutes(1),
                breaking,
                new PlainThreads());

        cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() == 1);
        ILoggingEvent error = logged.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .findFirst()
                .orElseThrow();
        assertAll(
                () -> assertTrue(error.getFormattedMessage().contains(am.url()), error.getFormattedMessage()),
                () -> assertEquals(
                        "a clock broken for this test",
                        error.getThrowableProxy().getMessage()),
                () -> assertTrue(cut.receivers().get(0).lastFailed()),
                () -> assertTrue(
                        cut.receivers().get(0).lastError().contains("a clock broken for this test"),
                        cut.receivers().get(0).lastError()),
                () -> assertEquals(0, am.requests.size()));

        cut.submit(rules.update("cpu", Severity.CRITICAL, 97, 90).get(0));

        await().atMost(Duration.ofSeconds(5)).until(() -> am.requests.size() == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !cut.receivers().get(0).lastFailed());
        assertEquals(2, am.requests.get(0).alerts().size(), "both alerts, the first one included");
    }

    @Test
    void anAlertmanagerThatDoesNotAnswerHoldsUpNoOther() throws IOException {
        StandIn up = standIn(200);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Connections complete in the kernel's backlog and no answer ever comes: a read timeout (2 s) each.
            PlainThreads threads = new PlainThreads();
            cut = new AlertmanagerSender(
                    List.of(URI.create("http://127.0.0.1:" + silent.getLocalPort()), URI.create(up.url())),
                    payload,
                    null,
                    FAST,
                    Duration.ofMinutes(1),
                    clock,
                    threads);

            cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));

            await().atMost(Duration.ofMillis(1500)).until(() -> up.requests.size() == 1);
            assertAll(
                    () -> assertEquals(List.of("ops-alertmanager-1", "ops-alertmanager-2"), threads.names()),
                    () -> assertEquals(0, cut.failed(), "the silent one is still waiting"));
            await().atMost(Duration.ofSeconds(15)).until(() -> cut.failed() == 1);
            assertEquals("no answer within 2000 ms", cut.receivers().get(0).lastError());
        }
    }

    @Test
    void aHostThatDoesNotResolveIsRetriedNotRefused() {
        sender(Duration.ofMinutes(1), null, "http://am-1.invalid:9093");

        cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));

        await().atMost(Duration.ofSeconds(10)).until(() -> cut.failed() == 1);
        assertAll(
                () -> assertEquals(2, cut.retried()),
                () -> assertEquals(
                        "its host am-1.invalid cannot be resolved",
                        cut.receivers().get(0).lastError()));
    }

    @Test
    void noAlertmanagerNoThread() {
        PlainThreads threads = new PlainThreads();
        try (AlertmanagerSender none =
                new AlertmanagerSender(List.of(), payload, null, FAST, Duration.ofMinutes(1), clock, threads)) {
            none.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));
            assertEquals(List.of(), threads.names());
            assertEquals(0, none.tracked());
        }
    }
}
