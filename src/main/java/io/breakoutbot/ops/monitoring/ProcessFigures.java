package io.breakoutbot.ops.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of the bot's process. A value that could not be read is {@code NaN} (doubles) or {@code -1}
 * (longs and ints), as in {@link Sample}.
 *
 * @param at                  when the bot check read it
 * @param pid                 the process id
 * @param cpuPercent          the process's CPU use since the check's previous reading, percent of all cores,
 *                            0 to 100 (a single-threaded process saturating one of four cores reads 25), or NaN
 * @param residentBytes       resident memory (RSS), bytes, or -1
 * @param threads             the process's threads, or -1
 * @param openFileDescriptors file descriptors the process has open, or -1
 * @param maxFileDescriptors  the process's soft limit of open file descriptors, or -1
 */
public record ProcessFigures(
        Instant at,
        long pid,
        double cpuPercent,
        long residentBytes,
        int threads,
        long openFileDescriptors,
        long maxFileDescriptors) {

    public ProcessFigures {
        Objects.requireNonNull(at, "at");
    }
}
