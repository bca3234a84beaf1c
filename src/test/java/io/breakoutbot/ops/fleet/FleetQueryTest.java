package io.breakoutbot.ops.fleet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet query against a stand-in Prometheus on loopback that answers with what a real one (Debian's
 * prometheus 2, scraping three targets, two of them up, with two alerts firing on one) answered, and with
 * its errors, a refused connection and silence.
 */
class FleetQueryTest {

    /** When the recorded answer was composed, about: Prometheus' evaluation time in it. */
    static final Instant NOW = Instant.parse("2026-12-05T01:57:47Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    HttpServer server;
    ExecutorService handlers;
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicReference<String> asked = new AtomicReference<>();

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (handlers != null) {
            handlers.shutdownNow();
        }
    }

    static byte[] recorded() throws IOException {
        try (InputStream in = FleetQueryTest.class.getResourceAsStream("/fleet/prometheus-query.json")) {
            return in.readAllBytes();
        }
    }

    /** A stand-in Prometheus answering every query with {@code status}, {@code type} and {@code body}. */
    URI prometheus(int status, String type, byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            asked.set(exchange.getRequestURI().getPath() + "?"
                    + exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/");
    }

    FleetQuery cut(URI prometheus, Duration timeout) {
        return new FleetQuery(prometheus, "breakout-ops", timeout, CLOCK);
    }

    @Test
    void aRealAnswerBecomesOneRowPerScrapedHost() throws IOException {
        URI prometheus = prometheus(200, "application/json", recorded());

        FleetView view = cut(prometheus, Duration.ofSeconds(5)).fleet();

        List<FleetHost> hosts = view.hosts();
        FleetHost a = hosts.get(0);
        FleetHost b = hosts.get(1);
        FleetHost c = hosts.get(2);
        assertAll(
                () -> assertEquals(
                        "/prom/api/v1/query?query={__name__=~\"up|ops_health_status|ops_bot_status"
                                + "|ops_backup_newest_verified_timestamp_seconds"
                                + "|ops_remote_newest_verified_timestamp_seconds|ALERTS\",job=\"breakout-ops\"}",
                        asked.get()),
                () -> assertEquals(prometheus.toString(), view.prometheus()),
                () -> assertEquals(NOW, view.at()),
                () -> assertEquals(3, hosts.size()),
                () -> assertEquals(
                        new FleetHost(
                                "127.0.0.1:18431",
                                true,
                                "DEGRADED",
                                "DOWN",
                                Instant.parse("2025-12-05T00:00:00Z"),
                                Duration.between(Instant.parse("2025-12-05T00:00:00Z"), NOW)
                                        .toSeconds(),
                                Instant.parse("2025-12-04T23:00:00Z"),
                                Duration.between(Instant.parse("2025-12-04T23:00:00Z"), NOW)
                                        .toSeconds(),
                                List.of("BotDown", "HostDegraded"),
                                "http://127.0.0.1:18431/"),
                        a),
                () -> assertEquals(
                        new FleetHost(
                                "127.0.0.1:18432",
                                true,
                                "UP",
                                null,
                                null,
                                null,
                                null,
                                null,
                                List.of(),
                                "http://127.0.0.1:18432/"),
                        b,
                        "no bot check and no backup there: nothing is made up"),
                () -> assertEquals(
                        new FleetHost(
                                "127.0.0.1:18433",
                                false,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                List.of(),
                                "http://127.0.0.1:18433/"),
                        c));
    }

    @Test
    void theJobIsQuotedInThePromql() {
        FleetQuery query = new FleetQuery(URI.create("http://127.0.0.1:1"), "a\"b\\c", Duration.ofSeconds(1), CLOCK);
        assertTrue(query.promql().endsWith(",job=\"a\\\"b\\\\c\"}"), query.promql());
    }

    @Test
    void anInstanceThatIsNoHostAndPortGetsNoLink() {
        List<FleetHost> hosts = FleetQuery.hosts(
                List.of(
                        new FleetQuery.Sample(java.util.Map.of("__name__", "up", "instance", "ops-1"), 1),
                        new FleetQuery.Sample(
                                java.util.Map.of("__name__", "up", "instance", "javascript:alert(1)//:80"), 1),
                        new FleetQuery.Sample(java.util.Map.of("__name__", "up", "instance", "[::1]:8080"), 1)),
                NOW);
        assertAll(
                () -> assertEquals("http://[::1]:8080/", hosts.get(0).dashboardUrl()),
                () -> assertNull(hosts.get(1).dashboardUrl()),
                () -> assertNull(hosts.get(2).dashboardUrl()));
    }

    @Test
    void aRefusedQueryIsOneSentenceWithPrometheusReason() throws IOException {
        URI prometheus = prometheus(
                400,
                "application/json",
                ("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": "
                                + "1:2: parse error: unexpected end of input inside braces\"}")
                        .getBytes(StandardCharsets.UTF_8));

        FleetQuery.Unanswered e = assertThrows(
                FleetQuery.Unanswered.class,
                () -> cut(prometheus, Duration.ofSeconds(5)).fleet());

        assertEquals(
                "Prometheus at " + prometheus + " refused the query: bad_data: invalid parameter \"query\": 1:2: "
                        + "parse error: unexpected end of input inside braces.",
                e.getMessage());
    }

    @Test
    void aProxyErrorPageIsNoAnswer() throws IOException {
        URI prometheus =
                prometheus(503, "text/html", "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8));

        FleetQuery.Unanswered e = assertThrows(
                FleetQuery.Unanswered.class,
                () -> cut(prometheus, Duration.ofSeconds(5)).fleet());

        assertEquals("Prometheus at " + prometheus + " answered HTTP 503, not its API.", e.getMessage());
    }

    @Test
    void aBodyThatIsNotJsonIsNoAnswer() throws IOException {
        URI prometheus = prometheus(200, "text/plain", "up 1\n".getBytes(StandardCharsets.UTF_8));

        FleetQuery.Unanswered e = assertThrows(
                FleetQuery.Unanswered.class,
                () -> cut(prometheus, Duration.ofSeconds(5)).fleet());

        assertTrue(e.getMessage().contains("not JSON of its API"), e.getMessage());
    }

    @Test
    void aPortNobodyListensOnIsNoAnswer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI prometheus = URI.create("http://127.0.0.1:" + port);

        FleetQuery.Unanswered e = assertThrows(
                FleetQuery.Unanswered.class,
                () -> cut(prometheus, Duration.ofSeconds(5)).fleet());

        assertTrue(
                e.getMessage().startsWith("Prometheus at " + prometheus + " did not answer (ConnectException"),
                e.getMessage());
    }

    @Test
    void aSilentPrometheusEndsAtTheTimeout() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS); // accepts, reads the request, never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        URI prometheus = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        long started = System.nanoTime();
        FleetQuery.Unanswered e = assertThrows(
                FleetQuery.Unanswered.class,
                () -> cut(prometheus, Duration.ofMillis(500)).fleet());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertAll(
                () -> assertEquals("Prometheus at " + prometheus + " did not answer within 500 ms.", e.getMessage()),
                () -> assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took));
    }

    @Test
    void aNameThatNowResolvesToAMetadataAddressIsNotAsked() {
        FleetQuery query =
                new FleetQuery(URI.create("http://169.254.169.254/"), "breakout-ops", Duration.ofSeconds(1), CLOCK);

        FleetQuery.Unanswered e = assertThrows(FleetQuery.Unanswered.class, query::fleet);

        assertTrue(e.getMessage().contains("is not asked"), e.getMessage());
    }
}
