package io.breakoutbot.ops.alerts;

import static io.breakoutbot.ops.alerts.Notice.Status.FIRING;
import static io.breakoutbot.ops.alerts.Notice.Status.RESOLVED;
import static io.breakoutbot.ops.alerts.Severity.CRITICAL;
import static io.breakoutbot.ops.alerts.Severity.OK;
import static io.breakoutbot.ops.alerts.Severity.UNAVAILABLE;
import static io.breakoutbot.ops.alerts.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert rules stepped through with a clock the test moves: no waiting for the five minutes. */
class AlertRulesTest {

    static final Instant START = Instant.parse("2026-11-28T03:00:00Z");

    MutableClock clock = new MutableClock(START);
    AlertRules cut = new AlertRules(clock);

    /** Disk at {@code level}: critical line 90%, warning line 80%. */
    List<Notice> disk(Severity level, double value) {
        return cut.update("disk", level, value, level == CRITICAL ? 90 : 80);
    }

    void minutes(long minutes) {
        clock.advance(Duration.ofMinutes(minutes));
    }

    static String describe(List<Notice> notices) {
        return String.join(
                ", ",
                notices.stream()
                        .map(n -> n.alert().key() + " " + n.status().label())
                        .toList());
    }

    @Test
    void aConditionWithItsOwnSentenceFiresAndResolvesWithIt() {
        AlertRules rules = new AlertRules(clock, Duration.ZERO);
        List<Notice> firing = rules.update(new Condition(
                "log-rotation",
                WARNING,
                1,
                0,
                START,
                "general.log has not rotated since 2026-11-28T02:00:00Z (1 attempt failed): read-only file system"));
        minutes(1);
        List<Notice> still = rules.update(new Condition(
                "log-rotation",
                WARNING,
                1,
                0,
                clock.instant(),
                "general.log has not rotated since 2026-11-28T02:00:00Z (2 attempts failed): read-only file system"));
        String refreshed = rules.active().get(0).summary();
        minutes(1);
        List<Notice> resolved =
                rules.update(new Condition("log-rotation", OK, 0, 0, clock.instant(), "every log rotates again"));

        assertAll(
                () -> assertEquals("log-rotation:warning firing", describe(firing)),
                () -> assertEquals(
                        "general.log has not rotated since 2026-11-28T02:00:00Z (1 attempt failed): "
                                + "read-only file system",
                        firing.get(0).alert().summary()),
                () -> assertEquals(List.of(), still),
                () -> assertEquals(
                        "general.log has not rotated since 2026-11-28T02:00:00Z (2 attempts failed): "
                                + "read-only file system",
                        refreshed,
                        "the active alert carries the latest sentence"),
                () -> assertEquals("log-rotation:warning resolved", describe(resolved)),
                () -> assertEquals(
                        "every log rotates again", resolved.get(0).alert().summary()),
                () -> assertEquals(
                        "2026-11-28T03:02:00Z", resolved.get(0).alert().endsAt()));
    }

    @Test
    void enteringCriticalFiresOnceWithEveryField() {
        List<Notice> notices = disk(CRITICAL, 93.14);

        assertEquals(1, notices.size());
        Alert alert = notices.get(0).alert();
        assertAll(
                () -> assertEquals(FIRING, notices.get(0).status()),
                () -> assertEquals("disk:critical", alert.key()),
                () -> assertEquals("disk", alert.metric()),
                () -> assertEquals("critical", alert.level()),
                () -> assertEquals(93.14, alert.value()),
                () -> assertEquals(90.0, alert.threshold()),
                () -> assertEquals("2026-11-28T03:00:00Z", alert.startsAt()),
                () -> assertEquals("", alert.endsAt()),
                () -> assertTrue(alert.fingerprint().matches("[0-9a-f]{16}"), alert.fingerprint()),
                () -> assertEquals("disk at 93.1%, over the critical level of 90%", alert.summary()),
                () -> assertEquals(List.of(alert), cut.active()));

        minutes(1);
        assertEquals(List.of(), disk(CRITICAL, 95), "still critical: nothing new");
        assertEquals(95.0, cut.active().get(0).value(), "active() shows the latest value");
        assertEquals("2026-11-28T03:00:00Z", cut.active().get(0).startsAt());
    }

