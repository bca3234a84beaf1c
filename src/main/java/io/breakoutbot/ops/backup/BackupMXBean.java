package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.jmx.ChangesNothing;
import io.breakoutbot.ops.jmx.Description;
import io.breakoutbot.ops.jobs.ScheduleInfo;
import java.util.List;

/** Backups of the data and log directories, their verification, restores and restore drills. */
@Description("Backups of the Breakout Bot: write, verify, restore, restore drills and backup retention")
public interface BackupMXBean {

    String OBJECT_NAME = "io.breakoutbot.ops:type=Backup";

    @Description("Where bot_backup_*.tar.gz archives and their .sha256 files are written")
    String getBackupDirectory();

    @Description("Files and directories each backup holds, stored under their names")
    String[] getSources();

    @Description("Whether new backups are encrypted with AES-256-GCM (.tar.gz.enc)")
    boolean isEncrypted();

    @Description("Which backups retention keeps: last, daily, weekly, age limit and size cap")
    String getRetentionPolicy();

    @Description("What an archive may demand of a verify, restore or drill: entries, bytes, compression ratio")
    String getRestoreLimits();

    @Description("The last backup written: name, size, files, duration, files that changed while read, verified")
    BackupRecord getLastBackup();

    @Description("The last verification: archive, outcome, first bad entry")
    VerifyResult getLastVerification();

    @Description("The last restore drill: archive, date, outcome, duration")
    DrillResult getLastDrill();

    @Description("Why the last backup or drill failed; empty when both succeeded")
    String getLastFailure();

    @Description("The job running now, empty when none")
    String getRunning();

    @Description("The backup and drill schedules and their next runs")
    List<ScheduleInfo> getSchedules();

    @ChangesNothing
    @Description("The archives in the backup directory, newest first, with verification status")
    BackupListing list();

    @Description("The off-host copies: where, the last upload, the newest verified remote copy and its age, the"
            + " last failure")
    OffHostStatus getOffHost();

    @ChangesNothing
    @Description("This host's remote copies, newest first; checksum: its .sha256 object exists (it is written last)")
    BackupListing listRemote();

    @Description("Downloads a remote copy, refuses it unless it matches its .sha256, and restores it like restore()")
    RestoreResult restoreFromRemote(
            @Description(name = "name", value = "Archive file name, as listRemote() shows it") String name,
            @Description(
                            name = "target",
                            value = "Absolute directory that receives data/, logs/ and .env, e.g. the ops home")
                    String target,
            @Description(name = "dryRun", value = "true checks everything and reports, writing nothing")
                    boolean dryRun);

    @Description("Downloads the newest remote copy, restores it into scratch, verifies every checksum, deletes it")
    DrillResult drillRemote();

    @Description("Writes a backup now, verifies it, then applies the backup retention rules")
    BackupRecord backupNow();

    @Description("Re-reads an archive and checks it against its .sha256 and every entry against its manifest")
    VerifyResult verify(
            @Description(name = "name", value = "Archive file name, e.g. bot_backup_20261129_040000.tar.gz")
                    String name);

    @Description("Restores an archive into a directory through a verified staging copy; dryRun checks without writing")
    RestoreResult restore(
            @Description(name = "name", value = "Archive file name, as list() shows it") String name,
            @Description(
                            name = "target",
                            value = "Absolute directory that receives data/, logs/ and .env, e.g. the ops home")
                    String target,
            @Description(name = "dryRun", value = "true checks everything and reports, writing nothing")
                    boolean dryRun);

    @Description("Restores the newest backup into scratch, verifies every checksum and deletes the scratch")
    DrillResult drillNow();

    @Description("Deletes the backups the retention rules select; never the newest verified one")
    RetentionResult applyRetention();
}
