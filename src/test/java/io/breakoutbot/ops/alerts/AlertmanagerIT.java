package io.breakoutbot.ops.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.breakoutbot.ops.PlainThreads;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our push and our webhook body against a real Alertmanager (Debian's {@code prometheus-alertmanager} 0.25),
 * started on free loopback ports: what it shows at {@code /api/v2/alerts}, its fingerprint, its own webhook
 * message for the same alert, two instances, a two-node cluster that notifies once, and a kill and restart. No Payara: plain JUnit.
 */
class AlertmanagerIT {

    static final DeliveryPolicy POLICY = DeliveryPolicy.DEFAULTS
            .withAllowPrivate(true)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withRetries(2, Duration.ofMillis(50));
    static final String DASHBOARD = "http://bot-1.example:8080/";

    @TempDir
    Path dir;

    final Clock clock = Clock.systemUTC();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    RealAlertmanager alertmanager(String name, String route, Integer clusterPort, Integer peerPort) throws IOException {
        RealAlertmanager am = new RealAlertmanager(dir.resolve(name), route, clusterPort, peerPort);
        toClose.add(am);
        return am;
    }

    AlertmanagerPayload payload(String instance) {
        return new AlertmanagerPayload(instance, Map.of("env", "test"), DASHBOARD, AlertLabels.DEFAULT_GROUP_BY);
    }

    AlertmanagerSender sender(AlertmanagerPayload payload, Duration resend, RealAlertmanager... ams) {
        AlertmanagerSender sender = new AlertmanagerSender(
                List.of(ams).stream().map(a -> URI.create(a.url())).toList(),
                payload,
                null,
                POLICY,
                resend,
                clock,
                new PlainThreads());
        toClose.add(sender);
        return sender;
    }

    static Map<String, String> strings(JsonObject object) {
        return object.keySet().stream().collect(Collectors.toMap(k -> k, object::getString));
    }

    @Test
    void aPushedAlertShowsWithOurLabelsAndFingerprintThenResolves() throws IOException {
        RealAlertmanager am = alertmanager("single", RealAlertmanager.quietRoute(), null, null);
        AlertmanagerPayload payload = payload("bot-1");
        AlertmanagerSender cut = sender(payload, Duration.ofMinutes(1), am);
        AlertRules rules = new AlertRules(clock, Duration.ZERO);

        Notice firing = payload.stamped(
                rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));
        cut.submit(firing);

        await().atMost(Duration.ofSeconds(10)).until(() -> am.alerts().size() == 1);
        JsonObject shown = am.alerts().getJsonObject(0);
        assertAll(
                () -> assertEquals(payload.labels(firing.alert()), strings(shown.getJsonObject("labels"))),
                () -> assertEquals(payload.fingerprint(firing.alert()), shown.getString("fingerprint")),
                () -> assertEquals(firing.alert().fingerprint(), shown.getString("fingerprint")),
                () -> assertEquals("active", shown.getJsonObject("status").getString("state")),
                () -> assertEquals(
                        "disk at 93.1%, over the critical level of 90%",
                        shown.getJsonObject("annotations").getString("summary")),
                () -> assertEquals(DASHBOARD, shown.getString("generatorURL")));

        cut.submit(rules.update("disk", Severity.OK, 50, 90).get(0));

        await().atMost(Duration.ofSeconds(10)).until(() -> am.alerts().isEmpty());
        assertEquals(1, am.received("resolved"));
    }

    @Test
    void ourWebhookBodyHasTheShapeGroupKeyAndFingerprintOfAlertmanagersOwn() throws IOException {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                hooks.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        hook.start();
        toClose.add(() -> hook.stop(0));
        String route = """
                route:
                  receiver: breakout-ops
                  group_by: ['alertname', 'instance']
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: breakout-ops
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                        send_resolved: true
                """.formatted(hook.getAddress().getPort());
        RealAlertmanager am = alertmanager("webhook", route, null, null);
        AlertmanagerPayload payload = payload("bot-1");
        AlertmanagerSender cut = sender(payload, Duration.ofMinutes(1), am);
        AlertRules rules = new AlertRules(clock, Duration.ZERO);
        Notice firing = payload.stamped(
                rules.update("memory", Severity.WARNING, 81.5, 80).get(0));

        cut.submit(firing);

        await().atMost(Duration.ofSeconds(15)).until(() -> !hooks.isEmpty());
        JsonObject theirs = parse(hooks.get(0));
        JsonObject ours = payload.build(firing);
        JsonObject theirAlert = theirs.getJsonArray("alerts").getJsonObject(0);
        JsonObject ourAlert = ours.getJsonArray("alerts").getJsonObject(0);
        assertAll(
                () -> assertEquals(List.copyOf(theirs.keySet()), List.copyOf(ours.keySet())),
                () -> assertEquals(List.copyOf(theirAlert.keySet()), List.copyOf(ourAlert.keySet())),
                () -> assertEquals(theirs.getString("groupKey"), ours.getString("groupKey")),
                () -> assertEquals(
                        "{}:{alertname=\"ResourceThreshold\", instance=\"bot-1\"}", theirs.getString("groupKey")),
                () -> assertEquals(theirs.getString("version"), ours.getString("version")),
                () -> assertEquals(theirs.getString("receiver"), ours.getString("receiver")),
                () -> assertEquals(theirs.getString("status"), ours.getString("status")),
                () -> assertEquals(theirs.getJsonObject("groupLabels"), ours.getJsonObject("groupLabels")),
                () -> assertEquals(theirs.getJsonObject("commonLabels"), ours.getJsonObject("commonLabels")),
                () -> assertEquals(theirs.getJsonObject("commonAnnotations"), ours.getJsonObject("commonAnnotations")),
                () -> assertEquals(theirAlert.getString("fingerprint"), ourAlert.getString("fingerprint")),
                () -> assertEquals(theirAlert.getJsonObject("labels"), ourAlert.getJsonObject("labels")),
                () -> assertEquals(theirAlert.getString("startsAt"), ourAlert.getString("startsAt")),
                () -> assertEquals(theirAlert.getString("generatorURL"), ourAlert.getString("generatorURL")),
                () -> assertEquals(theirAlert.getString("status"), ourAlert.getString("status")));
    }

    @Test
    void theSameAlertFromTwoInstancesStaysTwoAlerts() throws IOException {
        RealAlertmanager am = alertmanager("two-instances", RealAlertmanager.quietRoute(), null, null);
        AlertmanagerPayload one = payload("bot-1");
        AlertmanagerPayload two = payload("bot-2");
        Notice firing = new AlertRules(clock, Duration.ZERO)
                .update("disk", Severity.CRITICAL, 93.1, 90)
                .get(0);

        sender(one, Duration.ofMinutes(1), am).submit(firing);
        sender(two, Duration.ofMinutes(1), am).submit(firing);

        await().atMost(Duration.ofSeconds(10)).until(() -> am.alerts().size() == 2);
        JsonArray alerts = am.alerts();
        List<String> instances = alerts.stream()
                .map(a -> a.asJsonObject().getJsonObject("labels").getString("instance"))
                .sorted()
                .toList();
        assertEquals(List.of("bot-1", "bot-2"), instances);
        assertNotEquals(
                alerts.getJsonObject(0).getString("fingerprint"),
                alerts.getJsonObject(1).getString("fingerprint"));
        assertTrue(alerts.stream()
                .map(a -> a.asJsonObject().getString("fingerprint"))
                .toList()
                .containsAll(List.of(one.fingerprint(firing.alert()), two.fingerprint(firing.alert()))));
    }

    /**
     * Both nodes route to one webhook and get the same push; gossip shares the notification log, so the node
     * second in the cluster, which waits its {@code --cluster.peer-timeout} (15 s) before notifying, finds the
     * group already notified and stays quiet.
     */
    @Test
    void aTwoNodeClusterNotifiesTheAlertOnce() throws IOException {
        List<JsonObject> hooks = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                hooks.add(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        hook.start();
        toClose.add(() -> hook.stop(0));
        String route = """
                route:
                  receiver: breakout-ops
                  group_by: ['alertname', 'instance']
                  group_wait: 1s
                  group_interval: 1m
                  repeat_interval: 1h
                receivers:
                  - name: breakout-ops
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                """.formatted(hook.getAddress().getPort());
        int gossip1 = RealAlertmanager.freePort();
        int gossip2 = RealAlertmanager.freePort();
        RealAlertmanager first = alertmanager("node-1", route, gossip1, null);
        RealAlertmanager second = alertmanager("node-2", route, gossip2, gossip1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> first.status()
                                .getJsonObject("cluster")
                                .getJsonArray("peers")
                                .size()
                        == 2);
        AlertmanagerPayload payload = payload("bot-1");
        Notice firing = payload.stamped(new AlertRules(clock, Duration.ZERO)
                .update("cpu", Severity.CRITICAL, 97, 90)
                .get(0));

        sender(payload, Duration.ofMinutes(1), first, second).submit(firing);

        for (RealAlertmanager node : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.alerts().size() == 1);
            assertEquals(
                    firing.alert().fingerprint(), node.alerts().getJsonObject(0).getString("fingerprint"));
        }
        assertEquals(1, first.received("firing"), "one push per node, none doubled by gossip");
        await().atMost(Duration.ofSeconds(15)).until(() -> !hooks.isEmpty());
        // past the second node's turn (peer timeout, group wait), no second message for the group comes
        await("one message for the group, none from the other node")
                .during(Duration.ofSeconds(20))
                .atMost(Duration.ofSeconds(25))
                .until(() -> hooks.size() == 1);
        JsonObject message = hooks.get(0);
        assertAll(
                () -> assertEquals(
                        "{}:{alertname=\"ResourceThreshold\", instance=\"bot-1\"}", message.getString("groupKey")),
                () -> assertEquals(
                        firing.alert().fingerprint(),
                        message.getJsonArray("alerts").getJsonObject(0).getString("fingerprint")));
    }

    @Test
    void anAlertmanagerKilledAndRestartedGetsTheResolve() throws Exception {
        RealAlertmanager am = alertmanager("restart", RealAlertmanager.quietRoute(), null, null);
        AlertmanagerPayload payload = payload("bot-1");
        AlertmanagerSender cut = sender(payload, Duration.ofMillis(500), am);
        AlertRules rules = new AlertRules(clock, Duration.ZERO);
        cut.submit(rules.update("disk", Severity.CRITICAL, 93.1, 90).get(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> am.alerts().size() == 1);

        am.kill();
        cut.submit(rules.update("disk", Severity.OK, 50, 90).get(0));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cut.receivers().get(0).lastFailed());
        am.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> am.received("resolved") >= 1);
        assertAll(
                () -> assertEquals(0, am.received("firing"), "after the restart only the resolve came"),
                () -> assertEquals(0, am.alerts().size()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !cut.receivers().get(0).lastFailed());
    }

    static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
