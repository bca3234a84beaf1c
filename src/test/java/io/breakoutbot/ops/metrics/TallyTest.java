package io.breakoutbot.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.Test;

class TallyTest {

    /** The counter Payara would serve: only inc() and getCount() matter here. */
    static final class Count implements Counter {
        long value;

        @Override
        public void inc() {
            value++;
        }

        @Override
        public void inc(long n) {
            value += n;
        }

        @Override
        public long getCount() {
            return value;
        }
    }

    @Test
    void followsTheSourceAndNeverGoesDownWhenTheSourceStartsOver() {
        Count counter = new Count();
        AtomicLong source = new AtomicLong();
        Tally cut = new Tally(counter, source::get);

        cut.catchUp();
        assertEquals(0, counter.getCount());
        source.set(3);
        cut.catchUp();
        cut.catchUp();
        assertEquals(3, counter.getCount(), "growth counted once");

        source.set(0); // the source was rebuilt with new settings
        cut.catchUp();
        assertEquals(3, counter.getCount());
        source.set(2);
        cut.catchUp();
        assertEquals(5, counter.getCount(), "what the new source counts is added");
    }
}
