package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The last hour of samples: bounded, in order, readable while the timer writes. */
class SampleHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(5);

    /** The n-th sample of a 5 s timer; its thread count carries n, to tell samples apart. */
    static Sample nth(int n) {
        return new Sample(T0.plus(INTERVAL.multipliedBy(n)), 10, 20, 1, 2, List.of(), n, 1, 2, 1, 2, 0.1, null);
    }

    static List<Integer> numbers(List<Sample> samples) {
        return samples.stream().map(Sample::threads).toList();
    }

    @Test
    void capacityBelowOneIsRejected() {
        assertAll(
                () -> assertEquals(
                        "The sample history must hold at least 1 sample, not 0.",
                        assertThrows(IllegalArgumentException.class, () -> new SampleHistory(0))
                                .getMessage()),
                () -> assertThrows(IllegalArgumentException.class, () -> new SampleHistory(-720)),
                () -> assertEquals(1, new SampleHistory(1).capacity()));
    }

    @Test
    void oneHourAtFiveSecondsHolds720() {
        assertAll(
                () -> assertEquals(
                        720,
                        SampleHistory.covering(Duration.ofHours(1), INTERVAL).capacity()),
                () -> assertEquals(
                        515,
                        SampleHistory.covering(Duration.ofHours(1), Duration.ofSeconds(7))
                                .capacity()),
                () -> assertThrows(
                        IllegalArgumentException.class,
                        () -> SampleHistory.covering(Duration.ofHours(1), Duration.ZERO)),
                () -> assertThrows(
                        IllegalArgumentException.class, () -> SampleHistory.covering(Duration.ofHours(-1), INTERVAL)),
                () -> assertThrows(
                        IllegalArgumentException.class,
                        () -> SampleHistory.covering(Duration.ofDays(365), Duration.ofMillis(1))));
    }

    @Test
    void emptyHistoryHasNothing() {
        SampleHistory cut = new SampleHistory(720);

        assertAll(
                () -> assertEquals(Optional.empty(), cut.latest()),
                () -> assertEquals(0, cut.size()),
                () -> assertEquals(List.of(), cut.since(Instant.EPOCH)));
    }

    @Test
    void fullHistoryDropsTheOldest() {
        SampleHistory cut = new SampleHistory(3);

        IntStream.rangeClosed(1, 5).mapToObj(SampleHistoryTest::nth).forEach(cut::add);

        assertAll(
                () -> assertEquals(3, cut.size()),
                () -> assertEquals(5, cut.latest().orElseThrow().threads()),
                () -> assertEquals(List.of(3, 4, 5), numbers(cut.since(Instant.EPOCH))));
    }

    @Test
    void wrapsAroundManyTimes() {
        SampleHistory cut = new SampleHistory(720);

        IntStream.rangeClosed(1, 720 * 3 + 17).mapToObj(SampleHistoryTest::nth).forEach(cut::add);

        List<Sample> all = cut.since(Instant.EPOCH);
        assertAll(
                () -> assertEquals(720, all.size()),
                () -> assertEquals(720 * 2 + 18, all.get(0).threads()),
                () -> assertEquals(720 * 3 + 17, all.get(719).threads()),
                () -> assertEquals(720 * 3 + 17, cut.latest().orElseThrow().threads()));
    }

    @Test
    void sinceIncludesTheGivenInstantAndIsOldestFirst() {
        SampleHistory cut = new SampleHistory(10);
        IntStream.rangeClosed(1, 6).mapToObj(SampleHistoryTest::nth).forEach(cut::add);

        assertAll(
                () -> assertEquals(List.of(4, 5, 6), numbers(cut.since(nth(4).at()))),
                () -> assertEquals(List.of(5, 6), numbers(cut.since(nth(4).at().plusMillis(1)))),
                () -> assertEquals(List.of(), numbers(cut.since(nth(7).at()))),
                () -> assertEquals(List.of(1, 2, 3, 4, 5, 6), numbers(cut.since(T0))));
    }

    @Test
    void sinceIsACopy() {
        SampleHistory cut = new SampleHistory(3);
        IntStream.rangeClosed(1, 3).mapToObj(SampleHistoryTest::nth).forEach(cut::add);
        List<Sample> before = cut.since(Instant.EPOCH);

        cut.add(nth(4));

        assertEquals(List.of(1, 2, 3), numbers(before));
    }

    /**
     * One writer as the timer, three readers as JMX and REST clients, no sleeping: every snapshot a reader
     * takes must be consecutive samples, oldest first, never more than the capacity, and latest() never older
     * than the newest sample seen before.
     */
    @Test
    void readersSeeOrderedSnapshotsWhileTheWriterAdds() throws InterruptedException {
        SampleHistory cut = new SampleHistory(720);
        int writes = 50_000;
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong snapshots = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);

        Thread writer = new Thread(
                () -> {
                    try {
                        start.await();
                        for (int n = 1; n <= writes; n++) {
                            cut.add(nth(n));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    } finally {
                        writing.set(false);
                    }
                },
                "writer");
        List<Thread> readers = IntStream.range(0, 3)
                .mapToObj(r -> new Thread(
                        () -> {
                            try {
                                start.await();
                                int newestSeen = 0;
                                do {
                                    List<Sample> snapshot = cut.since(Instant.EPOCH);
                                    assertTrue(snapshot.size() <= 720, () -> "snapshot of " + snapshot.size());
                                    for (int i = 1; i < snapshot.size(); i++) {
                                        int previous = snapshot.get(i - 1).threads();
                                        int current = snapshot.get(i).threads();
                                        assertEquals(previous + 1, current, "consecutive samples in a snapshot");
                                        assertTrue(snapshot.get(i - 1)
                                                .at()
                                                .isBefore(snapshot.get(i).at()));
                                    }
                                    if (!snapshot.isEmpty()) {
                                        assertTrue(
                                                snapshot.get(0).threads() >= newestSeen - 720 + 1,
                                                "no sample older than the window");
                                        newestSeen = Math.max(
                                                newestSeen,
                                                snapshot.get(snapshot.size() - 1)
                                                        .threads());
                                    }
                                    int latest =
                                            cut.latest().map(Sample::threads).orElse(0);
                                    assertTrue(latest >= newestSeen, () -> "latest() went back");
                                    newestSeen = latest;
                                    snapshots.incrementAndGet();
                                } while (writing.get());
                            } catch (Throwable t) {
                                failures.add(t);
                            }
                        },
                        "reader-" + r))
                .toList();

        writer.start();
        readers.forEach(Thread::start);
        start.countDown();
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        assertAll(
                () -> assertEquals(List.of(), List.copyOf(failures)),
                () -> assertTrue(snapshots.get() >= 3, "every reader read at least once"),
                () -> assertEquals(writes, cut.latest().orElseThrow().threads()),
                () -> assertEquals(720, cut.size()));
    }
}
