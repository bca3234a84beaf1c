package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.jmx.ChangesNothing;
import io.breakoutbot.ops.jmx.Description;
import io.breakoutbot.ops.jmx.Units;
import io.breakoutbot.ops.jobs.RunRecord;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import java.util.List;

/** Log rotation, retention, archives and statistics, for JConsole, VisualVM and {@code jmx/opsctl}. */
@Description("Log lifecycle of the Breakout Bot: rotation, retention, archives and statistics")
public interface MaintenanceMXBean {

    String OBJECT_NAME = "io.breakoutbot.ops:type=Maintenance";

    @Description("The log directory all operations work on")
    String getLogDirectory();

    @Description("Rotated files kept per log (count rule), 1 to 1000; a change lasts until restart")
    @Units(Units.COUNT)
    int getBackups();

    void setBackups(int backups);

    @Description("Rotated files older than this many days are deleted (age rule), 1 to 3650")
    @Units(Units.DAYS)
    int getMaxAgeDays();

    void setMaxAgeDays(int days);

    @Description("Size cap of the log directory, like 50MB; rotated files go, lowest priority and oldest first")
    String getMaxTotalSize();

    void setMaxTotalSize(String size);

    @Description("Order in which logs give up rotated files to the size cap; * stands for any log not named")
    String[] getDeleteFirst();

    void setDeleteFirst(String[] order);

    @Description("Rotation rules for other processes' logs: glob, size, method")
    String[] getRotationRules();

    @Description("Statistics of the log directory, as the stats operation returns them; readable by read-only users")
    LogStats getStats();

    @Description("Each job's schedule and next run")
    List<ScheduleInfo> getSchedules();

    @Description("Each job's last run: who, when, how long, outcome and summary")
    List<RunRecord> getLastRuns();

    @Description("Deletes what the three retention rules select, with the age rule set to the given days")
    SweepResult cleanup(
            @Description(name = "days", value = "Delete rotated files older than this, 1 to 3650") int days);

    @ChangesNothing
    @Description("Lists what cleanup(days) would delete and why; deletes nothing")
    SweepResult cleanupPreview(@Description(name = "days", value = "Age limit in days, 1 to 3650") int days);

    @ChangesNothing
    @Description(
            "Size and file count of the log directory, per log, oldest and newest file, bytes freed by the last cleanup")
    LogStats stats();

    @Description("Rotates every non-empty log now, whatever its size, then compresses what is due; failures"
            + " lists every file that could not be rotated or compressed")
    RotationResult rotateNow();

    @Description("Rotates that log only, now, by its file name in the log directory (one of our four too);"
            + " fails with the reason when it cannot be rotated")
    RotationResult rotate(@Description(name = "log", value = "File name of the log, e.g. bot.log") String log);

    @Description("Writes logs_archive_YYYYmmdd_HHMMSS.tar.gz of the log directory into the archive directory")
    ArchiveResult archiveLogs();

    @Description("Re-reads the logging settings and reopens the log files (opsctl --setup)")
    String setup();
}
