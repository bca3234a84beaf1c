package io.breakoutbot.ops.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns samples into states, one small state machine per metric. Every metric starts {@link State#OK}.
 *
 * <p><b>Rules</b>, for a metric in state {@code s} with levels {@code warning < critical}, debounce {@code d}
 * and hysteresis {@code h}, given a value {@code v} (percent, or a count for {@code bot.threads}, where
 * {@code h} below is {@code h} percent of the level):
 * <ol>
 *   <li><b>Unavailable.</b> {@code v} NaN (or null) moves the metric to UNAVAILABLE at once, and forgets any
 *       samples counted towards a worse state. From UNAVAILABLE, the first value moves it straight to the
 *       state that value indicates on its own, {@code v >= critical} CRITICAL, {@code v >= warning} WARNING,
 *       else OK, with neither debounce nor hysteresis: nothing is known about the time in between.</li>
 *   <li><b>Worse.</b> A value at or above a level worse than {@code s} counts one sample towards that level;
 *       a value below it sets that count back to zero. When a count reaches {@code d}, the metric enters the
 *       worst state whose count did. So with {@code d = 3}, samples 75, 85, 85 from OK (CPU, 70/80) enter
 *       WARNING on the third, and the next 85 enters CRITICAL, being the third in a row at or above 80; with
 *       {@code d = 1}, a single 85 goes from OK to CRITICAL in one transition.</li>
 *   <li><b>Better</b>, at once, without debounce: the state the value indicates is computed with the levels
 *       already reached (those of {@code s} and of the states better than {@code s}) lowered by {@code h} (by half the level
 *       when that is less, so low levels still recover), and
 *       the levels not reached as they are. From CRITICAL: {@code v >= critical - h} stays CRITICAL,
 *       {@code v >= warning - h} is WARNING, else OK. From WARNING: {@code v >= warning - h} stays WARNING
 *       (or counts towards CRITICAL, rule 2), else OK. A metric is thus only ever left when its value drops
 *       below the state's level minus {@code h}; with 70/80 and {@code h = 5}, a CPU in WARNING hovering at
 *       69, 72, 66 stays in WARNING, and 64.9 returns it to OK.</li>
 * </ol>
 * A metric missing from a round's values is not judged: its state and counts stay as they were.
 *
 * <p><b>Threads.</b> {@link #evaluate} is meant for the one sampler thread, {@link #setSettings} for whoever
 * edits the thresholds; both are serialised. {@link #states()} never blocks and may be read from any thread.
 */
public final class Evaluator {

    private final Map<Metric, Track> tracks = new EnumMap<>(Metric.class);
    private ThresholdSettings settings;
    private volatile Map<Metric, State> states;

    /** What one metric remembers between samples. */
    private static final class Track {
        State state = State.OK;
        int atWarning; // consecutive samples at or above the warning level while better than WARNING
        int atCritical; // consecutive samples at or above the critical level while better than CRITICAL

        void forgetCounts() {
            atWarning = 0;
            atCritical = 0;
        }
    }

    public Evaluator(ThresholdSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        for (Metric m : Metric.values()) {
            tracks.put(m, new Track());
        }
        publish();
    }

    /**
     * Judges one round of samples.
     *
     * @param at     when the samples were taken
     * @param values percent from 0 to 100 per metric; NaN or null when a metric could not be sampled
     * @return the metrics that changed state, in {@link Metric} order; empty when none did
     */
    public synchronized List<Transition> evaluate(Instant at, Map<Metric, Double> values) {
        Objects.requireNonNull(at, "at");
        List<Transition> changes = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            if (values.containsKey(metric)) {
                Double value = values.get(metric);
                Transition t = step(metric, value == null ? Double.NaN : value, at);
                if (t != null) {
                    changes.add(t);
                }
            }
        }
        if (!changes.isEmpty()) {
            publish();
        }
        return List.copyOf(changes);
    }

    private Transition step(Metric metric, double v, Instant at) {
        Track track = tracks.get(metric);
        State from = track.state;
        Threshold levels = settings.of(metric);
        if (Double.isNaN(v)) {
            track.forgetCounts();
            return from == State.UNAVAILABLE ? null : move(metric, track, State.UNAVAILABLE, v, Double.NaN, at);
        }
        if (from == State.UNAVAILABLE) {
            State to = v >= levels.critical() ? State.CRITICAL : v >= levels.warning() ? State.WARNING : State.OK;
            return move(metric, track, to, v, to == State.OK ? levels.warning() : levels.level(to), at);
        }
        track.atWarning = from.compareTo(State.WARNING) < 0 && v >= levels.warning() ? track.atWarning + 1 : 0;
        track.atCritical = from.compareTo(State.CRITICAL) < 0 && v >= levels.critical() ? track.atCritical + 1 : 0;
        int debounce = settings.debounce();
        if (track.atCritical >= debounce) {
            track.forgetCounts();
            return move(metric, track, State.CRITICAL, v, levels.critical(), at);
        }
        if (track.atWarning >= debounce) {
            track.atWarning = 0; // the count towards CRITICAL goes on: those samples were consecutive
            return move(metric, track, State.WARNING, v, levels.warning(), at);
        }
        State held = State.OK;
        for (State s : List.of(State.WARNING, State.CRITICAL)) {
            if (s.compareTo(from) <= 0 && v >= lowered(metric, levels.level(s))) {
                held = s;
            }
        }
        if (held.compareTo(from) < 0) {
            State above = State.values()[held.ordinal() + 1];
            track.forgetCounts();
            return move(metric, track, held, v, lowered(metric, levels.level(above)), at);
        }
        return null;
    }

    /**
     * A level minus the hysteresis, which never takes more than half the level: a 1% level recovers below 0.5%.
     * For a count, the hysteresis is a percent of the level (see {@link Metric.Unit#lowered}).
     */
    private double lowered(Metric metric, double level) {
        return metric.unit().lowered(level, settings.hysteresis());
    }

    private static Transition move(Metric metric, Track track, State to, double v, double threshold, Instant at) {
        Transition t = new Transition(metric, track.state, to, v, threshold, at);
        track.state = to;
        return t;
    }

    private void publish() {
        Map<Metric, State> snapshot = new EnumMap<>(Metric.class);
        tracks.forEach((m, t) -> snapshot.put(m, t.state));
        states = Collections.unmodifiableMap(snapshot);
    }

    /** The state of every metric after the last round; an unchanging snapshot, safe to read from any thread. */
    public Map<Metric, State> states() {
        return states;
    }

    public synchronized ThresholdSettings settings() {
        return settings;
    }

    /**
     * Applies other thresholds from the next sample on. Current states stay as they are, and are judged
     * against the new settings by that sample: a raised level may end WARNING or CRITICAL at once, while a
     * lowered level that the value now reaches needs {@code debounce} new samples like any other. Samples counted towards a
     * worse state are forgotten, since they were judged against the old levels.
     */
    public synchronized void setSettings(ThresholdSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        tracks.values().forEach(Track::forgetCounts);
    }
}
