package io.breakoutbot.ops.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/** Real samples of this machine: every value in its range, or unavailable, and never an exception. */
class SamplerTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger samplerLog = (Logger) LoggerFactory.getLogger(Sampler.class);

    @BeforeEach
    void captureLog() {
        log.start();
        samplerLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        samplerLog.detachAppender(log);
    }

    static void assertPercentOrNaN(double value, String what) {
        assertTrue(Double.isNaN(value) || (value >= 0 && value <= 100), () -> what + " = " + value);
    }

    List<String> warnings() {
        return log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void sampleOfThisMachineIsInRange() {
        Sampler cut = new Sampler(List.of(dir), CLOCK);

        Sample s = cut.sample();

        assertAll(
                () -> assertEquals(NOW, s.at()),
                () -> assertPercentOrNaN(s.cpuPercent(), "cpu"),
                () -> assertTrue(s.memoryTotalBytes() > 0, "memory total"),
                () -> assertTrue(s.memoryUsedBytes() > 0 && s.memoryUsedBytes() <= s.memoryTotalBytes(), "memory used"),
                () -> assertEquals(100.0 * s.memoryUsedBytes() / s.memoryTotalBytes(), s.memoryPercent(), 1e-9),
                () -> assertTrue(
                        s.threads() >= ManagementFactory.getThreadMXBean().getDaemonThreadCount(), "threads"),
                () -> assertTrue(s.openFileDescriptors() > 0, "open fds"),
                () -> assertTrue(s.maxFileDescriptors() >= s.openFileDescriptors(), "fd limit"),
                () -> assertTrue(s.heapUsedBytes() > 0, "heap used"),
                () -> assertTrue(s.heapMaxBytes() == -1 || s.heapMaxBytes() >= s.heapUsedBytes(), "heap max"),
                () -> assertTrue(Double.isNaN(s.loadAverage()) || s.loadAverage() >= 0, "load average"),
                () -> {
                    for (Metric m : Metric.values()) {
                        assertPercentOrNaN(s.value(m), m.label());
                    }
                },
                () -> assertEquals(List.of(), warnings()));
    }

    @Test
    void diskOfATemporaryDirectoryIsItsFileStore() throws IOException {
        Sampler cut = new Sampler(List.of(dir), CLOCK);

        List<DiskUsage> disks = cut.sample().disks();

        var store = Files.getFileStore(dir);
        DiskUsage disk = disks.get(0);
        assertAll(
                () -> assertEquals(1, disks.size()),
                () -> assertEquals(dir.toString(), disk.path()),
                () -> assertEquals(store.getTotalSpace(), disk.totalBytes()),
                () -> assertTrue(disk.freeBytes() >= 0 && disk.freeBytes() <= disk.totalBytes(), "free"),
                () -> assertTrue(disk.usedPercent() >= 0 && disk.usedPercent() <= 100, "used %"),
                () -> assertEquals(disk.usedPercent(), cut.sample().value(Metric.DISK), 1.0));
    }

    @Test
    void directoriesOnTheSameDiskGiveOneEntry() throws IOException {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path backups = Files.createDirectory(dir.resolve("backups"));
        Sampler cut = new Sampler(List.of(logs, dir, backups), CLOCK);

        List<DiskUsage> disks = cut.sample().disks();

        assertEquals(
                List.of(logs.toString()), disks.stream().map(DiskUsage::path).toList());
    }

    @Test
    void missingDirectoryGivesAnUnavailableDiskAndOneWarning() {
        Path missing = dir.resolve("not-created-yet");
        Sampler cut = new Sampler(List.of(missing, dir), CLOCK);

        Sample first = cut.sample();
        Sample second = cut.sample();

        DiskUsage gone = first.disks().get(0);
        assertAll(
                () -> assertEquals(2, first.disks().size()),
                () -> assertEquals(missing.toString(), gone.path()),
                () -> assertTrue(Double.isNaN(gone.usedPercent())),
                () -> assertEquals(-1, gone.freeBytes()),
                () -> assertEquals(-1, gone.totalBytes()),
                () -> assertTrue(first.disks().get(1).totalBytes() > 0, "the other directory is still read"),
                () -> assertEquals(first.disks().get(1).usedPercent(), first.value(Metric.DISK)),
                () -> assertEquals(2, second.disks().size()),
                () -> assertEquals(1, warnings().size(), () -> "warnings " + warnings()),
                () -> assertTrue(
                        warnings().get(0).contains(missing.toString()),
                        () -> warnings().get(0)));
    }

    @Test
    void noDirectoriesGiveNoDisks() {
        Sample s = new Sampler(List.of(), CLOCK).sample();

        assertAll(() -> assertEquals(List.of(), s.disks()), () -> assertTrue(Double.isNaN(s.value(Metric.DISK))));
    }

    /** No sleeping sample: the value comes from the ticks of the previous call, once they have moved. */
    @Test
    void consecutiveSamplesGiveCpuLoad() {
        Sampler cut = new Sampler(List.of(dir), CLOCK);
        cut.sample();

        AtomicReference<Sample> next = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    next.set(cut.sample());
                    return !Double.isNaN(next.get().cpuPercent());
                });

        double cpu = next.get().value(Metric.CPU);
        assertTrue(cpu >= 0 && cpu <= 100, () -> "cpu " + cpu);
    }

    @Test
    void samplesCloserThanOshisCacheRepeatTheLastCpuValue() {
        Sampler cut = new Sampler(List.of(), CLOCK);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !Double.isNaN(cut.sample().cpuPercent()));

        // Back to back, well within OSHI's 300 ms memo, the ticks have not moved: OSHI's between-ticks load
        // would be 0 % and a fresh window would be NaN; the sampler repeats its last value instead.
        for (int i = 0; i < 20; i++) {
            double cpu = cut.sample().cpuPercent();
            assertTrue(cpu >= 0 && cpu <= 100, () -> "cpu " + cpu);
        }
    }

    @Test
    void oshiFailureMakesCpuAndMemoryUnavailableAndIsLoggedOnce() {
        SystemInfo broken = new SystemInfo() {
            @Override
            public HardwareAbstractionLayer getHardware() {
                throw new UnsupportedOperationException("no /proc here");
            }
        };
        Sampler cut = new Sampler(List.of(dir), CLOCK, broken);

        Sample s = cut.sample();
        cut.sample();
        cut.sample();

        assertAll(
                () -> assertTrue(Double.isNaN(s.cpuPercent())),
                () -> assertTrue(Double.isNaN(s.memoryPercent())),
                () -> assertEquals(-1, s.memoryUsedBytes()),
                () -> assertEquals(-1, s.memoryTotalBytes()),
                () -> assertTrue(Double.isNaN(s.value(Metric.CPU))),
                () -> assertTrue(Double.isNaN(s.value(Metric.MEMORY))),
                () -> assertTrue(s.value(Metric.DISK) >= 0, "the JDK's values are still read"),
                () -> assertTrue(s.threads() > 0),
                () -> assertEquals(
                        List.of(
                                "Cannot read CPU load, reported as unavailable (NaN / -1) while it fails; logged once",
                                "Cannot read physical memory, reported as unavailable (NaN / -1) while it fails; logged once"),
                        warnings()));
    }

    @Test
    void eachSampleCarriesTheBotsLatestFigures() {
        AtomicReference<Optional<ProcessFigures>> latest = new AtomicReference<>(Optional.empty());
        Sampler cut = new Sampler(List.of(dir), CLOCK, latest::get);
        ProcessFigures figures = new ProcessFigures(NOW.minusSeconds(4), 4242, 3.5, 50L << 20, 9, 12, 1024);

        Sample without = cut.sample();
        latest.set(Optional.of(figures));
        Sample with = cut.sample();

        assertAll(
                () -> assertEquals(null, without.bot()),
                () -> assertTrue(Double.isNaN(without.value(Metric.BOT_THREADS))),
                () -> assertEquals(figures, with.bot()),
                () -> assertEquals(9.0, with.value(Metric.BOT_THREADS)),
                () -> assertEquals(3.5, with.value(Metric.BOT_CPU)));
    }

    @Test
    void aFailingBotCheckLeavesTheBotOutAndIsLoggedOnce() {
        Sampler cut = new Sampler(List.of(dir), CLOCK, () -> {
            throw new IllegalStateException("the bot check is gone");
        });

        Sample first = cut.sample();
        Sample second = cut.sample();

        assertAll(
                () -> assertEquals(null, first.bot()),
                () -> assertEquals(null, second.bot()),
                () -> assertEquals(
                        1,
                        warnings().stream()
                                .filter(w -> w.contains("the bot's process figures"))
                                .count(),
                        warnings()::toString));
    }
}
