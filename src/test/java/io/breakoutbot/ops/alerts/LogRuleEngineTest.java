package io.breakoutbot.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.logs.LineLevel;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogRuleEngineTest {

    static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    static final String DISCONNECT =
            "{\"asctime\": \"2026-12-04 10:00:00,123\", \"levelname\": \"ERROR\", \"name\": \"bot.exchange\", "
                    + "\"message\": \"Exchange binance disconnected: timeout\"}";
    static final String OTHER_ERROR = "2026-12-04 10:00:00,123 ERROR bot.risk: position limit reached";
    static final String INFO = "2026-12-04 10:00:00,123 INFO bot.exchange: exchange disconnected, planned";
    /** Shows no time: a rate counts it when it is read. */
    static final String UNSTAMPED_ERROR = "ERROR bot.risk: position limit reached";

    /** The labels receivers see, and so the fingerprint each alert carries. */
    static final AlertmanagerPayload PAYLOAD = new AlertmanagerPayload("bot-host-1", "");

    MutableClock clock = new MutableClock(START);

    LogRuleEngine engine(String rules) {
        return new LogRuleEngine(LogRule.parseAll(rules), clock, PAYLOAD::fingerprint);
    }

    static List<Notice> accept(LogRuleEngine cut, String file, String line) {
        return cut.accept(file, line, LineLevel.of(line));
    }

    static List<String> statuses(List<Notice> notices) {
        return notices.stream()
                .map(n -> n.alert().alertname() + " " + n.status().label())
                .toList();
    }

    @Test
    void aMatchingLineFiresOnceWithTheLineAndItsFile() {
        LogRuleEngine cut = engine(LogRuleTest.EXCHANGE);

        assertEquals(List.of(), accept(cut, "bot.log", INFO), "INFO is below ERROR");
        assertEquals(List.of(), accept(cut, "bot.log", OTHER_ERROR), "another message");
        List<Notice> fired = accept(cut, "bot.log", DISCONNECT);
        clock.advance(Duration.ofSeconds(30));
        List<Notice> again = accept(cut, "bot.log", DISCONNECT);

        assertEquals(List.of("exchange-disconnect firing"), statuses(fired));
        assertEquals(List.of(), again, "still firing: nothing more is sent");
        Alert alert = fired.get(0).alert();
        assertEquals("exchange-disconnect:critical", alert.key());
        assertEquals("critical", alert.level());
        assertEquals("2026-12-04T10:00:00Z", alert.startsAt());
        assertEquals("exchange-disconnect: bot.log: Exchange binance disconnected: timeout", alert.summary());
        assertEquals(Map.of("line", DISCONNECT, "file", "bot.log", "rule", LogRuleTest.EXCHANGE), alert.annotations());
        assertEquals(List.of(alert), cut.active());
        assertEquals(Map.of("exchange-disconnect", 2L), cut.matchedLines());
    }

    @Test
    void itResolvesAfterTheQuietTimeAndCanFireAgain() {
        LogRuleEngine cut = engine(LogRuleTest.EXCHANGE + " quiet=2m");
        accept(cut, "bot.log", DISCONNECT);
        clock.advance(Duration.ofMinutes(1));
        accept(cut, "bot.log", DISCONNECT);

        clock.advance(Duration.ofSeconds(119));
        assertEquals(List.of(), cut.tick(), "1:59 after the last match");
        clock.advance(Duration.ofSeconds(1));
        List<Notice> resolved = cut.tick();

        assertEquals(List.of("exchange-disconnect resolved"), statuses(resolved));
        assertEquals("2026-12-04T10:03:00Z", resolved.get(0).alert().endsAt());
        assertEquals("2026-12-04T10:00:00Z", resolved.get(0).alert().startsAt());
        assertEquals(
                "exchange-disconnect: no matching line for 2m",
                resolved.get(0).alert().summary());
        assertEquals(List.of(), cut.tick());
        assertEquals(List.of(), cut.active());

        clock.advance(Duration.ofSeconds(5));
        List<Notice> refired = accept(cut, "bot.log.1", DISCONNECT);
        assertEquals(List.of("exchange-disconnect firing"), statuses(refired));
        assertNotEquals(resolved.get(0).id(), refired.get(0).id());
    }

    @Test
    void aLineAfterTheQuietTimeWithoutATickResolvesThenFiresAgain() {
        LogRuleEngine cut = engine(LogRuleTest.EXCHANGE);
        accept(cut, "bot.log", DISCONNECT);
        clock.advance(Duration.ofMinutes(6));
        assertEquals(
                List.of("exchange-disconnect resolved", "exchange-disconnect firing"),
                statuses(accept(cut, "bot.log", DISCONNECT)));
    }

    @Test
    void aRateRuleFiresWhenMoreThanNLinesFallInTheSlidingWindow() {
        LogRuleEngine cut = engine(LogRuleTest.BURST);
        List<Notice> notices = new ArrayList<>();
        // 10 errors in the first 50 s: not more than 10.
        for (int i = 0; i < 10; i++) {
            notices.addAll(accept(cut, "bot.log", UNSTAMPED_ERROR));
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(List.of(), notices);
        // The 11th at 0:50: 11 within the last minute.
        List<Notice> fired = accept(cut, "bot.log", UNSTAMPED_ERROR);

        assertEquals(List.of("error-burst firing"), statuses(fired));
        assertEquals(11, fired.get(0).alert().value());
        assertEquals(10, fired.get(0).alert().threshold());
        assertEquals(
                "error-burst: 11 matching lines within 1m (over 10), the last in bot.log: " + UNSTAMPED_ERROR,
                fired.get(0).alert().summary());
    }

    @Test
    void linesSpreadWiderThanTheWindowNeverFireARateRule() {
        LogRuleEngine cut = engine("slow: level>=ERROR rate>2/1m");
        List<Notice> notices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            notices.addAll(accept(cut, "bot.log", UNSTAMPED_ERROR));
            clock.advance(Duration.ofSeconds(30)); // two a minute, never three
        }
        assertEquals(List.of(), notices);
        assertEquals(Map.of("slow", 20L), cut.matchedLines());

        clock.advance(Duration.ofSeconds(-29));
        assertEquals(List.of("slow firing"), statuses(accept(cut, "bot.log", UNSTAMPED_ERROR)));
    }

    @Test
    void aRateRuleResolvesOnceItHasNotHeldForItsQuietTime() {
        LogRuleEngine cut = engine("burst: level>=ERROR rate>1/10s quiet=1m");
        accept(cut, "bot.log", UNSTAMPED_ERROR);
        assertEquals(List.of("burst firing"), statuses(accept(cut, "bot.log", UNSTAMPED_ERROR)));
        // A trickle below the rate keeps nothing alive.
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(11));
            accept(cut, "bot.log", UNSTAMPED_ERROR);
        }
        assertEquals(List.of("burst resolved"), statuses(cut.tick()));
    }

    /** A Python asctime line written at {@code START + seconds}, in the clock's zone (UTC). */
    static String errorAt(long seconds) {
        Instant at = START.plusSeconds(seconds);
        return at.toString().replace('T', ' ').replace("Z", "") + ",250 ERROR bot.risk: position limit reached";
    }

    @Test
    void aBacklogOfOldLinesReadAtOnceIsNoBurst() {
        LogRuleEngine cut = engine(LogRuleTest.BURST);
        clock.advance(Duration.ofMinutes(10));
        List<Notice> notices = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            notices.addAll(accept(cut, "bot.log", errorAt(i))); // written 10 minutes ago, read in one poll
        }
        assertEquals(List.of(), notices, "written long before the window: not counted");
        assertEquals(Map.of("error-burst", 50L), cut.matchedLines());
    }

    @Test
    void linesReadAtOnceCountAtTheTimeTheyWereWritten() {
        LogRuleEngine cut = engine(LogRuleTest.BURST);
        // Written one every 12 s over two minutes, read at once at the end: never more than 5 in a minute.
        clock.advance(Duration.ofMinutes(2));
        List<Notice> notices = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            notices.addAll(accept(cut, "bot.log", errorAt(i * 12L)));
        }
        assertEquals(List.of(), notices);

        // Written one every 5 s from 2:05 to 2:55 (ISO-8601 with an offset, JSON), read at once at 3:00.
        clock.advance(Duration.ofMinutes(1));
        for (int i = 1; i <= 11; i++) {
            Instant at = START.plusSeconds(120 + 5L * i).plus(Duration.ofHours(1));
            String line = "{\"timestamp\": \"" + at.toString().replace("Z", "+01:00")
                    + "\", \"level\": \"ERROR\", \"message\": \"order rejected\"}";
            notices.addAll(accept(cut, "bot.log", line));
        }
        assertEquals(List.of("error-burst firing"), statuses(notices));
        assertEquals(11, notices.get(0).alert().value());
        assertEquals("2026-12-04T10:03:00Z", notices.get(0).alert().startsAt(), "fired when read");
    }

    @Test
    void aLineStampedAfterNowCountsAsNowAndFilesMayInterleave() {
        LogRuleEngine cut = engine("burst: level>=ERROR rate>2/10s");
        clock.advance(Duration.ofSeconds(100));
        assertEquals(List.of(), accept(cut, "a.log", errorAt(99)));
        assertEquals(List.of(), accept(cut, "b.log", errorAt(85)), "older than 10 s: not counted");
        assertEquals(List.of(), accept(cut, "b.log", errorAt(95)));
        assertEquals(List.of("burst firing"), statuses(accept(cut, "a.log", errorAt(3600))), "the clock is behind");
    }

    @Test
    void fileGlobsWarningSeverityAndTheServicesOwnAlertLines() {
        LogRuleEngine cut = engine("bot-only: message~\"disconnect\" file~\"bot*.log\" severity=warning");
        String ownAlertLine =
                "{\"timestamp\":\"2026-12-04T10:00:00.000Z\",\"level\":\"INFO\",\"component\":\"metrics\","
                        + "\"logger\":\"io.breakoutbot.ops.alerts.AlertDispatch\",\"message\":\"alert bot-only:warning firing: "
                        + "disconnect\"}";

        assertEquals(List.of(), accept(cut, "general.log", INFO));
        assertEquals(List.of(), accept(cut, "botx.log", ownAlertLine), "our own alert lines never match");
        List<Notice> fired = accept(cut, "bot-exchange.log", INFO);

        assertEquals(List.of("bot-only firing"), statuses(fired));
        assertEquals("warning", fired.get(0).alert().level());
        assertEquals("bot-only:warning", fired.get(0).alert().key());
    }

    @Test
    void theWebhookBodyCarriesTheRuleAsAlertnameAndTheLineAsAnnotation() {
        LogRuleEngine cut = engine(LogRuleTest.EXCHANGE);
        Notice fired = accept(cut, "bot.log", DISCONNECT).get(0);
        AlertmanagerPayload payload = new AlertmanagerPayload("bot-host-1", "");

        JsonObject body = AlertmanagerPayloadTest.parse(payload.json(fired));
        JsonObject alert = body.getJsonArray("alerts").getJsonObject(0);

        assertEquals("{}:{alertname=\"exchange-disconnect\", instance=\"bot-host-1\"}", body.getString("groupKey"));
        assertEquals("exchange-disconnect", body.getJsonObject("groupLabels").getString("alertname"));
        assertEquals(
                Map.of(
                        "alertname", "exchange-disconnect",
                        "metric", "exchange-disconnect",
                        "severity", "critical",
                        "service", "breakout-ops",
                        "instance", "bot-host-1"),
                AlertmanagerPayloadTest.strings(alert.getJsonObject("labels")));
        assertEquals(
                List.of("file", "line", "rule", "summary", "threshold", "value"),
                List.copyOf(alert.getJsonObject("annotations").keySet()));
        Map<String, String> annotations = AlertmanagerPayloadTest.strings(alert.getJsonObject("annotations"));
        assertEquals(
                "exchange-disconnect: bot.log: Exchange binance disconnected: timeout", annotations.get("summary"));
        assertEquals(DISCONNECT, annotations.get("line"));
        assertEquals("bot.log", annotations.get("file"));
        assertEquals(16, alert.getString("fingerprint").length());
        assertNotEquals(Alert.fingerprint("exchange-disconnect", "critical"), alert.getString("fingerprint"));
        assertEquals(
                alert.getString("fingerprint"),
                fired.alert().fingerprint(),
                "the MXBean and /api/monitoring show the fingerprint receivers see");
    }

    @Test
    void aLongLineIsCutInTheAlert() {
        LogRuleEngine cut = engine("long: level>=ERROR");
        String line = "ERROR " + "x".repeat(5000);
        Alert alert = accept(cut, "bot.log", line).get(0).alert();
        assertEquals(
                LogRuleEngine.MAX_LINE_CHARS, alert.annotations().get("line").length());
        assertTrue(alert.annotations().get("line").endsWith("…"));
    }

    @Test
    void alertsOfSeveralNamesGoInOneMessageEach() {
        Notice logRule =
                accept(engine(LogRuleTest.EXCHANGE), "bot.log", DISCONNECT).get(0);
        Notice resource = new AlertRules(clock)
                .update("disk", Severity.CRITICAL, 93.1, 90)
                .get(0);
        AlertmanagerPayload payload = new AlertmanagerPayload("bot-host-1", "");

        List<JsonObject> messages = payload.messages(List.of(resource, logRule));

        assertEquals(
                List.of(
                        "{}:{alertname=\"ResourceThreshold\", instance=\"bot-host-1\"}",
                        "{}:{alertname=\"exchange-disconnect\", instance=\"bot-host-1\"}"),
                messages.stream().map(m -> m.getString("groupKey")).toList());
        assertEquals(
                "ResourceThreshold",
                messages.get(0)
                        .getJsonArray("alerts")
                        .getJsonObject(0)
                        .getJsonObject("labels")
                        .getString("alertname"));
    }
}
