package io.breakoutbot.ops.alerts;

import static io.breakoutbot.ops.alerts.Severity.CRITICAL;
import static io.breakoutbot.ops.alerts.Severity.OK;
import static io.breakoutbot.ops.alerts.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook body as an Alertmanager receiver parses it, field by field, and the alerts we push to Alertmanager. */
class AlertmanagerPayloadTest {

    static final String DASHBOARD = "http://bot-host-1:8080/";

    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
    AlertRules rules = new AlertRules(clock);
    AlertmanagerPayload cut = new AlertmanagerPayload("bot-host-1", DASHBOARD);

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
                        "receiver",
                        "status",
                        "alerts",
                        "groupLabels",
                        "commonLabels",
                        "commonAnnotations",
                        "externalURL",
                        "version",
                        "groupKey",
                        "truncatedAlerts"),
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
                () -> assertEquals(
                        "{}:{alertname=\"ResourceThreshold\", instance=\"bot-host-1\"}", body.getString("groupKey")),
                () -> assertEquals(0, body.getInt("truncatedAlerts")),
                () -> assertEquals("firing", body.getString("status")),
                () -> assertEquals("breakout-ops", body.getString("receiver")),
                () -> assertEquals(
                        Map.of("alertname", "ResourceThreshold", "instance", "bot-host-1"),
                        strings(body.getJsonObject("groupLabels"))),
                () -> assertEquals(labels, strings(body.getJsonObject("commonLabels"))),
                () -> assertEquals(annotations, strings(body.getJsonObject("commonAnnotations"))),
                () -> assertEquals(DASHBOARD, body.getString("externalURL")),
                () -> assertEquals(1, body.getJsonArray("alerts").size()));

        JsonObject alert = body.getJsonArray("alerts").getJsonObject(0);
        assertEquals(
                List.of("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"),
                List.copyOf(alert.keySet()));
        assertAll(
                () -> assertEquals("firing", alert.getString("status")),
                () -> assertEquals(labels, strings(alert.getJsonObject("labels"))),
                () -> assertEquals(
                        List.of("alertname", "instance", "metric", "service", "severity"),
                        List.copyOf(alert.getJsonObject("labels").keySet()),
                        "sorted, as Go writes a map"),
                () -> assertEquals(annotations, strings(alert.getJsonObject("annotations"))),
                () -> assertEquals("2026-11-28T03:00:00Z", alert.getString("startsAt")),
                () -> assertEquals("0001-01-01T00:00:00Z", alert.getString("endsAt")),
                () -> assertEquals(DASHBOARD, alert.getString("generatorURL")),
                () -> assertEquals(AlertmanagerPayload.fingerprint(labels), alert.getString("fingerprint")));
    }

    @Test
    void theFingerprintIsPrometheusLabelSetFingerprint() {
        // prometheus/common model/signature_test.go, TestLabelsToSignature: the same hash as LabelSet.Fingerprint
        assertEquals("cbf29ce484222325", AlertmanagerPayload.fingerprint(Map.of()));
        assertEquals(
                Long.toHexString(5799056148416392346L),
                AlertmanagerPayload.fingerprint(Map.of("name", "garland, briggs", "fear", "love is not enough")));
        Map<String, String> inOtherOrder = new LinkedHashMap<>();
        inOtherOrder.put("fear", "love is not enough");
        inOtherOrder.put("name", "garland, briggs");
        assertEquals("507a62d79ee76c9a", AlertmanagerPayload.fingerprint(inOtherOrder));
    }

    @Test
    void theFingerprintCoversInstanceAndExtraLabels() {
        Alert disk = rules.update("disk", CRITICAL, 93.1, 90).get(0).alert();
        AlertmanagerPayload otherHost = new AlertmanagerPayload("bot-host-2", DASHBOARD);
        AlertmanagerPayload prod =
                new AlertmanagerPayload("bot-host-1", Map.of("env", "prod"), DASHBOARD, AlertLabels.DEFAULT_GROUP_BY);

        assertAll(
                () -> assertNotEquals(cut.fingerprint(disk), otherHost.fingerprint(disk)),
                () -> assertNotEquals(cut.fingerprint(disk), prod.fingerprint(disk)),
                () -> assertEquals("prod", prod.labels(disk).get("env")),
                () -> assertEquals(AlertmanagerPayload.fingerprint(prod.labels(disk)), prod.fingerprint(disk)),
                () -> assertEquals(
                        prod.fingerprint(disk),
                        parse(prod.json(new Notice(disk, Notice.Status.FIRING)))
                                .getJsonArray("alerts")
                                .getJsonObject(0)
                                .getString("fingerprint")));
    }

    @Test
    void rulesGivenThePayloadsFingerprintsShowTheOneReceiversSee() {
        AlertRules stamped = new AlertRules(clock, Duration.ZERO, cut::fingerprint);

        Notice firing = stamped.update("disk", CRITICAL, 93.1, 90).get(0);
        clock.advance(Duration.ofMinutes(1));
        Notice resolved = stamped.update("disk", OK, 50, 80).get(0);

        assertAll(
                () -> assertEquals(
                        cut.fingerprint(firing.alert()), firing.alert().fingerprint()),
                () -> assertEquals(
                        firing.alert().fingerprint(), resolved.alert().fingerprint()),
                () -> assertEquals(firing, cut.stamped(firing)),
                () -> assertEquals(
                        firing.alert().fingerprint(), stamped.history().get(0).fingerprint()));
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
                () -> assertEquals(cut.fingerprint(firing.alert()), alert.getString("fingerprint")),
                () -> assertEquals("71.3", alert.getJsonObject("annotations").getString("value")),
                () -> assertEquals("90", alert.getJsonObject("annotations").getString("threshold")),
                () -> assertEquals(
                        "disk at 71.3%, no longer over the critical level of 90%",
                        alert.getJsonObject("annotations").getString("summary")));
    }

    @Test
    void timesHaveAtMostMilliseconds() {
        clock.advance(Duration.ofNanos(5_123_456_789L));
        Notice firing = rules.update("cpu", CRITICAL, 97, 90).get(0);

        JsonObject alert = cut.build(firing).getJsonArray("alerts").getJsonObject(0);

        assertAll(
                () -> assertEquals("2026-11-28T03:00:05.123Z", alert.getString("startsAt")),
                () -> assertEquals(
                        "2026-11-28T03:00:05.12Z",
                        AlertmanagerPayload.time(Instant.parse("2026-11-28T03:00:05.120999Z"))),
                () -> assertEquals(
                        "2026-11-28T03:00:05Z",
                        AlertmanagerPayload.time(Instant.parse("2026-11-28T03:00:05.000400Z"))));
    }

    @Test
    void severalAlertsOfOneGroupShareOnlyWhatIsCommonAndFireWhenAnyFires() {
        Notice disk = rules.update("disk", CRITICAL, 93.1, 90).get(0);
        Notice cpu = rules.update("cpu", CRITICAL, 97, 90).get(0);
        clock.advance(Duration.ofMinutes(6));
        Notice diskResolved = rules.update("disk", OK, 50, 80).get(0);

        List<JsonObject> messages = cut.messages(List.of(diskResolved, cpu));

        assertEquals(1, messages.size(), "one group: alertname and instance are the same");
        JsonObject body = messages.get(0);
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
    void aResolveIsSentUnderItsOwnGroupsKey() {
        AlertmanagerPayload byMetric =
                new AlertmanagerPayload("bot-host-1", Map.of(), DASHBOARD, List.of("alertname", "instance", "metric"));
        Notice cpu = rules.update("cpu", CRITICAL, 97, 90).get(0);
        rules.update("disk", WARNING, 85, 80);
        clock.advance(Duration.ofMinutes(6));
        Notice diskResolved = rules.update("disk", OK, 50, 80).get(0);

        List<JsonObject> messages = byMetric.messages(List.of(cpu, diskResolved));

        assertAll(
                () -> assertEquals(2, messages.size()),
                () -> assertEquals(
                        "{}:{alertname=\"ResourceThreshold\", instance=\"bot-host-1\", metric=\"cpu\"}",
                        messages.get(0).getString("groupKey")),
                () -> assertEquals("firing", messages.get(0).getString("status")),
                () -> assertEquals(
                        "{}:{alertname=\"ResourceThreshold\", instance=\"bot-host-1\", metric=\"disk\"}",
                        messages.get(1).getString("groupKey")),
                () -> assertEquals("resolved", messages.get(1).getString("status")),
                () -> assertThrows(IllegalArgumentException.class, () -> byMetric.build(List.of(cpu, diskResolved))));
    }

    @Test
    void groupKeyQuotesValuesAsGo() {
        assertAll(
                () -> assertEquals("{}:{}", AlertmanagerPayload.groupKey(Map.of())),
                () -> assertEquals(
                        "{}:{alertname=\"a\\\"b\\\\c\", instance=\"h\\n\\t\\x01é\"}",
                        AlertmanagerPayload.groupKey(Map.of("instance", "h\n\t\u0001é", "alertname", "a\"b\\c"))));
    }

    @Test
    void groupByAllLabelsPutsEveryLabelInTheKey() {
        AlertmanagerPayload all = new AlertmanagerPayload("h", Map.of("env", "prod"), "", List.of("..."));
        Alert disk = rules.update("disk", CRITICAL, 93.1, 90).get(0).alert();

        assertEquals(
                "{}:{alertname=\"ResourceThreshold\", env=\"prod\", instance=\"h\", metric=\"disk\", "
                        + "service=\"breakout-ops\", severity=\"critical\"}",
                all.groupKey(disk));
    }

    @Test
    void aPostableAlertCarriesLabelsAnnotationsTimesAndTheDashboard() {
        Alert disk = rules.update("disk", CRITICAL, 93.1, 90).get(0).alert();
        AlertmanagerPayload prod =
                new AlertmanagerPayload("bot-host-1", Map.of("env", "prod"), DASHBOARD, AlertLabels.DEFAULT_GROUP_BY);

        JsonObject postable = prod.postable(disk, Instant.parse("2026-11-28T03:04:00Z"));

        assertAll(
                () -> assertEquals(
                        List.of("labels", "annotations", "startsAt", "endsAt", "generatorURL"),
                        List.copyOf(postable.keySet())),
                () -> assertEquals(prod.labels(disk), strings(postable.getJsonObject("labels"))),
                () -> assertEquals("prod", postable.getJsonObject("labels").getString("env")),
                () -> assertEquals(
                        "disk at 93.1%, over the critical level of 90%",
                        postable.getJsonObject("annotations").getString("summary")),
                () -> assertEquals("2026-11-28T03:00:00Z", postable.getString("startsAt")),
                () -> assertEquals("2026-11-28T03:04:00Z", postable.getString("endsAt")),
                () -> assertEquals(DASHBOARD, postable.getString("generatorURL")));
    }

    @Test
    void extraLabelsAreLabelNamesWithValuesAndNeverOursOwn() {
        assertEquals(Map.of("env", "prod", "region", "eu"), AlertLabels.parseLabels(" env=prod , region=eu "));
        assertEquals(Map.of(), AlertLabels.parseLabels(""));
        for (String bad : List.of(
                "1env=prod", "env-x=prod", "env", "env=", "alertname=x", "severity=x", "instance=x", "env=a,env=b")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> AlertLabels.parseLabels(bad), bad);
            assertTrue(!e.getMessage().isEmpty(), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AlertLabels.parseLabels("instance=x"))
                .getMessage()
                .contains("ops.alerts.instance"));
    }

    @Test
    void groupByNamesLabels() {
        assertEquals(List.of("alertname"), AlertLabels.checkedGroupBy(List.of("alertname")));
        assertEquals(List.of("..."), AlertLabels.checkedGroupBy(List.of("...")));
        assertThrows(IllegalArgumentException.class, () -> AlertLabels.checkedGroupBy(List.of()));
        assertThrows(IllegalArgumentException.class, () -> AlertLabels.checkedGroupBy(List.of("alertname", "...")));
        assertThrows(IllegalArgumentException.class, () -> AlertLabels.checkedGroupBy(List.of("a b")));
    }

    @Test
    void anInstanceNameIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new AlertmanagerPayload(" ", ""));
        assertThrows(IllegalArgumentException.class, () -> cut.build(List.of()));
    }
}
