package io.breakoutbot.ops.monitoring;

import static io.breakoutbot.ops.monitoring.Metric.CPU;
import static io.breakoutbot.ops.monitoring.Metric.DISK;
import static io.breakoutbot.ops.monitoring.Metric.MEMORY;
import static io.breakoutbot.ops.monitoring.State.CRITICAL;
import static io.breakoutbot.ops.monitoring.State.OK;
import static io.breakoutbot.ops.monitoring.State.UNAVAILABLE;
import static io.breakoutbot.ops.monitoring.State.WARNING;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The state machine with exact values. CPU is 70/80 and disk 80/90 by default, the hysteresis 5 points and
 * the debounce 1, unless a test says otherwise.
 */
class EvaluatorTest {

    static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    Evaluator cut = new Evaluator(ThresholdSettings.defaults());
    int round;

    /** One sampler round with only {@code metric}; a minute after the previous round. */
    List<Transition> sample(Metric metric, double value) {
        return cut.evaluate(at(round++), Map.of(metric, value));
    }

    /** Every transition of several rounds of one metric. */
    List<Transition> samples(Metric metric, double... values) {
        List<Transition> all = new ArrayList<>();
        for (double v : values) {
            all.addAll(sample(metric, v));
        }
        return all;
    }

    static Instant at(int round) {
        return START.plusSeconds(60L * round);
    }

    /** The transition expected from the next round; written before the call to {@link #sample}. */
    Transition change(Metric metric, State from, State to, double value, double threshold) {
        return new Transition(metric, from, to, value, threshold, at(round));
    }

    @Test
    void everyMetricStartsOk() {
        assertEquals(
                Map.of(
                        CPU,
                        OK,
                        MEMORY,
                        OK,
                        DISK,
                        OK,
                        Metric.FILE_DESCRIPTORS,
                        OK,
                        Metric.BOT_CPU,
                        OK,
                        Metric.BOT_MEMORY,
                        OK,
                        Metric.BOT_FILE_DESCRIPTORS,
                        OK,
                        Metric.BOT_THREADS,
                        OK),
                cut.states());
    }

