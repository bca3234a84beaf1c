package io.breakoutbot.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON POST both senders make: what it keeps of an error answer, and which timeout it reports. */
class JsonPostTest {

    static final DeliveryPolicy SHORT =
            DeliveryPolicy.DEFAULTS.withAllowPrivate(true).withTimeouts(Duration.ofMillis(300), Duration.ofMillis(400));

    JsonPost cut = new JsonPost(SHORT);

    @Test
    void anErrorAnswerKeepsItsStatusAndFirstKilobyteAndTheHeadersGo() throws IOException {
        List<String> seen = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("  bad alert " + "y".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            JsonPost.Answer answer = cut.post(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/alerts"),
                    "[]",
                    Map.of("Authorization", "Bearer t"));
            assertAll(
                    () -> assertEquals(List.of("application/json Bearer t []"), seen),
                    () -> assertEquals(400, answer.status()),
                    () -> assertTrue(answer.errorBody().startsWith("bad alert yyy"), answer.errorBody()),
                    () -> assertEquals(
                            JsonPost.ERROR_BODY_BYTES - 2, answer.errorBody().length(), "stripped"),
                    () -> assertEquals(false, answer.retryable()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noAnswerIsAReadTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(
                    IOException.class,
                    () -> cut.post(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), "[]", Map.of()));
            assertEquals("no answer within 400 ms", cut.describe(e));
        }
    }

    @Test
    void noConnectionIsAConnectTimeout() throws IOException {
        // Never accepting, with its backlog full: Linux then drops new connection attempts, as a blackhole does.
        List<Socket> filling = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket();
                filling.add(s);
                try {
                    s.connect(address, 200);
                } catch (SocketTimeoutException backlogFull) {
                    break;
                }
            }
            IOException e = assertThrows(
                    IOException.class,
                    () -> cut.post(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/"), "[]", Map.of()));
            assertAll(
                    () -> assertTrue(e instanceof JsonPost.NoConnection, e.toString()),
                    () -> assertEquals("no connection within 300 ms", cut.describe(e)));
        } finally {
            for (Socket s : filling) {
                s.close();
            }
        }
    }
}
