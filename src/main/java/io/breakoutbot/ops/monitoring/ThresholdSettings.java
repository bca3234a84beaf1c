package io.breakoutbot.ops.monitoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All thresholds and how eagerly states change; see {@link Evaluator} for the exact rules.
 *
 * @param levels     the levels of every metric; a metric without levels is refused
 * @param debounce   consecutive samples, from 1 to 100, at or above a level before a metric enters the worse
 *                   state it leads to; 1 changes state on the first such sample. Better
 *                   states are entered at once.
 * @param hysteresis percentage points, from 0 to 50: a metric leaves WARNING or CRITICAL only when its value
 *                   drops below that state's level minus this margin, so a value hovering on a line does not
 *                   flap. For a level below twice the margin, half the level is used instead, so a level of 1%
 *                   (an operator testing the alerts) can still recover. For a count ({@code bot.threads}) the
 *                   margin is this percent of the level: 5 takes 25 threads off a level of 500.
 */
public record ThresholdSettings(Map<Metric, Threshold> levels, int debounce, double hysteresis) {

    public static final int DEFAULT_DEBOUNCE = 1;
    public static final int MAX_DEBOUNCE = 100;
    public static final double DEFAULT_HYSTERESIS = 5;
    public static final int MAX_HYSTERESIS = 50;

    public ThresholdSettings {
        Objects.requireNonNull(levels, "levels");
        List<String> missing = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (levels.get(m) == null) {
                missing.add(m.label());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Thresholds are missing for " + String.join(", ", missing)
                    + "; every metric needs a warning and a critical level.");
        }
        for (Metric m : Metric.values()) {
            Threshold t = levels.get(m);
            if (t.unit() != m.unit()) {
                throw new IllegalArgumentException("The levels of " + m.label() + " must be "
                        + m.unit().plural() + ", not " + t.unit().plural() + ".");
            }
        }
        requireDebounce(debounce);
        requireHysteresis(hysteresis);
        levels = Collections.unmodifiableMap(new EnumMap<>(levels));
    }

    static void requireDebounce(int debounce) {
        if (debounce < 1 || debounce > MAX_DEBOUNCE) {
            throw new IllegalArgumentException(
                    "The debounce must be from 1 to " + MAX_DEBOUNCE + " consecutive samples, not " + debounce + ".");
        }
    }

    static void requireHysteresis(double hysteresis) {
        if (!(hysteresis >= 0 && hysteresis <= MAX_HYSTERESIS)) {
            throw new IllegalArgumentException("The hysteresis must be from 0 to " + MAX_HYSTERESIS
                    + " percentage points, not " + hysteresis + ".");
        }
    }

    /** The default levels, a debounce of 1 and a hysteresis of 5 points. */
    public static ThresholdSettings defaults() {
        Map<Metric, Threshold> levels = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            levels.put(m, Threshold.defaultFor(m));
        }
        return new ThresholdSettings(levels, DEFAULT_DEBOUNCE, DEFAULT_HYSTERESIS);
    }

    /** The levels of {@code metric}; never null. */
    public Threshold of(Metric metric) {
        return levels.get(metric);
    }

    /** A copy with other levels for {@code metric}. */
    public ThresholdSettings with(Metric metric, Threshold threshold) {
        Map<Metric, Threshold> changed = new EnumMap<>(levels);
        changed.put(Objects.requireNonNull(metric, "metric"), Objects.requireNonNull(threshold, "threshold"));
        return new ThresholdSettings(changed, debounce, hysteresis);
    }

    /** A copy with another debounce. */
    public ThresholdSettings withDebounce(int samples) {
        return new ThresholdSettings(levels, samples, hysteresis);
    }

    /** A copy with another hysteresis. */
    public ThresholdSettings withHysteresis(double points) {
        return new ThresholdSettings(levels, debounce, points);
    }
}
