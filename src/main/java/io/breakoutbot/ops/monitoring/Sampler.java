package io.breakoutbot.ops.monitoring;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * Reads one {@link Sample} of the host and this JVM, cheaply and without ever sleeping, so a timer can call
 * {@link #sample()} every few seconds.
 *
 * <p>Where each value comes from, and why it is cheap:
 * <ul>
 *   <li>CPU: OSHI's system-wide tick counters. The sampler keeps the ticks of the previous reading and
 *       computes the load between the two, so no call waits for a measuring interval. The constructor takes
 *       the first reading, so the first {@code sample()} already has a value if it comes more than 300 ms
 *       later (OSHI memoizes ticks for 300 ms). When the ticks have not moved since the previous reading
 *       (two calls within OSHI's 300 ms, or within one kernel tick), the previous value is repeated and the
 *       older ticks are kept, so the next value covers the whole time since they were read. It is never
 *       OSHI's load since boot, which averages days and hides what happens now; until two different
 *       readings exist, the value is {@code NaN}.</li>
 *   <li>Memory: OSHI's {@code GlobalMemory}, used = total - available (so the page cache counts as free,
 *       as in {@code free}'s "available" column).</li>
 *   <li>Disks: {@link Files#getFileStore(Path)} of each watched directory, far cheaper than
 *       OSHI's walk over every mount. Directories on the same file store give one entry, named after the
 *       first of them. A directory that is missing or unreadable gives {@link DiskUsage#unavailable}.</li>
 *   <li>Threads, heap, open file descriptors and their limit, load average: the JVM's platform MXBeans;
 *       file descriptors need {@link UnixOperatingSystemMXBean} and are -1 elsewhere.</li>
 *   <li>The bot's process: the {@link WatchedProcess}'s latest figures as they are, since the bot check
 *       reads them on its own schedule; none when it has none.</li>
 * </ul>
 *
 * <p>A value that cannot be read becomes {@code NaN} or -1; {@code sample()} does not throw for it. Each
 * kind of failure (which value, which exception class) is logged once at WARN for the life of the sampler,
 * and at DEBUG afterwards, so a broken sensor does not write a line every interval.
 *
 * <p>Create one per application and keep it: the constructor is slow (OSHI discovers the hardware),
 * later samples are cheap. {@code sample()} is synchronized, so callers on several threads
 * each get a consistent CPU window.
 */
public class Sampler {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final List<Path> directories;
    private final Clock clock;
    private final SystemInfo system;
    private final WatchedProcess bot;
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** Ticks of the last reading that moved; null until one succeeded. */
    private long[] previousTicks;

    private double lastCpuPercent = Double.NaN;

    /**
     * @param directories the directories whose disks are watched, such as {@code $OPS_HOME} and the
     *                    configured log and backup directories; they need not exist yet
     * @param clock       gives {@link Sample#at()}
     */
    public Sampler(List<Path> directories, Clock clock) {
        this(directories, clock, WatchedProcess.NONE);
    }

    /**
     * @param directories as above
     * @param clock       as above
     * @param bot         gives the bot's latest figures, carried by each sample as {@link Sample#bot()}
     */
    public Sampler(List<Path> directories, Clock clock, WatchedProcess bot) {
        this(directories, clock, new SystemInfo(), bot);
    }

    /** With a given {@link SystemInfo}, so tests can make OSHI fail. */
    Sampler(List<Path> directories, Clock clock, SystemInfo system) {
        this(directories, clock, system, WatchedProcess.NONE);
    }

    Sampler(List<Path> directories, Clock clock, SystemInfo system, WatchedProcess bot) {
        this.directories = List.copyOf(directories);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.system = Objects.requireNonNull(system, "system");
        this.bot = Objects.requireNonNull(bot, "bot");
        synchronized (this) {
            cpuPercent(); // the first reading: pays OSHI's discovery now, and starts the first CPU window
        }
    }

    /** Reads every value now; never sleeps, never throws because a value is unavailable. */
    public synchronized Sample sample() {
        Instant at = clock.instant();
        double cpu = cpuPercent();
        long[] memory = memory();
        double memoryPercent = memory[1] > 0 ? clamp(100.0 * memory[0] / memory[1]) : Double.NaN;
        List<DiskUsage> disks = disks();
        int threads = (int) readLong(
                "thread count", () -> ManagementFactory.getThreadMXBean().getThreadCount());
        long openFds = -1;
        long maxFds = -1;
        if (os instanceof UnixOperatingSystemMXBean unix) {
            openFds = readLong("open file descriptors", unix::getOpenFileDescriptorCount);
            maxFds = readLong("file descriptor limit", unix::getMaxFileDescriptorCount);
        }
        long[] heap = heap();
        double load = readDouble("load average", os::getSystemLoadAverage);
        return new Sample(
                at,
                cpu,
                memoryPercent,
                memory[0],
                memory[1],
                disks,
                threads,
                openFds,
                maxFds,
                heap[0],
                heap[1],
                load < 0 ? Double.NaN : load,
                botFigures());
    }

    /** The bot's latest figures, null when there are none or the bot check's answer fails. */
    private ProcessFigures botFigures() {
        try {
            return bot.figures().orElse(null);
        } catch (RuntimeException e) {
            unavailable("the bot's process figures", e);
            return null;
        }
    }

    private double cpuPercent() {
        long[] ticks;
        CentralProcessor processor;
        try {
            processor = system.getHardware().getProcessor();
            ticks = processor.getSystemCpuLoadTicks().clone();
        } catch (RuntimeException e) {
            unavailable("CPU load", e);
            return Double.NaN; // keep the old ticks: the next good reading measures from them
        }
        if (previousTicks == null) {
            previousTicks = ticks;
            return lastCpuPercent;
        }
        if (Arrays.equals(ticks, previousTicks)) {
            return lastCpuPercent;
        }
        try {
            double load = processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks);
            lastCpuPercent = Double.isFinite(load) ? clamp(100 * load) : Double.NaN;
        } catch (RuntimeException e) {
            unavailable("CPU load", e);
            lastCpuPercent = Double.NaN;
        }
        previousTicks = ticks;
        return lastCpuPercent;
    }

    /** @return {used, total} bytes, -1 each when unavailable */
    private long[] memory() {
        try {
            GlobalMemory memory = system.getHardware().getMemory();
            long total = memory.getTotal();
            long available = memory.getAvailable();
            if (total > 0 && available >= 0 && available <= total) {
                return new long[] {total - available, total};
            }
            unavailable(
                    "physical memory",
                    new IllegalStateException("OSHI reports " + available + " bytes available of " + total));
        } catch (RuntimeException e) {
            unavailable("physical memory", e);
        }
        return new long[] {-1, -1};
    }

    private List<DiskUsage> disks() {
        List<DiskUsage> disks = new ArrayList<>(directories.size());
        Set<FileStore> seen = new HashSet<>();
        for (Path directory : directories) {
            try {
                FileStore store = Files.getFileStore(directory);
                if (!seen.add(store)) {
                    continue;
                }
                long total = store.getTotalSpace();
                long usable = store.getUsableSpace();
                disks.add(new DiskUsage(
                        directory.toString(), usedPercent(total, store.getUnallocatedSpace(), usable), usable, total));
            } catch (IOException | RuntimeException e) {
                unavailable("disk usage of " + directory, e);
                disks.add(DiskUsage.unavailable(directory.toString()));
            }
        }
        return disks;
    }

    /** @return {used, max} bytes of the Java heap; max is -1 when the heap has no defined limit */
    private long[] heap() {
        try {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new long[] {heap.getUsed(), heap.getMax()};
        } catch (RuntimeException e) {
            unavailable("heap usage", e);
            return new long[] {-1, -1};
        }
    }

    private long readLong(String what, LongSupplier reader) {
        try {
            return reader.getAsLong();
        } catch (RuntimeException e) {
            unavailable(what, e);
            return -1;
        }
    }

    private double readDouble(String what, DoubleSupplier reader) {
        try {
            return reader.getAsDouble();
        } catch (RuntimeException e) {
            unavailable(what, e);
            return Double.NaN;
        }
    }

    private void unavailable(String what, Exception e) {
        if (reported.add(what + ": " + e.getClass().getName())) {
            if (e instanceof IOException) {
                // A missing or unreadable directory: the exception names the path, a stack trace adds nothing.
                LOG.warn(
                        "Cannot read {}, reported as unavailable (NaN / -1) while it fails; logged once: {}",
                        what,
                        e.toString());
            } else {
                LOG.warn("Cannot read {}, reported as unavailable (NaN / -1) while it fails; logged once", what, e);
            }
        } else {
            LOG.debug("Cannot read {}: {}", what, e.toString());
        }
    }

    /**
     * Used space as {@code df} computes Use%: used / (used + available to us), percent 0 to 100, so 100 means
     * nothing more can be written; NaN for an empty file store. Arguments in bytes, as {@link FileStore} gives them.
     */
    static double usedPercent(long total, long unallocated, long usable) {
        long used = total - unallocated;
        return used + usable > 0 ? clamp(100.0 * used / (used + usable)) : Double.NaN;
    }

    private static double clamp(double percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
