package io.breakoutbot.ops.metrics;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Counter;

/**
 * A MicroProfile {@link Counter} kept up with a running total that its source counts anyway (for JMX and the
 * status page). MicroProfile Metrics 5, the version in Payara 6 and 7, has no counter backed by a function, and
 * gauges cannot be counters to Prometheus, so the growth of the source's total is added to the counter.
 *
 * <p>The source is an object that may be replaced (a sender or bot rebuilt with new settings), so the tally
 * keeps which object it last read: a new one is counted from 0, so what it counted before the first read after
 * the swap is added too, and nothing the old one counted is added twice. The counter never goes down while this
 * service runs, which is what {@code increase()} relies on.
 *
 * @param <S> the source's type
 */
final class Tally<S> {

    private final Counter counter;
    private final Supplier<S> source;
    private final ToLongFunction<S> total;
    private S current;
    private long seen;

    /**
     * @param counter the counter Prometheus reads
     * @param source  the object that counts now; null while there is none (nothing is added then)
     * @param total   that object's running total since it was made, a count; never negative
     */
    Tally(Counter counter, Supplier<S> source, ToLongFunction<S> total) {
        this.counter = counter;
        this.source = source;
        this.total = total;
    }

    /** Adds what the source counted since the last call, or all a new source counted. */
    synchronized void catchUp() {
        S now = source.get();
        if (now == null) {
            return;
        }
        if (now != current) {
            current = now;
            seen = 0;
        }
        long count = total.applyAsLong(now);
        if (count > seen) {
            counter.inc(count - seen);
            seen = count;
        }
    }
}
