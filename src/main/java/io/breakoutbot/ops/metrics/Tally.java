package io.breakoutbot.ops.metrics;

import java.util.function.LongSupplier;
import org.eclipse.microprofile.metrics.Counter;

/**
 * A MicroProfile {@link Counter} kept up with a running total that its source counts anyway (for JMX and the
 * status page). MicroProfile Metrics 5, the version in Payara 6 and 7, has no counter backed by a function, and
 * gauges cannot be counters to Prometheus, so the growth of the source's total is added to the counter.
 *
 * <p>A source that starts over (a sender or bot rebuilt with new settings) adds only what it counts afterwards:
 * the counter never goes down while this service runs, which is what {@code increase()} relies on.
 */
final class Tally {

    private final Counter counter;
    private final LongSupplier total;
    private long seen;

    /**
     * @param counter the counter Prometheus reads
     * @param total   the source's running total since it was made, a count; never negative
     */
    Tally(Counter counter, LongSupplier total) {
        this.counter = counter;
        this.total = total;
    }

    /** Adds what the source counted since the last call. */
    synchronized void catchUp() {
        long now = total.getAsLong();
        if (now > seen) {
            counter.inc(now - seen);
        }
        seen = now;
    }
}
