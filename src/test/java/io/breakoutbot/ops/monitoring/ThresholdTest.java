package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sentences an operator reads when a threshold edit is refused, and the default levels. */
class ThresholdTest {

    static String rejection(double warning, double critical) {
        return assertThrows(IllegalArgumentException.class, () -> new Threshold(warning, critical))
                .getMessage();
    }

    static String rejection(Map<Metric, Threshold> levels, int debounce, double hysteresis) {
        return assertThrows(IllegalArgumentException.class, () -> new ThresholdSettings(levels, debounce, hysteresis))
                .getMessage();
    }

    static Map<Metric, Threshold> defaultLevels() {
        return ThresholdSettings.defaults().levels();
    }

    @Test
    void warningAboveCriticalIsRefused() {
        assertAll(
                () -> assertEquals(
                        "The warning level (85.0) must be below the critical level (80.0); "
                                + "both are percentages from 0 to 100.",
                        rejection(85, 80)),
                () -> assertEquals(
                        "The warning level (80.0) must be below the critical level (80.0); "
                                + "both are percentages from 0 to 100.",
                        rejection(80, 80)));
    }

    @Test
    void levelsOutsideZeroToHundredAreRefused() {
        assertAll(
                () -> assertEquals(
                        "The warning level must be a percentage from 0 to 100, not -1.0.", rejection(-1, 80)),
                () -> assertEquals(
                        "The critical level must be a percentage from 0 to 100, not 100.5.", rejection(70, 100.5)),
                () -> assertEquals(
                        "The warning level must be a percentage from 0 to 100, not NaN.", rejection(Double.NaN, 80)),
                () -> assertEquals(
                        "The critical level must be a percentage from 0 to 100, not NaN.", rejection(70, Double.NaN)),
                () -> assertEquals(
                        "The critical level must be a percentage from 0 to 100, not Infinity.",
                        rejection(70, Double.POSITIVE_INFINITY)));
    }

    @Test
    void limitsThemselvesAreAccepted() {
        Threshold cut = new Threshold(0, 100);

        assertAll(
                () -> assertEquals(0, cut.warning()),
                () -> assertEquals(100, cut.critical()),
                () -> assertEquals(99.99, new Threshold(99.99, 100).warning()));
    }

    @Test
    void defaultsAreTheSeedsResourceLimits() {
        assertAll(
                () -> assertEquals(new Threshold(70, 80), Threshold.defaultFor(Metric.CPU)),
                () -> assertEquals(new Threshold(75, 85), Threshold.defaultFor(Metric.MEMORY)),
                () -> assertEquals(new Threshold(80, 90), Threshold.defaultFor(Metric.DISK)),
                () -> assertEquals(new Threshold(80, 90), Threshold.defaultFor(Metric.FILE_DESCRIPTORS)),
                () -> assertEquals(1, ThresholdSettings.defaults().debounce()),
                () -> assertEquals(5, ThresholdSettings.defaults().hysteresis()));
    }

    @Test
    void debounceOutsideOneToHundredIsRefused() {
        assertAll(
                () -> assertEquals(
                        "The debounce must be from 1 to 100 consecutive samples, not 0.",
                        rejection(defaultLevels(), 0, 5)),
                () -> assertEquals(
                        "The debounce must be from 1 to 100 consecutive samples, not 101.",
                        rejection(defaultLevels(), 101, 5)),
                () -> assertEquals(100, new ThresholdSettings(defaultLevels(), 100, 5).debounce()));
    }

    @Test
    void hysteresisOutsideZeroToFiftyIsRefused() {
        assertAll(
                () -> assertEquals(
                        "The hysteresis must be from 0 to 50 percentage points, not -0.5.",
                        rejection(defaultLevels(), 1, -0.5)),
                () -> assertEquals(
                        "The hysteresis must be from 0 to 50 percentage points, not 50.5.",
                        rejection(defaultLevels(), 1, 50.5)),
                () -> assertEquals(
                        "The hysteresis must be from 0 to 50 percentage points, not NaN.",
                        rejection(defaultLevels(), 1, Double.NaN)),
                () -> assertEquals(0, new ThresholdSettings(defaultLevels(), 1, 0).hysteresis()));
    }

    @Test
    void lowLevelsAreAllowedWhateverTheHysteresis() {
        ThresholdSettings cut = ThresholdSettings.defaults().with(Metric.MEMORY, new Threshold(1, 2));

        assertAll(
                () -> assertEquals(1, cut.of(Metric.MEMORY).warning(), "an operator may set 1% to test the alerts"),
                () -> assertEquals(5, cut.hysteresis()),
                () -> assertEquals(
                        0,
                        cut.with(Metric.CPU, new Threshold(0, 1)).of(Metric.CPU).warning()));
    }

