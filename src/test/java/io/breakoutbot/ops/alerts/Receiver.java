package io.breakoutbot.ops.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real webhook receiver on 127.0.0.1 and a free port: records every request, then answers with the next
 * scripted status (the last one repeats), after waiting for {@code release} when one is given.
 */
final class Receiver implements AutoCloseable {

    record Request(String body, String contentType, String idempotencyKey) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();
    private final CountDownLatch release;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpServer server;

    private Receiver(CountDownLatch release, int... statuses) throws IOException {
        this.release = release;
        for (int status : statuses) {
            this.statuses.add(status);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    static Receiver answering(int... statuses) throws IOException {
        return new Receiver(null, statuses);
    }

    /** Takes every request and answers 200 only once {@code release} is counted down. */
    static Receiver hanging(CountDownLatch release) throws IOException {
        return new Receiver(release, 200);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<String> bodies() {
        return requests.stream().map(Request::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            requests.add(new Request(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            if (release != null && !release.await(30, TimeUnit.SECONDS)) {
                return;
            }
            int status = statuses.size() > 1 ? statuses.poll() : statuses.peek();
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the sender timed out and closed the connection: what a hung receiver looks like to it
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
