package io.breakoutbot.ops.monitoring;

import java.util.List;

/**
 * A {@link Sample} as JMX and JSON show it: the time as ISO-8601 text, everything else as measured
 * (NaN or -1 when unavailable); {@code bot} is the bot's process, null (left out of JSON) without a bot.
 */
public record SampleView(
        String at,
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
        ProcessView bot) {

    public static SampleView of(Sample s) {
        return new SampleView(
                s.at().toString(),
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
                ProcessView.of(s.bot()));
    }
}
