package io.breakoutbot.ops.monitoring;

/**
 * {@link ProcessFigures} as JMX and JSON show them: the time as ISO-8601 text, everything else as read (NaN
 * or -1 when unavailable).
 *
 * @param at                  when the bot check read them
 * @param pid                 the bot's process id
 * @param cpuPercent          percent of all cores, 0 to 100
 * @param residentBytes       resident memory, bytes
 * @param threads             the process's threads
 * @param openFileDescriptors open file descriptors
 * @param maxFileDescriptors  their soft limit
 */
public record ProcessView(
        String at,
        long pid,
        double cpuPercent,
        long residentBytes,
        int threads,
        long openFileDescriptors,
        long maxFileDescriptors) {

    /** @return null for null, as {@link SampleView} shows a sample without a bot */
    public static ProcessView of(ProcessFigures f) {
        return f == null
                ? null
                : new ProcessView(
                        f.at().toString(),
                        f.pid(),
                        f.cpuPercent(),
                        f.residentBytes(),
                        f.threads(),
                        f.openFileDescriptors(),
                        f.maxFileDescriptors());
    }
}
