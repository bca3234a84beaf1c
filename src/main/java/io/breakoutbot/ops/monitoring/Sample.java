package io.breakoutbot.ops.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The resources of the host and of this JVM at one instant, as {@link Sampler} reads them. Only numbers,
 * an {@link Instant} and a list of records, so it maps to JMX open types and JSON as it is.
 *
 * <p>A value that could not be read is {@code NaN} (doubles) or {@code -1} (longs and ints); nothing here
 * throws because a value is missing.
 *
 * @param at                  when it was taken, from the sampler's clock
 * @param cpuPercent          system-wide CPU use over all cores since the previous sample, percent 0 to 100,
 *                            or {@code NaN}
 * @param memoryPercent       physical memory in use, percent 0 to 100, or {@code NaN}
 * @param memoryUsedBytes     physical memory in use (total minus available), bytes, or -1
 * @param memoryTotalBytes    physical memory, bytes, or -1
 * @param disks               one entry per file store holding a watched directory, in the order watched
 * @param threads             live threads of this JVM, or -1
 * @param openFileDescriptors file descriptors this JVM has open, or -1
 * @param maxFileDescriptors  this JVM's limit of open file descriptors ({@code ulimit -n}), or -1
 * @param heapUsedBytes       Java heap in use, bytes, or -1
 * @param heapMaxBytes        Java heap limit ({@code -Xmx}), bytes, or -1 when undefined
 * @param loadAverage         system load average over the last minute (runnable processes, not a
 *                            percentage), or {@code NaN}
 * @param bot                 the bot's process as the bot check last read it; null when no bot is configured
 *                            or running
 */
public record Sample(
        Instant at,
        double cpuPercent,
        double memoryPercent,
        long memoryUsedBytes,
        long memoryTotalBytes,
        List<DiskUsage> disks,
        int threads,
        long openFileDescriptors,
        long maxFileDescriptors,
        long heapUsedBytes,
        long heapMaxBytes,
        double loadAverage,
        ProcessFigures bot) {

    public Sample {
        Objects.requireNonNull(at, "at");
        disks = List.copyOf(disks);
    }

    /**
     * The value compared with thresholds, percent 0 to 100 (a count for {@link Metric#BOT_THREADS}), or
     * {@code NaN} when unavailable. Every {@code bot.} metric is {@code NaN} without a bot.
     * <ul>
     *   <li>{@link Metric#CPU}: {@link #cpuPercent()}</li>
     *   <li>{@link Metric#MEMORY}: {@link #memoryPercent()}</li>
     *   <li>{@link Metric#DISK}: the highest {@link DiskUsage#usedPercent()} among the disks that could be
     *       read; a disk that could not be read does not hide a full one. {@code NaN} when none could.</li>
     *   <li>{@link Metric#FILE_DESCRIPTORS}: open / max × 100, {@code NaN} when either is unknown</li>
     *   <li>{@link Metric#BOT_CPU}: the bot's {@link ProcessFigures#cpuPercent()}</li>
     *   <li>{@link Metric#BOT_MEMORY}: the bot's resident bytes / {@link #memoryTotalBytes()} × 100, at most
     *       100; {@code NaN} when either is unknown</li>
     *   <li>{@link Metric#BOT_FILE_DESCRIPTORS}: the bot's open / max × 100, {@code NaN} when either is
     *       unknown</li>
     *   <li>{@link Metric#BOT_THREADS}: the bot's threads, {@code NaN} when unknown</li>
     * </ul>
     */
    public double value(Metric metric) {
        return switch (metric) {
            case CPU -> cpuPercent;
            case MEMORY -> memoryPercent;
            case DISK ->
                disks.stream()
                        .mapToDouble(DiskUsage::usedPercent)
                        .filter(p -> !Double.isNaN(p))
                        .max()
                        .orElse(Double.NaN);
            case FILE_DESCRIPTORS -> ratio(openFileDescriptors, maxFileDescriptors);
            case BOT_CPU -> bot == null || !(bot.cpuPercent() >= 0) ? Double.NaN : Math.min(100, bot.cpuPercent());
            case BOT_MEMORY -> bot == null ? Double.NaN : Math.min(100, ratio(bot.residentBytes(), memoryTotalBytes));
            case BOT_FILE_DESCRIPTORS ->
                bot == null ? Double.NaN : ratio(bot.openFileDescriptors(), bot.maxFileDescriptors());
            case BOT_THREADS -> bot == null || bot.threads() < 0 ? Double.NaN : bot.threads();
        };
    }

    /** part / whole × 100; {@code NaN} when part is unknown (negative) or whole is unknown or zero. */
    private static double ratio(long part, long whole) {
        return part < 0 || whole <= 0 ? Double.NaN : 100.0 * part / whole;
    }
}
