package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value each threshold compares, including the ones that cannot be known. */
class SampleTest {

    static final Instant AT = Instant.parse("2026-11-28T10:15:30Z");

    static Sample sample(double cpu, double memory, List<DiskUsage> disks, long openFds, long maxFds) {
        return new Sample(
                AT, cpu, memory, 3L << 30, 8L << 30, disks, 42, openFds, maxFds, 100L << 20, 512L << 20, 0.5, null);
    }

    static DiskUsage disk(String path, double usedPercent) {
        return new DiskUsage(path, usedPercent, 1L << 30, 10L << 30);
    }

    @Test
    void cpuAndMemoryAreTheirFields() {
        Sample cut = sample(37.5, 62.25, List.of(), 10, 1024);

        assertAll(() -> assertEquals(37.5, cut.value(Metric.CPU)), () -> assertEquals(62.25, cut.value(Metric.MEMORY)));
    }

    @Test
    void unavailableCpuAndMemoryAreNaN() {
        Sample cut = sample(Double.NaN, Double.NaN, List.of(), 10, 1024);

        assertAll(
                () -> assertTrue(Double.isNaN(cut.value(Metric.CPU))),
                () -> assertTrue(Double.isNaN(cut.value(Metric.MEMORY))));
    }

    @Test
    void diskIsTheFullestDisk() {
        Sample cut = sample(1, 1, List.of(disk("/opt/ops", 40), disk("/var/log", 85.5), disk("/backup", 60)), 10, 1024);

        assertEquals(85.5, cut.value(Metric.DISK));
    }

    @Test
    void unreadableDiskDoesNotHideAFullOne() {
        Sample cut = sample(1, 1, List.of(DiskUsage.unavailable("/mnt/gone"), disk("/var/log", 90)), 10, 1024);

        assertEquals(90, cut.value(Metric.DISK));
    }

    @Test
    void diskIsNaNWhenNoDiskCouldBeRead() {
        assertAll(
                () -> assertTrue(Double.isNaN(sample(1, 1, List.of(), 10, 1024).value(Metric.DISK))),
                () -> assertTrue(Double.isNaN(
                        sample(1, 1, List.of(DiskUsage.unavailable("/a"), DiskUsage.unavailable("/b")), 10, 1024)
                                .value(Metric.DISK))));
    }

    @Test
    void fileDescriptorsAreOpenOverLimit() {
        assertEquals(25.0, sample(1, 1, List.of(), 256, 1024).value(Metric.FILE_DESCRIPTORS));
    }

    @Test
    void fileDescriptorsAreNaNWhenEitherCountIsUnknown() {
        assertAll(
                () -> assertTrue(Double.isNaN(sample(1, 1, List.of(), -1, 1024).value(Metric.FILE_DESCRIPTORS))),
                () -> assertTrue(Double.isNaN(sample(1, 1, List.of(), 256, -1).value(Metric.FILE_DESCRIPTORS))),
                () -> assertTrue(Double.isNaN(sample(1, 1, List.of(), 256, 0).value(Metric.FILE_DESCRIPTORS))));
    }

    @Test
    void disksAreCopied() {
        List<DiskUsage> disks = new ArrayList<>(List.of(disk("/var/log", 10)));
        Sample cut = sample(1, 1, disks, 10, 1024);

        disks.add(disk("/backup", 99));

        assertAll(() -> assertEquals(1, cut.disks().size()), () -> assertEquals(10, cut.value(Metric.DISK)));
    }

    @Test
    void unavailableDiskHasNaNAndMinusOne() {
        DiskUsage cut = DiskUsage.unavailable("/mnt/gone");

        assertAll(
                () -> assertEquals("/mnt/gone", cut.path()),
                () -> assertTrue(Double.isNaN(cut.usedPercent())),
                () -> assertEquals(-1, cut.freeBytes()),
                () -> assertEquals(-1, cut.totalBytes()));
    }

