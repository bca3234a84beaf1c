package io.breakoutbot.ops.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The log directory's statistics, kept for a few seconds: JConsole polls the {@code Stats} attribute
 * every few seconds and a directory of many thousand files should not be walked on every poll. Emptied
 * when memory is critical.
 */
final class StatsCache {

    private final Supplier<LogStats> source;
    private final Duration ttl;
    private final Clock clock;
    private volatile Entry entry;

    private record Entry(LogStats stats, Instant at) {}

    public StatsCache(Supplier<LogStats> source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    public LogStats get() {
        Entry current = entry;
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.at().plus(ttl))) {
            current = new Entry(source.get(), now);
            entry = current;
        }
        return current.stats();
    }

    /** @return the number of entries let go, 0 or 1 */
    public int clear() {
        Entry was = entry;
        entry = null;
        return was == null ? 0 : 1;
    }
}
