package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events written per file and level in each of the last 60 minutes, counted by the writer thread as it
 * writes, for {@code /api/monitoring}. A minute's counters are reused an hour later, so memory is fixed.
 */
public final class LogVolume {

    static final int MINUTES = 60;
    private static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    private static final int CELLS = LogSegment.values().length * LEVELS.length;

    private final long[] minuteOf = new long[MINUTES];
    private final AtomicLongArray counts = new AtomicLongArray(MINUTES * CELLS);

    /**
     * One minute's counts.
     *
     * @param minute   the minute's start, ISO-8601 UTC
     * @param perFile  events per file name, then per level name
     */
    public record Minute(String minute, Map<String, Map<String, Long>> perFile) {

        public long total(String level) {
            return perFile.values().stream()
                    .mapToLong(l -> l.getOrDefault(level, 0L))
                    .sum();
        }
    }

    /** Called by the single writer thread for every event it writes. */
    void count(LogSegment segment, Level level, long epochMillis) {
        long minute = Math.floorDiv(epochMillis, 60_000);
        int slot = (int) Math.floorMod(minute, MINUTES);
        if (minuteOf[slot] != minute) {
            synchronized (this) {
                if (minuteOf[slot] != minute) {
                    for (int i = 0; i < CELLS; i++) {
                        counts.set(slot * CELLS + i, 0);
                    }
                    minuteOf[slot] = minute;
                }
            }
        }
        counts.incrementAndGet(slot * CELLS + segment.ordinal() * LEVELS.length + levelIndex(level));
    }

    private static int levelIndex(Level level) {
        for (int i = LEVELS.length - 1; i > 0; i--) {
            if (level.isGreaterOrEqual(LEVELS[i])) {
                return i;
            }
        }
        return 0;
    }

    /** The last {@code minutes} minutes up to {@code now}, oldest first, 1 to 60. */
    public synchronized List<Minute> last(int minutes, Instant now) {
        long current = Math.floorDiv(now.toEpochMilli(), 60_000);
        List<Minute> out = new ArrayList<>();
        for (long minute = current - Math.min(minutes, MINUTES) + 1; minute <= current; minute++) {
            int slot = (int) Math.floorMod(minute, MINUTES);
            Map<String, Map<String, Long>> perFile = new LinkedHashMap<>();
            for (LogSegment segment : LogSegment.values()) {
                Map<String, Long> perLevel = new LinkedHashMap<>();
                for (int l = 0; l < LEVELS.length; l++) {
                    long n = minuteOf[slot] == minute
                            ? counts.get(slot * CELLS + segment.ordinal() * LEVELS.length + l)
                            : 0;
                    if (n > 0) {
                        perLevel.put(LEVELS[l].levelStr, n);
                    }
                }
                perFile.put(segment.fileName(), perLevel);
            }
            out.add(new Minute(Instant.ofEpochSecond(minute * 60).toString(), perFile));
        }
        return out;
    }
}
