package io.breakoutbot.ops.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.PlainThreads;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A one-off event, such as the audit trail cut short on a full disk, reaches a real receiver like any alert. */
class AlertDispatchTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    final WebhookSender sender = new WebhookSender(WebhookSenderTest.FAST, new PlainThreads());
    Receiver receiver;

    @AfterEach
    void stop() {
        sender.close();
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void eventIsSentAsAFiringAlertOfItsOwnSubject() throws IOException {
        receiver = Receiver.answering(200);
        sender.add(receiver.url());
        AlertDispatch cut = new AlertDispatch(new AlertmanagerPayload("ops-host", ""), sender, CLOCK);

        Notice notice = cut.sendEvent("audit", Severity.CRITICAL, 99.9, 100, "audit.log lost 2 files to a full disk");

        await().atMost(Duration.ofSeconds(5)).until(() -> sender.sent() == 1);
        JsonObject alert = Json.createReader(
                        new StringReader(receiver.requests.get(0).body()))
                .readObject()
                .getJsonArray("alerts")
                .getJsonObject(0);
        assertAll(
                () -> assertEquals("firing", alert.getString("status")),
                () -> assertEquals("audit", alert.getJsonObject("labels").getString("metric")),
                () -> assertEquals("critical", alert.getJsonObject("labels").getString("severity")),
                () -> assertEquals(
                        "audit.log lost 2 files to a full disk",
                        alert.getJsonObject("annotations").getString("summary")),
                () -> assertEquals("99.9", alert.getJsonObject("annotations").getString("value")),
                () -> assertEquals("2026-12-04T10:00:00Z", alert.getString("startsAt")),
                () -> assertEquals("audit:critical", notice.alert().key()),
                () -> assertEquals(
                        new AlertmanagerPayload("ops-host", "").fingerprint(notice.alert()),
                        alert.getString("fingerprint")),
                () -> assertEquals(notice.alert().fingerprint(), alert.getString("fingerprint")));
    }
}
