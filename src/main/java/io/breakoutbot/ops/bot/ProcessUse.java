package io.breakoutbot.ops.bot;

/**
 * The bot process's use of the machine, as OSHI reads it from the OS.
 *
 * @param cpuPercent    CPU used since the previous check, percent of the whole machine 0 to 100; NaN unknown
 * @param residentBytes resident memory, bytes; -1 unknown
 * @param threads       threads of the process; -1 unknown
 * @param openFiles     open file descriptors; -1 unknown (another user's process, without the right to read them)
 * @param maxOpenFiles  its soft limit of open file descriptors; -1 unknown
 */
record ProcessUse(double cpuPercent, long residentBytes, int threads, long openFiles, long maxOpenFiles) {

    static final ProcessUse UNKNOWN = new ProcessUse(Double.NaN, -1, -1, -1, -1);
}