    @Test
    void metricsHaveShortLowerCaseLabels() {
        assertAll(
                () -> assertEquals(
                        List.of("cpu", "memory", "disk", "fds", "bot.cpu", "bot.memory", "bot.fds", "bot.threads"),
                        Arrays.stream(Metric.values()).map(Metric::label).toList()),
                () -> assertTrue(Arrays.stream(Metric.values())
                        .filter(m -> m.unit() == Metric.Unit.PERCENT)
                        .allMatch(m -> m.description().contains("percent")
                                && m.description().contains("0 to 100"))),
                () -> assertEquals(
                        List.of(Metric.BOT_THREADS),
                        Arrays.stream(Metric.values())
                                .filter(m -> m.unit() == Metric.Unit.COUNT)
                                .toList()),
                () -> assertTrue(Metric.BOT_THREADS.description().contains("a count")));
    }

    /** Read 3 s before the sample: 2 GiB resident of the host's 8 GiB, 64 of 1024 descriptors. */
    static final ProcessFigures BOT = new ProcessFigures(AT.minusSeconds(3), 4242, 12.5, 2L << 30, 17, 64, 1024);

    @Test
    void botMetricsAreTheBotsFiguresAgainstTheirLimits() {
        Sample cut = withBot(sample(1, 1, List.of(), 10, 1024), BOT);

        assertAll(
                () -> assertEquals(12.5, cut.value(Metric.BOT_CPU)),
                () -> assertEquals(25.0, cut.value(Metric.BOT_MEMORY), "2 GiB of 8 GiB physical memory"),
                () -> assertEquals(6.25, cut.value(Metric.BOT_FILE_DESCRIPTORS), "64 of 1024"),
                () -> assertEquals(17.0, cut.value(Metric.BOT_THREADS), "a count, not a percentage"),
                () -> assertEquals(BOT, cut.bot()),
                () -> assertEquals(1.0, cut.value(Metric.CPU), "the host's figures stay the host's"));
    }

    @Test
    void withoutABotEveryBotMetricIsNaN() {
        Sample cut = sample(1, 1, List.of(), 10, 1024);

        assertAll(
                () -> assertEquals(null, cut.bot()),
                () -> assertTrue(
                        Arrays.stream(Metric.values()).filter(Metric::isBot).allMatch(m -> Double.isNaN(cut.value(m)))),
                () -> assertEquals(
                        4, Arrays.stream(Metric.values()).filter(Metric::isBot).count()));
    }

    @Test
    void botFiguresThatCouldNotBeReadAreNaNEachOnItsOwn() {
        Sample unread =
                withBot(sample(1, 1, List.of(), 10, 1024), new ProcessFigures(AT, 4242, Double.NaN, -1, -1, 64, -1));
        Sample noPhysicalMemory =
                withBot(new Sample(AT, 1, Double.NaN, -1, -1, List.of(), 42, 10, 1024, -1, -1, 0.5, null), BOT);

        assertAll(
                () -> assertTrue(Double.isNaN(unread.value(Metric.BOT_CPU))),
                () -> assertTrue(Double.isNaN(unread.value(Metric.BOT_MEMORY))),
                () -> assertTrue(Double.isNaN(unread.value(Metric.BOT_FILE_DESCRIPTORS)), "no limit known"),
                () -> assertTrue(Double.isNaN(unread.value(Metric.BOT_THREADS))),
                () -> assertTrue(Double.isNaN(noPhysicalMemory.value(Metric.BOT_MEMORY)), "no total to divide by"),
                () -> assertEquals(17.0, noPhysicalMemory.value(Metric.BOT_THREADS)));
    }

    @Test
    void theViewShowsTheBotsFiguresAsTheyWereRead() {
        SampleView with = SampleView.of(withBot(sample(1, 1, List.of(), 10, 1024), BOT));
        SampleView without = SampleView.of(sample(1, 1, List.of(), 10, 1024));

        assertAll(
                () -> assertEquals(
                        new ProcessView("2026-11-28T10:15:27Z", 4242, 12.5, 2L << 30, 17, 64, 1024), with.bot()),
                () -> assertEquals(null, without.bot()));
    }

    /** The same sample with the bot's figures. */
    static Sample withBot(Sample s, ProcessFigures bot) {
        return new Sample(
                s.at(),
                s.cpuPercent(),
                s.memoryPercent(),
                s.memoryUsedBytes(),
                s.memoryTotalBytes(),
                s.disks(),
                s.threads(),
                s.openFileDescriptors(),
                s.maxFileDescriptors(),
                s.heapUsedBytes(),
                s.heapMaxBytes(),
                s.loadAverage(),
                bot);
    }
}
