package io.breakoutbot.ops.alerts;

import static io.breakoutbot.ops.alerts.Severity.CRITICAL;
import static io.breakoutbot.ops.alerts.Severity.OK;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.breakoutbot.ops.MutableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook body as an Alertmanager receiver parses it, field by field. */
class AlertmanagerPayloadTest {

    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
    AlertRules rules = new AlertRules(clock);
    AlertmanagerPayload cut = new AlertmanagerPayload("bot-host-1", "http://bot-host-1:8080/api/health");

    static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    static Map<String, String> strings(JsonObject object) {
        return object.keySet().stream().collect(java.util.stream.Collectors.toMap(k -> k, object::getString));
    }

    @Test
    void firingDiskCriticalAsAlertmanagerSendsIt() {
        Notice firing = rules.update("disk", CRITICAL, 93.1, 90).get(0);

        JsonObject body = parse(cut.json(firing));

        assertEquals(
                List.of(
                        "version",
                        "groupKey",
                        "truncatedAlerts",
                        "status",
                        "receiver",
                        "groupLabels",
                        "commonLabels",
                        "commonAnnotations",
                        "externalURL",
                        "alerts"),
                List.copyOf(body.keySet()));
        Map<String, String> labels = Map.of(
                "alertname",
                "ResourceThreshold",
                "metric",
                "disk",
                "severity",
                "critical",
                "service",
                "breakout-ops",
                "instance",
                "bot-host-1");
        Map<String, String> annotations =
                Map.of("summary", "disk at 93.1%, over the critical level of 90%", "value", "93.1", "threshold", "90");
        assertAll(
                () -> assertEquals("4", body.getString("version")),
                () -> assertEquals("{}:{alertname=\"ResourceThreshold\"}", body.getString("groupKey")),
                () -> assertEquals(0, body.getInt("truncatedAlerts")),
                () -> assertEquals("firing", body.getString("status")),
                () -> assertEquals("breakout-ops", body.getString("receiver")),
                () -> assertEquals(
                        Map.of("alertname", "ResourceThreshold"), strings(body.getJsonObject("groupLabels"))),
                () -> assertEquals(labels, strings(body.getJsonObject("commonLabels"))),
                () -> assertEquals(annotations, strings(body.getJsonObject("commonAnnotations"))),
                () -> assertEquals("http://bot-host-1:8080/api/health", body.getString("externalURL")),
                () -> assertEquals(1, body.getJsonArray("alerts").size()));

        JsonObject alert = body.getJsonArray("alerts").getJsonObject(0);
        assertEquals(
                List.of("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"),
                List.copyOf(alert.keySet()));
        assertAll(
                () -> assertEquals("firing", alert.getString("status")),
                () -> assertEquals(labels, strings(alert.getJsonObject("labels"))),
                () -> assertEquals(annotations, strings(alert.getJsonObject("annotations"))),
                () -> assertEquals("2026-11-28T03:00:00Z", alert.getString("startsAt")),
                () -> assertEquals("0001-01-01T00:00:00Z", alert.getString("endsAt")),
                () -> assertEquals("", alert.getString("generatorURL")),
                () -> assertEquals(firing.alert().fingerprint(), alert.getString("fingerprint")));
    }

    @Test
    void resolvedCarriesItsEndAndTheSameFingerprint() {
        Notice firing = rules.update("disk", CRITICAL, 93.1, 90).get(0);
        clock.advance(Duration.ofMinutes(7));
        Notice resolved = rules.update("disk", OK, 71.25, 80).get(0);

        JsonObject body = parse(cut.json(resolved));
        JsonObject alert = body.getJsonArray("alerts").getJsonObject(0);

        assertAll(
                () -> assertEquals("resolved", body.getString("status")),
                () -> assertEquals("resolved", alert.getString("status")),
                () -> assertEquals("2026-11-28T03:00:00Z", alert.getString("startsAt")),
                () -> assertEquals("2026-11-28T03:07:00Z", alert.getString("endsAt")),
                () -> assertEquals(firing.alert().fingerprint(), alert.getString("fingerprint")),
                () -> assertEquals("71.3", alert.getJsonObject("annotations").getString("value")),
                () -> assertEquals("90", alert.getJsonObject("annotations").getString("threshold")),
                () -> assertEquals(
                        "disk at 71.3%, no longer over the critical level of 90%",
                        alert.getJsonObject("annotations").getString("summary")));
    }

    @Test
    void severalAlertsShareOnlyWhatIsCommonAndFireWhenAnyFires() {
        Notice disk = rules.update("disk", CRITICAL, 93.1, 90).get(0);
        Notice cpu = rules.update("cpu", CRITICAL, 97, 90).get(0);
        clock.advance(Duration.ofMinutes(6));
        Notice diskResolved = rules.update("disk", OK, 50, 80).get(0);

        JsonObject body = cut.build(List.of(diskResolved, cpu));

        assertAll(
                () -> assertEquals("firing", body.getString("status")),
                () -> assertEquals(2, body.getJsonArray("alerts").size()),
                () -> assertEquals(
                        Map.of(
                                "alertname",
                                "ResourceThreshold",
                                "severity",
                                "critical",
                                "service",
                                "breakout-ops",
                                "instance",
                                "bot-host-1"),
                        strings(body.getJsonObject("commonLabels"))),
                () -> assertEquals(Map.of("threshold", "90"), strings(body.getJsonObject("commonAnnotations"))),
                () -> assertEquals(
                        List.of("resolved", "firing"),
                        body.getJsonArray("alerts").stream()
                                .map(a -> a.asJsonObject().getString("status"))
                                .toList()));
        assertEquals("disk", disk.alert().metric());
    }

    @Test
    void anInstanceNameIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new AlertmanagerPayload(" ", ""));
        assertThrows(IllegalArgumentException.class, () -> cut.build(List.of()));
    }
}
