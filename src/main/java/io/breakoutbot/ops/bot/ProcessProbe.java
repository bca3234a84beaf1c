package io.breakoutbot.ops.bot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Looks up the process a {@link PidSource} names, with OSHI. A process whose start time (in clock ticks, from
 * {@code /proc/PID/stat}) differs from the one the pid file gives, or, without one, that started after the pid
 * file was written, is another program reusing a dead bot's pid: it is reported as not the bot.
 */
final class ProcessProbe {

    private final OperatingSystem os;
    private final int processors;
    /** The previous reading of the same process, for the CPU used between two checks. */
    private OSProcess previous;

    ProcessProbe(SystemInfo system) {
        this.os = system.getOperatingSystem();
        this.processors = Math.max(1, system.getHardware().getProcessor().getLogicalProcessorCount());
    }

    ProcessReading read(PidSource source) {
        PidSource.PidClaim claim = source.read();
        if (claim.pid() <= 0) {
            previous = null;
            return ProcessReading.dead(claim.reason());
        }
        int pid = (int) claim.pid();
        OSProcess process = os.getProcess(pid);
        if (process == null || process.getState() == OSProcess.State.INVALID) {
            previous = null;
            return ProcessReading.dead("pid " + pid + " from the " + source.describe() + " is not running");
        }
        if (claim.startTicks() > 0) {
            long ticks = startTicks(pid);
            if (ticks != claim.startTicks()) {
                previous = null;
                return ProcessReading.dead("pid " + pid + " from the " + source.describe() + " is another program ("
                        + process.getName() + ", started at " + (ticks < 0 ? "an unknown time" : ticks + " ticks")
                        + " after boot, not " + claim.startTicks() + "): the bot is not running");
            }
        } else if (claim.startedNoLaterThan() != null && process.getStartTime() > 0) {
            Instant started = Instant.ofEpochMilli(process.getStartTime());
            if (started.isAfter(claim.startedNoLaterThan())) {
                previous = null;
                return ProcessReading.dead("pid " + pid + " from the " + source.describe() + " is another program ("
                        + process.getName() + ", started " + started + ", after the pid file was written): the bot"
                        + " is not running");
            }
        }
        if (process.getState() == OSProcess.State.ZOMBIE) {
            previous = null;
            return ProcessReading.dead("pid " + pid + " has exited and waits for its parent (a zombie)");
        }
        ProcessUse figures = figures(process);
        previous = process;
        if (process.getState() == OSProcess.State.STOPPED) {
            return new ProcessReading(
                    pid,
                    true,
                    false,
                    "pid " + pid + " is stopped (SIGSTOP or a debugger): alive but not answering",
                    figures);
        }
        return new ProcessReading(pid, true, true, "", figures);
    }

    /**
     * Field 22 of {@code /proc/PID/stat}: the start time in clock ticks after boot; -1 when it cannot be read
     * (the process is gone, or no Linux {@code /proc}).
     */
    static long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // The command name, in parentheses, may hold spaces and parentheses: fields go on after the last one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            return fields.length > 19 ? Long.parseLong(fields[19]) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private ProcessUse figures(OSProcess process) {
        OSProcess prior = previous != null
                        && previous.getProcessID() == process.getProcessID()
                        && previous.getStartTime() == process.getStartTime()
                ? previous
                : null;
        double cpu =
                prior == null ? process.getProcessCpuLoadCumulative() : process.getProcessCpuLoadBetweenTicks(prior);
        // OSHI's figure is a fraction of one CPU; the machine's percent matches the service's own CPU metric.
        double percent = Double.isFinite(cpu) ? Math.min(100, Math.max(0, cpu * 100 / processors)) : Double.NaN;
        long open = process.getOpenFiles();
        long limit = process.getSoftOpenFileLimit();
        return new ProcessUse(
                percent,
                process.getResidentMemory(),
                process.getThreadCount(),
                open < 0 ? -1 : open,
                limit <= 0 ? -1 : limit);
    }
}