    @Test
    void clearingAfterTheIntervalResolvesAtOnce() {
        Alert fired = disk(CRITICAL, 93.1).get(0).alert();
        minutes(6);

        List<Notice> notices = disk(OK, 70);

        assertEquals("disk:critical resolved", describe(notices));
        Alert resolved = notices.get(0).alert();
        assertAll(
                () -> assertEquals(fired.startsAt(), resolved.startsAt()),
                () -> assertEquals("2026-11-28T03:06:00Z", resolved.endsAt()),
                () -> assertEquals(fired.fingerprint(), resolved.fingerprint()),
                () -> assertEquals(70.0, resolved.value()),
                () -> assertEquals("disk at 70%, no longer over the critical level of 90%", resolved.summary()),
                () -> assertEquals(List.of(), cut.active()),
                () -> assertEquals(List.of(resolved, fired), cut.history()));
    }

    @Test
    void flappingWithinFiveMinutesGivesOneFiringAndOneResolvedAfterTheLastClear() {
        List<Notice> all = new ArrayList<>();
        Instant lastClear = null;
        for (int i = 0; i < 12; i++) { // over and under the line every 20 s for four minutes
            boolean over = i % 2 == 0;
            all.addAll(disk(over ? CRITICAL : OK, over ? 91 : 89));
            if (!over) {
                lastClear = clock.instant();
            }
            clock.advance(Duration.ofSeconds(20));
            all.addAll(cut.tick());
        }
        assertEquals("disk:critical firing", describe(all), "no resolve before the interval is over");

        clock.advance(Duration.between(clock.instant(), START.plus(Duration.ofMinutes(5))));
        all.addAll(cut.tick());
        minutes(30);
        all.addAll(cut.tick());

        assertEquals("disk:critical firing, disk:critical resolved", describe(all));
        assertEquals(START.toString(), all.get(1).alert().startsAt());
        assertEquals(lastClear.toString(), all.get(1).alert().endsAt(), "ends at the last clear");
        assertEquals(List.of(), cut.active());
    }

    @Test
    void flappingThatEndsOverTheLineKeepsTheFirstAlertFiring() {
        List<Notice> all = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            all.addAll(disk(i % 2 == 0 ? CRITICAL : OK, i % 2 == 0 ? 91 : 89));
            clock.advance(Duration.ofSeconds(20));
        }
        minutes(30);
        all.addAll(cut.tick());