    @Test
    void eachLineIsCrossedAtItsExactValue() {
        assertAll(
                () -> assertEquals(List.of(), sample(CPU, 69.99)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 70, 70)), sample(CPU, 70)),
                () -> assertEquals(List.of(), sample(CPU, 79.99)),
                () -> assertEquals(List.of(change(CPU, WARNING, CRITICAL, 80, 80)), sample(CPU, 80)),
                () -> assertEquals(List.of(), sample(CPU, 75)),
                () -> assertEquals(List.of(change(CPU, CRITICAL, WARNING, 74.99, 75)), sample(CPU, 74.99)),
                () -> assertEquals(List.of(), sample(CPU, 65)),
                () -> assertEquals(List.of(change(CPU, WARNING, OK, 64.99, 65)), sample(CPU, 64.99)),
                () -> assertEquals(OK, cut.states().get(CPU)));
    }

    @Test
    void aLeapSkipsTheStateInBetweenInOneTransition() {
        assertAll(
                () -> assertEquals(List.of(change(CPU, OK, CRITICAL, 95, 80)), sample(CPU, 95)),
                () -> assertEquals(List.of(change(CPU, CRITICAL, OK, 10, 65)), sample(CPU, 10)));
    }

    @Test
    void debounceOfThreeNeedsTheThirdBreachingSample() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));

        assertAll(
                () -> assertEquals(List.of(), samples(CPU, 72, 72)),
                () -> assertEquals(OK, cut.states().get(CPU)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 72, 70)), sample(CPU, 72)),
                () -> assertEquals(WARNING, cut.states().get(CPU)));
    }

    @Test
    void aDipBelowTheLineStartsTheCountAgain() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));

        assertAll(
                () -> assertEquals(List.of(), samples(CPU, 72, 72, 69.9, 72, 72)),
                () -> assertEquals(OK, cut.states().get(CPU)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 72, 70)), sample(CPU, 72)));
    }

    @Test
    void samplesAboveCriticalCountTowardsWarningToo() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));

        assertAll(
                () -> assertEquals(List.of(), samples(CPU, 75, 85)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 85, 70)), sample(CPU, 85)),
                // the third sample in a row at or above 80
                () -> assertEquals(List.of(change(CPU, WARNING, CRITICAL, 85, 80)), sample(CPU, 85)));
    }

    @Test
    void betterStatesNeedNoDebounce() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));
        samples(CPU, 90, 90, 90);

        assertAll(
                () -> assertEquals(CRITICAL, cut.states().get(CPU)),
                () -> assertEquals(List.of(change(CPU, CRITICAL, WARNING, 72, 75)), sample(CPU, 72)),
                () -> assertEquals(List.of(change(CPU, WARNING, OK, 50, 65)), sample(CPU, 50)));
    }

    @Test
    void hoveringAtTheLineStaysWarningUntilBelowTheMargin() {
        assertAll(
                () -> assertEquals(List.of(change(DISK, OK, WARNING, 80, 80)), sample(DISK, 80)),
                () -> assertEquals(List.of(), samples(DISK, 79, 80.5, 78, 75)),
                () -> assertEquals(WARNING, cut.states().get(DISK)),
                () -> assertEquals(List.of(change(DISK, WARNING, OK, 74.9, 75)), sample(DISK, 74.9)));
    }

    @Test
    void aFlappingValueMakesOneTransitionEachWay() {
        List<Transition> all = samples(DISK, 79.9, 80.1, 79.8, 80.2, 79.5, 80.3, 76, 80, 77, 79.99, 80.01, 74);

        assertEquals(
                List.of(
                        new Transition(DISK, OK, WARNING, 80.1, 80, at(1)),
                        new Transition(DISK, WARNING, OK, 74, 75, at(11))),
                all);
    }

    @Test
    void aValueFlappingAtTheCriticalLineStaysCritical() {
        List<Transition> all = samples(CPU, 80, 79, 81, 76, 80.5, 75, 74.5);

        assertEquals(
                List.of(
                        new Transition(CPU, OK, CRITICAL, 80, 80, at(0)),
                        new Transition(CPU, CRITICAL, WARNING, 74.5, 75, at(6))),
                all);
    }

    @Test
    void withoutHysteresisTheStateIsLeftRightBelowTheLine() {
        cut.setSettings(ThresholdSettings.defaults().withHysteresis(0));

        assertEquals(
                List.of(
                        new Transition(DISK, OK, WARNING, 80, 80, at(0)),
                        new Transition(DISK, WARNING, OK, 79.99, 80, at(1))),
                samples(DISK, 80, 79.99));
    }

    @Test
    void unavailableValueMovesToUnavailableNeverToWarning() {
        assertAll(
                () -> assertEquals(
                        List.of(change(CPU, OK, UNAVAILABLE, Double.NaN, Double.NaN)), sample(CPU, Double.NaN)),
                () -> assertEquals(List.of(), sample(CPU, Double.NaN)),
                () -> assertEquals(UNAVAILABLE, cut.states().get(CPU)),
                () -> assertEquals(OK, cut.states().get(MEMORY)));
    }

    @Test
    void aWarningMetricThatBecomesUnavailableMovesToUnavailable() {
        sample(CPU, 72);

        assertEquals(List.of(change(CPU, WARNING, UNAVAILABLE, Double.NaN, Double.NaN)), sample(CPU, Double.NaN));
    }

    @Test
    void aReturningValueGoesToItsStateAtOnce() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));

        assertAll(
                () -> assertEquals(
                        List.of(change(CPU, OK, UNAVAILABLE, Double.NaN, Double.NaN)), sample(CPU, Double.NaN)),
                () -> assertEquals(List.of(change(CPU, UNAVAILABLE, CRITICAL, 85, 80)), sample(CPU, 85)),
                () -> assertEquals(
                        List.of(change(CPU, CRITICAL, UNAVAILABLE, Double.NaN, Double.NaN)), sample(CPU, Double.NaN)),
                // no margin either: 77 is WARNING, although a CRITICAL metric would have held at 77
                () -> assertEquals(List.of(change(CPU, UNAVAILABLE, WARNING, 77, 70)), sample(CPU, 77)),
                () -> assertEquals(
                        List.of(change(CPU, WARNING, UNAVAILABLE, Double.NaN, Double.NaN)), sample(CPU, Double.NaN)),
                () -> assertEquals(List.of(change(CPU, UNAVAILABLE, OK, 69, 70)), sample(CPU, 69)));
    }

    @Test
    void anUnavailableSampleBreaksTheCount() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));
        samples(CPU, 72, 72, Double.NaN, 50);

        assertAll(
                () -> assertEquals(List.of(), samples(CPU, 72, 72)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 72, 70)), sample(CPU, 72)));
    }

    @Test
    void nullCountsAsUnavailableAndAMissingMetricIsNotJudged() {
        sample(DISK, 85);
        Map<Metric, Double> values = new HashMap<>();
        values.put(MEMORY, null);
        values.put(CPU, 90.0);
        List<Transition> expected =
                List.of(change(CPU, OK, CRITICAL, 90, 80), change(MEMORY, OK, UNAVAILABLE, Double.NaN, Double.NaN));

        List<Transition> changes = cut.evaluate(at(round++), values);

        assertAll(
                () -> assertEquals(expected, changes),
                () -> assertEquals(WARNING, cut.states().get(DISK)));
    }

    @Test
    void newSettingsApplyFromTheNextSampleKeepingStates() {
        sample(CPU, 72);
        cut.setSettings(ThresholdSettings.defaults().with(CPU, new Threshold(85, 95)));

        assertAll(
                () -> assertEquals(WARNING, cut.states().get(CPU)),
                () -> assertEquals(85, cut.settings().of(CPU).warning()),
                // 72 is below 85 - 5 now
                () -> assertEquals(List.of(change(CPU, WARNING, OK, 72, 80)), sample(CPU, 72)));
    }

    @Test
    void aLoweredLevelIsEnteredAfterTheDebounce() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(2));
        sample(CPU, 50);
        cut.setSettings(cut.settings().with(CPU, new Threshold(40, 60)));

        assertAll(
                () -> assertEquals(List.of(), sample(CPU, 50)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 50, 40)), sample(CPU, 50)));
    }

    @Test
    void samplesCountedBeforeASettingsChangeAreForgotten() {
        cut.setSettings(ThresholdSettings.defaults().withDebounce(3));
        samples(CPU, 72, 72);
        cut.setSettings(cut.settings().withHysteresis(2));

        assertAll(
                () -> assertEquals(List.of(), samples(CPU, 72, 72)),
                () -> assertEquals(List.of(change(CPU, OK, WARNING, 72, 70)), sample(CPU, 72)));
    }

    @Test
    void statesAreASnapshotThatLaterSamplesLeaveAlone() {
        Map<Metric, State> before = cut.states();
        sample(CPU, 99);

        assertAll(
                () -> assertEquals(OK, before.get(CPU)),
                () -> assertEquals(CRITICAL, cut.states().get(CPU)),
                () -> assertThrows(
                        UnsupportedOperationException.class, () -> cut.states().put(CPU, OK)));
    }

    @Test
    void statesReadFromAnotherThreadSeeTheLastRound() throws InterruptedException {
        sample(DISK, 95);
        AtomicReference<Map<Metric, State>> seen = new AtomicReference<>();
        Thread reader = new Thread(() -> seen.set(cut.states()));
        reader.start();
        reader.join();

        assertEquals(CRITICAL, seen.get().get(DISK));
    }

    @Test
    void aLevelBelowTwiceTheMarginRecoversBelowHalfTheLevel() {
        Evaluator cut = new Evaluator(ThresholdSettings.defaults().with(Metric.MEMORY, new Threshold(1, 2)));
        Instant at = Instant.parse("2026-11-28T03:00:00Z");

        assertEquals(
                State.CRITICAL,
                cut.evaluate(at, Map.of(Metric.MEMORY, 40.0)).get(0).to());
        assertEquals(List.of(), cut.evaluate(at, Map.of(Metric.MEMORY, 1.1)), "1.1 is above 2 - 1: still critical");
        Transition down = cut.evaluate(at, Map.of(Metric.MEMORY, 0.9)).get(0);
        assertEquals(State.WARNING, down.to(), "below 2 - 1, above 1 - 0.5");
        assertEquals(
                State.OK, cut.evaluate(at, Map.of(Metric.MEMORY, 0.4)).get(0).to());
    }

    @Test
    void botThreadsAreACountWhoseHysteresisIsAPercentOfTheLevel() {
        Metric threads = Metric.BOT_THREADS; // 500/1000 threads; 5% of 500 is 25, of 1000 is 50

        assertAll(
                () -> assertEquals(List.of(change(threads, OK, WARNING, 612, 500)), sample(threads, 612)),
                () -> assertEquals(List.of(), sample(threads, 476), "at or above 475 it stays"),
                () -> assertEquals(List.of(change(threads, WARNING, OK, 474, 475)), sample(threads, 474)),
                () -> assertEquals(List.of(change(threads, OK, CRITICAL, 1000, 1000)), sample(threads, 1000)),
                () -> assertEquals(List.of(), sample(threads, 951)),
                () -> assertEquals(List.of(change(threads, CRITICAL, WARNING, 949, 950)), sample(threads, 949)));
    }

    @Test
    void withoutABotItsMetricsAreUnavailableAndTheHostsGoOn() {
        Map<Metric, Double> noBot = new HashMap<>(Map.of(CPU, 75.0));
        for (Metric m : Metric.values()) {
            if (m.isBot()) {
                noBot.put(m, Double.NaN);
            }
        }
        List<Transition> first = cut.evaluate(at(round++), noBot);
        List<Transition> again = cut.evaluate(at(round++), noBot);
        noBot.put(Metric.BOT_CPU, 96.0);
        List<Transition> botBack = cut.evaluate(at(round), noBot);

        assertAll(
                () -> assertEquals(
                        List.of(
                                new Transition(CPU, OK, WARNING, 75, 70, at(0)),
                                new Transition(Metric.BOT_CPU, OK, UNAVAILABLE, Double.NaN, Double.NaN, at(0)),
                                new Transition(Metric.BOT_MEMORY, OK, UNAVAILABLE, Double.NaN, Double.NaN, at(0)),
                                new Transition(
                                        Metric.BOT_FILE_DESCRIPTORS, OK, UNAVAILABLE, Double.NaN, Double.NaN, at(0)),
                                new Transition(Metric.BOT_THREADS, OK, UNAVAILABLE, Double.NaN, Double.NaN, at(0))),
                        first),
                () -> assertEquals(List.of(), again, "no news while there is still no bot"),
                () -> assertEquals(
                        List.of(new Transition(Metric.BOT_CPU, UNAVAILABLE, CRITICAL, 96, 95, at(2))),
                        botBack,
                        "straight to the state its first value indicates"));
    }
}
