package io.breakoutbot.ops.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.alerts.DeliveryPolicy;
import io.breakoutbot.ops.alerts.ReceiverState;
import io.breakoutbot.ops.alerts.WebhookSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code alerts} component of {@code /api/health}: DEGRADED while deliveries fail, naming the receiver. */
class AlertsHealthTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void upWhenEveryReceiverTakesDeliveriesOrThereIsNone() {
        ReceiverState ok =
                new ReceiverState("webhook", "https://hooks.example/services/…", false, NOW.minusSeconds(5), null, "");
        assertAll(
                () -> assertEquals(
                        new ComponentHealth("alerts", Status.UP, "ok"), HealthAssessment.alerts(List.of(ok), NOW)),
                () -> assertEquals(
                        new ComponentHealth("alerts", Status.UP, "ok: no webhook or Alertmanager set"),
                        HealthAssessment.alerts(List.of(), NOW)));
    }

    @Test
    void degradedWhileTheLastDeliveryFailedNamingTheMaskedReceiver() {
        ReceiverState failing =
                new ReceiverState("alertmanager", "http://am-1:9093", true, null, NOW.minusSeconds(30), "HTTP 503");

        ComponentHealth health = HealthAssessment.alerts(List.of(failing), NOW);

        assertEquals(
                new ComponentHealth(
                        "alerts",
                        Status.DEGRADED,
                        "alertmanager http://am-1:9093: a delivery failed at 2026-12-04T11:59:30Z (HTTP 503)"),
                health);
    }

    @Test
    void anAlertmanagersErrorPageShowsOnlyItsStart() {
        ReceiverState failing = new ReceiverState(
                "alertmanager",
                "http://am-1:9093",
                true,
                null,
                NOW.minusSeconds(30),
                "HTTP 400: {\"code\":400,\"message\":\"" + "x".repeat(1000) + "\"}\nsecond line");

        String reason = HealthAssessment.alerts(List.of(failing), NOW).reason();

        assertEquals(
                "alertmanager http://am-1:9093: a delivery failed at 2026-12-04T11:59:30Z (HTTP 400: {\"code\":400,"
                        + "\"message\":\"" + "x".repeat(199 - 33) + "…)",
                reason);
    }

    @Test
    void aFailureWithinFifteenMinutesKeepsItDegradedThoughOneWentThroughSince() {
        ReceiverState recovered = new ReceiverState(
                "webhook",
                "https://hooks.example/services/…",
                false,
                NOW.minusSeconds(60),
                NOW.minusSeconds(600),
                "no answer within 5000 ms");
        ReceiverState longAgo = new ReceiverState(
                "webhook",
                "https://other.example/hook",
                false,
                NOW.minusSeconds(60),
                NOW.minusSeconds(16 * 60),
                "HTTP 500");

        assertAll(
                () -> assertEquals(
                        "webhook https://hooks.example/services/…: a delivery failed at 2026-12-04T11:50:00Z "
                                + "(no answer within 5000 ms), delivered since",
                        HealthAssessment.alerts(List.of(recovered, longAgo), NOW)
                                .reason()),
                () -> assertEquals(
                        Status.UP,
                        HealthAssessment.alerts(List.of(longAgo), NOW).status()));
    }

    @Test
    void aWebhookThatRefusesConnectionsShowsInTheComponent() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        DeliveryPolicy policy = DeliveryPolicy.DEFAULTS.withAllowPrivate(true).withRetries(1, Duration.ofMillis(10));
        try (WebhookSender sender = new WebhookSender(policy, new PlainThreads())) {
            sender.add("http://127.0.0.1:" + port + "/hooks/secret-token");
            sender.submit("{}", "key-1");
            await().atMost(Duration.ofSeconds(5)).until(() -> sender.failed() == 1);

            ComponentHealth health = HealthAssessment.alerts(sender.receivers(), Instant.now());

            assertEquals(Status.DEGRADED, health.status());
            String reason = health.reason();
            assertAll(
                    () -> assertEquals(
                            true, reason.startsWith("webhook http://127.0.0.1:" + port + "/hooks/…: "), reason),
                    () -> assertEquals(false, reason.contains("secret-token"), reason));
        }
    }
}
