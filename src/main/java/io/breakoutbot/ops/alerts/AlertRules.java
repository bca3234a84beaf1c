package io.breakoutbot.ops.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "metric now at level" updates into FIRING and RESOLVED notices, at most one notice per alert key
 * ({@code disk:critical}) within the minimum interval ({@value #MIN_INTERVAL_KEY}, default 5 minutes).
 *
 * <ul>
 *   <li>Entering WARNING or CRITICAL makes that alert active. Its FIRING goes out at once unless a notice
 *       for the same key went out within the interval; then it is held back and sent by a later
 *       {@link #update} or {@link #tick()} once the interval has passed, if the alert is still active.
 *       A held-back alert that clears before that is forgotten: it never gets a RESOLVED.</li>
 *   <li>Leaving a level for a better one (CRITICAL to WARNING, anything to OK) ends that alert. A RESOLVED,
 *       with {@code endsAt} the time it cleared, goes out only if its FIRING did; within the interval after
 *       the FIRING it is held back too. Coming back during that time reactivates the same alert silently
 *       (same {@code startsAt}); the RESOLVED goes out when it finally stays clear. So a metric flapping
 *       around its line for minutes produces one FIRING and, after the last clear, one RESOLVED.</li>
 *   <li>CRITICAL inhibits WARNING of the same metric: entering CRITICAL leaves an announced warning as it
 *       is (the value is over both lines; it is resolved when the metric returns to OK), and no warning
 *       FIRING is sent while the critical alert is active. Going CRITICAL to WARNING resolves the critical
 *       alert and fires the warning unless it is already announced, subject to the interval.</li>
 *   <li>UNAVAILABLE says nothing about the resource: it fires nothing, resolves nothing and leaves active
 *       alerts as they are.</li>
 * </ul>
 *
 * <p>Held-back notices need a caller: call {@link #update} for every sample, or {@link #tick()} at least
 * every sampling period. Every notice returned was "sent" as far as these rules go; delivering it is the
 * caller's business. Thread-safe; the clock is injected so tests step through the interval without waiting.
 */
public final class AlertRules {

    public static final String MIN_INTERVAL_KEY = "ops.alerts.min-interval";
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(5);
    public static final int HISTORY_SIZE = 200;

    private static final Logger LOG = LoggerFactory.getLogger(AlertRules.class);

    /** What is known about one key. */
    private static final class Track {
        final String metric;
        final Severity level;
        Alert alert;
        boolean active;
        /** The FIRING of the current (or just cleared) alert went out. */
        boolean announced;
        /** Cleared while its RESOLVED is held back by the interval; null otherwise. */
        Instant clearedAt;

        double clearedValue;
        String clearedSummary;
        Instant lastNotice;

        Track(String metric, Severity level) {
            this.metric = metric;
            this.level = level;
        }
    }

    private final Clock clock;
    private final Function<Alert, String> fingerprints;
    private final Duration minInterval;
    private final Map<String, Track> tracks = new TreeMap<>();
    private final Deque<Alert> history = new ArrayDeque<>();

    public AlertRules(Clock clock) {
        this(clock, DEFAULT_MIN_INTERVAL);
    }

    /** @param minInterval zero or more; zero sends every transition */
    public AlertRules(Clock clock, Duration minInterval) {
        this(clock, minInterval, null);
    }

    /**
     * @param fingerprints the fingerprint each new alert gets, e.g. {@link AlertmanagerPayload#fingerprint(Alert)}
     *                     over its full label set, so the Alerts MXBean and the REST history show the one
     *                     receivers see; null for the one over {@code metric} and {@code severity} alone
     */
    public AlertRules(Clock clock, Duration minInterval, Function<Alert, String> fingerprints) {
        this.fingerprints = fingerprints;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException(
                    MIN_INTERVAL_KEY + " must be zero or a positive duration, not " + minInterval + ".");
        }
        this.minInterval = minInterval;
    }

    public Duration minInterval() {
        return minInterval;
    }

    /** The metric is now at {@code level}, sampled now by the injected clock. */
    public List<Notice> update(String metric, Severity level, double value, double threshold) {
        return update(new Condition(metric, level, value, threshold, clock.instant()));
    }

    /**
     * Applies one condition and returns the notices to send, oldest first: held-back notices that came due
     * by {@code condition.at()}, then the ones this change causes.
     */
    public synchronized List<Notice> update(Condition condition) {
        List<Notice> out = new ArrayList<>();
        Instant at = condition.at();
        due(at, out);
        switch (condition.level()) {
            case OK -> {
                clear(condition, Severity.CRITICAL, out);
                clear(condition, Severity.WARNING, out);
            }
            case WARNING -> {
                clear(condition, Severity.CRITICAL, out);
                raise(condition, out);
            }
            case CRITICAL -> raise(condition, out);
            case UNAVAILABLE -> LOG.debug("{} unavailable at {}; its alerts stay as they are", condition.metric(), at);
        }
        due(at, out); // a warning held back by a critical that just cleared
        return out;
    }

    /** Sends held-back notices that are due by the injected clock's now. */
    public synchronized List<Notice> tick() {
        List<Notice> out = new ArrayList<>();
        due(clock.instant(), out);
        return out;
    }

    /** Alerts whose condition holds now, announced or held back, by key. */
    public synchronized List<Alert> active() {
        return tracks.values().stream().filter(t -> t.active).map(t -> t.alert).toList();
    }

    /** The alerts of the last {@value #HISTORY_SIZE} notices, as sent, most recent first. */
    public synchronized List<Alert> history() {
        return List.copyOf(history);
    }

    private void raise(Condition c, List<Notice> out) {
        Track t = tracks.computeIfAbsent(Alert.key(c.metric(), c.level()), k -> new Track(c.metric(), c.level()));
        if (t.active || t.clearedAt != null) {
            // Still on, or back before its RESOLVED went out: the same alert goes on, silently.
            t.alert = t.alert.refreshed(c.value(), c.threshold(), c.summary());
            t.active = true;
            t.clearedAt = null;
            return;
        }
        t.alert = Alert.firing(c.metric(), c.level(), c.value(), c.threshold(), c.at(), c.summary());
        if (fingerprints != null) {
            t.alert = t.alert.withFingerprint(fingerprints.apply(t.alert));
        }
        t.active = true;
        t.announced = false;
        if (inhibited(t)) {
            LOG.debug("{} held back while {} is active", t.alert.key(), Alert.key(t.metric, Severity.CRITICAL));
        } else if (allowed(t, c.at())) {
            fire(t, c.at(), out);
        } else {
            LOG.debug(
                    "{} held back: a notice for it went out at {}, within {}",
                    t.alert.key(),
                    t.lastNotice,
                    minInterval);
        }
    }

    private void clear(Condition c, Severity level, List<Notice> out) {
        Track t = tracks.get(Alert.key(c.metric(), level));
        if (t == null || !t.active) {
            return;
        }
        t.active = false;
        if (!t.announced) {
            LOG.debug("{} cleared before its FIRING went out; no RESOLVED", t.alert.key());
        } else if (allowed(t, c.at())) {
            resolve(t, c.at(), c.value(), c.summary(), c.at(), out);
        } else {
            t.clearedAt = c.at();
            t.clearedValue = c.value();
            t.clearedSummary = c.summary();
        }
    }

    private void due(Instant now, List<Notice> out) {
        for (Track t : tracks.values()) {
            if (!t.active && t.clearedAt != null && allowed(t, now)) {
                resolve(t, t.clearedAt, t.clearedValue, t.clearedSummary, now, out);
            } else if (t.active && !t.announced && !inhibited(t) && allowed(t, now)) {
                fire(t, now, out);
            }
        }
    }

    private boolean inhibited(Track t) {
        if (t.level != Severity.WARNING) {
            return false;
        }
        Track critical = tracks.get(Alert.key(t.metric, Severity.CRITICAL));
        return critical != null && critical.active;
    }

    private boolean allowed(Track t, Instant now) {
        return t.lastNotice == null || !now.isBefore(t.lastNotice.plus(minInterval));
    }

    private void fire(Track t, Instant now, List<Notice> out) {
        t.announced = true;
        send(t, new Notice(t.alert, Notice.Status.FIRING), now, out);
    }

    private void resolve(Track t, Instant endsAt, double value, String summary, Instant now, List<Notice> out) {
        t.alert = t.alert.resolved(endsAt, value, summary);
        t.announced = false;
        t.clearedAt = null;
        send(t, new Notice(t.alert, Notice.Status.RESOLVED), now, out);
    }

    private void send(Track t, Notice notice, Instant now, List<Notice> out) {
        t.lastNotice = now;
        out.add(notice);
        history.addFirst(notice.alert());
        while (history.size() > HISTORY_SIZE) {
            history.removeLast();
        }
        LOG.info(
                "Alert {} {}: {}",
                notice.alert().key(),
                notice.status().label(),
                notice.alert().summary());
    }
}