        assertEquals("disk:critical firing", describe(all));
        assertEquals(START.toString(), cut.active().get(0).startsAt(), "the same alert, reactivated silently");
    }

    @Test
    void aFiringHeldBackByTheIntervalNeverGetsAResolve() {
        List<Notice> all = new ArrayList<>(disk(CRITICAL, 91));
        minutes(6);
        all.addAll(disk(OK, 70));
        minutes(1);
        List<Notice> reentry = disk(CRITICAL, 92);
        minutes(1);
        all.addAll(reentry);
        all.addAll(disk(OK, 70));
        minutes(30);
        all.addAll(cut.tick());

        assertEquals(List.of(), reentry, "within 5 minutes of the resolve");
        assertEquals("disk:critical firing, disk:critical resolved", describe(all));
    }

    @Test
    void aFiringHeldBackGoesOutOnceTheIntervalIsOverIfStillActive() {
        disk(CRITICAL, 91);
        minutes(6);
        disk(OK, 70); // resolved at 03:06
        minutes(1);
        assertEquals(List.of(), disk(CRITICAL, 92));
        minutes(3);
        assertEquals(List.of(), cut.tick(), "03:10 is still within the interval");
        minutes(1);

        List<Notice> late = cut.tick();

        assertEquals("disk:critical firing", describe(late));
        assertEquals("2026-11-28T03:07:00Z", late.get(0).alert().startsAt(), "starts when it crossed the line");
    }

    @Test
    void criticalInhibitsAnAnnouncedWarningUntilTheMetricIsBackToOk() {
        assertEquals("disk:warning firing", describe(disk(WARNING, 85)));
        minutes(6);
        assertEquals("disk:critical firing", describe(disk(CRITICAL, 93)), "no warning notice");
        minutes(6);
        assertEquals("disk:critical resolved", describe(disk(WARNING, 85)), "the warning never stopped firing");
        assertEquals(
                List.of("disk:warning"), cut.active().stream().map(Alert::key).toList());
        minutes(6);
        assertEquals("disk:warning resolved", describe(disk(OK, 50)));
    }

    @Test
    void criticalToWarningResolvesCriticalThenFiresWarning() {
        disk(CRITICAL, 93);
        minutes(6);

        assertEquals("disk:critical resolved, disk:warning firing", describe(disk(WARNING, 85)));
        minutes(6);
        assertEquals("disk:warning resolved", describe(disk(OK, 50)));
    }

    @Test
    void noWarningFiringWhileCriticalIsActiveEvenWhenItsIntervalIsOver() {
        disk(WARNING, 85);
        minutes(6);
        disk(OK, 50); // warning resolved at 03:06
        minutes(1);
        assertEquals(List.of(), disk(WARNING, 85), "held back by the interval");
        minutes(1);
        assertEquals("disk:critical firing", describe(disk(CRITICAL, 93)));
        minutes(10);
        assertEquals(List.of(), cut.tick(), "the warning's interval is over but disk:critical inhibits it");

        assertEquals("disk:critical resolved, disk:warning firing", describe(disk(WARNING, 85)));
    }

    @Test
    void unavailableFiresNothingResolvesNothingAndKeepsTheActiveAlert() {
        assertEquals(List.of(), disk(UNAVAILABLE, Double.NaN), "unavailable from OK");
        assertEquals(List.of(), cut.active());

        Alert fired = disk(CRITICAL, 93).get(0).alert();
        minutes(6);
        assertEquals(List.of(), disk(UNAVAILABLE, Double.NaN));
        assertEquals(List.of(fired), cut.active());
        minutes(6);
        assertEquals(List.of(), disk(CRITICAL, 94), "the same alert goes on");
        assertEquals(fired.startsAt(), cut.active().get(0).startsAt());
        assertEquals(List.of(), disk(UNAVAILABLE, Double.NaN));
        minutes(6);
        assertEquals("disk:critical resolved", describe(disk(OK, 50)));
    }

    @Test
    void metricsAreIndependent() {
        assertEquals("disk:critical firing", describe(disk(CRITICAL, 93)));
        assertEquals("cpu:critical firing", describe(cut.update("cpu", CRITICAL, 99, 95)));
        assertNotEquals(cut.active().get(0).fingerprint(), cut.active().get(1).fingerprint());
    }

    @Test
    void aZeroIntervalSendsEveryTransition() {
        cut = new AlertRules(clock, Duration.ZERO);
        List<Notice> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.addAll(disk(CRITICAL, 93));
            all.addAll(disk(OK, 50));
        }
        assertEquals(6, all.size());
        assertEquals(
                List.of(FIRING, RESOLVED, FIRING, RESOLVED, FIRING, RESOLVED),
                all.stream().map(Notice::status).toList());
    }

    @Test
    void historyKeepsTheLatest200MostRecentFirst() {
        cut = new AlertRules(clock, Duration.ZERO);
        for (int i = 0; i < 150; i++) {
            disk(CRITICAL, 93);
            clock.advance(Duration.ofSeconds(1));
            disk(OK, 50);
            clock.advance(Duration.ofSeconds(1));
        }

        List<Alert> history = cut.history();

        assertEquals(AlertRules.HISTORY_SIZE, history.size());
        assertEquals(START.plusSeconds(299).toString(), history.get(0).endsAt());
        assertEquals(START.plusSeconds(100).toString(), history.get(199).startsAt(), "the 100 oldest notices are gone");
    }

    @Test
    void conditionsCarryTheirOwnTime() {
        Instant sampled = START.minusSeconds(30);
        Notice notice =
                cut.update(new Condition("disk", CRITICAL, 93, 90, sampled)).get(0);

        assertEquals(sampled.toString(), notice.alert().startsAt());
        assertEquals(notice.alert().fingerprint() + "-firing-" + sampled.toEpochMilli(), notice.id());
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> new AlertRules(clock, Duration.ofSeconds(-1)));
        assertTrue(negative.getMessage().contains(AlertRules.MIN_INTERVAL_KEY), negative.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> disk(CRITICAL, Double.NaN));
        assertTrue(nan.getMessage().contains("disk"), nan.getMessage());
    }

    @Test
    void percentagesReadAsPeopleWriteThem() {
        assertAll(
                () -> assertEquals("90", Alert.percent(90.0)),
                () -> assertEquals("93.1", Alert.percent(93.14)),
                () -> assertEquals("93.2", Alert.percent(93.15)),
                () -> assertEquals("0", Alert.percent(0)),
                () -> assertEquals("100", Alert.percent(99.96)));
    }
}
