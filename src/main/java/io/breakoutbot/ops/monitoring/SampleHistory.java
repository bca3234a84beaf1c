package io.breakoutbot.ops.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last {@link #capacity()} samples, oldest dropped first: one hour at the sampling interval, such as 720
 * samples at 5 s. Safe for one writer (the sampler's timer) and any number of readers (JMX, REST); every
 * read returns a copy that later writes do not change. Order is the order of {@link #add}, which is time
 * order as long as one timer writes.
 */
public final class SampleHistory {

    private final Sample[] ring;
    /** Index the next sample goes to. */
    private int next;

    private int size;

    /**
     * @param capacity samples kept, at least 1
     * @throws IllegalArgumentException when capacity is below 1
     */
    public SampleHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The sample history must hold at least 1 sample, not " + capacity + ".");
        }
        this.ring = new Sample[capacity];
    }

    /**
     * A history covering {@code window} at one sample every {@code interval}, rounded up: 1 hour at 5 s
     * gives 720.
     *
     * @throws IllegalArgumentException when either duration is not positive or the window is too long
     */
    public static SampleHistory covering(Duration window, Duration interval) {
        if (window.isNegative() || window.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The history window and the sampling interval must be longer than "
                    + "zero, not " + window + " and " + interval + ".");
        }
        long windowNanos = window.toNanos();
        long intervalNanos = interval.toNanos();
        long samples = windowNanos / intervalNanos + (windowNanos % intervalNanos == 0 ? 0 : 1);
        if (samples > 1_000_000) {
            throw new IllegalArgumentException("A history of " + window + " at one sample every " + interval
                    + " would hold " + samples + " samples; at most 1000000 are kept.");
        }
        return new SampleHistory((int) samples);
    }

    /** The most samples kept. */
    public int capacity() {
        return ring.length;
    }

    /** Adds the newest sample, dropping the oldest when full. */
    public synchronized void add(Sample sample) {
        ring[next] = Objects.requireNonNull(sample, "sample");
        next = (next + 1) % ring.length;
        if (size < ring.length) {
            size++;
        }
    }

    /** The newest sample, or empty before the first. */
    public synchronized Optional<Sample> latest() {
        return size == 0 ? Optional.empty() : Optional.of(ring[(next - 1 + ring.length) % ring.length]);
    }

    /** Samples taken at or after {@code from}, oldest first; a copy. */
    public synchronized List<Sample> since(Instant from) {
        Objects.requireNonNull(from, "from");
        List<Sample> samples = new ArrayList<>();
        int oldest = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            Sample s = ring[(oldest + i) % ring.length];
            if (!s.at().isBefore(from)) {
                samples.add(s);
            }
        }
        return samples;
    }

    /** Samples held, 0 to {@link #capacity()}. */
    public synchronized int size() {
        return size;
    }
}
