package io.breakoutbot.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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

    final Count counter = new Count();
    final AtomicReference<AtomicLong> source = new AtomicReference<>(new AtomicLong());
    final Tally<AtomicLong> cut = new Tally<>(counter, source::get, AtomicLong::get);

    @Test
    void growthIsCountedOnce() {
        cut.catchUp();
        assertEquals(0, counter.getCount());
        source.get().set(3);
        cut.catchUp();
        cut.catchUp();
        assertEquals(3, counter.getCount(), "growth counted once");
    }

    @Test
    void aReplacedSourceIsCountedFromZeroEvenWhenItOvertookTheOldTotal() {
        source.get().set(3);
        cut.catchUp();

        // rebuilt after a reload; by the next read it has counted more than the old one had
        source.set(new AtomicLong(5));
        cut.catchUp();
        assertEquals(8, counter.getCount(), "3 of the old source and all 5 of the new");
        source.get().set(6);
        cut.catchUp();
        assertEquals(9, counter.getCount());
    }

    @Test
    void aReplacedSourceBelowTheOldTotalIsNotLost() {
        source.get().set(10);
        cut.catchUp();

        source.set(new AtomicLong(2));
        cut.catchUp();
        assertEquals(12, counter.getCount(), "the new source's 2, though under the old 10");
    }

    @Test
    void noSourceAddsNothingAndKeepsTheOldOnesCount() {
        source.get().set(4);
        cut.catchUp();
        AtomicLong old = source.getAndSet(null);
        cut.catchUp();
        assertEquals(4, counter.getCount());

        source.set(old); // the same object back: only its growth counts
        old.set(5);
        cut.catchUp();
        assertEquals(5, counter.getCount());
    }
}
