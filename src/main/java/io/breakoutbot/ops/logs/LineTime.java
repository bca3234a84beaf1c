package io.breakoutbot.ops.logs;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The time a log line says it was written, for a reader that must tell an old line read late from a new
 * one (a rule's rate):
 * <ul>
 *   <li>a JSON line: the first of the top-level keys {@code "timestamp"}, {@code "@timestamp"},
 *       {@code "time"}, {@code "asctime"} that reads as a time: a text as below, or a number of seconds since
 *       the epoch (milliseconds when it is over 10<sup>11</sup>);</li>
 *   <li>a plain text line that begins with a time, optionally in {@code [ ]}.</li>
 * </ul>
 * Times are ISO-8601 ({@code 2026-12-04T10:00:00.123Z}, {@code 2026-12-04T11:00:00+01:00}) or Python's
 * {@code asctime} ({@code 2026-12-04 10:00:00,123}); one written without a zone is in the zone given, the
 * host's. Thread-safe.
 */
public final class LineTime {

    /** What {@link #of} answers for a line that shows no time. */
    public static final long NONE = JsonLineParser.NO_TIMESTAMP;

    private static final String[] KEYS = {"\"timestamp", "\"@timestamp", "\"time", "\"asctime"};
    private static final String[] EXACT = {"\""};

    private final OtherLogLine times;

    /** @param zone the zone of times written without one: the host's */
    public LineTime(ZoneId zone) {
        this.times = new OtherLogLine(Objects.requireNonNull(zone, "zone"));
    }

    /** @return the line's time, epoch milliseconds, or {@link #NONE} when it shows none */
    public long of(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        if (i == line.length()) {
            return NONE;
        }
        if (line.charAt(i) == '{') {
            return ofJson(line);
        }
        int[] end = new int[1];
        return times.time(line, i, end);
    }

    private long ofJson(String line) {
        for (String key : KEYS) {
            int value = LineLevel.valueStart(line, key, EXACT);
            if (value < 0) {
                continue;
            }
            long millis;
            if (line.charAt(value) == '"') {
                String text = LineLevel.jsonString(line, value);
                millis = text == null ? NONE : whole(text.strip());
            } else {
                int end = value;
                while (end < line.length() && "0123456789.-+eE".indexOf(line.charAt(end)) >= 0) {
                    end++;
                }
                millis = end == value ? NONE : OtherLogLine.epoch(line.substring(value, end));
            }
            if (millis != NONE) {
                return millis;
            }
        }
        return NONE;
    }

    private long whole(String text) {
        int[] end = new int[1];
        long millis = times.time(text, 0, end);
        return millis != NONE && end[0] == text.length() ? millis : NONE;
    }
}
