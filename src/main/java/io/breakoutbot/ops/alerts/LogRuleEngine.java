package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.logs.LineLevel;
import io.breakoutbot.ops.logs.LineTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the {@link LogRule}s on log lines as they are read and says what to announce: a FIRING when a
 * rule starts to hold, once (while it goes on holding nothing more is sent), and a RESOLVED once it has not
 * held for the rule's {@code quiet} time. A rule without {@code rate>} holds at each matching line; with
 * {@code rate>N/D}, when a matching line makes more than N within the last D by the injected clock at the
 * time the line is read. Each line counts at the time it was written when it shows one ({@link LineTime}:
 * a JSON line's {@code timestamp}, {@code @timestamp}, {@code time} or {@code asctime}, a text line's
 * leading time; without a zone in the clock's zone, the host's), otherwise at the time it is read; a time
 * after the clock's now counts as now. So a backlog read at once (a new file read whole, a poll's byte cap)
 * counts as it was written, not as a burst, and a line written more than D before it is read does not count
 * toward the rate at all.
 *
 * <p>Each alert has the rule's name as its {@code alertname} and {@code metric}, key {@code <rule>:<severity>},
 * the line that made it fire (its first {@value #MAX_LINE_CHARS} characters) and that line's file as the
 * annotations {@code line} and {@code file}, and the rule as written as {@code rule}. Its value is the number
 * of matching lines in the window (1 without a rate) and its threshold N (0 without a rate). Its fingerprint is
 * the one receivers see (Alertmanager's over the full label set), so {@code /api/monitoring} and the Alerts
 * MXBean name it as they do.
 *
 * <p>Lines written by this service's own alerting (logger {@code io.breakoutbot.ops.alerts.*}) never match,
 * so an alert about a line cannot raise another one.
 *
 * <p>Call {@link #accept} for every line and {@link #tick()} regularly (every poll), which sends the
 * RESOLVEDs. Thread-safe. Wired to a {@link io.breakoutbot.ops.logs.LogFollower} and the dispatch, once a
 * second:
 *
 * <pre>{@code
 * LogFollower follower = new LogFollower(logDirectory);                 // at start: existing files from their end
 * LogRuleEngine engine = new LogRuleEngine(logRules, clock, payload::fingerprint); // logRules: Settings.logRules()
 * // every second:
 * follower.poll((file, line) -> dispatch.send(engine.accept(file, line, LineLevel.of(line))));
 * dispatch.send(engine.tick());
 * // at stop: follower.close();
 * }</pre>
 */
public final class LogRuleEngine {

    /** Characters of the matching line kept in the alert. */
    public static final int MAX_LINE_CHARS = 1000;

    /** The message shown in the summary is cut to this many characters. */
    static final int SUMMARY_MESSAGE_CHARS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(LogRuleEngine.class);
    /** {@code written} before a rate rule needed it. */
    private static final long UNREAD = Long.MAX_VALUE;

    private static final String OWN_ALERT_LOGGER = "\"logger\":\"" + LogRuleEngine.class.getPackageName() + ".";

    /** What is known about one rule. */
    private static final class Track {
        final LogRule rule;
        final String levelName;
        /**
         * With a rate: the times of the latest {@code over + 1} matching lines within the window, epoch ms, as
         * a min-heap (lines from several files, each counted at its own time, do not come in time order).
         */
        final long[] times;

        int filled;
        long matched;
        boolean firing;
        long lastHeld;
        Alert alert;
        final Map<String, Boolean> files = new HashMap<>();

        Track(LogRule rule) {
            this.rule = rule;
            this.levelName = Alert.levelName(rule.severity());
            this.times = rule.window() != null ? new long[(int) rule.over() + 1] : null;
        }

        boolean appliesTo(String file) {
            return files.computeIfAbsent(file, rule::appliesTo);
        }
    }

    private final Clock clock;
    private final Function<Alert, String> fingerprints;
    private final LineTime lineTime;
    private final List<Track> tracks = new ArrayList<>();

    /**
     * @param rules as parsed from {@code ops.alerts.logRules}; may be empty
     * @param clock now, and in its zone the times lines write without one (the host's:
     *              {@link Clock#systemDefaultZone()})
     * @param fingerprints the fingerprint each alert gets, e.g. {@link AlertmanagerPayload#fingerprint(Alert)}
     */
    public LogRuleEngine(List<LogRule> rules, Clock clock, Function<Alert, String> fingerprints) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fingerprints = Objects.requireNonNull(fingerprints, "fingerprints");
        this.lineTime = new LineTime(clock.getZone());
        for (LogRule rule : rules) {
            if (rule.window() != null && rule.over() > LogRule.MAX_RATE) {
                throw new IllegalArgumentException("rule '" + rule.name() + "': rate> allows at most "
                        + LogRule.MAX_RATE + " lines per window, not " + rule.over());
            }
            tracks.add(new Track(rule));
        }
    }

    public List<LogRule> rules() {
        return tracks.stream().map(t -> t.rule).toList();
    }

    /**
     * One line as it was read.
     *
     * @param file  its file's name, e.g. {@code bot.log}
     * @param line  the line, without its newline
     * @param level its level ({@link LineLevel#of(String)}), or null when it shows none
     * @return the FIRINGs it causes, usually none
     */
    public synchronized List<Notice> accept(String file, String line, LineLevel level) {
        List<Notice> out = null;
        String message = null;
        long written = UNREAD;
        for (Track t : tracks) {
            LogRule rule = t.rule;
            if (!rule.levelMatches(level)) {
                continue;
            }
            if (!t.appliesTo(file)) {
                continue;
            }
            if (rule.message() != null) {
                if (message == null) {
                    message = LineLevel.message(line);
                }
                if (!rule.message().matcher(message).find()) {
                    continue;
                }
            }
            if (line.contains(OWN_ALERT_LOGGER)) {
                return out == null ? List.of() : out;
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            if (t.times != null && written == UNREAD) {
                written = lineTime.of(line); // only for lines a rate rule matches: most lines never need it
            }
            matched(t, file, line, message != null ? message : LineLevel.message(line), written, out);
        }
        return out == null ? List.of() : out;
    }

    /** The RESOLVEDs that are due by the injected clock's now. */
    public synchronized List<Notice> tick() {
        long now = clock.millis();
        List<Notice> out = new ArrayList<>();
        for (Track t : tracks) {
            Notice resolved = resolveIfQuiet(t, now);
            if (resolved != null) {
                out.add(resolved);
            }
        }
        return out;
    }

    /** The log-rule alerts firing now, in rule order. */
    public synchronized List<Alert> active() {
        return tracks.stream().filter(t -> t.firing).map(t -> t.alert).toList();
    }

    /** Lines that matched each rule since start, by rule name, in rule order. */
    public synchronized Map<String, Long> matchedLines() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Track t : tracks) {
            counts.put(t.rule.name(), t.matched);
        }
        return counts;
    }

    /** @param written the line's own time, epoch ms, or {@link LineTime#NONE} */
    private void matched(Track t, String file, String line, String message, long written, List<Notice> out) {
        t.matched++;
        long now = clock.millis();
        long inWindow = 1;
        if (t.times != null) {
            long from = now - t.rule.window().toMillis();
            long at = written == LineTime.NONE ? now : Math.min(written, now);
            if (at <= from) {
                return; // written before the window: an old line read late is no burst
            }
            while (t.filled > 0 && t.times[0] <= from) {
                removeOldest(t);
            }
            if (t.filled < t.times.length) {
                add(t, at);
            } else if (at > t.times[0]) {
                removeOldest(t); // only the latest over + 1 matter: older ones leave the window first
                add(t, at);
            }
            if (t.filled < t.times.length) {
                return;
            }
            inWindow = t.filled;
        }
        // Quiet for long enough before this line, though nobody ticked: the old alert ends before a new one.
        Notice resolved = resolveIfQuiet(t, now);
        if (resolved != null) {
            out.add(resolved);
        }
        t.lastHeld = now;
        if (t.firing) {
            return;
        }
        t.firing = true;
        t.alert = firing(t, file, line, message, inWindow, Instant.ofEpochMilli(now));
        LOG.info("Log rule {} fires on a line of {}", t.rule.name(), file);
        out.add(new Notice(t.alert, Notice.Status.FIRING));
    }

    private static void add(Track t, long time) {
        long[] heap = t.times;
        int i = t.filled++;
        while (i > 0 && heap[(i - 1) / 2] > time) {
            heap[i] = heap[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        heap[i] = time;
    }

    private static void removeOldest(Track t) {
        long[] heap = t.times;
        long last = heap[--t.filled];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= t.filled) {
                break;
            }
            if (child + 1 < t.filled && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= last) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
    }

    private Notice resolveIfQuiet(Track t, long now) {
        if (!t.firing || now - t.lastHeld < t.rule.quiet().toMillis()) {
            return null;
        }
        t.firing = false;
        String summary = t.rule.name() + ": "
                + (t.rule.window() == null
                        ? "no matching line for " + Durations.format(t.rule.quiet())
                        : "at most " + t.rule.over() + " matching lines per " + Durations.format(t.rule.window())
                                + " for " + Durations.format(t.rule.quiet()));
        t.alert = new Alert(
                t.alert.key(),
                t.alert.metric(),
                t.alert.level(),
                t.alert.value(),
                t.alert.threshold(),
                t.alert.startsAt(),
                Instant.ofEpochMilli(now).toString(),
                t.alert.fingerprint(),
                summary,
                t.alert.alertname(),
                t.alert.annotations());
        LOG.info("Log rule {} resolved", t.rule.name());
        return new Notice(t.alert, Notice.Status.RESOLVED);
    }

    private Alert firing(Track t, String file, String line, String message, long inWindow, Instant at) {
        LogRule rule = t.rule;
        String shown = cut(message.strip(), SUMMARY_MESSAGE_CHARS);
        String summary = rule.window() == null
                ? rule.name() + ": " + file + ": " + shown
                : rule.name() + ": " + inWindow + " matching lines within " + Durations.format(rule.window())
                        + " (over " + rule.over() + "), the last in " + file + ": " + shown;
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("line", cut(line, MAX_LINE_CHARS));
        annotations.put("file", file);
        annotations.put("rule", rule.text());
        Alert alert = new Alert(
                rule.name() + ":" + t.levelName,
                rule.name(),
                t.levelName,
                rule.window() == null ? 1 : inWindow,
                rule.window() == null ? 0 : rule.over(),
                at.toString(),
                "",
                "", // stamped below, over the labels receivers see
                summary,
                rule.name(),
                annotations);
        return alert.withFingerprint(fingerprints.apply(alert));
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
