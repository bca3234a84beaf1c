package io.breakoutbot.ops.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bot's health URL against a real HTTP server on 127.0.0.1. */
class HealthProbeTest {

    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger okHits = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", e -> {
            okHits.incrementAndGet();
            answer(e, 200, "application/json", "{\"status\": \"ok\", \"exchange\": \"connected\"}");
        });
        server.createContext(
                "/fail", e -> answer(e, 500, "application/json", "{\"status\":\"exchange disconnected\"}"));
        server.createContext("/plain", e -> answer(e, 200, "text/plain", "fine"));
        server.createContext("/slow", e -> {
            hold(Duration.ofMillis(700));
            answer(e, 200, "application/json", "{\"status\":\"ok\"}");
        });
        server.createContext("/hang", e -> {
            hold(Duration.ofSeconds(30));
            answer(e, 200, "text/plain", "late");
        });
        server.createContext("/trickle", e -> {
            e.getResponseHeaders().add("Content-Type", "application/json");
            e.sendResponseHeaders(200, 0);
            // A byte at a time, each well inside a read timeout: only a deadline for the whole answer ends it.
            try (var body = e.getResponseBody()) {
                body.write('{');
                body.flush();
                for (int i = 0; i < 300 && release.getCount() > 0; i++) {
                    hold(Duration.ofMillis(100));
                    body.write(' ');
                    body.flush();
                }
            } catch (IOException gone) {
                // the probe gave up and closed the connection: what the test wants
            }
        });
        server.createContext("/redirect", e -> {
            e.getResponseHeaders().add("Location", "/ok");
            answer(e, 302, "text/plain", "");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** Delays an answer, as a busy bot does; released at the end of the test. */
    void hold(Duration delay) {
        try {
            release.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void answer(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    HttpReading get(String path, Duration timeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new HealthProbe(url, timeout).get();
    }

    @Test
    void a2xxJsonAnswerKeepsItsStatus() {
        HttpReading cut = get("/ok", Duration.ofSeconds(5));

        assertTrue(cut.answered());
        assertEquals(200, cut.code());
        assertEquals("ok", cut.bodyStatus());
        assertTrue(cut.latencyMs() >= 0 && cut.latencyMs() < 5000, "latency " + cut.latencyMs());
    }

    @Test
    void a500IsAnAnswerWithItsStatus() {
        HttpReading cut = get("/fail", Duration.ofSeconds(5));

        assertTrue(cut.answered());
        assertEquals(500, cut.code());
        assertEquals("exchange disconnected", cut.bodyStatus());
    }

    @Test
    void aBodyThatIsNoJsonHasNoStatus() {
        assertEquals("", get("/plain", Duration.ofSeconds(5)).bodyStatus());
    }

    @Test
    void aSlowAnswerShowsItsLatency() {
        HttpReading cut = get("/slow", Duration.ofSeconds(1));

        assertEquals(200, cut.code());
        assertTrue(cut.latencyMs() >= 700, "latency " + cut.latencyMs());
    }

    @Test
    void noAnswerWithinTheTimeoutIsNoAnswer() {
        HttpReading cut = get("/hang", Duration.ofMillis(300));

        assertFalse(cut.answered());
        assertEquals(0, cut.code());
        assertEquals(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hang did not answer within 300 ms",
                cut.reason());
    }

    @Test
    void aBodyThatTricklesPastTheTimeoutIsNoAnswer() {
        long begin = System.nanoTime();

        HttpReading cut = get("/trickle", Duration.ofMillis(1000));

        long took = (System.nanoTime() - begin) / 1_000_000;
        assertFalse(cut.answered());
        assertEquals(
                "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/trickle answered HTTP 200 but did not send its body within 1000 ms",
                cut.reason());
        assertTrue(took >= 1000 && took < 2000, "took " + took + " ms");
    }

    @Test
    void aRedirectIsNeverFollowed() {
        HttpReading cut = get("/redirect", Duration.ofSeconds(5));

        assertEquals(302, cut.code());
        assertEquals(0, okHits.get(), "the Location was not requested");
    }

    @Test
    void aClosedPortIsNoAnswer() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpReading cut =
                new HealthProbe(URI.create("http://127.0.0.1:" + port + "/api/health"), Duration.ofSeconds(2)).get();

        assertFalse(cut.answered());
        assertTrue(cut.reason().contains("ConnectException"), cut.reason());
    }

    @Test
    void onlyHttpUrlsOffLinkLocalAndMetadataAddressesAreAccepted() {
        assertEquals(
                "http://127.0.0.1:8000/api/health",
                HealthProbe.validate("http://127.0.0.1:8000/api/health").toString());
        assertEquals(
                "http://[::1]:8000/health",
                HealthProbe.validate("http://[::1]:8000/health").toString());
        assertEquals(
                "https://10.0.0.5/health",
                HealthProbe.validate("https://10.0.0.5/health").toString());
        for (String refused : new String[] {
            "file:///etc/passwd",
            "127.0.0.1:8000/health",
            "http://169.254.169.254/latest/meta-data",
            "http://[fe80::1]/",
            "http://100.100.100.200/",
            "http://0.0.0.0:8000/",
            "http://[::ffff:169.254.169.254]/",
            "http://metadata.google.internal./",
            "http://bot:pw@127.0.0.1/",
        }) {
            assertThrows(IllegalArgumentException.class, () -> HealthProbe.validate(refused), refused);
        }
    }
}
