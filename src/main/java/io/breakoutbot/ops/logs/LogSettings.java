package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;

/**
 * How the service writes its own logs.
 *
 * @param directory       the log directory ({@code ops.logs.dir}): where api.log, metrics.log, errors.log,
 *                        general.log and audit.log live, beside the bot's logs
 * @param level           lowest level written
 * @param maxFileSize     bytes at which a file is rotated, greater than zero
 * @param backups         rotated files kept per log file, 1 to 1000
 * @param compress        whether rotated files are gzipped
 * @param queueSize       events buffered between logging threads and the writer thread
 * @param discardWhenBusy whether TRACE to INFO events are dropped while the queue is over 80% full
 * @param auditDays       rotated audit.log files modified in this many days are kept whatever {@code backups}
 *                        says, 1 to 3650
 */
public record LogSettings(
        Path directory,
        Level level,
        long maxFileSize,
        int backups,
        boolean compress,
        int queueSize,
        boolean discardWhenBusy,
        int auditDays) {}
