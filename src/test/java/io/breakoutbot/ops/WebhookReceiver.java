package io.breakoutbot.ops;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook on loopback that answers 200 and keeps every alert of every message it receives, as Alertmanager's
 * webhook body carries them, for ITs that check what the deployed service sent.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonObject> alerts = new CopyOnWriteArrayList<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            alerts.addAll(ItHome.json(text).getJsonArray("alerts").getValuesAs(JsonObject.class));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL to give {@code ops.alerts.webhooks}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Firing alerts whose label {@code name} is {@code value}, in the order received. */
    public List<JsonObject> firing(String name, String value) {
        return alerts.stream()
                .filter(a -> a.getString("status").equals("firing"))
                .filter(a -> value.equals(a.getJsonObject("labels").getString(name, "")))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