    @Test
    void everyMetricNeedsLevels() {
        Map<Metric, Threshold> some = new EnumMap<>(Metric.class);
        some.put(Metric.CPU, Threshold.CPU);
        some.put(Metric.MEMORY, Threshold.MEMORY);

        assertEquals(
                "Thresholds are missing for disk, fds, bot.cpu, bot.memory, bot.fds, bot.threads; every metric needs a "
                        + "warning and a critical level.",
                rejection(some, 1, 5));
    }

    @Test
    void copiesLeaveTheOriginalAsItWas() {
        ThresholdSettings original = ThresholdSettings.defaults();
        Map<Metric, Threshold> mutable = new EnumMap<>(original.levels());
        ThresholdSettings fromMutable = new ThresholdSettings(mutable, 1, 5);
        mutable.put(Metric.CPU, new Threshold(10, 20));

        ThresholdSettings cut = original.with(Metric.DISK, new Threshold(85, 95))
                .withDebounce(3)
                .withHysteresis(2);

        assertAll(
                () -> assertEquals(new Threshold(85, 95), cut.of(Metric.DISK)),
                () -> assertEquals(Threshold.CPU, cut.of(Metric.CPU)),
                () -> assertEquals(3, cut.debounce()),
                () -> assertEquals(2, cut.hysteresis()),
                () -> assertEquals(ThresholdSettings.defaults(), original),
                () -> assertEquals(Threshold.CPU, fromMutable.of(Metric.CPU)),
                () -> assertThrows(
                        UnsupportedOperationException.class, () -> cut.levels().put(Metric.CPU, Threshold.CPU)));
    }

    @Test
    void botThreadLevelsAreWholeNumbersOfThreads() {
        assertAll(
                () -> assertEquals(
                        "The warning level must be a whole number from 0 to 1000000, not 500.5.",
                        assertThrows(
                                        IllegalArgumentException.class,
                                        () -> new Threshold(500.5, 1000, Metric.Unit.COUNT))
                                .getMessage()),
                () -> assertEquals(
                        "The critical level must be a whole number from 0 to 1000000, not 1000001.0.",
                        assertThrows(
                                        IllegalArgumentException.class,
                                        () -> new Threshold(500, 1_000_001, Metric.Unit.COUNT))
                                .getMessage()),
                () -> assertEquals(
                        "The warning level must be a whole number from 0 to 1000000, not -1.0.",
                        assertThrows(IllegalArgumentException.class, () -> new Threshold(-1, 10, Metric.Unit.COUNT))
                                .getMessage()),
                () -> assertEquals(
                        "The warning level (1000.0) must be below the critical level (500.0); both are whole numbers "
                                + "from 0 to 1000000.",
                        assertThrows(IllegalArgumentException.class, () -> new Threshold(1000, 500, Metric.Unit.COUNT))
                                .getMessage()),
                () -> assertEquals(2000, new Threshold(1000, 2000, Metric.Unit.COUNT).critical(), "above 100"));
    }

    @Test
    void levelsInAnotherUnitThanTheirMetricsAreRefused() {
        ThresholdSettings defaults = ThresholdSettings.defaults();

        assertAll(
                () -> assertEquals(
                        "The levels of bot.threads must be whole numbers from 0 to 1000000, not percentages from 0 to "
                                + "100.",
                        assertThrows(
                                        IllegalArgumentException.class,
                                        () -> defaults.with(Metric.BOT_THREADS, new Threshold(50, 75)))
                                .getMessage()),
                () -> assertEquals(
                        "The levels of cpu must be percentages from 0 to 100, not whole numbers from 0 to 1000000.",
                        assertThrows(
                                        IllegalArgumentException.class,
                                        () -> defaults.with(Metric.CPU, new Threshold(50, 75, Metric.Unit.COUNT)))
                                .getMessage()));
    }

    @Test
    void botDefaultsHaveTheirOwnLevels() {
        assertAll(
                () -> assertEquals(new Threshold(80, 95), Threshold.defaultFor(Metric.BOT_CPU)),
                () -> assertEquals(new Threshold(50, 75), Threshold.defaultFor(Metric.BOT_MEMORY)),
                () -> assertEquals(new Threshold(80, 95), Threshold.defaultFor(Metric.BOT_FILE_DESCRIPTORS)),
                () -> assertEquals(
                        new Threshold(500, 1000, Metric.Unit.COUNT), Threshold.defaultFor(Metric.BOT_THREADS)),
                () -> assertEquals(
                        new Threshold(400, 500, Metric.Unit.COUNT),
                        Threshold.BOT_THREADS.withWarning(400).withCritical(500),
                        "an edit keeps the unit"));
    }
}
